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
  /** Per domain: 1 when another shard of the group being placed is in it (see find). */
  private readonly usedDomains: Uint8Array;
  private readonly key = new Uint32Array(2);
  // The shard being placed (set by `begin`, read by every pass of `find`).
  private spareCount = 0;
  private slot0 = 0;
  private x0 = 0;

  constructor(topology: PoolTopology, level: DomainLevel) {
    this.targets = targetCount(topology);
    this.domains = domainCount(topology, level);
    this.perDomain = targetsPerDomain(topology, level);
    this.spare = new Int32Array(this.domains);
    this.usedDomains = new Uint8Array(this.domains);
  }

  /**
   * Shard s's fallback target, or -1. inService[x] is 1 for UPIN/DRAIN. `placed` holds the targets
   * already chosen for the shards before s (at least those of its group, groupStart..s-1). The
   * first in-service target of the sequence that, in order of preference:
   *  1. no other shard of the group is on, in a fault domain none of them is in (the group's
   *     earlier shards where they were placed, its later ones on their base targets if in service);
   *  2. no earlier shard of the group is on;
   *  3. is in service at all.
   * So two shards of a group share a domain only when too few domains serve, and a target only when
   * too few targets do.
   */
  find(inService: Uint8Array, base: readonly number[], placed: readonly number[], s: number, groupSize: number, seedHi: number, seedLo: number): number {
    const groupStart = s - (s % groupSize);
    this.begin(base, s, groupStart, groupSize, seedHi, seedLo);
    const Td = this.perDomain;
    const used = this.usedDomains;
    used.fill(0);
    for (let j = groupStart; j < s; j++) if (placed[j] >= 0) used[Math.floor(placed[j] / Td)] = 1;
    for (let j = s + 1; j < groupStart + groupSize; j++) if (inService[base[j]] === 1) used[Math.floor(base[j] / Td)] = 1;
    const apart = this.firstInSequence(inService, base, placed, s, groupStart, groupSize, s, true);
    if (apart >= 0) return apart;
    const free = this.firstInSequence(inService, base, placed, s, groupStart, groupSize, s, false);
    return free >= 0 || groupStart === s ? free : this.firstInSequence(inService, base, placed, s, groupStart, groupSize, groupStart, false);
  }

  /** The parts of shard s's fallback sequence that every pass of `find` walks: spare domains and slot starts. */
  private begin(base: readonly number[], s: number, groupStart: number, groupSize: number, seedHi: number, seedLo: number): void {
    const D = this.domains;
    const Td = this.perDomain;
    const groupEnd = groupStart + groupSize;
    const key = this.key;
    splitmix64At(seedHi, seedLo, 3 * base.length + groupStart / groupSize, key);
    const spareStart = jumpHash(key[0], key[1], D);
    let spareCount = 0;
    for (let k = 0, d = spareStart; k < D; k++, d = d + 1 === D ? 0 : d + 1) {
      let inBase = false;
      for (let j = groupStart; j < groupEnd; j++) {
        if (Math.floor(base[j] / Td) === d) {
          inBase = true;
          break;
        }
      }
      if (!inBase) this.spare[spareCount++] = d;
    }
    this.spareCount = spareCount;
    splitmix64At(seedHi, seedLo, 3 * s + 2, key);
    this.slot0 = jumpHash(key[0], key[1], Td);
    this.x0 = jumpHash(key[0], key[1], this.targets);
  }

  /**
   * First in-service target of shard s's fallback sequence (prepared by `begin`) outside
   * placed[groupStart..takenTo) and, when `apart`, outside the domains marked in usedDomains; or -1.
   */
  private firstInSequence(inService: Uint8Array, base: readonly number[], placed: readonly number[], s: number, groupStart: number, groupSize: number, takenTo: number, apart: boolean): number {
    const T = this.targets;
    const Td = this.perDomain;
    const i = s - groupStart;
    const groupEnd = groupStart + groupSize;
    const spare = this.spare;
    const spareCount = this.spareCount;
    const slot0 = this.slot0;
    // Stage 1: the shard's own, disjoint share of the spare domains.
    for (let j = i; j < spareCount; j += groupSize) {
      const x = this.scanDomain(inService, spare[j], slot0, base, groupStart, groupStart, placed, takenTo, apart);
      if (x >= 0) return x;
    }
    // Stage 2: the shard's own base domain, never onto a base target of its group.
    const own = this.scanDomain(inService, Math.floor(base[s] / Td), slot0, base, groupStart, groupEnd, placed, takenTo, apart);
    if (own >= 0) return own;
    // Stage 3: any spare domain, starting from the shard's own share.
    for (let k = 0; k < spareCount; k++) {
      const x = this.scanDomain(inService, spare[(i + k) % spareCount], slot0, base, groupStart, groupStart, placed, takenTo, apart);
      if (x >= 0) return x;
    }
    // Stage 4: anywhere but the group's base targets.
    for (let k = 0, x = this.x0; k < T; k++, x = x + 1 === T ? 0 : x + 1) {
      if (inService[x] === 1 && !contains(base, groupStart, groupEnd, x) && !contains(placed, groupStart, takenTo, x) && !(apart && this.usedDomains[Math.floor(x / Td)] === 1)) return x;
    }
    return -1;
  }

  /**
   * First in-service target of domain d in slot order from slot0, skipping base[skipFrom..skipTo) and
   * placed[skipFrom..takenTo); none in a domain marked used when `apart`.
   */
  private scanDomain(inService: Uint8Array, d: number, slot0: number, base: readonly number[], skipFrom: number, skipTo: number, placed: readonly number[], takenTo: number, apart: boolean): number {
    if (apart && this.usedDomains[d] === 1) return -1;
    const Td = this.perDomain;
    const first = d * Td;
    for (let k = 0, slot = slot0; k < Td; k++, slot = slot + 1 === Td ? 0 : slot + 1) {
      const x = first + slot;
      if (inService[x] === 1 && !contains(base, skipFrom, skipTo, x) && !contains(placed, skipFrom, takenTo, x)) return x;
    }
    return -1;
  }
}

function contains(values: readonly number[], from: number, to: number, x: number): boolean {
  for (let j = from; j < to; j++) if (values[j] === x) return true;
  return false;
}
