import fc from 'fast-check';
import type { Op } from '../../contract/index.ts';
import { inTx, op, standalone } from './builders.ts';
import { hotArb, keyBeside, type Address, type GenContext } from './context.ts';
import { fetchAt, listAt, objReadArb, objWriteArb, punchAt, updateAt } from './data-ops.ts';

/**
 * Snapshots as coherent blocks (section 16) on the hot keys: read through a snapshot transaction
 * (SNAP-6, TX-1), destroy the snapshot while a transaction reads it, and roll back (SNAP-7) then read
 * and list keys that were created after the snapshot.
 */

/** Take a snapshot, write more, read through a snapshot transaction, sometimes roll back to it. */
export function snapshotBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return fc
    .tuple(
      fc.array(objWriteArb(ctx).map(standalone), { minLength: 1, maxLength: 4 }),
      fc.array(objReadArb(ctx).map((o) => inTx(standalone(o))), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(false, false, false, true),
    )
    .map(([writes, reads, rollback]) => [
      op('snap.create', { coh: -1 }),
      ...writes,
      op('tx.openSnapshot', { coh: -1, token: -1 }),
      ...reads,
      op('tx.close', { th: -1 }),
      ...(rollback ? [op('cont.rollback', { coh: -1, token: -1 })] : []),
    ]);
}

/** Write K, snapshot, change K, read K at the snapshot, destroy the snapshot, read again (NONEXIST, SNAP-6). */
export function snapshotDestroyBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return hotArb(ctx).chain((k) =>
    fc
      .record({
        before: updateAt(k, -1),
        after: fc.oneof(updateAt(k, -1), punchAt(k, -1)),
        readAt: fc.oneof({ weight: 3, arbitrary: fetchAt(k, -1, -1) }, { weight: 1, arbitrary: listAt(k, -1, -1) }),
        readAgain: fc.oneof(fetchAt(k, -1, -1), listAt(k, -1, -1)),
        destroyFirst: fc.boolean(),
        readNow: fetchAt(k, -1),
      })
      .map((b) => [
        b.before,
        op('snap.create', { coh: -1 }),
        b.after,
        op('tx.openSnapshot', { coh: -1, token: -1 }),
        ...(b.destroyFirst ? [] : [b.readAt]),
        op('snap.destroy', { coh: -1, token: -1 }),
        b.readAgain,
        op('tx.close', { th: -1 }),
        b.readNow,
        op('snap.list', { coh: -1 }),
      ]),
  );
}

/**
 * Write K, snapshot, then create keys that did not exist at the snapshot (a new akey, a new dkey) and
 * change or punch K; roll back; then read and list K and the new keys (gone again, SNAP-7), and read
 * the snapshot through a transaction after the rollback.
 */
export function rollbackBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return hotArb(ctx).chain((k) => {
    const newAkey: Address = { ...k, akey: keyBeside(k.akey, 'n') };
    const newDkey: Address = { ...k, dkey: keyBeside(k.dkey, 'n') };
    return fc
      .record({
        before: fc.option(updateAt(k, -1), { nil: undefined, freq: 5 }),
        changes: fc.array(fc.oneof(updateAt(k, -1), punchAt(k, -1), updateAt(newAkey, -1), updateAt(newDkey, -1)), { minLength: 1, maxLength: 4 }),
        reads: fc.array(fc.oneof(fetchAt(k, -1), fetchAt(newAkey, -1), fetchAt(newDkey, -1), listAt(k, -1), listAt(newDkey, -1)), { minLength: 1, maxLength: 4 }),
        readSnapshot: fc.boolean(),
      })
      .map((b) => [
        ...(b.before ? [b.before] : []),
        op('snap.create', { coh: -1 }),
        ...b.changes,
        op('cont.rollback', { coh: -1, token: -1 }),
        ...b.reads,
        ...(b.readSnapshot ? [op('tx.openSnapshot', { coh: -1, token: -1 }), op('obj.listDkeys', { coh: -1, oid: k.oid, tx: -1 }), op('tx.close', { th: -1 })] : []),
      ]);
  });
}
