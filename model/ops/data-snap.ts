import { own } from '../cow.ts';
import { fail, type HandlerTable } from '../framework.ts';
import { contHandle, contOfHandle, isHalted, ownContainer } from '../resolve.ts';
import { CONT_CAP } from '../state.ts';
import { EVERY_UNIT } from '../tx.ts';
import { commitWrite } from './data-common.ts';

/**
 * Snapshots (section 16) and rollback (SNAP-7). Snapshot create, list and destroy ignore halt and
 * health (SNAP-8); rollback checks both (steps 3 and 5).
 */

type SnapKinds = 'snap.create' | 'snap.list' | 'snap.destroy' | 'cont.rollback';

export const snapHandlers: Pick<HandlerTable, SnapKinds> = {
  'snap.create': (draft, op, ctx) => {
    if (op.name !== undefined) return fail(ctx, 'NOSYS', 'SNAP-1'); // step 1: named snapshots are unsupported
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    if ((handle.caps & CONT_CAP.WRITE_DATA) === 0) return fail(ctx, 'NO_PERM', 'SNAP-1');
    const cont = ownContainer(draft, contOfHandle(draft, handle).cont);
    // SNAP-1, SNAP-2: the token takes the next epoch, so it captures every write committed before it.
    cont.epoch += 1;
    const token = cont.epoch;
    const snapshots = own(cont, 'snapshots');
    snapshots.push(token);
    ctx.cite('SNAP-1', 'SNAP-2', 'SNAP-8');
    const max = cont.props['max_snapshot'] ?? 0;
    if (typeof max !== 'number') throw new Error(`model invariant: max_snapshot ${String(max)}`);
    if (max > 0 && snapshots.length > max) {
      snapshots.shift(); // SNAP-5: the oldest live snapshot goes, as part of this create
      ctx.cite('SNAP-5');
    }
    return { ok: true, value: token };
  },

  'snap.list': (draft, op, ctx) => {
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    if ((handle.caps & CONT_CAP.READ_DATA) === 0) return fail(ctx, 'NO_PERM', 'SNAP-3');
    ctx.cite('SNAP-3', 'SNAP-8');
    return { ok: true, value: [...contOfHandle(draft, handle).cont.snapshots] };
  },

  'snap.destroy': (draft, op, ctx) => {
    if (op.token === 0) return fail(ctx, 'INVAL', 'SNAP-4');
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    if ((handle.caps & CONT_CAP.WRITE_DATA) === 0) return fail(ctx, 'NO_PERM', 'SNAP-4');
    const { cont } = contOfHandle(draft, handle);
    const index = cont.snapshots.indexOf(op.token);
    if (index < 0) return fail(ctx, 'NONEXIST', 'SNAP-4');
    own(ownContainer(draft, cont), 'snapshots').splice(index, 1);
    ctx.cite('SNAP-4', 'SNAP-8');
    return { ok: true, value: null };
  },

  'cont.rollback': (draft, op, ctx) => {
    // (choice: token 0 is simply not live, NONEXIST; SNAP-7 names no INVAL case.)
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    const { pool, cont } = contOfHandle(draft, handle);
    if (isHalted(pool)) return fail(ctx, 'TIMEDOUT', 'HALT-4', 'SNAP-7');
    if ((handle.caps & CONT_CAP.WRITE_DATA) === 0) return fail(ctx, 'NO_PERM', 'SNAP-7');
    if (cont.status === 'UNCLEAN') return fail(ctx, 'RF', 'RF-4', 'SNAP-7');
    if (!cont.snapshots.includes(op.token)) return fail(ctx, 'NONEXIST', 'SNAP-7');
    // SNAP-7: one new write that makes every object's view the snapshot's; TX-7: it writes every unit.
    commitWrite(draft, cont, [{ op: 'rollback', token: op.token }], [EVERY_UNIT]);
    ctx.cite('SNAP-7');
    return { ok: true, value: null };
  },
};
