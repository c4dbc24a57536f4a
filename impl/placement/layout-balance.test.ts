import { describe, expect, it } from 'vitest';
import { encodeOid, OBJ_CLASSES, REDUNDANCY_CODES } from '../../contract/objclass.ts';
import { domainOfTarget } from './fault-domain.ts';
import { JumpMapPlacer } from './jump-map-placer.ts';
import { createPoolMap } from './pool-map.ts';

// 8 nodes x 2 engines x 4 targets = 64 targets, node-level domains.
const TOPO = { nodes: 8, enginesPerNode: 2, targetsPerEngine: 4 };
const OBJECTS = 20_000;

/** max/mean and min/mean shards per target over OBJECTS sequential OIDs of one class. */
function balance(className: string): { maxOverMean: number; minOverMean: number } {
  const cls = OBJ_CLASSES.get(className);
  if (!cls) throw new Error(`unknown class ${className}`);
  const groupSize = REDUNDANCY_CODES.get(cls.code)?.groupSize ?? 0;
  const map = createPoolMap(TOPO);
  // A one-entry cache: every object is laid out cold, as a fresh pool would.
  const placer = new JumpMapPlacer({ cacheEntriesMax: 1 });
  const counts = new Array<number>(64).fill(0);
  for (let i = 0; i < OBJECTS; i++) {
    const oid = encodeOid({ type: 0, code: cls.code, groups: cls.groups, hiUser: 0, lo: BigInt(i) });
    const layout = placer.layout(map, { oid, groupSize, groupCount: cls.groups });
    for (const x of layout.shardTargets) counts[x]++;
    // Spot check the rule while we are here: one group, so distinct nodes.
    expect(new Set(layout.shardTargets.map((x) => domainOfTarget(TOPO, x, 'node'))).size).toBe(groupSize);
  }
  const mean = (OBJECTS * groupSize) / 64;
  return { maxOverMean: Math.max(...counts) / mean, minOverMean: Math.min(...counts) / mean };
}

describe('load balance over 20,000 objects on 64 targets', () => {
  // Measured when written: EC_4P2G1 max/mean 1.050 (min/mean 0.959); RP_3G1 max/mean 1.054 (min/mean 0.907).
  it('EC_4P2G1: max/mean shards per target <= 1.15', () => {
    const { maxOverMean, minOverMean } = balance('EC_4P2G1');
    expect(maxOverMean).toBeLessThanOrEqual(1.15);
    expect(minOverMean).toBeGreaterThanOrEqual(0.85);
  });
  it('RP_3G1: max/mean shards per target <= 1.15', () => {
    const { maxOverMean, minOverMean } = balance('RP_3G1');
    expect(maxOverMean).toBeLessThanOrEqual(1.15);
    expect(minOverMean).toBeGreaterThanOrEqual(0.85);
  });
});
