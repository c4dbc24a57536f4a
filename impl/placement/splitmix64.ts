import { mul64 } from './uint64.ts';

/**
 * SplitMix64 (Steele, Lea & Flood 2014; constants as in Vigna's splitmix64.c) on uint32 halves.
 * Placement derives every per-object, per-shard key from it, so keys are well mixed even for
 * sequential OIDs.
 */
const GAMMA_HI = 0x9e3779b9;
const GAMMA_LO = 0x7f4a7c15;
const M1_HI = 0xbf58476d;
const M1_LO = 0x1ce4e5b9;
const M2_HI = 0x94d049bb;
const M2_LO = 0x133111eb;

/** The SplitMix64 finalizer: out = mix(z). */
export function mix64(zHi: number, zLo: number, out: Uint32Array): void {
  let hi = zHi >>> 0;
  let lo = zLo >>> 0;
  // z ^= z >>> 30
  lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
  hi = (hi ^ (hi >>> 30)) >>> 0;
  mul64(hi, lo, M1_HI, M1_LO, out);
  hi = out[0];
  lo = out[1];
  // z ^= z >>> 27
  lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
  hi = (hi ^ (hi >>> 27)) >>> 0;
  mul64(hi, lo, M2_HI, M2_LO, out);
  hi = out[0];
  lo = out[1];
  // z ^= z >>> 31
  out[1] = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  out[0] = (hi ^ (hi >>> 31)) >>> 0;
}

/**
 * Output number `index` (0-based) of a SplitMix64 generator seeded with `seed`:
 * mix(seed + (index + 1)·gamma). Random access, so a shard's key does not depend on other shards.
 */
export function splitmix64At(seedHi: number, seedLo: number, index: number, out: Uint32Array): void {
  mul64(0, (index + 1) >>> 0, GAMMA_HI, GAMMA_LO, out);
  const lo = (seedLo >>> 0) + out[1];
  const hi = ((seedHi >>> 0) + out[0] + (lo > 0xffff_ffff ? 1 : 0)) >>> 0;
  mix64(hi, lo >>> 0, out);
}
