import { domainCount, targetsPerDomain, type DomainLevel } from './fault-domain.ts';
import { jumpHash } from './jump-hash.ts';
import { targetCount, type PoolTopology } from './pool-map.ts';
import { splitmix64At } from './splitmix64.ts';

/**
 * Optimized fallback search (layout.ts, "Remap"): walks a shard's fallback sequence lazily and
 * stops at the first in-service target not taken by an earlier shard of its group, never
 * materializing the sequence; when every in-service target of the sequence is taken, the first
 * in-service one. Not reentrant.
 *
 * Does NOT decide whether the shard needs a fallback (the caller checks its base target).
 */
export class FallbackFinder {
  private readonly targets: number;
  private readonly domains: number;
  private readonly perDomain: number;
  private readonly spare: Int32Array;
  private readonly key = new Uint32Array(2);

  constructor(topology: PoolTopology, level: DomainLevel) {
    this.targets = targetCount(topology);
    this.domains = domainCount(topology, level);
    this.perDomain = targetsPerDomain(topology, level);
    this.spare = new Int32Array(this.domains);
  }

  /**
   * Shard s's fallback target, or -1. inService[x] is 1 for UPIN/DRAIN. `placed` holds the targets
   * already chosen for the shards before s (at least those of its group, groupStart..s-1): a
   * fallback avoids them, so two shards of a group share a target only when the group's sequence
   * has no other in-service target.
   */
  find(inService: Uint8Array, base: readonly number[], placed: readonly number[], s: number, groupSize: number, seedHi: number, seedLo: number): number {
    const groupStart = s - (s % groupSize);
    const free = this.findAvoiding(inService, base, placed, groupStart, s, s, groupSize, seedHi, seedLo);
    return free >= 0 || groupStart === s ? free : this.findAvoiding(inService, base, placed, groupStart, groupStart, s, groupSize, seedHi, seedLo);
  }

  /** First in-service target of shard s's fallback sequence outside placed[takenFrom..takenTo), or -1. */
  private findAvoiding(inService: Uint8Array, base: readonly number[], placed: readonly number[], takenFrom: number, takenTo: number, s: number, groupSize: number, seedHi: number, seedLo: number): number {
    const T = this.targets;
    const D = this.domains;
    const Td = this.perDomain;
    const n = base.length;
    const g = Math.floor(s / groupSize);
    const i = s - g * groupSize;
    const groupStart = g * groupSize;
    const groupEnd = groupStart + groupSize;
    const key = this.key;

    splitmix64At(seedHi, seedLo, 3 * n + g, key);
    const spareStart = jumpHash(key[0], key[1], D);
    const spare = this.spare;
    let spareCount = 0;
    for (let k = 0, d = spareStart; k < D; k++, d = d + 1 === D ? 0 : d + 1) {
      let inBase = false;
      for (let j = groupStart; j < groupEnd; j++) {
        if (Math.floor(base[j] / Td) === d) {
          inBase = true;
          break;
        }
      }
      if (!inBase) spare[spareCount++] = d;
    }

    splitmix64At(seedHi, seedLo, 3 * s + 2, key);
    const keyHi = key[0];
    const keyLo = key[1];
    const slot0 = jumpHash(keyHi, keyLo, Td);
    // Stage 1: the shard's own, disjoint share of the spare domains.
    for (let j = i; j < spareCount; j += groupSize) {
      const x = this.scanDomain(inService, spare[j], slot0, base, groupStart, groupStart, placed, takenFrom, takenTo);
      if (x >= 0) return x;
    }
    // Stage 2: the shard's own base domain, never onto a base target of its group.
    const own = this.scanDomain(inService, Math.floor(base[s] / Td), slot0, base, groupStart, groupEnd, placed, takenFrom, takenTo);
    if (own >= 0) return own;
    // Stage 3: any spare domain, starting from the shard's own share.
    for (let k = 0; k < spareCount; k++) {
      const x = this.scanDomain(inService, spare[(i + k) % spareCount], slot0, base, groupStart, groupStart, placed, takenFrom, takenTo);
      if (x >= 0) return x;
    }
    // Stage 4: anywhere but the group's base targets.
    const x0 = jumpHash(keyHi, keyLo, T);
    for (let k = 0, x = x0; k < T; k++, x = x + 1 === T ? 0 : x + 1) {
      if (inService[x] === 1 && !contains(base, groupStart, groupEnd, x) && !contains(placed, takenFrom, takenTo, x)) return x;
    }
    return -1;
  }

  /** First in-service target of domain d in slot order from slot0, skipping base[skipFrom..skipTo) and placed[takenFrom..takenTo). */
  private scanDomain(inService: Uint8Array, d: number, slot0: number, base: readonly number[], skipFrom: number, skipTo: number, placed: readonly number[], takenFrom: number, takenTo: number): number {
    const Td = this.perDomain;
    const first = d * Td;
    for (let k = 0, slot = slot0; k < Td; k++, slot = slot + 1 === Td ? 0 : slot + 1) {
      const x = first + slot;
      if (inService[x] === 1 && !contains(base, skipFrom, skipTo, x) && !contains(placed, takenFrom, takenTo, x)) return x;
    }
    return -1;
  }
}

function contains(values: readonly number[], from: number, to: number, x: number): boolean {
  for (let j = from; j < to; j++) if (values[j] === x) return true;
  return false;
}
