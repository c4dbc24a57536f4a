import fc from 'fast-check';
import type { Op, PropEntry, TraceOp } from '../../contract/index.ts';
import { aim, op } from './builders.ts';
import { hitShard } from './faults.ts';
import { hotArb, type Address, type GenContext } from './context.ts';
import { fetchAt, listAt, updateAt } from './data-ops.ts';
import { CONT_RD_FACS, EC_CELL_SIZES } from './domains.ts';
import { dataCells, EC_OBJECTS, ecSinglePayloadArb, ecSpansArb, groupSize, oidOf } from './objects.ts';

/**
 * Administration as coherent blocks: map changes aimed at a hot key's group with pool.query between
 * them and reads of the key (MAP-5..10, DUR-1); an EC group in a container of its own, written at
 * cell and stripe boundaries, hit at chosen shard positions, rebuilt and read back (OBJ-8, DUR-1,
 * CSUM-4); and the operator's recovery after an incident.
 */

type MapStep = 'exclude' | 'drain' | 'reintegrate' | 'rebuild' | 'failTarget' | 'failEngine' | 'restartEngine';

/**
 * Map steps on one shard of a hot key's group, each followed by a pool.query and sometimes a read
 * of the key: e.g. drain, query, rebuild, query, reintegrate, query, read, rebuild, query.
 */
export function adminQueryBlockArb(ctx: GenContext): fc.Arbitrary<TraceOp[]> {
  const steps: fc.Arbitrary<MapStep[]> = fc.oneof(
    fc.constant<MapStep[]>(['exclude', 'rebuild', 'reintegrate', 'rebuild']),
    fc.constant<MapStep[]>(['drain', 'rebuild', 'reintegrate', 'rebuild']),
    fc.constant<MapStep[]>(['failTarget', 'rebuild', 'restartEngine', 'reintegrate', 'rebuild']),
    fc.constant<MapStep[]>(['failEngine', 'reintegrate', 'restartEngine', 'reintegrate', 'rebuild']),
    fc.constant<MapStep[]>(['exclude', 'reintegrate', 'rebuild']),
    fc.array(fc.constantFrom<MapStep>('exclude', 'drain', 'reintegrate', 'rebuild', 'failTarget', 'restartEngine'), { minLength: 2, maxLength: 5 }),
  );
  return fc
    .record({ k: hotArb(ctx), shard: fc.nat(7), steps, reads: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), force: fc.boolean() })
    .chain(({ k, shard, steps, reads, force }) =>
      fc.tuple(...steps.map(() => fetchAt(k, -1))).map((fetches) => {
        const at = { coh: -1, oid: k.oid, dkey: k.dkey };
        const stepOp = (s: MapStep): TraceOp => (s === 'rebuild' ? op('pool.rebuild', { pool: '#p0' }) : hitShard(s, at, shard, shard % ctx.ranks, force));
        return [
          op('pool.query', { pool: '#p0' }),
          ...steps.flatMap((s, i) => [stepOp(s), op('pool.query', { pool: '#p0' }), ...(reads[i % reads.length] ? [fetches[i]] : [])]),
        ];
      }),
    );
}

const EC_LABELS = ['ec0', 'ec1', 'ec2', 'ec3'] as const;

/**
 * An EC group in a container of its own (class x cell size x rd_fac, for the drawn topology): create
 * and open it, write extents and single values at cell and stripe boundaries, fail, drain or corrupt
 * up to p chosen shard positions (aimed), read ranges across cells, maybe rebuild and read again.
 */
export function ecGroupBlockArb(ctx: GenContext): fc.Arbitrary<TraceOp[]> {
  // Classes whose group fits the nodes with one to spare for a failure (FAULT-8.1), else the smallest.
  const fitting = EC_OBJECTS.filter((s) => groupSize(s.cls) < ctx.nodes);
  const specs = fitting.length > 0 ? fitting : EC_OBJECTS.slice(0, 1);
  return fc
    .record({
      spec: fc.constantFrom(...specs),
      // Not the 65536 default here: whole stripes of it would make every invariant check slow.
      cell: fc.constantFrom(...EC_CELL_SIZES.filter((c) => c < 65536), 4096),
      rdFac: fc.constantFrom(...CONT_RD_FACS, 1, 1),
      cksum: fc.constantFrom('crc32', 'crc32', 'off'),
      label: fc.constantFrom(...EC_LABELS),
      dkey: fc.constantFrom('d0', 'd1', 'd2'),
      faults: fc.array(fc.tuple(fc.constantFrom<'failTarget' | 'failEngine' | 'corrupt' | 'drain' | 'exclude'>('failTarget', 'failEngine', 'corrupt', 'corrupt', 'drain', 'exclude'), fc.nat(15)), { maxLength: 3 }),
      rebuild: fc.boolean(),
      seed: fc.nat(1000),
    })
    .chain(({ spec, cell, rdFac, cksum, label, dkey, faults, rebuild, seed }) => {
      const k = dataCells(spec.cls);
      const oid = oidOf(spec, ctx.targets);
      const arr: Address = { oid, k, dkey, akey: 'a1' };
      const props: PropEntry[] = [['ec_cell_sz', cell], ['rd_fac', rdFac], ['cksum', cksum]];
      const write = fc.oneof(
        { weight: 3, arbitrary: fc.tuple(ecSpansArb(k, cell), fc.nat(1000)).map(([spans, s]) => op('obj.update', { coh: -1, oid, dkey, iods: [{ akey: 'a1', extents: spans.map((x, i) => ({ offset: x.offset, data: { seed: s + i, length: x.length } })) }] })) },
        { weight: 1, arbitrary: ecSinglePayloadArb(k, cell).map((single) => op('obj.update', { coh: -1, oid, dkey, iods: [{ akey: 'a0', single }] })) },
      );
      const read = fc.oneof(
        { weight: 4, arbitrary: ecSpansArb(k, cell).map((ranges) => op('obj.fetch', { coh: -1, oid, dkey, requests: [{ akey: 'a1', ranges }] })) },
        { weight: 1, arbitrary: fc.constant(op('obj.fetch', { coh: -1, oid, dkey, requests: [{ akey: 'a0', single: true }] })) },
        { weight: 1, arbitrary: listAt(arr, -1) },
      );
      const at = { coh: -1, oid, dkey };
      const faultOps: TraceOp[] = faults.map(([kind, shard]) =>
        kind === 'corrupt' ? aim(kind, at, shard, op('fault.corrupt', { cont: label, rank: (seed + shard) % ctx.ranks, target: 0 })) : hitShard(kind, at, shard, (seed + shard) % ctx.ranks),
      );
      return fc.tuple(fc.array(write, { minLength: 1, maxLength: 3 }), fc.array(read, { minLength: 1, maxLength: 3 }), fc.array(read, { maxLength: 2 }), updateAt(arr, -1)).map(([writes, reads, readsAfter]) => [
        op('cont.create', { poh: 0, label, props }),
        op('cont.open', { poh: 0, cont: label, mode: 'RW' }),
        ...writes,
        ...faultOps,
        ...reads,
        ...(rebuild ? [op('pool.rebuild', { pool: '#p0' }), ...readsAfter] : []),
      ]);
    });
}

/**
 * Recovery, as an operator would do it after an incident: cycle every engine (ending halts, HALT-5),
 * rebuild the first pool, reintegrate every rank and rebuild again (MAP-5, MAP-8), mark the setup
 * containers HEALTHY again (RF-5) and reopen them. Without it, long traces spend most of their ops
 * halted or UNCLEAN and stop exercising I/O.
 */
export function recoveryBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  const everyRank = (make: (rank: number) => Op[]) => Array.from({ length: ctx.ranks }, (_, rank) => make(rank)).flat();
  return fc.boolean().map((clearStatus) => [
    // Restarting a running engine changes nothing (FAULT-7), so a target failed on its own only
    // comes back through its engine stopping and starting again (FAULT-2, FAULT-4).
    ...everyRank((rank) => [op('fault.failEngine', { rank }), op('fault.restartEngine', { rank })]),
    op('pool.rebuild', { pool: '#p0' }),
    ...everyRank((rank) => [op('pool.reintegrate', { pool: '#p0', rank })]),
    op('pool.rebuild', { pool: '#p0' }),
    ...(clearStatus ? [0, 1].map((coh) => op('cont.setProps', { coh, entries: [['status', 'HEALTHY']] })) : []),
    ...['#c0', '#c1'].map((cont) => op('cont.open', { poh: 0, cont, mode: 'RW', force: true })),
  ]);
}
