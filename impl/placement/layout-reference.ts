import { decodeOid } from '../../contract/objclass.ts';
import { domainCount, domainOfTarget, targetsPerDomain, type DomainLevel } from './fault-domain.ts';
import { checkLayoutRequest, type LayoutRequest, type ObjectLayout } from './layout.ts';
import { targetCount, type PoolMap, type PoolTopology } from './pool-map.ts';
import { isInService } from './target-state.ts';

/**
 * Deliberately slow reference for the jump-map layout rules in layout.ts: BigInt arithmetic, Sets,
 * every fallback sequence built out in full, everything recomputed from scratch on every call.
 * It exists to be obviously faithful to the rules; the differential tests hold the optimized
 * JumpMapPlacer to it. It shares no hashing or layout code with the optimized path (only the
 * topology helpers and the state predicate).
 *
 * Does NOT check the layout's quality (domain distinctness, balance): the property tests do.
 */

const U64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

function mix64(z: bigint): bigint {
  z = (z ^ (z >> 30n)) & U64;
  z = (z * 0xbf58476d1ce4e5b9n) & U64;
  z = (z ^ (z >> 27n)) & U64;
  z = (z * 0x94d049bb133111ebn) & U64;
  return z ^ (z >> 31n);
}

function keyAt(seed: bigint, index: number): bigint {
  return mix64((seed + BigInt(index + 1) * GAMMA) & U64);
}

/** Jump hash straight from the paper's C listing, in BigInt. */
export function jumpHashReference(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  let k = key & U64;
  while (j < BigInt(buckets)) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & U64;
    j = BigInt(Math.floor(Number(b + 1n) * (Number(1n << 31n) / Number((k >> 33n) + 1n))));
  }
  return Number(b);
}

function objectKey(request: LayoutRequest): bigint {
  const fields = decodeOid(request.oid);
  if (!fields) throw new RangeError(`not an OID: ${request.oid.hi}.${request.oid.lo}`);
  return mix64(mix64(BigInt(request.oid.hi)) ^ BigInt(request.oid.lo));
}

function domainTargets(topology: PoolTopology, level: DomainLevel, d: number): number[] {
  const td = targetsPerDomain(topology, level);
  return Array.from({ length: td }, (_, k) => d * td + k);
}

/** Slots of domain d in cyclic order starting at jump(key, Td). */
function slotOrder(topology: PoolTopology, level: DomainLevel, d: number, key: bigint): number[] {
  const all = domainTargets(topology, level, d);
  const start = jumpHashReference(key, all.length);
  return all.map((_, k) => all[(start + k) % all.length]);
}

/** The base layout of layout.ts, from scratch. */
export function referenceBaseLayout(topology: PoolTopology, request: LayoutRequest): number[] {
  checkLayoutRequest(request);
  const level = request.level ?? 'node';
  const seed = objectKey(request);
  const T = targetCount(topology);
  const D = domainCount(topology, level);
  const gs = request.groupSize;
  const n = gs * request.groupCount;
  const used = new Set<number>();
  const round = new Set<number>();
  const out: number[] = [];
  for (let s = 0; s < n; s++) {
    const g = Math.floor(s / gs);
    if (used.size === T) {
      used.clear();
      round.clear();
    }
    const groupSoFar = out.slice(g * gs);
    const groupDomains = new Set(groupSoFar.map((x) => domainOfTarget(topology, x, level)));
    const hasFree = (d: number) => domainTargets(topology, level, d).some((x) => !used.has(x));
    const d0 = jumpHashReference(keyAt(seed, 3 * s), D);
    const order = Array.from({ length: D }, (_, k) => (d0 + k) % D);
    const tiers: Array<(d: number) => boolean> = [
      (d) => !groupDomains.has(d) && hasFree(d) && !round.has(d),
      (d) => !groupDomains.has(d) && hasFree(d),
      (d) => !groupDomains.has(d),
      (d) => hasFree(d),
    ];
    let domain = d0;
    for (const tier of tiers) {
      const found = order.find(tier);
      if (found !== undefined) {
        domain = found;
        break;
      }
    }
    round.add(domain);
    if (round.size === D) round.clear();
    const slots = slotOrder(topology, level, domain, keyAt(seed, 3 * s + 1));
    const target = slots.find((x) => !used.has(x)) ?? slots.find((x) => !groupSoFar.includes(x)) ?? slots[0];
    out.push(target);
    used.add(target);
  }
  return out;
}

/** The full fallback sequence of shard s (layout.ts, stages 1-4), duplicates and all. */
export function referenceFallbackSequence(topology: PoolTopology, request: LayoutRequest, base: readonly number[], s: number): number[] {
  const level = request.level ?? 'node';
  const seed = objectKey(request);
  const T = targetCount(topology);
  const D = domainCount(topology, level);
  const gs = request.groupSize;
  const n = base.length;
  const g = Math.floor(s / gs);
  const i = s % gs;
  const groupBase = base.slice(g * gs, (g + 1) * gs);
  const baseDomains = new Set(groupBase.map((x) => domainOfTarget(topology, x, level)));
  const spareStart = jumpHashReference(keyAt(seed, 3 * n + g), D);
  const spare: number[] = [];
  for (let k = 0; k < D; k++) {
    const d = (spareStart + k) % D;
    if (!baseDomains.has(d)) spare.push(d);
  }
  const fallbackKey = keyAt(seed, 3 * s + 2);
  const seq: number[] = [];
  for (let j = i; j < spare.length; j += gs) seq.push(...slotOrder(topology, level, spare[j], fallbackKey));
  const own = domainOfTarget(topology, base[s], level);
  seq.push(...slotOrder(topology, level, own, fallbackKey).filter((x) => !groupBase.includes(x)));
  for (let k = 0; k < spare.length; k++) seq.push(...slotOrder(topology, level, spare[(i + k) % spare.length], fallbackKey));
  const x0 = jumpHashReference(fallbackKey, T);
  for (let k = 0; k < T; k++) {
    const x = (x0 + k) % T;
    if (!groupBase.includes(x)) seq.push(x);
  }
  return seq;
}

/** The layout of an object on `map`, recomputed from nothing. */
export function referenceLayout(map: PoolMap, request: LayoutRequest): ObjectLayout {
  const base = referenceBaseLayout(map, request);
  const placed: number[] = [];
  base.forEach((target, s) => {
    if (isInService(map.states[target])) {
      placed.push(target);
      return;
    }
    // The first in-service target apart from the group's other shards (its target and its domain),
    // else the first no earlier shard took, else the first in service (layout.ts, "Remap").
    const level = request.level ?? 'node';
    const groupStart = s - (s % request.groupSize);
    const taken = placed.slice(groupStart, s);
    const later = base.slice(s + 1, groupStart + request.groupSize).filter((x) => isInService(map.states[x]));
    const usedDomains = new Set([...taken.filter((x) => x >= 0), ...later].map((x) => domainOfTarget(map, x, level)));
    const inService = referenceFallbackSequence(map, request, base, s).filter((x) => isInService(map.states[x]));
    const apart = inService.find((x) => !taken.includes(x) && !usedDomains.has(domainOfTarget(map, x, level)));
    placed.push(apart ?? inService.find((x) => !taken.includes(x)) ?? inService[0] ?? -1);
  });
  const remapped: number[] = [];
  placed.forEach((x, s) => {
    if (x !== base[s]) remapped.push(s);
  });
  return { groupSize: request.groupSize, groupCount: request.groupCount, shardTargets: placed, baseTargets: base, remappedShards: remapped };
}
