import fc from 'fast-check';
import type { Oid } from '../../contract/objclass.ts';
import type { DomainLevel } from './fault-domain.ts';
import type { LayoutRequest } from './layout.ts';
import { applyRankOp, rebuildPoolMap, type PoolMap, type PoolTopology } from './pool-map.ts';

/** Test-only generators for placement properties (kept beside the code they exercise). */

export const topologyArb: fc.Arbitrary<PoolTopology> = fc.record({
  nodes: fc.integer({ min: 1, max: 8 }),
  enginesPerNode: fc.integer({ min: 1, max: 3 }),
  targetsPerEngine: fc.integer({ min: 1, max: 4 }),
});

export const levelArb: fc.Arbitrary<DomainLevel> = fc.constantFrom('node', 'rank');

const u64String = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((x) => x.toString());
export const oidArb: fc.Arbitrary<Oid> = fc.record({ hi: u64String, lo: u64String });

export function requestArb(level: DomainLevel, groupSizeMax: number): fc.Arbitrary<LayoutRequest> {
  return fc.record({
    oid: oidArb,
    groupSize: fc.integer({ min: 1, max: Math.max(1, Math.min(groupSizeMax, 19)) }),
    groupCount: fc.integer({ min: 1, max: 6 }),
    level: fc.constant(level),
  });
}

/** One pool-map step; rank and target indices are reduced modulo the topology when applied. */
export interface MapStep {
  readonly op: 'exclude' | 'drain' | 'reintegrate' | 'rebuild';
  readonly rank: number;
  readonly targets?: readonly number[];
}

export const mapStepArb: fc.Arbitrary<MapStep> = fc.record(
  {
    op: fc.constantFrom('exclude', 'exclude', 'drain', 'reintegrate', 'rebuild'),
    rank: fc.nat(1000),
    targets: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['op', 'rank'] },
);

/** Applies a step; an INVAL or BUSY step leaves the map as it was (ERR-2). */
export function applyStep(map: PoolMap, step: MapStep): PoolMap {
  if (step.op === 'rebuild') {
    const update = rebuildPoolMap(map);
    return update.ok ? update.map : map;
  }
  const ranks = map.nodes * map.enginesPerNode;
  const targets = step.targets?.filter((t) => t < map.targetsPerEngine);
  const update = applyRankOp(map, step.op, step.rank % ranks, targets && targets.length > 0 ? targets : undefined);
  return update.ok ? update.map : map;
}
