import fc from 'fast-check';
import { OBJ_CLASSES, REDUNDANCY_CODES, type FetchRequest, type Iod, type Op, type PropEntry, type TraceOp } from '../../contract/index.ts';
import { AKEYS, DKEYS } from '../names.ts';
import { op } from './builders.ts';
import type { GenContext } from './context.ts';
import { iodArb } from './data-ops.ts';
import { hitShard } from './faults.ts';
import { labelOfShape } from './names-arbs.ts';
import { dataCells, EC_OBJECTS, groupSize, oidOf, REPLICATED_OBJECTS, type ObjectSpec } from './objects.ts';

/**
 * Rebuild chains on one redundancy group (DUR-1, MAP-8, SNAP-1, RF-2): the container is the block's
 * own, with an rd_fac the object's redundancy covers, so every failure below stays within what the
 * spec promises to survive and a lost value is a divergence, never an allowed DATA_LOSS.
 *
 *   write A, maybe write B and open a transaction that reads A (its start point), maybe a
 *   snapshot, maybe overwrite A,
 *   fail (or drain, or exclude) shard a of the group,
 *   maybe write the sibling akey B (or A again) while degraded: a fallback gets a partial copy,
 *   rebuild,
 *   maybe fail another shard of the group: what rebuild left behind must now serve every read,
 *   read A and B exactly as written, in the transaction, and at the snapshot.
 *
 * The bugs this aims at need every link on the same group (a partial replica left partial by
 * rebuild, a snapshot view or a transaction's start point rebuild forgot, parity not
 * regenerated): the random fault categories almost never line them up. Reads name exactly the written ranges, so a lost or stale byte shows.
 */

/** Objects with redundancy whose group fits the nodes with one to spare for a failure (FAULT-8.1). */
function chainObjects(ctx: GenContext): ObjectSpec[] {
  const redundant = [...REPLICATED_OBJECTS.filter((s) => s.cls.startsWith('RP_')), ...EC_OBJECTS];
  const fitting = redundant.filter((s) => groupSize(s.cls) < ctx.nodes);
  return fitting.length > 0 ? fitting : redundant.slice(0, 1);
}

/** Failures the group survives: replicas - 1, or the EC parity count. */
function redundancyOf(cls: string): number {
  const c = OBJ_CLASSES.get(cls);
  return (c && REDUNDANCY_CODES.get(c.code)?.toleratedFailures) ?? 0;
}

/** A fetch of exactly the ranges (or the single value) that `iod` wrote. */
function readBack(iod: Iod): FetchRequest {
  if ('single' in iod && iod.single !== undefined) return { akey: iod.akey, single: true };
  const extents = 'extents' in iod ? iod.extents ?? [] : [];
  return { akey: iod.akey, ranges: extents.map((e) => ({ offset: e.offset, length: 'length' in e.data ? e.data.length : 1 })) };
}

type Hit = 'failEngine' | 'failTarget' | 'exclude' | 'drain';

// Labels in use look like users' too: short, or the longest valid one (LABEL-1).
const CHAIN_LABELS = ['rb0', 'rb1', labelOfShape('max', 'cont')] as const;

export function rebuildChainBlockArb(ctx: GenContext): fc.Arbitrary<TraceOp[]> {
  const specs = chainObjects(ctx);
  return fc
    .record({
      spec: fc.constantFrom(...specs),
      dkey: fc.constantFrom(...DKEYS.slice(0, 2)),
      label: fc.constantFrom(...CHAIN_LABELS),
      cksum: fc.constantFrom('crc32', 'off'),
      rdFacPick: fc.nat(1),
      snap: fc.boolean(),
      tx: fc.boolean(),
      overwrite: fc.boolean(),
      hit: fc.constantFrom<Hit>('failEngine', 'failEngine', 'failTarget', 'exclude', 'drain'),
      a: fc.nat(7),
      degraded: fc.constantFrom<'sibling' | 'same' | 'none'>('sibling', 'sibling', 'same', 'none'),
      // The next shard in the group's order is never the one already hit; a drawn one may be.
      second: fc.constantFrom<'next' | 'drawn' | 'none'>('next', 'next', 'drawn', 'none'),
      b: fc.nat(7),
    })
    .chain((c) => {
      const k = dataCells(c.spec.cls);
      const oid = oidOf(c.spec, ctx.targets);
      const rdFac = Math.min(1 + c.rdFacPick, redundancyOf(c.spec.cls));
      const [akeyA, akeyB] = [AKEYS[0], AKEYS[1]];
      return fc.tuple(iodArb(akeyA, k), iodArb(akeyA, k), iodArb(akeyB, k), iodArb(akeyA, k), iodArb(akeyB, k)).map(([first, again, sibling, same, preB]) => {
        const at = { coh: -1, oid, dkey: c.dkey };
        const write = (iod: Iod): Op => op('obj.update', { coh: -1, oid, dkey: c.dkey, iods: [iod] });
        const read = (iods: readonly Iod[], tx?: number): Op => op('obj.fetch', { coh: -1, oid, dkey: c.dkey, requests: iods.map(readBack), ...(tx === undefined ? {} : { tx }) });
        const hit = (kind: Hit, shard: number): TraceOp => hitShard(kind, at, shard, shard % ctx.ranks);
        const props: PropEntry[] = [['rd_fac', rdFac], ['cksum', c.cksum]];
        const degradedIod = c.degraded === 'sibling' ? sibling : c.degraded === 'same' ? same : null;
        // A is read over the ranges written before the hit (a degraded write of A may cover part of
        // them: the model knows which bytes), B over what the degraded write put there. One request
        // per akey (KV-1).
        const before = c.overwrite ? again : first;
        const readsNow = [before, ...(degradedIod === sibling ? [sibling] : [])];
        return [
          op('cont.create', { poh: 0, label: c.label, props }),
          op('cont.open', { poh: 0, cont: c.label, mode: 'RW' }),
          write(first),
          // A transaction whose start point (TX-4) is fixed before the hit: after the rebuild it must
          // still read A and B as they were committed then.
          ...(c.tx ? [write(preB), op('tx.open', { coh: -1 }), read([first], -1)] : []),
          ...(c.snap ? [op('snap.create', { coh: -1 })] : []),
          ...(c.overwrite ? [write(again)] : []),
          hit(c.hit, c.a),
          ...(degradedIod ? [write(degradedIod)] : []),
          op('pool.rebuild', { pool: '#p0' }),
          ...(c.second === 'none' ? [] : [hit('failEngine', c.second === 'next' ? c.a + 1 : c.b)]),
          read(readsNow),
          ...(c.tx ? [read([first, preB], -1), op('tx.close', { th: -1 })] : []),
          ...(c.snap ? [op('tx.openSnapshot', { coh: -1, token: -1 }), read([first], -1), op('tx.close', { th: -1 })] : []),
        ];
      });
    });
}
