import type { Bug } from '../bug.ts';
import { ALICE, get, put, setup, SYSTEM } from './kit.ts';

const file = (name: string) => `impl/placement/${name}.ts`;
const SYSTEM16 = { type: 'system.create' as const, nodes: 4, enginesPerNode: 1, targetsPerEngine: 4 };
const query = { type: 'pool.query' as const, pool: '#p0' };
const poolOp = (type: 'pool.exclude' | 'pool.drain' | 'pool.reintegrate', rank: number) => ({ type, pool: '#p0', rank });
const rebuild = { type: 'pool.rebuild' as const, pool: '#p0' };
/** An RP_2 multi-KV object (class code 8, one group). */
const RP_2_OID = { hi: '2251804108652544', lo: '0' };
/** An EC_4P1 array object (class code 34, one group). */
const EC_4P1_OID = { hi: '946318875996192768', lo: '22' };

/** One-engine nodes, a pool with rd_fac 1 and an RW handle on it: the start of the fallback bugs' traces. */
function rdFac1Pool(nodes: number, targetsPerEngine: number, poolRf: number, label: string) {
  return [
    { type: 'system.create' as const, nodes, enginesPerNode: 1, targetsPerEngine, poolRf },
    { type: 'pool.create' as const, owner: ALICE, label, props: [['rd_fac', 1]] as [string, number][] },
    { type: 'pool.connect' as const, pool: '#p0', principal: ALICE, mode: 'RW' as const },
  ];
}

/** Bugs in impl/placement: the MAP-5 transition table, MAP-4 ordering, GX resolution, dkey groups. */
export const PLACEMENT_BUGS: readonly Bug[] = [
  {
    id: 'map-drain-of-down',
    area: 'placement',
    file: file('target-state'),
    find: "drain: { UPIN: 'DRAIN', UP: 'BUSY', DRAIN: 'DRAIN', DOWN: 'DOWN', DOWNOUT: 'DOWNOUT' },",
    replace: "drain: { UPIN: 'DRAIN', UP: 'BUSY', DRAIN: 'DRAIN', DOWN: 'DRAIN', DOWNOUT: 'DOWNOUT' },",
    description: 'draining an excluded (DOWN) target puts it back to DRAIN: drain and exclude mixed up in MAP-5',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, poolOp('pool.exclude', 1), poolOp('pool.drain', 1), query],
  },
  {
    id: 'map-reintegrate-draining',
    area: 'placement',
    file: file('target-state'),
    find: "reintegrate: { UPIN: 'UPIN', UP: 'UP', DRAIN: 'BUSY', DOWN: 'UP', DOWNOUT: 'UP' },",
    replace: "reintegrate: { UPIN: 'UPIN', UP: 'UP', DRAIN: 'UP', DOWN: 'UP', DOWNOUT: 'UP' },",
    description: 'reintegrating a draining target is accepted (UP) instead of BUSY (MAP-5)',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, poolOp('pool.drain', 2), poolOp('pool.reintegrate', 2), query],
  },
  {
    id: 'map-rebuild-drain-to-upin',
    area: 'placement',
    file: file('target-state'),
    find: "rebuild: { UPIN: 'UPIN', UP: 'UPIN', DRAIN: 'DOWNOUT', DOWN: 'DOWNOUT', DOWNOUT: 'DOWNOUT' },",
    replace: "rebuild: { UPIN: 'UPIN', UP: 'UPIN', DRAIN: 'UPIN', DOWN: 'DOWNOUT', DOWNOUT: 'DOWNOUT' },",
    description: 'rebuild after a drain returns the drained targets to UPIN instead of moving them out (MAP-8)',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, poolOp('pool.drain', 3), rebuild, query],
  },
  {
    id: 'map-sort-lexicographic',
    area: 'placement',
    file: file('pool-map'),
    find: 'const sorted = [...targets].sort((a, b) => a - b);',
    replace: 'const sorted = [...targets].sort();',
    description: 'targets are sorted as strings, so target 10 comes before 2: MAP-4 versions are handed out in the wrong order (rebuild order)',
    trace: [SYSTEM16, { type: 'pool.create', owner: ALICE }, poolOp('pool.exclude', 0), poolOp('pool.exclude', 2), rebuild, query],
  },
  {
    id: 'gx-counts-draining',
    area: 'placement',
    file: file('pool-map'),
    find: "for (const s of map.states) if (s === 'UPIN') n++;",
    replace: "for (const s of map.states) if (s === 'UPIN' || s === 'DRAIN') n++;",
    description: 'GX resolution counts draining targets as UPIN (OBJ-4), so the resolved group count is too large',
    trace: [...setup(), poolOp('pool.drain', 1), { type: 'obj.generateOid', coh: 0, objType: 0, class: 'RP_2GX', lo: 1 }, poolOp('pool.exclude', 2), { type: 'obj.generateOid', coh: 0, objType: 0, class: 'S1', lo: 1 }],
  },
  {
    id: 'dkey-group-off-by-one',
    area: 'placement',
    file: file('dkey-group'),
    find: 'return jumpHash(scratch[0], scratch[1], groupCount);',
    replace: 'return jumpHash(scratch[0], scratch[1], groupCount - 1) + 1;',
    description: 'the dkey\'s group is hashed over groupCount - 1 buckets and shifted by one: a one-group object has no group 0',
    trace: [...setup(), put('a', 'x'), get('a'), put('b', 'y', { dkey: 'e' })],
  },
  {
    id: 'fallback-shares-group-target',
    area: 'placement',
    file: file('fallback'),
    find: 'const groupStart = s - (s % groupSize);',
    replace: 'const groupStart = s;',
    description: 'the fallback takes the shard itself for the start of its group, so it never sees where the group\'s other shards are: both replicas of an RP_2 group land on one target, and one failure, which rd_fac 1 must survive, takes both (DUR-1; chaos found the same for an EC 2+1 group, corpus/chaos-15b1af4aa4-17ops.json)',
    engineSeed: 0,
    trace: [
      // 6 one-target nodes; engine 0 fails before the RP_2 object is written, so one replica falls back.
      ...rdFac1Pool(6, 1, 2, 'tank'),
      { type: 'cont.create', poh: 0, label: 'logs', props: [['rd_fac', 1]] },
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      { type: 'fault.failEngine', rank: 0 },
      { type: 'obj.update', coh: 0, oid: RP_2_OID, dkey: 'd1', iods: [{ akey: 'a1', extents: [{ offset: 19, data: { seed: 34, length: 31 } }] }] },
      // With the bug, after this failure both replicas sit on one target (the placement invariant fails here).
      { type: 'fault.failEngine', rank: 3 },
      { type: 'obj.fetch', coh: 0, oid: RP_2_OID, dkey: 'd1', requests: [{ akey: 'a1', ranges: [{ offset: 19, length: 31 }] }] },
    ],
  },
  {
    id: 'fallback-shares-group-domain',
    area: 'placement',
    file: file('fallback'),
    find: 'const apart = this.firstInSequence(inService, base, placed, s, groupStart, groupSize, s, true);',
    replace: 'const apart = this.firstInSequence(inService, base, placed, s, groupStart, groupSize, s, false);',
    description: 'the fallback keeps off the group\'s targets but not its fault domains: two fallbacks of an EC 4+1 group land on one node and one engine failure, which rd_fac 1 must survive, takes both (DUR-1; found by chaos, corpus/chaos-6a51eb3d32-16ops.json)',
    engineSeed: 8,
    trace: [
      // 8 nodes of 3 targets; an EC_4P1 object is written, then a drain and an exclusion move two shards.
      ...rdFac1Pool(8, 3, 1, 'tank'),
      { type: 'cont.create', poh: 0, label: 'data', props: [['ec_cell_sz', 4096]] },
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      { type: 'obj.update', coh: 0, oid: EC_4P1_OID, dkey: 'd2', iods: [{ akey: 'a2', extents: [{ offset: 20480, data: { seed: 4, length: 17 } }] }] },
      { type: 'pool.drain', pool: '#p0', rank: 7, targets: [0] },
      { type: 'pool.exclude', pool: '#p0', rank: 2 },
      rebuild,
      // With the bug both moved shards now sit on node 0; one engine failure there takes both.
      { type: 'fault.failEngine', rank: 0 },
      rebuild,
      { type: 'obj.fetch', coh: 0, oid: EC_4P1_OID, dkey: 'd2', requests: [{ akey: 'a2', ranges: [{ offset: 20480, length: 17 }] }] },
    ],
  },
];
