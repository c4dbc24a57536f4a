import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gfMatrix, matrixInvert, matrixMultiply, selectRows } from './gf-matrix.ts';
import { cauchyEncodeMatrix } from './cauchy-matrix.ts';

/** Matrix inverse and products; does NOT check the Cauchy generator's values (cauchy-matrix.test.ts). */
function identity(n: number) {
  const m = gfMatrix(n, n);
  for (let i = 0; i < n; i++) m.entries[i * n + i] = 1;
  return m;
}

describe('GF(2^8) matrices', () => {
  it('inverts a known 2x2: [[1,1],[1,2]]^-1 * itself = I', () => {
    const m = gfMatrix(2, 2, Uint8Array.from([1, 1, 1, 2]));
    const inv = matrixInvert(m);
    expect(Array.from(matrixMultiply(m, inv).entries)).toEqual([1, 0, 0, 1]);
    expect(Array.from(matrixMultiply(inv, m).entries)).toEqual([1, 0, 0, 1]);
  });

  it('rejects singular and non-square matrices', () => {
    expect(() => matrixInvert(gfMatrix(2, 2, Uint8Array.from([3, 3, 3, 3])))).toThrow(/singular/);
    expect(() => matrixInvert(gfMatrix(2, 3))).toThrow(/cannot invert/);
  });

  it('every k-row subset of the Cauchy encode matrix is invertible, and B * B^-1 = I', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }).chain((k) =>
          fc.tuple(fc.constant(k), fc.integer({ min: 1, max: 4 })).chain(([k2, p]) =>
            fc.tuple(fc.constant(k2), fc.constant(p), fc.shuffledSubarray([...Array(k2 + p).keys()], { minLength: k2, maxLength: k2 })),
          ),
        ),
        ([k, p, rows]) => {
          const b = selectRows(cauchyEncodeMatrix(k, p), rows);
          const inv = matrixInvert(b);
          expect(Array.from(matrixMultiply(b, inv).entries)).toEqual(Array.from(identity(k).entries));
        },
      ),
      { seed: 0x5eed01, numRuns: 200 },
    );
  });
});
