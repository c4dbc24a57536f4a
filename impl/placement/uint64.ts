/**
 * Exact unsigned 64-bit arithmetic on (hi, lo) uint32 halves, without BigInt, for hot paths.
 * Results go into a caller-owned Uint32Array `out` (out[0] = hi, out[1] = lo) so nothing allocates.
 */

/** out = (a · b) mod 2^64. The low 32×32 product is split into 16-bit limbs so every partial stays exact in a double. */
export function mul64(aHi: number, aLo: number, bHi: number, bLo: number, out: Uint32Array): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  out[1] = ((mid << 16) | (p00 & 0xffff)) >>> 0;
  out[0] = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) >>> 0;
}

/** out = (a + b) mod 2^64. */
export function add64(aHi: number, aLo: number, bHi: number, bLo: number, out: Uint32Array): void {
  const lo = (aLo >>> 0) + (bLo >>> 0);
  out[1] = lo >>> 0;
  out[0] = ((aHi >>> 0) + (bHi >>> 0) + (lo > 0xffff_ffff ? 1 : 0)) >>> 0;
}

/**
 * Parses a decimal uint64 (as in an Oid) into out. Returns false for anything that is not 1..20
 * decimal digits or exceeds 2^64 - 1.
 */
export function parseU64Decimal(text: string, out: Uint32Array): boolean {
  const n = text.length;
  if (n < 1 || n > 20) return false;
  let hi = 0;
  let lo = 0;
  // Six digits at a time: lo·10^6 + chunk < 2^52 and hi·10^6 + carry < 2^52 stay exact in doubles.
  for (let i = 0; i < n; ) {
    const end = Math.min(n, i + 6);
    let chunk = 0;
    let scale = 1;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return false;
      chunk = chunk * 10 + d;
      scale *= 10;
    }
    const loTimes = lo * scale + chunk;
    const carry = Math.floor(loTimes / 0x1_0000_0000);
    lo = loTimes >>> 0;
    hi = hi * scale + carry;
    if (hi > 0xffff_ffff) return false;
  }
  out[0] = hi;
  out[1] = lo;
  return true;
}
