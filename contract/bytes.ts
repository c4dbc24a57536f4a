/**
 * Byte equality of two arrays, shared by both sides of the harness: the runner compares read
 * outcomes with it (properties/normalize.ts) and the engine's parity invariant compares cells
 * (impl/engine/invariants/ec-invariants.ts). Both compare whole EC cells (up to 64 KiB) op after op,
 * so it reads four bytes at a time where both arrays are 4-aligned (cells usually are) and long
 * enough to pay for the word views (`.buffer` moves a small typed array's bytes off V8's heap).
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.length >= 64 && a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >>> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i = words << 2;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
