import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec } from './codec.ts';
import { gfMatrix } from './gf-matrix.ts';
import { scalarKernel } from './kernel-scalar.ts';
import { chunkBytesFor, loadWasmSimdKernel, rowPasses, type WasmSwizzle } from './kernel-wasm-simd.ts';
import { expectSameBytes, fromHex } from './test-support.ts';
import vectors from './fixtures/isal-vectors.json' with { type: 'json' };

/**
 * Both module variants of the WASM kernel (plain i8x16.swizzle, and relaxed_swizzle, which Node 20
 * only validates behind a V8 flag that this file turns on for its own worker) against the ISA-L
 * vectors and the scalar reference, including lengths that span several chunks. Does NOT check
 * speed, nor the registry's choice between the variants on other runtimes.
 */
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

const variants: WasmSwizzle[] = ['plain', 'relaxed'];

function pattern(lengthBytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(lengthBytes);
  let s = seed | 1;
  for (let i = 0; i < lengthBytes; i++) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    out[i] = s >>> 23;
  }
  return out;
}

describe('wasm-simd pass and chunk planning', () => {
  it('splits rows into passes of 2, with a 3 for an odd remainder', () => {
    expect(rowPasses(1)).toEqual([1]);
    expect(rowPasses(2)).toEqual([2]);
    expect(rowPasses(3)).toEqual([3]);
    expect(rowPasses(4)).toEqual([2, 2]);
    expect(rowPasses(5)).toEqual([2, 3]);
    for (let rows = 1; rows < 40; rows++) expect(rowPasses(rows).reduce((a, b) => a + b, 0)).toBe(rows);
  });
  it('keeps chunks within 4..64 KiB, multiples of 1 KiB', () => {
    for (const [cols, rows] of [[2, 1], [16, 2], [200, 56], [1, 1]]) {
      const chunk = chunkBytesFor(cols, rows);
      expect(chunk % 1024).toBe(0);
      expect(chunk).toBeGreaterThanOrEqual(4096);
      expect(chunk).toBeLessThanOrEqual(65536);
    }
  });
});

describe.each(variants)('wasm-simd with %s swizzle', (swizzle) => {
  const kernel = loadWasmSimdKernel(swizzle);

  it('loads in this runtime', () => {
    expect(kernel?.swizzle).toBe(swizzle);
  });

  it('reproduces every ISA-L vector', () => {
    for (const v of vectors.vectors) {
      const codec = createCodec({ dataShards: v.k, parityShards: v.p, kernel: 'scalar' });
      const program = kernel!.compile(gfMatrix(v.p, v.k, codec.encodeMatrix.entries.slice(v.k * v.k)));
      const parity = v.parity.map(() => new Uint8Array(v.cell));
      program.run(v.data.map(fromHex), parity);
      parity.forEach((cell, r) => expect(cell).toEqual(fromHex(v.parity[r])));
    }
  });

  it('agrees with the scalar reference across chunk boundaries', () => {
    for (const [rows, cols] of [[2, 16], [1, 2], [4, 8], [3, 5]]) {
      const entries = pattern(rows * cols, rows * 100 + cols);
      const matrix = gfMatrix(rows, cols, entries);
      const chunk = chunkBytesFor(cols, rows);
      for (const lengthBytes of [chunk - 1, chunk, chunk + 1, 2 * chunk + 33, 3 * chunk - 17]) {
        const inputs = Array.from({ length: cols }, (_, j) => pattern(lengthBytes, lengthBytes + j));
        const expected = Array.from({ length: rows }, () => new Uint8Array(lengthBytes));
        const actual = Array.from({ length: rows }, () => new Uint8Array(lengthBytes));
        scalarKernel.compile(matrix).run(inputs, expected);
        kernel!.compile(matrix).run(inputs, actual);
        actual.forEach((out, r) => expectSameBytes(out, expected[r], `row ${r}`));
      }
    }
  });

  it('in place (its own memory), agrees with the scalar reference across chunks and tails', () => {
    // 4 and 5 rows take several passes, which the in-place path runs chunk by chunk.
    for (const [rows, cols] of [[2, 16], [1, 2], [4, 8], [3, 5], [5, 16]]) {
      const matrix = gfMatrix(rows, cols, pattern(rows * cols, rows * 100 + cols));
      const chunk = chunkBytesFor(cols, rows);
      for (const lengthBytes of [1, 63, 64, 65, chunk - 1, chunk, chunk + 1, 2 * chunk + 33, 3 * chunk - 17]) {
        // Odd gaps misalign every vector after the first.
        const memory = kernel!.createMemory({ capacityBytes: (rows + cols) * (lengthBytes + 3), rowsMax: rows, colsMax: cols });
        const block = memory.region.alloc((rows + cols) * (lengthBytes + 3));
        const at = (i: number) => block.subarray(i * (lengthBytes + 3), i * (lengthBytes + 3) + lengthBytes);
        const inputs = Array.from({ length: cols }, (_, j) => at(j));
        inputs.forEach((v, j) => v.set(pattern(lengthBytes, lengthBytes + j)));
        const actual = Array.from({ length: rows }, (_, r) => at(cols + r));
        const expected = Array.from({ length: rows }, () => new Uint8Array(lengthBytes));
        scalarKernel.compile(matrix).run(inputs, expected);
        memory.compile(matrix).run(inputs, actual);
        actual.forEach((out, r) => expectSameBytes(out, expected[r], `row ${r} of ${rows}x${cols}, ${lengthBytes} bytes`));
      }
    }
  });

  it('agrees with the scalar reference on arbitrary matrices and short lengths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 18 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer(),
        (rows, cols, lengthBytes, seed) => {
          const matrix = gfMatrix(rows, cols, pattern(rows * cols, seed));
          const inputs = Array.from({ length: cols }, (_, j) => pattern(lengthBytes, seed ^ (j + 1)));
          const expected = Array.from({ length: rows }, () => new Uint8Array(lengthBytes));
          const actual = Array.from({ length: rows }, () => new Uint8Array(lengthBytes));
          scalarKernel.compile(matrix).run(inputs, expected);
          kernel!.compile(matrix).run(inputs, actual);
          actual.forEach((out, r) => expectSameBytes(out, expected[r], `row ${r}`));
        },
      ),
      { seed: 0x51d, numRuns: 150 },
    );
  });
});
