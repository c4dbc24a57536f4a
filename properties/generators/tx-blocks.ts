import fc from 'fast-check';
import { COND, type Iod, type Op } from '../../contract/index.ts';
import { inTx, op, opt, standalone } from './builders.ts';
import { hotArb, keyBeside, type Address, type GenContext } from './context.ts';
import { fetchAt, listAt, objPunchArb, objReadArb, objWriteArb, punchAt, updateAt } from './data-ops.ts';

/**
 * Transactions as coherent blocks (section 17) on the case's hot keys, so that what a transaction
 * reads is what another writer touches (TX-4, TX-7), and restarts, aborts and several open
 * transactions meet the same keys.
 */

type Ending = readonly Op[];
const COMMIT = op('tx.commit', { th: -1 });
const ENDINGS: readonly Ending[] = [
  [COMMIT], [COMMIT], [COMMIT, op('tx.close', { th: -1 })], [COMMIT, op('tx.restart', { th: -1 }), COMMIT],
  [op('tx.abort', { th: -1 })], [],
];

/** A transaction: open on the latest handle, a few ops in it (and maybe a standalone one), an ending. */
export function txBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  const bodyOp = fc.oneof(
    { weight: 3, arbitrary: objWriteArb(ctx).map((o) => inTx(o)) },
    { weight: 3, arbitrary: objReadArb(ctx).map((o) => inTx(o)) },
    { weight: 1, arbitrary: objPunchArb(ctx).map((o) => inTx(o)) },
    { weight: 1, arbitrary: objWriteArb(ctx).map(standalone) },
  );
  return fc
    .tuple(fc.constantFrom(false, false, false, true), fc.array(bodyOp, { minLength: 1, maxLength: 5 }), fc.constantFrom(...ENDINGS))
    .map(([readOnly, body, end]) => [op('tx.open', { coh: -1, ...opt('readOnly', readOnly) }), ...body, ...end]);
}

/** What another writer does to a transaction's key K meanwhile (standalone, on the latest handle). */
function otherWriterArb(k: Address): fc.Arbitrary<Op[]> {
  return fc.oneof(
    { weight: 4, arbitrary: updateAt(k, -1).map((o) => [o]) },
    { weight: 2, arbitrary: punchAt(k, -1).map((o) => [o]) },
    { weight: 1, arbitrary: updateAt({ ...k, akey: keyBeside(k.akey, 's') }, -1).map((o) => [o]) }, // a sibling akey
    { weight: 1, arbitrary: updateAt({ ...k, dkey: keyBeside(k.dkey, 'o') }, -1).map((o) => [o]) }, // another dkey
    { weight: 1, arbitrary: fc.constant<Op[]>([]) },
  );
}

/**
 * Read K, let another writer touch K, read K again (the same view, TX-4), write K, commit (a conflict
 * when the other write overlapped, TX-7), restart, read and write after the restart, commit, and read
 * K outside. Every part but the first read is optional.
 */
export function txReadWriteBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return hotArb(ctx).chain((k) =>
    fc
      .record({
        pre: fc.option(updateAt(k, -1), { nil: undefined, freq: 2 }),
        firstRead: fc.oneof({ weight: 3, arbitrary: fetchAt(k, -1, -1) }, { weight: 1, arbitrary: listAt(k, -1, -1) }),
        other: otherWriterArb(k),
        secondRead: fc.option(fetchAt(k, -1, -1), { nil: undefined, freq: 4 }),
        write: fc.option(fc.oneof(updateAt(k, -1, -1), punchAt(k, -1, -1)), { nil: undefined, freq: 4 }),
        restart: fc.boolean(),
        afterRestart: fc.array(fc.oneof(fetchAt(k, -1, -1), updateAt(k, -1, -1), listAt(k, -1, -1)), { maxLength: 2 }),
        readAfter: fc.option(fetchAt(k, -1), { nil: undefined, freq: 3 }),
        close: fc.boolean(),
      })
      .map((b) => [
        ...(b.pre ? [b.pre] : []),
        op('tx.open', { coh: -1 }),
        b.firstRead,
        ...b.other,
        ...(b.secondRead ? [b.secondRead] : []),
        ...(b.write ? [b.write] : []),
        COMMIT,
        ...(b.restart ? [op('tx.restart', { th: -1 }), ...b.afterRestart, COMMIT] : []),
        ...(b.readAfter ? [b.readAfter] : []),
        ...(b.close ? [op('tx.close', { th: -1 })] : []),
      ]),
  );
}

/**
 * An older transaction A that read K, a commit to K after its start point, a younger transaction B
 * that starts after that commit, more standalone writes while both are open, then A writes and
 * commits: A must still conflict (TX-7) however the engine trims what it remembers of commits for
 * the transactions still open. B commits, aborts or stays open meanwhile; both are closed.
 */
export function overlappingTxBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return hotArb(ctx).chain((k) => {
    const sibling: Address = { ...k, akey: keyBeside(k.akey, 's') };
    return fc
      .record({
        aRead: fetchAt(k, -1, -1),
        overwrite: otherWriterArb(k),
        bRead: fc.oneof(fetchAt(k, -1, -1), fetchAt(sibling, -1, -1), listAt(k, -1, -1)),
        meanwhile: fc.array(fc.oneof(updateAt(sibling, -1), updateAt(k, -1)), { minLength: 1, maxLength: 2 }),
        aWrite: fc.oneof(updateAt(sibling, -1, -2), updateAt(k, -1, -2)),
        bEnd: fc.constantFrom<Op[]>([op('tx.commit', { th: -1 })], [op('tx.abort', { th: -1 })], []),
      })
      .map((b) => [
        op('tx.open', { coh: -1 }),
        b.aRead,
        ...b.overwrite,
        op('tx.open', { coh: -1 }),
        b.bRead,
        ...b.meanwhile,
        b.aWrite,
        ...b.bEnd,
        op('tx.commit', { th: -2 }),
        op('tx.close', { th: -1 }),
        op('tx.close', { th: -1 }),
      ]);
  });
}

/**
 * Two or three transactions open at once on the same keys, with standalone writes between their
 * steps: each reads or writes in turn, then they are committed or aborted in a drawn order (a later
 * commit conflicts with an earlier one's writes, or a standalone write, when it read them, TX-7), and
 * all are closed. Relative handles: -1 is the newest, -2 the one before.
 */
export function multiTxBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return fc.integer({ min: 2, max: 3 }).chain((n) =>
    fc
      .record({
        steps: fc.array(
          // th 0: a standalone writer between the transactions' steps, so a transaction that read a
          // key sees it overwritten by a commit newer than its start point, and a later transaction
          // starts after that commit (TX-7 conflicts must survive commit-log pruning).
          fc.tuple(fc.integer({ min: 0, max: n }), hotArb(ctx)).chain(([th, k]) =>
            th === 0 ? fc.oneof({ weight: 3, arbitrary: updateAt(k, -1) }, { weight: 1, arbitrary: punchAt(k, -1) })
            : fc.oneof(fetchAt(k, -1, -th), updateAt(k, -1, -th), punchAt(k, -1, -th), listAt(k, -1, -th)),
          ),
          { minLength: 2, maxLength: 7 },
        ),
        order: fc.shuffledSubarray([1, 2, 3].slice(0, n), { minLength: n, maxLength: n }),
        aborts: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        readOnly: fc.constantFrom(0, 0, 0, 1),
      })
      .map(({ steps, order, aborts, readOnly }) => [
        ...Array.from({ length: n }, (_, i) => op('tx.open', { coh: -1, ...opt('readOnly', readOnly === 1 && i === 0) })),
        ...steps,
        ...order.map((th, i) => (aborts[i] && i > 0 ? op('tx.abort', { th: -th }) : op('tx.commit', { th: -th }))),
        ...Array.from({ length: n }, () => op('tx.close', { th: -1 })),
      ]),
  );
}

/** Akeys only race blocks use, so their first write (which fixes the kind, KV-3) is often the block's own. */
const RACE_AKEYS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'] as const;

/**
 * A transaction racing a standalone writer on the same akey (TX-4, COND-7): the transaction buffers
 * one write, blind (its start point comes at commit), after a fetch, or with a condition (a read,
 * fixing the start point); the standalone writer then writes the same akey, of the same kind or the
 * other (a kind clash at commit: NO_PERM, the transaction stays OPEN, section 25), punches it, or
 * writes a sibling akey; then the transaction commits.
 */
export function txRaceBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  const iodOf = (akey: string, kind: 'single' | 'array', seed: number): Iod =>
    kind === 'single' ? { akey, single: { seed, length: 1 + (seed % 16) } } : { akey, extents: [{ offset: seed % 32, data: { seed, length: 1 + (seed % 24) } }] };
  return fc
    .record({
      k: hotArb(ctx),
      akey: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...RACE_AKEYS) }, { weight: 1, arbitrary: fc.constant('') }),
      txKind: fc.constantFrom<'single' | 'array'>('single', 'array'),
      read: fc.constantFrom('blind', 'blind', 'fetch', 'cond'),
      cond: fc.constantFrom(COND.AKEY_INSERT, COND.AKEY_UPDATE, COND.DKEY_UPDATE, COND.DKEY_INSERT),
      race: fc.constantFrom('same', 'other-kind', 'other-kind', 'punch', 'sibling', 'none'),
      seed: fc.nat(1000),
      ending: fc.constantFrom<Op[]>([], [op('tx.abort', { th: -1 })], [COMMIT], [op('tx.restart', { th: -1 }), COMMIT], [op('tx.close', { th: -1 })]),
    })
    .map(({ k, akey: drawn, txKind, read, cond, race, seed, ending }) => {
      if (k.k > 0) txKind = 'single'; // EC arrays are sized in cells by the other generators
      const akey = drawn || k.akey;
      const { oid, dkey } = k;
      const otherKind = txKind === 'single' ? 'array' : 'single';
      const raceOp: Op[] =
        race === 'none' ? []
        : race === 'punch' ? [op('obj.punchAkeys', { coh: -1, oid, dkey, akeys: [akey] })]
        : [op('obj.update', { coh: -1, oid, dkey, iods: [iodOf(race === 'sibling' ? keyBeside(akey, 's') : akey, race === 'other-kind' ? otherKind : txKind, seed + 1)] })];
      return [
        op('tx.open', { coh: -1 }),
        ...(read === 'fetch' ? [op('obj.fetch', { coh: -1, oid, dkey, requests: [{ akey, single: true }], tx: -1 })] : []),
        op('obj.update', { coh: -1, oid, dkey, iods: [iodOf(akey, txKind, seed)], tx: -1, ...opt('cond', read === 'cond' && cond) }),
        ...raceOp,
        COMMIT,
        ...ending,
      ];
    });
}
