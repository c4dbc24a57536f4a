import { describe, expect, it } from 'vitest';
import { GF_EXP, GF_LOG, gfInv, gfMul, gfMulSlow } from './gf256.ts';

/** The field against its definition and published values. Does NOT check matrices or kernels. */
describe('GF(2^8) over 0x11d', () => {
  it('table multiply equals the shift-and-reduce definition for all 65536 pairs', () => {
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        if (gfMul(a, b) !== gfMulSlow(a, b)) throw new Error(`gfMul(${a}, ${b}) = ${gfMul(a, b)}, definition gives ${gfMulSlow(a, b)}`);
      }
    }
  });

  it('reduces x^8 to x^4+x^3+x^2+1', () => {
    expect(gfMulSlow(2, 0x80)).toBe(0x1d);
    expect(gfMul(2, 0x80)).toBe(0x1d);
  });

  it('has the inverses ISA-L uses for the 2+1 parity row', () => {
    // From the ISA-L vector file: gf_inv(2) = 142, gf_inv(3) = 244.
    expect(gfInv(2)).toBe(142);
    expect(gfInv(3)).toBe(244);
  });

  it('a * inv(a) = 1 for every non-zero a, and 0 has no inverse', () => {
    for (let a = 1; a < 256; a++) expect(gfMulSlow(a, gfInv(a))).toBe(1);
    expect(() => gfInv(0)).toThrow(/no inverse/);
  });

  it('2 generates all 255 non-zero elements', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 255; i++) seen.add(GF_EXP[i]);
    expect(seen.size).toBe(255);
    expect(seen.has(0)).toBe(false);
    for (let a = 1; a < 256; a++) expect(GF_EXP[GF_LOG[a]]).toBe(a);
  });

  it('rejects values outside a byte', () => {
    expect(() => gfMul(256, 1)).toThrow(RangeError);
    expect(() => gfMul(-1, 1)).toThrow(RangeError);
    expect(() => gfMul(1.5, 1)).toThrow(RangeError);
  });
});
