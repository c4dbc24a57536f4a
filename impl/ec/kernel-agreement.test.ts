import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gfMatrix } from './gf-matrix.ts';
import { scalarKernel } from './kernel-scalar.ts';
import { availableKernels, getKernel } from './kernel-select.ts';
import { expectSameBytes } from './test-support.ts';

/**
 * Differential test: every optimized kernel against the scalar reference, on arbitrary matrices
 * (not only Cauchy ones: zero, one and repeated coefficients included), arbitrary bytes, lengths
 * around every vector and word boundary, and shards placed at odd byte offsets inside a larger
 * buffer so unaligned views and staging paths run; and the same in each kernel's own memory
 * (the zero-copy path), vectors at arbitrary offsets of the caller region. It does NOT check
 * codec-level behaviour.
 */
const optimized = availableKernels().filter((k) => k !== 'scalar');

const matrixArb = fc.record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 20 }) }).chain(({ rows, cols }) =>
  fc.record({
    rows: fc.constant(rows),
    cols: fc.constant(cols),
    entries: fc.uint8Array({ minLength: rows * cols, maxLength: rows * cols }),
  }),
);

const lengthArb = fc.oneof(
  fc.integer({ min: 0, max: 70 }),
  fc.constantFrom(15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257),
  fc.integer({ min: 70, max: 4100 }),
);

function placeAt(bytes: Uint8Array, offsetBytes: number): Uint8Array {
  const backing = new Uint8Array(bytes.length + offsetBytes + 3);
  backing.fill(0xee);
  const view = backing.subarray(offsetBytes, offsetBytes + bytes.length);
  view.set(bytes);
  return view;
}

function fillPattern(lengthBytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(lengthBytes);
  let s = seed | 1;
  for (let i = 0; i < lengthBytes; i++) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    out[i] = s >>> 23;
  }
  return out;
}

describe.each(optimized)('kernel %s agrees with the scalar reference', (name) => {
  const kernel = getKernel(name);

  it('byte for byte on arbitrary matrices, lengths and offsets', () => {
    fc.assert(
      fc.property(matrixArb, lengthArb, fc.integer(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (m, lengthBytes, seed, inOffset, outOffset) => {
        const matrix = gfMatrix(m.rows, m.cols, m.entries);
        const inputs = Array.from({ length: m.cols }, (_, j) => placeAt(fillPattern(lengthBytes, seed + j), (inOffset * (j + 1)) & 3));
        const expected = Array.from({ length: m.rows }, () => new Uint8Array(lengthBytes));
        scalarKernel.compile(matrix).run(inputs, expected);
        const actual = Array.from({ length: m.rows }, (_, r) => placeAt(new Uint8Array(lengthBytes).fill(0x5a), (outOffset + r) & 3));
        kernel.compile(matrix).run(inputs, actual);
        actual.forEach((out, r) => expectSameBytes(out, expected[r], `row ${r}`));
      }),
      { seed: 0xa9ee, numRuns: 300 },
    );
  });

  it('byte for byte in its own memory, vectors at arbitrary offsets', () => {
    fc.assert(
      fc.property(matrixArb, lengthArb, fc.integer(), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 26, maxLength: 26 }), (m, lengthBytes, seed, gaps) => {
        const matrix = gfMatrix(m.rows, m.cols, m.entries);
        const totalBytes = gaps.reduce((a, b) => a + b, 0) + (m.rows + m.cols) * lengthBytes;
        const memory = kernel.createMemory({ capacityBytes: totalBytes, rowsMax: m.rows, colsMax: m.cols });
        const block = memory.region.alloc(totalBytes);
        let at = 0;
        const place = (i: number) => {
          at += gaps[i];
          const view = block.subarray(at, at + lengthBytes);
          at += lengthBytes;
          return view;
        };
        const inputs = Array.from({ length: m.cols }, (_, j) => place(j));
        inputs.forEach((v, j) => v.set(fillPattern(lengthBytes, seed + j)));
        const actual = Array.from({ length: m.rows }, (_, r) => place(m.cols + r).fill(0x5a));
        const expected = Array.from({ length: m.rows }, () => new Uint8Array(lengthBytes));
        scalarKernel.compile(matrix).run(inputs, expected);
        memory.compile(matrix).run(inputs, actual);
        actual.forEach((out, r) => expectSameBytes(out, expected[r], `row ${r}`));
      }),
      { seed: 0xa9ef, numRuns: 200 },
    );
  });

  it('in its own memory, refuses vectors it did not allocate and matrices beyond its shape', () => {
    const memory = kernel.createMemory({ capacityBytes: 512, rowsMax: 1, colsMax: 2 });
    const matrix = gfMatrix(1, 2, Uint8Array.from([3, 4]));
    const block = memory.region.alloc(192);
    const inside = (offset: number) => block.subarray(offset, offset + 64);
    const program = memory.compile(matrix);
    program.run([inside(0), inside(64)], [inside(128)]);
    const buffer = block.buffer as ArrayBuffer;
    expect(() => program.run([new Uint8Array(64), inside(64)], [inside(128)])).toThrow(/input 0 is not a view into this workspace's allocations/);
    // Past what was allocated, though inside the memory.
    expect(() => program.run([inside(0), inside(64)], [new Uint8Array(buffer, block.byteOffset + 256, 64)])).toThrow(/output 0 is not a view/);
    // Below the first allocation: the wasm kernel's scratch (tables, pointers, staging).
    if (block.byteOffset >= 64) expect(() => program.run([new Uint8Array(buffer, 0, 64), inside(64)], [inside(128)])).toThrow(/input 0 is not a view/);
    expect(() => program.run([inside(0), inside(64)], [block.subarray(32, 96)])).toThrow(/overlaps an input/);
    expect(() => memory.compile(gfMatrix(2, 2, new Uint8Array(4)))).toThrow(/exceeds this memory's 1 x 2/);
  });

  it('does not write outside the output views', () => {
    const matrix = gfMatrix(2, 3, Uint8Array.from([1, 2, 3, 4, 5, 6]));
    const backing = new Uint8Array(200).fill(0xcc);
    const outputs = [backing.subarray(1, 70), backing.subarray(101, 170)];
    const inputs = [0, 1, 2].map((j) => fillPattern(69, j));
    kernel.compile(matrix).run(inputs, outputs);
    expect(backing[0]).toBe(0xcc);
    for (let i = 70; i < 101; i++) expect(backing[i]).toBe(0xcc);
    for (let i = 170; i < 200; i++) expect(backing[i]).toBe(0xcc);
  });

  it('rejects outputs that overlap inputs', () => {
    const matrix = gfMatrix(1, 1, Uint8Array.from([7]));
    const shared = new Uint8Array(64);
    expect(() => kernel.compile(matrix).run([shared.subarray(0, 32)], [shared.subarray(16, 48)])).toThrow(/overlaps/);
  });
});

describe('kernel registry', () => {
  it('always offers the scalar reference and the JS word kernel', () => {
    expect(availableKernels()).toEqual(expect.arrayContaining(['scalar', 'js-word']));
  });
  it('names an unknown kernel clearly', () => {
    expect(() => getKernel('nope' as never)).toThrow(/not available/);
  });
});
