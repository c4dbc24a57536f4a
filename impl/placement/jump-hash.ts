/**
 * Lamping & Veach's jump consistent hash ("A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014): maps a uint64 key to a bucket in [0, buckets) so that growing `buckets` by one moves only
 * 1/buckets of the keys.
 *
 * The 64-bit LCG step key = key·2862933555777941757 + 1 runs on uint32 halves (no BigInt on the
 * hot path); the bucket step uses doubles exactly as the published C code does, so results match
 * bit for bit.
 */

// 2862933555777941757 = 0x27BB2EE6_87B0B0FD. The halves are kept as int32 bit patterns and the low
// word is also split into 16-bit limbs, so every product is an exact Math.imul and V8 can keep
// the whole loop in 32-bit integer registers (no float conversions, no overflow deopts).
const C_HI = 0x27bb2ee6 | 0;
const C_LO = 0x87b0b0fd | 0;
const C_LO_0 = 0xb0fd;
const C_LO_1 = 0x87b0;
const TWO_POW_31 = 2147483648;

/** Largest bucket count: the reference signature takes an int32. */
export const JUMP_BUCKETS_MAX = 0x7fff_ffff;

/** Bucket of the key (keyHi·2^32 + keyLo) among `buckets`. */
export function jumpHash(keyHi: number, keyLo: number, buckets: number): number {
  // Checked inline rather than through assert(), whose message argument is built on every call.
  if (!(buckets >= 1 && buckets <= JUMP_BUCKETS_MAX && Math.floor(buckets) === buckets)) throw new RangeError(`jump hash bucket count ${buckets}`);
  let hi = keyHi | 0;
  let lo = keyLo | 0;
  let b = -1;
  let j = 0;
  // Bounded: (hi >>> 1) + 1 <= 2^31, so j >= b + 1 each round and the loop runs at most `buckets` times.
  while (j < buckets) {
    b = j;
    // key = key·C + 1 (mod 2^64). Low word of lo·C_LO from 16-bit limbs; its carry goes to hi.
    const l0 = lo & 0xffff;
    const l1 = lo >>> 16;
    const p00 = Math.imul(l0, C_LO_0);
    const p01 = Math.imul(l0, C_LO_1);
    const p10 = Math.imul(l1, C_LO_0);
    const p11 = Math.imul(l1, C_LO_1);
    const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    const newLo = (((mid << 16) | (p00 & 0xffff)) + 1) | 0;
    const carry = newLo === 0 ? 1 : 0; // the "+ 1" wrapped the low word
    hi = (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(lo, C_HI) + Math.imul(hi, C_LO) + carry) | 0;
    lo = newLo;
    // As the C code: double division by ((key >> 33) + 1), then truncation.
    j = Math.floor((b + 1) * (TWO_POW_31 / ((hi >>> 1) + 1)));
  }
  return b;
}

const U64_MAX = (1n << 64n) - 1n;

/** Convenience wrapper for a bigint key in [0, 2^64). Not for hot paths. */
export function jumpHashBigInt(key: bigint, buckets: number): number {
  if (key < 0n || key > U64_MAX) throw new RangeError(`jump hash key ${key} is not a uint64`);
  return jumpHash(Number(key >> 32n), Number(key & 0xffff_ffffn), buckets);
}
