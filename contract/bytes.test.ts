import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from './bytes.ts';

describe('bytesEqual', () => {
  it('agrees with a byte-by-byte comparison on every length and alignment (word and byte loops)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 160, max: 3 }), fc.nat({ max: 7 }), fc.nat({ max: 7 }), fc.nat({ max: 200 }), (bytes, skipA, skipB, flip) => {
        const a = bytes.subarray(Math.min(skipA, bytes.length));
        // A copy at another offset, sometimes with one byte changed.
        const buffer = new Uint8Array(a.length + skipB);
        buffer.set(a, skipB);
        const b = buffer.subarray(skipB);
        if (flip < b.length) b[flip] ^= 1;
        const plain = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(bytesEqual(a, b)).toBe(plain);
      }),
      { numRuns: 2000, seed: 20261203 },
    );
    expect(bytesEqual(new Uint8Array(64), new Uint8Array(65))).toBe(false);
  });
});
