import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jumpHash, jumpHashBigInt } from './jump-hash.ts';

/** The paper's C listing transcribed with BigInt (written from the paper, independent of jump-hash.ts). */
function jumpFromPaper(key: bigint, buckets: number): number {
  const mask = (1n << 64n) - 1n;
  let b = -1n;
  let j = 0n;
  let k = key;
  while (j < BigInt(buckets)) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & mask;
    j = BigInt(Math.trunc((Number(b) + 1) * (2147483648 / (Number(k >> 33n) + 1))));
  }
  return Number(b);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('jump consistent hash', () => {
  it('reproduces published values for key 1, n = 1..19', () => {
    expect(range(19).map((n) => jumpHash(0, 1, n))).toEqual([0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17]);
  });
  it('reproduces published values for key 0xdeadbeef, n = 1..19', () => {
    expect(range(19).map((n) => jumpHash(0, 0xdeadbeef, n))).toEqual([0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16]);
  });
  it('reproduces jump(123456, 1000) = 984 and jump(256, 1024) = 520', () => {
    expect(jumpHash(0, 123456, 1000)).toBe(984);
    expect(jumpHash(0, 256, 1024)).toBe(520);
    expect(jumpHashBigInt(123456n, 1000)).toBe(984);
  });
  it('matches a BigInt transcription of the paper on random 64-bit keys', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 1 << 20 }), (key, buckets) => {
        const hi = Number(key >> 32n);
        const lo = Number(key & 0xffff_ffffn);
        expect(jumpHash(hi, lo, buckets)).toBe(jumpFromPaper(key, buckets));
        expect(jumpHashBigInt(key, buckets)).toBe(jumpFromPaper(key, buckets));
      }),
      { seed: 0x5eed_0001, numRuns: 3000 },
    );
  });
  it('is consistent: growing n to n+1 keeps the bucket or moves the key to bucket n', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 5000 }), (key, n) => {
        const before = jumpHashBigInt(key, n);
        const after = jumpHashBigInt(key, n + 1);
        expect(before >= 0 && before < n).toBe(true);
        expect(after === before || after === n).toBe(true);
      }),
      { seed: 0x5eed_0002, numRuns: 2000 },
    );
  });
  it('rejects bucket counts outside 1..2^31-1 and keys outside uint64', () => {
    expect(() => jumpHash(0, 1, 0)).toThrow();
    expect(() => jumpHash(0, 1, 2 ** 31)).toThrow();
    expect(() => jumpHashBigInt(-1n, 4)).toThrow(RangeError);
    expect(() => jumpHashBigInt(1n << 64n, 4)).toThrow(RangeError);
  });
});
