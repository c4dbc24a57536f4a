import { gfMul } from './gf256.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { checkRunArgs, type EcKernel, type KernelProgram } from './kernel.ts';
import { buildEcModule, dotFunctionName, TABLE_BYTES_PER_COEFFICIENT } from './wasm-ec-module.ts';
import { wasmApi, type WasmApi, type WasmMemory } from './wasm-runtime.ts';

/**
 * The WebAssembly SIMD kernel. The module is emitted from TypeScript at load time
 * (wasm-ec-module.ts). Each call walks the shards in chunks: copy one chunk of every input into
 * linear memory, run the dot-product passes, copy the output chunks back. Chunking keeps the
 * instance's working set in L2 whatever the cell size, and the copies run at memcpy speed.
 * Each chunk is computed over whole 64-byte blocks: the padding bytes compute garbage that is
 * never copied out, which is how any length, odd ones included, needs no separate tail loop.
 *
 * Tuning (bench/suites/ec.ts and measurements on Node 20 / x64, recorded in the report):
 * - rows per pass: 2 (3 for an odd remainder); 4 at once spills vector registers in V8.
 * - vectors per iteration: 4 for a single row, else 2.
 * - stride = chunk + 64 bytes, so the 16+ input streams do not map to the same L1 sets.
 * - i8x16.relaxed_swizzle when the runtime validates it (Node 22+): the indexes are masked
 *   nibbles (< 16), for which it is defined exactly like i8x16.swizzle, and V8 then emits a bare
 *   pshufb instead of a saturating-add fix-up plus pshufb (about 1.5x faster).
 */
const PAGE_BYTES = 65536;
const BLOCK_BYTES = 64;
const STRIDE_PAD_BYTES = 64;
const CHUNK_BUDGET_BYTES = 256 * 1024;
const CHUNK_BYTES_MIN = 4096;
const CHUNK_BYTES_MAX = 65536;

export type WasmSwizzle = 'relaxed' | 'plain';

type DotFunction = (inPtr: number, inStride: number, cols: number, tablePtr: number, outPtr: number, outStride: number, lengthBytes: number) => void;

interface RowPass {
  readonly firstRow: number;
  readonly rowCount: number;
  readonly tableOffsetBytes: number;
  readonly dot: DotFunction;
}

export interface WasmSimdKernel extends EcKernel {
  readonly swizzle: WasmSwizzle;
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/** Row counts per pass: 2s, with a 3 absorbing an odd remainder (1 only when there is one row). */
export function rowPasses(rows: number): number[] {
  if (rows === 1) return [1];
  const passes: number[] = [];
  let left = rows;
  while (left > 0) {
    const take = left === 3 ? 3 : 2;
    passes.push(take);
    left -= take;
  }
  return passes;
}

function vectorsFor(rowCount: number): number {
  return rowCount === 1 ? 4 : 2;
}

/** Chunk length so one chunk of every input and output fits the budget, a multiple of 1 KiB. */
export function chunkBytesFor(cols: number, rows: number): number {
  const fit = Math.floor(CHUNK_BUDGET_BYTES / (cols + rows) / 1024) * 1024;
  return Math.min(CHUNK_BYTES_MAX, Math.max(CHUNK_BYTES_MIN, fit));
}

/** Split-nibble tables for one pass, input-major: (j * rowCount + r) * 32 -> lo[16], hi[16]. */
function nibbleTables(matrix: GfMatrix, firstRow: number, rowCount: number): Uint8Array {
  const { cols } = matrix;
  const out = new Uint8Array(cols * rowCount * TABLE_BYTES_PER_COEFFICIENT);
  for (let j = 0; j < cols; j++) {
    for (let r = 0; r < rowCount; r++) {
      const c = matrix.entries[(firstRow + r) * cols + j];
      const base = (j * rowCount + r) * TABLE_BYTES_PER_COEFFICIENT;
      for (let x = 0; x < 16; x++) {
        out[base + x] = gfMul(c, x);
        out[base + 16 + x] = gfMul(c, x << 4);
      }
    }
  }
  return out;
}

class Arena {
  private bytes: Uint8Array;
  constructor(private readonly memory: WasmMemory) {
    this.bytes = new Uint8Array(memory.buffer);
  }
  /** A view of linear memory at least `neededBytes` long; growing detaches older views. */
  view(neededBytes: number): Uint8Array {
    const current = this.memory.buffer.byteLength;
    if (neededBytes > current) this.memory.grow(Math.ceil((neededBytes - current) / PAGE_BYTES));
    if (this.bytes.buffer !== this.memory.buffer) this.bytes = new Uint8Array(this.memory.buffer);
    return this.bytes;
  }
}

function createKernel(api: WasmApi, bytes: Uint8Array, swizzle: WasmSwizzle): WasmSimdKernel {
  const instance = new api.Instance(new api.Module(bytes), {});
  const arena = new Arena(instance.exports.memory as WasmMemory);
  const dotFor = (rowCount: number): DotFunction => {
    const fn = instance.exports[dotFunctionName(rowCount, vectorsFor(rowCount))];
    if (typeof fn !== 'function') throw new Error(`wasm-simd: module lacks ${dotFunctionName(rowCount, vectorsFor(rowCount))}`);
    return fn as DotFunction;
  };

  function compile(matrix: GfMatrix): KernelProgram {
    const { rows, cols } = matrix;
    const passes: RowPass[] = [];
    const tableParts: Uint8Array[] = [];
    let tableBytes = 0;
    let firstRow = 0;
    for (const rowCount of rows > 0 ? rowPasses(rows) : []) {
      const part = nibbleTables(matrix, firstRow, rowCount);
      passes.push({ firstRow, rowCount, tableOffsetBytes: tableBytes, dot: dotFor(rowCount) });
      tableParts.push(part);
      tableBytes += part.length;
      firstRow += rowCount;
    }
    const tables = new Uint8Array(tableBytes);
    tableParts.reduce((at, part) => (tables.set(part, at), at + part.length), 0);
    const chunkBytes = chunkBytesFor(cols, rows);
    const stride = chunkBytes + STRIDE_PAD_BYTES;
    const inBase = roundUp(tableBytes, BLOCK_BYTES);
    const outBase = inBase + cols * stride;
    const memoryBytes = outBase + rows * stride;

    return {
      rows,
      cols,
      run(inputs, outputs) {
        const lengthBytes = checkRunArgs(rows, cols, inputs, outputs);
        if (lengthBytes === 0 || rows === 0) return;
        const mem = arena.view(memoryBytes);
        // Tables are rewritten each call because programs share the one instance's memory.
        mem.set(tables, 0);
        const chunkCount = Math.ceil(lengthBytes / chunkBytes);
        for (let chunk = 0; chunk < chunkCount; chunk++) {
          const start = chunk * chunkBytes;
          const end = Math.min(lengthBytes, start + chunkBytes);
          for (let j = 0; j < cols; j++) mem.set(inputs[j].subarray(start, end), inBase + j * stride);
          const blockBytes = roundUp(end - start, BLOCK_BYTES);
          for (const pass of passes) {
            pass.dot(inBase, stride, cols, pass.tableOffsetBytes, outBase + pass.firstRow * stride, stride, blockBytes);
          }
          for (let r = 0; r < rows; r++) {
            const from = outBase + r * stride;
            outputs[r].set(mem.subarray(from, from + (end - start)), start);
          }
        }
      },
    };
  }

  return { name: 'wasm-simd', swizzle, compile };
}

/** Module bytes for the variant, or undefined when this runtime rejects it (or has no WebAssembly). */
export function wasmSimdModuleBytes(swizzle: WasmSwizzle): Uint8Array | undefined {
  const api = wasmApi();
  if (api === undefined) return undefined;
  const bytes = buildEcModule({ relaxed: swizzle === 'relaxed' });
  return api.validate(bytes) ? bytes : undefined;
}

/**
 * Instantiates the kernel: the given swizzle variant, or by default relaxed when the runtime
 * validates it, else plain. undefined when the runtime lacks WebAssembly SIMD altogether.
 */
export function loadWasmSimdKernel(swizzle?: WasmSwizzle): WasmSimdKernel | undefined {
  const api = wasmApi();
  if (api === undefined) return undefined;
  const candidates: WasmSwizzle[] = swizzle !== undefined ? [swizzle] : ['relaxed', 'plain'];
  for (const candidate of candidates) {
    const bytes = wasmSimdModuleBytes(candidate);
    if (bytes !== undefined) return createKernel(api, bytes, candidate);
  }
  return undefined;
}

/** The process-wide instance the registry offers; undefined without WebAssembly SIMD. */
export const wasmSimdKernel: WasmSimdKernel | undefined = loadWasmSimdKernel();
