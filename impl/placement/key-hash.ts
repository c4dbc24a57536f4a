/**
 * FNV-1a 64 of a dkey's UTF-8 bytes, computed on uint32 halves: the deterministic uint64 a dkey
 * hashes to before jump hash picks its group. (FNV-1a: offset basis 0xcbf29ce484222325,
 * prime 0x100000001b3 = 2^40 + 0x1b3.)
 */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const PRIME_LO = 0x1b3;
const TWO_POW_32 = 0x1_0000_0000;

/** Writes FNV-1a 64 of the UTF-8 encoding of `text` into out (out[0] = hi, out[1] = lo). */
export function fnv1a64Utf8(text: string, out: Uint32Array): void {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  const n = text.length;
  // One step: xor a byte into lo, then multiply by 2^40 + 0x1b3 mod 2^64.
  const step = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    const p = lo * PRIME_LO; // < 2^41: exact
    hi = (Math.imul(hi, PRIME_LO) + Math.floor(p / TWO_POW_32) + (lo << 8)) >>> 0;
    lo = p >>> 0;
  };
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    // A lone surrogate encodes as U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) step(c);
    else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  out[0] = hi;
  out[1] = lo;
}
