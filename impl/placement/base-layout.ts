import { assert } from './assert.ts';
import { domainCount, targetsPerDomain, type DomainLevel } from './fault-domain.ts';
import { jumpHash } from './jump-hash.ts';
import { targetCount, type PoolTopology } from './pool-map.ts';
import { splitmix64At } from './splitmix64.ts';

/**
 * Optimized base layout (layout.ts rules) for one topology and domain level, with reusable
 * scratch bitmaps so a layout allocates only its result. Not reentrant: one builder per placer.
 *
 * Does NOT look at target states: the base layout is the all-UPIN layout (remap is separate).
 */
export class BaseLayoutBuilder {
  readonly targets: number;
  readonly domains: number;
  readonly perDomain: number;
  private readonly targetUsed: Uint8Array;
  private readonly domainUsedTargets: Int32Array;
  private readonly domainInRound: Uint8Array;
  private readonly key = new Uint32Array(2);

  constructor(topology: PoolTopology, readonly level: DomainLevel) {
    this.targets = targetCount(topology);
    this.domains = domainCount(topology, level);
    this.perDomain = targetsPerDomain(topology, level);
    assert(this.domains * this.perDomain === this.targets, 'domains tile the targets');
    this.targetUsed = new Uint8Array(this.targets);
    this.domainUsedTargets = new Int32Array(this.domains);
    this.domainInRound = new Uint8Array(this.domains);
  }

  /** Base target of every shard, shard s = group·groupSize + index. */
  build(seedHi: number, seedLo: number, groupSize: number, groupCount: number): number[] {
    const T = this.targets;
    const D = this.domains;
    const Td = this.perDomain;
    const n = groupSize * groupCount;
    const out = new Array<number>(n);
    const key = this.key;
    const used = this.targetUsed;
    const domUsed = this.domainUsedTargets;
    const inRound = this.domainInRound;
    used.fill(0);
    domUsed.fill(0);
    inRound.fill(0);
    let usedCount = 0;
    let roundCount = 0;
    for (let s = 0; s < n; s++) {
      const groupStart = s - (s % groupSize);
      if (usedCount === T) {
        used.fill(0);
        domUsed.fill(0);
        inRound.fill(0);
        usedCount = 0;
        roundCount = 0;
      }
      splitmix64At(seedHi, seedLo, 3 * s, key);
      const d0 = jumpHash(key[0], key[1], D);
      let tier2 = -1;
      let tier3 = -1;
      let tier4 = -1;
      let domain = -1;
      for (let k = 0, d = d0; k < D; k++, d = d + 1 === D ? 0 : d + 1) {
        const free = domUsed[d] < Td;
        let inGroup = false;
        for (let j = groupStart; j < s; j++) {
          if (Math.floor(out[j] / Td) === d) {
            inGroup = true;
            break;
          }
        }
        if (!inGroup && free && inRound[d] === 0) {
          domain = d;
          break;
        }
        if (!inGroup && free && tier2 < 0) tier2 = d;
        if (!inGroup && tier3 < 0) tier3 = d;
        if (free && tier4 < 0) tier4 = d;
      }
      if (domain < 0) domain = tier2 >= 0 ? tier2 : tier3 >= 0 ? tier3 : tier4 >= 0 ? tier4 : d0;
      if (inRound[domain] === 0) {
        inRound[domain] = 1;
        roundCount++;
        if (roundCount === D) {
          inRound.fill(0);
          roundCount = 0;
        }
      }
      splitmix64At(seedHi, seedLo, 3 * s + 1, key);
      const first = domain * Td;
      const t0 = jumpHash(key[0], key[1], Td);
      let target = -1;
      let notInGroup = -1;
      for (let k = 0, slot = t0; k < Td; k++, slot = slot + 1 === Td ? 0 : slot + 1) {
        const x = first + slot;
        if (used[x] === 0) {
          target = x;
          break;
        }
        if (notInGroup < 0 && !includes(out, groupStart, s, x)) notInGroup = x;
      }
      if (target < 0) target = notInGroup >= 0 ? notInGroup : first + t0;
      out[s] = target;
      if (used[target] === 0) {
        used[target] = 1;
        usedCount++;
        domUsed[domain]++;
      }
    }
    return out;
  }
}

function includes(values: readonly number[], from: number, to: number, x: number): boolean {
  for (let j = from; j < to; j++) if (values[j] === x) return true;
  return false;
}
