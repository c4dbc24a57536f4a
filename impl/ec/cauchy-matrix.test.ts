import { describe, expect, it } from 'vitest';
import { cauchyEncodeMatrix } from './cauchy-matrix.ts';
import vectors from './fixtures/isal-vectors.json' with { type: 'json' };

/** The encode matrix against ISA-L's published rows. Does NOT check encoding itself. */
describe('ISA-L gf_gen_cauchy1_matrix', () => {
  it('2+1 parity row is [142, 244], not XOR', () => {
    const m = cauchyEncodeMatrix(2, 1);
    expect(Array.from(m.entries)).toEqual([1, 0, 0, 1, 142, 244]);
  });

  it('matches the parity rows of every ISA-L vector', () => {
    for (const v of vectors.vectors) {
      const m = cauchyEncodeMatrix(v.k, v.p);
      expect(m.rows).toBe(v.k + v.p);
      for (let r = 0; r < v.p; r++) {
        expect(Array.from(m.entries.subarray((v.k + r) * v.k, (v.k + r + 1) * v.k))).toEqual(v.parity_rows[r]);
      }
    }
  });

  it('starts with k identity rows', () => {
    const m = cauchyEncodeMatrix(5, 3);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(m.entries[i * 5 + j]).toBe(i === j ? 1 : 0);
  });

  it('rejects shapes that do not fit the field', () => {
    expect(() => cauchyEncodeMatrix(0, 1)).toThrow(RangeError);
    expect(() => cauchyEncodeMatrix(2, 0)).toThrow(RangeError);
    expect(() => cauchyEncodeMatrix(200, 57)).toThrow(/<= 256/);
    expect(cauchyEncodeMatrix(200, 56).rows).toBe(256);
  });
});
