/**
 * Arithmetic in GF(2^8) with the polynomial x^8+x^4+x^3+x^2+1 (0x11d) and generator 2, the field
 * ISA-L and DAOS use. Tables are built once at module load from the definition; gfMulSlow is the
 * carry-less definition itself, kept as the reference the tables are tested against.
 */

export const GF_POLY = 0x11d;

/** exp[i] = 2^i for i in 0..509, doubled so exp[log a + log b] needs no modulo. */
export const GF_EXP: Uint8Array = new Uint8Array(512);
/** log[a] for a in 1..255; log[0] is unused (0 has no logarithm). */
export const GF_LOG: Uint8Array = new Uint8Array(256);

function buildTables(): void {
  let x = 1;
  for (let i = 0; i < 255; i++) {
    GF_EXP[i] = x;
    GF_LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= GF_POLY;
  }
  // 2 generates the multiplicative group: after 255 steps we are back at 1.
  if (x !== 1) throw new Error('GF(2^8): 2 is not a generator of 0x11d');
  for (let i = 255; i < 512; i++) GF_EXP[i] = GF_EXP[i - 255];
}
buildTables();

function assertByte(a: number): void {
  if (!Number.isInteger(a) || a < 0 || a > 255) throw new RangeError(`GF(2^8) element out of range: ${a}`);
}

export function gfMul(a: number, b: number): number {
  assertByte(a);
  assertByte(b);
  if (a === 0 || b === 0) return 0;
  return GF_EXP[GF_LOG[a] + GF_LOG[b]];
}

export function gfInv(a: number): number {
  assertByte(a);
  if (a === 0) throw new RangeError('GF(2^8): 0 has no inverse');
  return GF_EXP[255 - GF_LOG[a]];
}

/** Shift-and-add multiply with reduction by 0x11d: the definition, slow on purpose. */
export function gfMulSlow(a: number, b: number): number {
  assertByte(a);
  assertByte(b);
  let product = 0;
  let shifted = a;
  for (let bit = 0; bit < 8; bit++) {
    if ((b >> bit) & 1) product ^= shifted;
    shifted <<= 1;
    if (shifted & 0x100) shifted ^= GF_POLY;
  }
  return product;
}
