import { loadavg } from 'node:os';
import type { BenchCase, BenchSuite } from '../harness.ts';
import type { Oid } from '../../contract/objclass.ts';
import { applyToTargets, createPoolMap, jumpHash, JumpMapPlacer, type PoolMap } from '../../impl/placement/index.ts';

/**
 * Placement hot paths on a 1,024-target map (16 nodes x 4 engines x 16 targets, node domains):
 * jump hash, cold layouts (cache miss: base layout + remap), cached layouts, and the incremental
 * remap when one node is excluded and reintegrated. Work is batched per call so tinybench's
 * per-call overhead does not dominate; itemsPerCall counts hash calls or shard placements.
 */
const TOPO = { nodes: 16, enginesPerNode: 4, targetsPerEngine: 16 };
const OID_POOL = 1 << 16;
const COLD_BATCH = 100;
const WARM_OBJECTS = 1000;
const HASH_BATCH = 1000;

let sink = 0;

function oids(count: number): Oid[] {
  return Array.from({ length: count }, (_, i) => ({ hi: String(0x23000100000000n + BigInt(i >>> 12)), lo: String(i * 2654435761) }));
}

function excludeNode(map: PoolMap, node: number): PoolMap {
  const perNode = TOPO.enginesPerNode * TOPO.targetsPerEngine;
  const update = applyToTargets(map, 'exclude', Array.from({ length: perNode }, (_, k) => node * perNode + k));
  if (!update.ok) throw new Error('exclude of UPIN targets cannot be BUSY');
  return update.map;
}

function coldLayoutCase(name: string, map: PoolMap, groupSize: number): BenchCase {
  const pool = oids(OID_POOL);
  // Cache smaller than the OID pool, so every lookup misses and lays the object out from scratch.
  const placer = new JumpMapPlacer({ cacheEntriesMax: 4096 });
  let next = 0;
  return {
    name,
    itemsPerCall: COLD_BATCH * groupSize,
    itemUnit: 'shards',
    fn: () => {
      for (let i = 0; i < COLD_BATCH; i++) {
        const layout = placer.layout(map, { oid: pool[next], groupSize, groupCount: 1 });
        sink += layout.shardTargets[0];
        next = next + 1 === OID_POOL ? 0 : next + 1;
      }
    },
  };
}

let key = 0x9e3779b9;

/** HASH_BATCH jump hash calls over `buckets` with a fresh key each (16 = domains here, 1024 = targets). */
function jumpCase(buckets: number): BenchCase {
  return {
    name: `jump hash, ${buckets} buckets`,
    itemsPerCall: HASH_BATCH,
    itemUnit: 'calls',
    fn: () => {
      let acc = 0;
      for (let i = 0; i < HASH_BATCH; i++) {
        key = (key + 0x6d2b79f5) >>> 0;
        acc += jumpHash(key ^ i, key, buckets);
      }
      sink += acc;
    },
  };
}

export const suite: BenchSuite = {
  name: 'placement',
  // Load average recorded because other processes sharing the 2 cores skew every figure.
  environment: () => ({ topology: `${TOPO.nodes}x${TOPO.enginesPerNode}x${TOPO.targetsPerEngine}=1024 targets`, loadavg1m: loadavg()[0].toFixed(2) }),
  cases: () => {
    const healthy = createPoolMap(TOPO);
    const degraded = excludeNode(healthy, 5);
    const warmPool = oids(WARM_OBJECTS);
    const warm = new JumpMapPlacer({ cacheEntriesMax: WARM_OBJECTS });
    for (const oid of warmPool) warm.layout(healthy, { oid, groupSize: 6, groupCount: 1 });
    const remapper = new JumpMapPlacer({ cacheEntriesMax: WARM_OBJECTS });
    let flip = false;
    return [
      jumpCase(16),
      jumpCase(1024),
      coldLayoutCase('layout EC_4P2G1 cold (cache miss)', healthy, 6),
      coldLayoutCase('layout RP_3G1 cold (cache miss)', healthy, 3),
      coldLayoutCase('layout EC_4P2G1 cold, one node excluded', degraded, 6),
      {
        name: 'layout EC_4P2G1 cached (1000 objects)',
        itemsPerCall: WARM_OBJECTS * 6,
        itemUnit: 'shards',
        fn: () => {
          for (const oid of warmPool) sink += warm.layout(healthy, { oid, groupSize: 6, groupCount: 1 }).shardTargets[5];
        },
      },
      {
        name: 'remap: exclude/reintegrate one node, 1000 EC_4P2G1 objects',
        itemsPerCall: WARM_OBJECTS * 6,
        itemUnit: 'shards',
        fn: () => {
          // Each call switches the map (a one-step change) and re-lays every cached object incrementally.
          flip = !flip;
          const map = flip ? degraded : healthy;
          for (const oid of warmPool) sink += remapper.layout(map, { oid, groupSize: 6, groupCount: 1 }).shardTargets[0];
        },
      },
    ];
  },
};
