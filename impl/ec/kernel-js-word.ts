import { gfMul } from './gf256.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { checkRunArgs, type EcKernel, type KernelProgram } from './kernel.ts';

/**
 * Word-parallel JavaScript kernel, for runtimes without WebAssembly SIMD. Each coefficient c gets
 * four 256-entry Int32 tables, one per byte lane: lane[L][x] = (c * x) << 8L. A 32-bit data word w
 * then multiplies as lane0[w & 255] ^ lane1[(w >>> 8) & 255] ^ lane2[(w >>> 16) & 255] ^ lane3[w >>> 24]:
 * four loads and no shifts back into place. Because every lane is multiplied and put back in the
 * same bit position, the result does not depend on the platform's byte order.
 *
 * Loop order (measured on V8): outputs are zeroed, then for each pair of inputs and each pair of
 * rows one tight loop over the words XORs both inputs' products into both outputs. A tight loop over
 * a few monomorphic typed arrays beats keeping accumulators in locals across an inner loop over
 * inputs (~0.9 vs ~0.7 GB/s for 16+2), and pairing inputs halves the output loads and stores.
 * Shards whose byte offset is not a multiple of four are staged through aligned scratch copies; the
 * last length % 4 bytes go through the lane-0 tables.
 */
const LANE_ENTRIES = 256;
const TABLE_ENTRIES = 4 * LANE_ENTRIES;

export const jsWordKernel: EcKernel = {
  name: 'js-word',
  compile(matrix: GfMatrix): KernelProgram {
    const { rows, cols } = matrix;
    const tables = buildTables(matrix);
    return {
      rows,
      cols,
      run(inputs, outputs) {
        const lengthBytes = checkRunArgs(rows, cols, inputs, outputs);
        if (lengthBytes === 0 || rows === 0) return;
        const words = alignedWords(inputs, outputs, lengthBytes);
        const wordCount = lengthBytes >>> 2;
        for (const out of words.outputs) out.fill(0);
        for (let r = 0; r < rows; r += 2) {
          for (let j = 0; j < cols; j += 2) {
            const twoRows = r + 1 < rows;
            const twoInputs = j + 1 < cols;
            const tA = tableOffset(cols, r, j);
            const tB = tableOffset(cols, r, j + 1);
            const [out0, out1] = [words.outputs[r], words.outputs[r + 1]];
            const [inA, inB] = [words.inputs[j], words.inputs[j + 1]];
            if (twoRows && twoInputs) pass2x2(tables, tA, tB, cols * TABLE_ENTRIES, inA, inB, out0, out1, wordCount);
            else if (twoRows) pass1x2(tables, tA, cols * TABLE_ENTRIES, inA, out0, out1, wordCount);
            else if (twoInputs) pass2x1(tables, tA, tB, inA, inB, out0, wordCount);
            else pass1x1(tables, tA, inA, out0, wordCount);
          }
        }
        if (words.staged) {
          for (let r = 0; r < rows; r++) outputs[r].set(new Uint8Array(words.outputs[r].buffer, 0, wordCount * 4));
        }
        runTail(tables, rows, cols, inputs, outputs, wordCount * 4, lengthBytes);
      },
    };
  },
};

/** Tables for coefficient (row r, input j) start at tableOffset(cols, r, j). */
function tableOffset(cols: number, r: number, j: number): number {
  return (r * cols + j) * TABLE_ENTRIES;
}

function buildTables(matrix: GfMatrix): Int32Array {
  const { rows, cols } = matrix;
  const tables = new Int32Array(rows * cols * TABLE_ENTRIES);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const c = matrix.entries[r * cols + j];
      const base = tableOffset(cols, r, j);
      for (let x = 0; x < LANE_ENTRIES; x++) {
        const product = gfMul(c, x);
        for (let lane = 0; lane < 4; lane++) tables[base + lane * LANE_ENTRIES + x] = product << (8 * lane);
      }
    }
  }
  return tables;
}

interface WordViews {
  readonly inputs: Int32Array[];
  readonly outputs: Int32Array[];
  /** True when outputs are scratch arrays that must be copied back. */
  readonly staged: boolean;
}

function alignedWords(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], lengthBytes: number): WordViews {
  const wordCount = lengthBytes >>> 2;
  const aligned = (v: Uint8Array) => (v.byteOffset & 3) === 0;
  const inputWords = inputs.map((v) => (aligned(v) ? new Int32Array(v.buffer, v.byteOffset, wordCount) : copyToWords(v, wordCount)));
  const outputsAligned = outputs.every(aligned);
  const outputWords = outputs.map((v) => (outputsAligned ? new Int32Array(v.buffer, v.byteOffset, wordCount) : new Int32Array(wordCount)));
  return { inputs: inputWords, outputs: outputWords, staged: !outputsAligned };
}

function copyToWords(v: Uint8Array, wordCount: number): Int32Array {
  const words = new Int32Array(wordCount);
  new Uint8Array(words.buffer).set(v.subarray(0, wordCount * 4));
  return words;
}

// The four passes are one computation for 1 or 2 inputs into 1 or 2 outputs, written out by hand
// because locals and a loop body free of branches are what make V8 fast here. `rowStride` is the
// distance between the tables of the same input for consecutive rows.

function pass2x2(t: Int32Array, tA: number, tB: number, rowStride: number, inA: Int32Array, inB: Int32Array, out0: Int32Array, out1: Int32Array, wordCount: number): void {
  const a1 = tA + rowStride;
  const b1 = tB + rowStride;
  for (let i = 0; i < wordCount; i++) {
    const w = inA[i];
    const x0 = w & 255;
    const x1 = 256 + ((w >>> 8) & 255);
    const x2 = 512 + ((w >>> 16) & 255);
    const x3 = 768 + (w >>> 24);
    const v = inB[i];
    const y0 = v & 255;
    const y1 = 256 + ((v >>> 8) & 255);
    const y2 = 512 + ((v >>> 16) & 255);
    const y3 = 768 + (v >>> 24);
    out0[i] ^= t[tA + x0] ^ t[tA + x1] ^ t[tA + x2] ^ t[tA + x3] ^ t[tB + y0] ^ t[tB + y1] ^ t[tB + y2] ^ t[tB + y3];
    out1[i] ^= t[a1 + x0] ^ t[a1 + x1] ^ t[a1 + x2] ^ t[a1 + x3] ^ t[b1 + y0] ^ t[b1 + y1] ^ t[b1 + y2] ^ t[b1 + y3];
  }
}

function pass1x2(t: Int32Array, tA: number, rowStride: number, inA: Int32Array, out0: Int32Array, out1: Int32Array, wordCount: number): void {
  const a1 = tA + rowStride;
  for (let i = 0; i < wordCount; i++) {
    const w = inA[i];
    const x0 = w & 255;
    const x1 = 256 + ((w >>> 8) & 255);
    const x2 = 512 + ((w >>> 16) & 255);
    const x3 = 768 + (w >>> 24);
    out0[i] ^= t[tA + x0] ^ t[tA + x1] ^ t[tA + x2] ^ t[tA + x3];
    out1[i] ^= t[a1 + x0] ^ t[a1 + x1] ^ t[a1 + x2] ^ t[a1 + x3];
  }
}

function pass2x1(t: Int32Array, tA: number, tB: number, inA: Int32Array, inB: Int32Array, out0: Int32Array, wordCount: number): void {
  for (let i = 0; i < wordCount; i++) {
    const w = inA[i];
    const v = inB[i];
    out0[i] ^=
      t[tA + (w & 255)] ^ t[tA + 256 + ((w >>> 8) & 255)] ^ t[tA + 512 + ((w >>> 16) & 255)] ^ t[tA + 768 + (w >>> 24)] ^
      t[tB + (v & 255)] ^ t[tB + 256 + ((v >>> 8) & 255)] ^ t[tB + 512 + ((v >>> 16) & 255)] ^ t[tB + 768 + (v >>> 24)];
  }
}

function pass1x1(t: Int32Array, tA: number, inA: Int32Array, out0: Int32Array, wordCount: number): void {
  for (let i = 0; i < wordCount; i++) {
    const w = inA[i];
    out0[i] ^= t[tA + (w & 255)] ^ t[tA + 256 + ((w >>> 8) & 255)] ^ t[tA + 512 + ((w >>> 16) & 255)] ^ t[tA + 768 + (w >>> 24)];
  }
}

/** Bytes past the last whole word, through the lane-0 tables (which hold the plain product). */
function runTail(t: Int32Array, rows: number, cols: number, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], start: number, end: number): void {
  for (let r = 0; r < rows; r++) {
    const out = outputs[r];
    for (let b = start; b < end; b++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum ^= t[tableOffset(cols, r, j) + inputs[j][b]];
      out[b] = sum;
    }
  }
}
