import { own } from '../cow.ts';
import { fail, type Allowed, type HandlerTable, type StepContext } from '../framework.ts';
import { contHandle, contOfHandle, isHalted, issueHandle, ownTx, txHandle } from '../resolve.ts';
import { akeyPath } from '../data.ts';
import type { ContainerState, TxState } from '../state.ts';
import { hasConflict, txStep, type TxEventType } from '../tx.ts';
import { commitWrite, txIsReadOnly } from './data-common.ts';

/** Transactions (section 17): open, snapshot open, commit (TX-6, TX-7), abort, restart, close. */

type TxKinds = 'tx.open' | 'tx.openSnapshot' | 'tx.commit' | 'tx.abort' | 'tx.restart' | 'tx.close';

function newTx(coh: number, readOnly: boolean, snapshotToken: number | null): TxState {
  return { coh, state: 'OPEN', readOnly, snapshotToken, startEpoch: null, buffer: [], readUnits: [], writeUnits: [] };
}

/** KV-3: does a buffered array or single write meet an akey whose committed kind is the other one? */
function bufferedKindClash(cont: ContainerState, tx: TxState): boolean {
  return tx.buffer.some((e) => {
    if (e.op !== 'single' && e.op !== 'extent' && e.op !== 'punchExtent') return false;
    const committed = cont.kinds[akeyPath(e.oid, e.dkey, e.akey)];
    return committed !== undefined && committed !== (e.op === 'single' ? 'single' : 'array');
  });
}

/** Step 2b for tx ops: TX-5's verdict; on `allowed` the lifecycle moves to the table's next state. */
function lifecycle(tx: TxState, event: TxEventType, ctx: StepContext): Allowed | undefined {
  const { verdict, next } = txStep(tx.state, txIsReadOnly(tx), event);
  if (verdict === 'NO_PERM' || verdict === 'ALREADY') return fail(ctx, verdict, 'TX-5');
  tx.state = next;
  ctx.cite('TX-5');
  return undefined;
}

export const txHandlers: Pick<HandlerTable, TxKinds> = {
  'tx.open': (draft, op, ctx) => {
    if (op.readOnly !== undefined && typeof op.readOnly !== 'boolean') return fail(ctx, 'INVAL', 'TX-1');
    if (!contHandle(draft, op.coh)) return fail(ctx, 'NO_HDL', 'ERR-7');
    const th = issueHandle(draft);
    own(draft, 'txs')[th] = newTx(op.coh, op.readOnly === true, null);
    ctx.cite('TX-1');
    return { ok: true, value: th };
  },

  'tx.openSnapshot': (draft, op, ctx) => {
    if (op.token === 0) return fail(ctx, 'INVAL', 'TX-1');
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    if (!contOfHandle(draft, handle).cont.snapshots.includes(op.token)) return fail(ctx, 'NONEXIST', 'TX-1', 'SNAP-6');
    const th = issueHandle(draft);
    own(draft, 'txs')[th] = newTx(op.coh, true, op.token);
    ctx.cite('TX-1', 'SNAP-6');
    return { ok: true, value: th };
  },

  'tx.commit': (draft, op, ctx) => {
    if (!txHandle(draft, op.th)) return fail(ctx, 'NO_HDL', 'ERR-7');
    const tx = ownTx(draft, op.th);
    const handle = contHandle(draft, tx.coh);
    if (!handle) throw new Error(`model invariant: transaction ${op.th} outlived its container handle (CONT-3)`);
    const refused = lifecycle(tx, 'commit', ctx);
    if (refused) return refused;
    if (tx.buffer.length === 0) {
      // TX-6: no buffered writes: COMMITTED at once, no validation, halt or health check. TX-9.
      tx.state = txStep(tx.state, txIsReadOnly(tx), 'validated').next;
      ctx.cite('TX-6', 'TX-9');
      return { ok: true, value: null };
    }
    const { pool, cont } = contOfHandle(draft, handle);
    if (isHalted(pool)) return fail(ctx, 'TIMEDOUT', 'HALT-4', 'TX-6'); // stays OPEN (ERR-2)
    if (cont.status === 'UNCLEAN') return fail(ctx, 'RF', 'RF-4', 'TX-6');
    // TX-4 (rev. 2): a transaction that never read takes its start point now, so it cannot conflict.
    const start = tx.startEpoch ?? cont.epoch;
    if (tx.startEpoch === null) ctx.cite('TX-4');
    if (hasConflict([...tx.readUnits, ...tx.writeUnits], start, cont.writes)) {
      // TX-6, TX-7: FAILED, nothing applied; ERR-2's one exception keeps the lifecycle change.
      tx.state = txStep(tx.state, txIsReadOnly(tx), 'conflicted').next;
      ctx.cite('TX-6', 'TX-7', 'ERR-2');
      return { errKeepingChanges: { ok: false, err: 'TX_RESTART' } };
    }
    // KV-3 at commit (section 25): since the write was buffered, a commit fixed its akey's kind the
    // other way. A start point fixed since (TX-4) hides that commit from TX-7, so this is checked
    // here, as part of applying: after validation, so a commit that also conflicts is TX_RESTART.
    if (bufferedKindClash(cont, tx)) return fail(ctx, 'NO_PERM', 'KV-3', 'TX-4', 'TX-6'); // stays OPEN (ERR-2)
    // TX-6: every buffered operation, in issue order, as one atomic write.
    commitWrite(draft, cont, [...tx.buffer], [...tx.writeUnits]);
    tx.buffer = [];
    tx.state = txStep(tx.state, txIsReadOnly(tx), 'validated').next;
    ctx.cite('TX-6', 'TX-7', 'DUR-2');
    return { ok: true, value: null };
  },

  'tx.abort': (draft, op, ctx) => {
    if (!txHandle(draft, op.th)) return fail(ctx, 'NO_HDL', 'ERR-7');
    const tx = ownTx(draft, op.th);
    const refused = lifecycle(tx, 'abort', ctx);
    if (refused) return refused;
    tx.buffer = [];
    return { ok: true, value: null };
  },

  'tx.restart': (draft, op, ctx) => {
    if (!txHandle(draft, op.th)) return fail(ctx, 'NO_HDL', 'ERR-7');
    const tx = ownTx(draft, op.th);
    const refused = lifecycle(tx, 'restart', ctx);
    if (refused) return refused;
    // TX-8: drops the buffer, the read record and the start point.
    tx.buffer = [];
    tx.readUnits = [];
    tx.writeUnits = [];
    tx.startEpoch = null;
    ctx.cite('TX-8');
    return { ok: true, value: null };
  },

  'tx.close': (draft, op, ctx) => {
    if (!txHandle(draft, op.th)) return fail(ctx, 'NO_HDL', 'ERR-7');
    const tx = ownTx(draft, op.th);
    const refused = lifecycle(tx, 'close', ctx);
    if (refused) return refused;
    // TX-10: the handle becomes invalid and uncommitted writes are dropped.
    delete own(draft, 'txs')[op.th];
    ctx.cite('TX-10');
    return { ok: true, value: null };
  },
};
