import { gfMul } from './gf256.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { checkRunArgs, plainKernelMemory, type EcKernel, type KernelProgram } from './kernel.ts';

/**
 * Word-parallel JavaScript kernel, for runtimes without WebAssembly SIMD.
 *
 * Rows are taken in pairs (r0, r1). For a pair and an input j, two 256-entry Int32 tables hold both
 * rows' products packed into 16-bit halves:
 *   even[x] = r0(x) | r1(x) << 16        odd[x] = r0(x) << 8 | r1(x) << 24
 * where r(x) is the row's coefficient times x in GF(2^8). A 32-bit data word w = bytes b0 b1 b2 b3
 * (lowest first) then gives, with four lookups for the two rows:
 *   lo = even[b0] ^ odd[b1]   (row 0's bytes 0-1 in bits 0-15, row 1's in bits 16-31)
 *   hi = even[b2] ^ odd[b3]   (the same for bytes 2-3)
 * XOR-accumulated over the inputs, and finally unpacked:
 *   out0 = (lo & 0xffff) | hi << 16        out1 = lo >>> 16 | (hi & 0xffff0000)
 * That is half the lookups of one table per row and byte lane. An odd last row uses four lane
 * tables lane[L][x] = r(x) << 8L instead (w -> lane0[b0] ^ lane1[b1] ^ lane2[b2] ^ lane3[b3]),
 * accumulated straight into the output: for a single row that beats pairing it with a zero row.
 * Each byte is multiplied and put back at its own lane, so the platform's byte order is irrelevant.
 *
 * Loop order (measured on V8): per chunk of words and row pair, one tight loop per group of up to
 * four inputs XORs into two chunk-sized accumulators, which stay in L1; a tight loop over a few
 * monomorphic typed arrays beats an inner loop over an array of inputs. Shards whose byte offset is
 * not a multiple of four are staged through aligned copies; the last length % 4 bytes are looked up
 * one at a time (runTail).
 */
const LANE_ENTRIES = 256;
/** even[256] then odd[256], per (row pair, input). */
const PAIR_TABLE_ENTRIES = 2 * LANE_ENTRIES;
/** lane0..lane3, 256 entries each, for an odd last row. */
const SINGLE_TABLE_ENTRIES = 4 * LANE_ENTRIES;
/** Words per chunk: the two accumulators (2 x 16 KiB) stay in L1 across the input groups. */
const CHUNK_WORDS = 4096;

export const jsWordKernel: EcKernel = {
  name: 'js-word',
  compile(matrix: GfMatrix): KernelProgram {
    const { rows, cols } = matrix;
    const pairCount = rows >> 1;
    const tables = buildPairTables(matrix, pairCount);
    const lastRow = rows & 1 ? rows - 1 : -1;
    const singleTables = lastRow >= 0 ? buildSingleTables(matrix, lastRow) : new Int32Array(0);
    // Scratch owned by this program; run() is synchronous, so calls never share it concurrently.
    const accLo = new Int32Array(CHUNK_WORDS);
    const accHi = new Int32Array(CHUNK_WORDS);
    return {
      rows,
      cols,
      run(inputs, outputs) {
        const lengthBytes = checkRunArgs(rows, cols, inputs, outputs);
        if (lengthBytes === 0 || rows === 0) return;
        const words = alignedWords(inputs, outputs, lengthBytes);
        const wordCount = lengthBytes >>> 2;
        for (let start = 0; start < wordCount; start += CHUNK_WORDS) {
          const end = Math.min(wordCount, start + CHUNK_WORDS);
          for (let pair = 0; pair < pairCount; pair++) {
            accLo.fill(0, 0, end - start);
            accHi.fill(0, 0, end - start);
            accumulatePair(tables, pair * cols * PAIR_TABLE_ENTRIES, words.inputs, accLo, accHi, start, end);
            unpack(accLo, accHi, words.outputs[2 * pair], words.outputs[2 * pair + 1], start, end);
          }
          if (lastRow >= 0) {
            const out = words.outputs[lastRow];
            out.fill(0, start, end);
            accumulateSingle(singleTables, words.inputs, out, start, end);
          }
        }
        if (words.staged) {
          for (let r = 0; r < rows; r++) outputs[r].set(new Uint8Array(words.outputs[r].buffer, 0, wordCount * 4));
        }
        runTail(tables, singleTables, rows, cols, inputs, outputs, wordCount * 4, lengthBytes);
      },
    };
  },
  createMemory(shape) {
    return plainKernelMemory((matrix) => jsWordKernel.compile(matrix), shape);
  },
};

function buildPairTables(matrix: GfMatrix, pairCount: number): Int32Array {
  const { cols } = matrix;
  const tables = new Int32Array(pairCount * cols * PAIR_TABLE_ENTRIES);
  for (let pair = 0; pair < pairCount; pair++) {
    for (let j = 0; j < cols; j++) {
      const c0 = matrix.entries[2 * pair * cols + j];
      const c1 = matrix.entries[(2 * pair + 1) * cols + j];
      const base = (pair * cols + j) * PAIR_TABLE_ENTRIES;
      for (let x = 0; x < LANE_ENTRIES; x++) {
        const p0 = gfMul(c0, x);
        const p1 = gfMul(c1, x);
        tables[base + x] = p0 | (p1 << 16);
        tables[base + LANE_ENTRIES + x] = (p0 << 8) | (p1 << 24);
      }
    }
  }
  return tables;
}

/** XORs every input's products for one row pair into the accumulators, words [start, end). */
function accumulatePair(tables: Int32Array, pairBase: number, ins: Int32Array[], accLo: Int32Array, accHi: Int32Array, start: number, end: number): void {
  const cols = ins.length;
  for (let j = 0; j < cols; ) {
    const t = pairBase + j * PAIR_TABLE_ENTRIES;
    const left = cols - j;
    if (left >= 4) {
      pass4(tables, t, ins[j], ins[j + 1], ins[j + 2], ins[j + 3], accLo, accHi, start, end);
      j += 4;
    } else if (left >= 2) {
      pass2(tables, t, ins[j], ins[j + 1], accLo, accHi, start, end);
      j += 2;
    } else {
      pass1(tables, t, ins[j], accLo, accHi, start, end);
      j += 1;
    }
  }
}

// pass4/pass2/pass1 are one computation for 4, 2 or 1 inputs, written out by hand: locals and a
// branch-free body are what make V8 fast here. Input n's tables start at t + n * PAIR_TABLE_ENTRIES
// (even) and 256 entries later (odd).

function pass4(T: Int32Array, t: number, inA: Int32Array, inB: Int32Array, inC: Int32Array, inD: Int32Array, accLo: Int32Array, accHi: Int32Array, start: number, end: number): void {
  const a = t;
  const b = t + PAIR_TABLE_ENTRIES;
  const c = t + 2 * PAIR_TABLE_ENTRIES;
  const d = t + 3 * PAIR_TABLE_ENTRIES;
  for (let i = start, x = 0; i < end; i++, x++) {
    const w = inA[i];
    const v = inB[i];
    const u = inC[i];
    const s = inD[i];
    accLo[x] ^=
      T[a + (w & 255)] ^ T[a + 256 + ((w >>> 8) & 255)] ^ T[b + (v & 255)] ^ T[b + 256 + ((v >>> 8) & 255)] ^
      T[c + (u & 255)] ^ T[c + 256 + ((u >>> 8) & 255)] ^ T[d + (s & 255)] ^ T[d + 256 + ((s >>> 8) & 255)];
    accHi[x] ^=
      T[a + ((w >>> 16) & 255)] ^ T[a + 256 + (w >>> 24)] ^ T[b + ((v >>> 16) & 255)] ^ T[b + 256 + (v >>> 24)] ^
      T[c + ((u >>> 16) & 255)] ^ T[c + 256 + (u >>> 24)] ^ T[d + ((s >>> 16) & 255)] ^ T[d + 256 + (s >>> 24)];
  }
}

function pass2(T: Int32Array, t: number, inA: Int32Array, inB: Int32Array, accLo: Int32Array, accHi: Int32Array, start: number, end: number): void {
  const a = t;
  const b = t + PAIR_TABLE_ENTRIES;
  for (let i = start, x = 0; i < end; i++, x++) {
    const w = inA[i];
    const v = inB[i];
    accLo[x] ^= T[a + (w & 255)] ^ T[a + 256 + ((w >>> 8) & 255)] ^ T[b + (v & 255)] ^ T[b + 256 + ((v >>> 8) & 255)];
    accHi[x] ^= T[a + ((w >>> 16) & 255)] ^ T[a + 256 + (w >>> 24)] ^ T[b + ((v >>> 16) & 255)] ^ T[b + 256 + (v >>> 24)];
  }
}

function pass1(T: Int32Array, t: number, inA: Int32Array, accLo: Int32Array, accHi: Int32Array, start: number, end: number): void {
  for (let i = start, x = 0; i < end; i++, x++) {
    const w = inA[i];
    accLo[x] ^= T[t + (w & 255)] ^ T[t + 256 + ((w >>> 8) & 255)];
    accHi[x] ^= T[t + ((w >>> 16) & 255)] ^ T[t + 256 + (w >>> 24)];
  }
}

/** Rebuilds the two rows' words from the packed accumulators. */
function unpack(accLo: Int32Array, accHi: Int32Array, out0: Int32Array, out1: Int32Array, start: number, end: number): void {
  for (let i = start, x = 0; i < end; i++, x++) {
    const lo = accLo[x];
    const hi = accHi[x];
    out0[i] = (lo & 0xffff) | (hi << 16);
    out1[i] = (lo >>> 16) | (hi & 0xffff0000);
  }
}

function buildSingleTables(matrix: GfMatrix, row: number): Int32Array {
  const { cols } = matrix;
  const tables = new Int32Array(cols * SINGLE_TABLE_ENTRIES);
  for (let j = 0; j < cols; j++) {
    const c = matrix.entries[row * cols + j];
    for (let x = 0; x < LANE_ENTRIES; x++) {
      const product = gfMul(c, x);
      for (let lane = 0; lane < 4; lane++) tables[j * SINGLE_TABLE_ENTRIES + lane * LANE_ENTRIES + x] = product << (8 * lane);
    }
  }
  return tables;
}

/** XORs every input's products for the odd last row into `out`, words [start, end). */
function accumulateSingle(T: Int32Array, ins: Int32Array[], out: Int32Array, start: number, end: number): void {
  const cols = ins.length;
  for (let j = 0; j < cols; ) {
    const t = j * SINGLE_TABLE_ENTRIES;
    const left = cols - j;
    if (left >= 4) {
      single4(T, t, ins[j], ins[j + 1], ins[j + 2], ins[j + 3], out, start, end);
      j += 4;
    } else if (left >= 2) {
      single2(T, t, ins[j], ins[j + 1], out, start, end);
      j += 2;
    } else {
      single1(T, t, ins[j], out, start, end);
      j += 1;
    }
  }
}

function single4(T: Int32Array, t: number, inA: Int32Array, inB: Int32Array, inC: Int32Array, inD: Int32Array, out: Int32Array, start: number, end: number): void {
  const a = t;
  const b = t + SINGLE_TABLE_ENTRIES;
  const c = t + 2 * SINGLE_TABLE_ENTRIES;
  const d = t + 3 * SINGLE_TABLE_ENTRIES;
  for (let i = start; i < end; i++) {
    const w = inA[i];
    const v = inB[i];
    const u = inC[i];
    const s = inD[i];
    out[i] ^=
      T[a + (w & 255)] ^ T[a + 256 + ((w >>> 8) & 255)] ^ T[a + 512 + ((w >>> 16) & 255)] ^ T[a + 768 + (w >>> 24)] ^
      T[b + (v & 255)] ^ T[b + 256 + ((v >>> 8) & 255)] ^ T[b + 512 + ((v >>> 16) & 255)] ^ T[b + 768 + (v >>> 24)] ^
      T[c + (u & 255)] ^ T[c + 256 + ((u >>> 8) & 255)] ^ T[c + 512 + ((u >>> 16) & 255)] ^ T[c + 768 + (u >>> 24)] ^
      T[d + (s & 255)] ^ T[d + 256 + ((s >>> 8) & 255)] ^ T[d + 512 + ((s >>> 16) & 255)] ^ T[d + 768 + (s >>> 24)];
  }
}

function single2(T: Int32Array, t: number, inA: Int32Array, inB: Int32Array, out: Int32Array, start: number, end: number): void {
  const a = t;
  const b = t + SINGLE_TABLE_ENTRIES;
  for (let i = start; i < end; i++) {
    const w = inA[i];
    const v = inB[i];
    out[i] ^=
      T[a + (w & 255)] ^ T[a + 256 + ((w >>> 8) & 255)] ^ T[a + 512 + ((w >>> 16) & 255)] ^ T[a + 768 + (w >>> 24)] ^
      T[b + (v & 255)] ^ T[b + 256 + ((v >>> 8) & 255)] ^ T[b + 512 + ((v >>> 16) & 255)] ^ T[b + 768 + (v >>> 24)];
  }
}

function single1(T: Int32Array, t: number, inA: Int32Array, out: Int32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const w = inA[i];
    out[i] ^= T[t + (w & 255)] ^ T[t + 256 + ((w >>> 8) & 255)] ^ T[t + 512 + ((w >>> 16) & 255)] ^ T[t + 768 + (w >>> 24)];
  }
}

interface WordViews {
  readonly inputs: Int32Array[];
  readonly outputs: Int32Array[];
  /** True when outputs are scratch arrays that must be copied back. */
  readonly staged: boolean;
}

function alignedWords(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], lengthBytes: number): WordViews {
  const wordCount = lengthBytes >>> 2;
  const inputWords = inputs.map((v) => (aligned(v) ? new Int32Array(v.buffer, v.byteOffset, wordCount) : copyToWords(v, wordCount)));
  const outputsAligned = outputs.every(aligned);
  const outputWords = outputs.map((v) => (outputsAligned ? new Int32Array(v.buffer, v.byteOffset, wordCount) : new Int32Array(wordCount)));
  return { inputs: inputWords, outputs: outputWords, staged: !outputsAligned };
}

function aligned(v: Uint8Array): boolean {
  return (v.byteOffset & 3) === 0;
}

function copyToWords(v: Uint8Array, wordCount: number): Int32Array {
  const words = new Int32Array(wordCount);
  new Uint8Array(words.buffer).set(v.subarray(0, wordCount * 4));
  return words;
}

/**
 * Bytes past the last whole word, one lookup per byte: a paired row 2q reads bits 0-7 of the pair's
 * even table and row 2q+1 bits 16-23; the odd last row reads its lane-0 table.
 */
function runTail(T: Int32Array, single: Int32Array, rows: number, cols: number, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], start: number, end: number): void {
  for (let r = 0; r < rows; r++) {
    const isSingle = r === rows - 1 && (rows & 1) === 1;
    const out = outputs[r];
    for (let b = start; b < end; b++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const x = inputs[j][b];
        sum ^= isSingle ? single[j * SINGLE_TABLE_ENTRIES + x] : T[((r >> 1) * cols + j) * PAIR_TABLE_ENTRIES + x] >>> ((r & 1) * 16);
      }
      out[b] = sum & 255;
    }
  }
}
