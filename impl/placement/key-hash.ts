/**
 * FNV-1a 64 of a dkey's UTF-8 bytes, computed on uint32 halves: the deterministic uint64 a dkey
 * hashes to before jump hash picks its group. (FNV-1a: offset basis 0xcbf29ce484222325,
 * prime 0x100000001b3 = 2^40 + 0x1b3.)
 */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const PRIME_LO = 0x1b3;
const TWO_POW_32 = 0x1_0000_0000;

/**
 * One step on the hash held in `h` (h[0] = hi, h[1] = lo): xor a byte into lo, then multiply by
 * 2^40 + 0x1b3 mod 2^64. The state lives in the caller's array, not in a closure: this runs for
 * every byte of every dkey placed, and a closure per call was allocated garbage.
 */
function step(h: Uint32Array, byte: number): void {
  const lo = (h[1] ^ byte) >>> 0;
  const p = lo * PRIME_LO; // < 2^41: exact
  h[0] = (Math.imul(h[0], PRIME_LO) + Math.floor(p / TWO_POW_32) + (lo << 8)) >>> 0;
  h[1] = p >>> 0;
}

/** Writes FNV-1a 64 of the UTF-8 encoding of `text` into out (out[0] = hi, out[1] = lo). */
export function fnv1a64Utf8(text: string, out: Uint32Array): void {
  out[0] = OFFSET_HI;
  out[1] = OFFSET_LO;
  const n = text.length;
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
    if (c < 0x80) step(out, c);
    else if (c < 0x800) {
      step(out, 0xc0 | (c >> 6));
      step(out, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(out, 0xe0 | (c >> 12));
      step(out, 0x80 | ((c >> 6) & 0x3f));
      step(out, 0x80 | (c & 0x3f));
    } else {
      step(out, 0xf0 | (c >> 18));
      step(out, 0x80 | ((c >> 12) & 0x3f));
      step(out, 0x80 | ((c >> 6) & 0x3f));
      step(out, 0x80 | (c & 0x3f));
    }
  }
}
