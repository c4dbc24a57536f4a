/**
 * Helpers shared by this directory's tests (not exported from index.ts). The LCG is the data
 * generator the ISA-L vector file describes, so tests can regenerate the vectors' data.
 */
export function isalLcgBytes(seed: number, lengthBytes: number): Uint8Array {
  const out = new Uint8Array(lengthBytes);
  let state = seed >>> 0;
  for (let i = 0; i < lengthBytes; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new RangeError('odd hex length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RangeError('xorBytes: lengths differ');
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

/**
 * Asserts byte equality fast; vitest's deep equality walks typed arrays element by element
 * through generic code, which is far too slow for shard-sized arrays. Reports the first difference.
 */
export function expectSameBytes(actual: Uint8Array | null | undefined, expected: Uint8Array, label = 'bytes'): void {
  if (actual === null || actual === undefined) throw new Error(`${label}: missing (expected ${expected.length} bytes)`);
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) throw new Error(`${label}: first difference at byte ${i}: ${actual[i]} vs expected ${expected[i]}`);
  }
}
