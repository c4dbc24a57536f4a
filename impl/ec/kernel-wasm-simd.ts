import { gfMul } from './gf256.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { CallerRegion, checkFitsMemory, checkMemoryShape, checkRunArgs, type EcKernel, type KernelMemory, type KernelMemoryShape, type KernelProgram } from './kernel.ts';
import { buildEcModule, dotFunctionName, dotPointersFunctionName, EC_MODULE_MEMORY_IMPORT, TABLE_BYTES_PER_COEFFICIENT } from './wasm-ec-module.ts';
import { wasmApi, type WasmApi, type WasmMemory } from './wasm-runtime.ts';

/**
 * The WebAssembly SIMD kernel. The module is emitted from TypeScript at load time
 * (wasm-ec-module.ts). Two ways to run a program:
 *
 * - Copying (compile): each call walks the shards in chunks: copy one chunk of every input into
 *   linear memory, run the dot-product passes, copy the output chunks back. Chunking keeps the
 *   instance's working set in L2 whatever the cell size, and the copies run at memcpy speed.
 *   Each chunk is computed over whole 64-byte blocks: the padding bytes compute garbage that is
 *   never copied out, which is how any length, odd ones included, needs no separate tail loop.
 *   This path has one instance whose memory grows as wide programs need staging.
 * - In place (createMemory): an instance of its own over a fixed-size memory (maximum = initial,
 *   so it can never grow and views into it never detach). The caller's vectors live in it; a run
 *   hands their addresses to the dotp functions through a pointer table, computes the whole
 *   64-byte blocks where they lie, and stages only the last length % 64 bytes (like one chunk of
 *   the copying path), so the computation never writes a byte outside the output views.
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
/** WebAssembly 1.0 memories hold at most 65536 pages (4 GiB). */
const MEMORY_PAGES_MAX = 65536;

export type WasmSwizzle = 'relaxed' | 'plain';

type DotFunction = (inPtr: number, inStride: number, cols: number, tablePtr: number, outPtr: number, outStride: number, lengthBytes: number) => void;
type DotPointersFunction = (inPtrs: number, cols: number, tablePtr: number, outPtrs: number, startBytes: number, endBytes: number) => void;

interface RowPass {
  readonly firstRow: number;
  readonly rowCount: number;
  readonly tableOffsetBytes: number;
}

/** A matrix turned into passes and their nibble tables (laid out back to back), for any instance. */
interface PassPlan {
  readonly passes: readonly RowPass[];
  readonly tables: Uint8Array;
}

/** The exported functions of one instance, by rows per pass. */
interface DotFunctions {
  readonly dot: (rowCount: number) => DotFunction;
  readonly dotp: (rowCount: number) => DotPointersFunction;
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

function planPasses(matrix: GfMatrix): PassPlan {
  const passes: RowPass[] = [];
  const tableParts: Uint8Array[] = [];
  let tableBytes = 0;
  let firstRow = 0;
  for (const rowCount of matrix.rows > 0 ? rowPasses(matrix.rows) : []) {
    const part = nibbleTables(matrix, firstRow, rowCount);
    passes.push({ firstRow, rowCount, tableOffsetBytes: tableBytes });
    tableParts.push(part);
    tableBytes += part.length;
    firstRow += rowCount;
  }
  const tables = new Uint8Array(tableBytes);
  tableParts.reduce((at, part) => (tables.set(part, at), at + part.length), 0);
  return { passes, tables };
}

class Arena {
  private bytes: Uint8Array;
  /** The tables now at address 0, so a program called again does not rewrite them. */
  loadedTables: Uint8Array | null = null;
  constructor(private readonly memory: WasmMemory) {
    this.bytes = new Uint8Array(memory.buffer);
  }
  /** A view of linear memory at least `neededBytes` long; growing detaches older views (ours only). */
  view(neededBytes: number): Uint8Array {
    const current = this.memory.buffer.byteLength;
    if (neededBytes > current) this.memory.grow(Math.ceil((neededBytes - current) / PAGE_BYTES));
    if (this.bytes.buffer !== this.memory.buffer) this.bytes = new Uint8Array(this.memory.buffer);
    return this.bytes;
  }
}

function createKernel(api: WasmApi, bytes: Uint8Array, swizzle: WasmSwizzle): WasmSimdKernel {
  const module = new api.Module(bytes);
  const instantiate = (memory: WasmMemory): DotFunctions => {
    const { exports } = new api.Instance(module, { [EC_MODULE_MEMORY_IMPORT.module]: { [EC_MODULE_MEMORY_IMPORT.name]: memory } });
    const lookup = <F>(name: string): F => {
      const fn = exports[name];
      if (typeof fn !== 'function') throw new Error(`wasm-simd: module lacks ${name}`);
      return fn as F;
    };
    return {
      dot: (rowCount) => lookup<DotFunction>(dotFunctionName(rowCount, vectorsFor(rowCount))),
      dotp: (rowCount) => lookup<DotPointersFunction>(dotPointersFunctionName(rowCount, vectorsFor(rowCount))),
    };
  };
  const stagingMemory = new api.Memory({ initial: EC_MODULE_MEMORY_IMPORT.pagesMin });
  const staging = instantiate(stagingMemory);
  const arena = new Arena(stagingMemory);

  function compile(matrix: GfMatrix): KernelProgram {
    const { rows, cols } = matrix;
    const { passes, tables } = planPasses(matrix);
    const dots = passes.map((pass) => staging.dot(pass.rowCount));
    const chunkBytes = chunkBytesFor(cols, rows);
    const stride = chunkBytes + STRIDE_PAD_BYTES;
    const inBase = roundUp(tables.length, BLOCK_BYTES);
    const outBase = inBase + cols * stride;
    const memoryBytes = outBase + rows * stride;

    return {
      rows,
      cols,
      run(inputs, outputs) {
        const lengthBytes = checkRunArgs(rows, cols, inputs, outputs);
        if (lengthBytes === 0 || rows === 0) return;
        const mem = arena.view(memoryBytes);
        // Programs share the one instance's memory: load this one's tables unless they are there.
        if (arena.loadedTables !== tables) {
          mem.set(tables, 0);
          arena.loadedTables = tables;
        }
        const chunkCount = Math.ceil(lengthBytes / chunkBytes);
        for (let chunk = 0; chunk < chunkCount; chunk++) {
          const start = chunk * chunkBytes;
          const end = Math.min(lengthBytes, start + chunkBytes);
          // One chunk (e.g. every 4 KiB cell): copy the views whole, without a subarray each.
          if (chunkCount === 1) for (let j = 0; j < cols; j++) mem.set(inputs[j], inBase + j * stride);
          else for (let j = 0; j < cols; j++) mem.set(inputs[j].subarray(start, end), inBase + j * stride);
          const blockBytes = roundUp(end - start, BLOCK_BYTES);
          for (let i = 0; i < passes.length; i++) {
            const pass = passes[i];
            dots[i](inBase, stride, cols, pass.tableOffsetBytes, outBase + pass.firstRow * stride, stride, blockBytes);
          }
          for (let r = 0; r < rows; r++) {
            const from = outBase + r * stride;
            outputs[r].set(mem.subarray(from, from + (end - start)), start);
          }
        }
      },
    };
  }

  function createMemory(shape: KernelMemoryShape): KernelMemory {
    checkMemoryShape(shape);
    const layout = memoryLayout(shape);
    const pages = Math.max(EC_MODULE_MEMORY_IMPORT.pagesMin, Math.ceil(layout.totalBytes / PAGE_BYTES));
    if (pages > MEMORY_PAGES_MAX) throw new RangeError(`wasm-simd: ${layout.totalBytes} bytes exceed a WebAssembly memory (4 GiB)`);
    // maximum = initial: this memory cannot grow, so the caller's views of it never detach.
    const wasmMemory = new api.Memory({ initial: pages, maximum: pages });
    const fns = instantiate(wasmMemory);
    const buffer = wasmMemory.buffer;
    const region = new CallerRegion(buffer, layout.userBaseBytes, shape.capacityBytes);
    const state: InMemoryState = { region, bytes: new Uint8Array(buffer), words: new DataView(buffer), offsets: [], loadedTables: null };
    return {
      region,
      compile(matrix) {
        checkFitsMemory(shape, matrix);
        return inMemoryProgram(layout, state, fns, matrix);
      },
    };
  }

  return { name: 'wasm-simd', swizzle, compile, createMemory };
}

/**
 * Where an in-place memory keeps its scratch, in front of the caller's bytes: tables for the
 * largest program, the input and output pointer tables, and the tail staging blocks.
 */
interface MemoryLayout {
  readonly inPointersBytes: number;
  readonly outPointersBytes: number;
  readonly stageInBytes: number;
  readonly stageOutBytes: number;
  readonly userBaseBytes: number;
  readonly totalBytes: number;
}

function memoryLayout(shape: KernelMemoryShape): MemoryLayout {
  const { rowsMax, colsMax } = shape;
  const tablesBytes = roundUp(rowsMax * colsMax * TABLE_BYTES_PER_COEFFICIENT, BLOCK_BYTES);
  const inPointersBytes = tablesBytes;
  const outPointersBytes = inPointersBytes + 4 * colsMax;
  const stageInBytes = roundUp(outPointersBytes + 4 * rowsMax, BLOCK_BYTES);
  const stageOutBytes = stageInBytes + colsMax * BLOCK_BYTES;
  const userBaseBytes = stageOutBytes + rowsMax * BLOCK_BYTES;
  return { inPointersBytes, outPointersBytes, stageInBytes, stageOutBytes, userBaseBytes, totalBytes: userBaseBytes + shape.capacityBytes };
}

interface InMemoryState {
  readonly region: CallerRegion;
  readonly bytes: Uint8Array;
  /** Little-endian i32 writes of the pointer tables, whatever the platform's byte order. */
  readonly words: DataView;
  /** The vectors' byte offsets, inputs then outputs, as the last check found them. */
  readonly offsets: number[];
  /** The tables now at address 0 of this memory. */
  loadedTables: Uint8Array | null;
}

function inMemoryProgram(layout: MemoryLayout, state: InMemoryState, fns: DotFunctions, matrix: GfMatrix): KernelProgram {
  const { rows, cols } = matrix;
  const { passes, tables } = planPasses(matrix);
  const dots = passes.map((pass) => fns.dot(pass.rowCount));
  const dotps = passes.map((pass) => fns.dotp(pass.rowCount));
  // One pass reads every input once whatever the length; several passes re-read the inputs, so
  // they go chunk by chunk to find them in L2.
  const chunkBytes = passes.length > 1 ? chunkBytesFor(cols, rows) : Number.MAX_SAFE_INTEGER;
  const { region, bytes, words, offsets } = state;

  /** The whole 64-byte blocks, where the vectors lie; region.checkRun has just filled `offsets`. */
  function runBlocks(bodyBytes: number): void {
    for (let j = 0; j < cols; j++) words.setUint32(layout.inPointersBytes + 4 * j, offsets[j], true);
    for (let r = 0; r < rows; r++) words.setUint32(layout.outPointersBytes + 4 * r, offsets[cols + r], true);
    for (let start = 0; start < bodyBytes; start += chunkBytes) {
      const end = Math.min(bodyBytes, start + chunkBytes);
      for (let i = 0; i < passes.length; i++) {
        const pass = passes[i];
        dotps[i](layout.inPointersBytes, cols, pass.tableOffsetBytes, layout.outPointersBytes + 4 * pass.firstRow, start, end);
      }
    }
  }

  /** The last partial block: staged, so nothing past the end of an output view is written. */
  function runTail(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], fromBytes: number, lengthBytes: number): void {
    for (let j = 0; j < cols; j++) bytes.set(inputs[j].subarray(fromBytes, lengthBytes), layout.stageInBytes + j * BLOCK_BYTES);
    for (let i = 0; i < passes.length; i++) {
      const pass = passes[i];
      dots[i](layout.stageInBytes, BLOCK_BYTES, cols, pass.tableOffsetBytes, layout.stageOutBytes + pass.firstRow * BLOCK_BYTES, BLOCK_BYTES, BLOCK_BYTES);
    }
    for (let r = 0; r < rows; r++) {
      const from = layout.stageOutBytes + r * BLOCK_BYTES;
      outputs[r].set(bytes.subarray(from, from + (lengthBytes - fromBytes)), fromBytes);
    }
  }

  return {
    rows,
    cols,
    run(inputs, outputs) {
      const lengthBytes = region.checkRun(rows, cols, inputs, outputs, offsets);
      if (lengthBytes === 0 || rows === 0) return;
      if (state.loadedTables !== tables) {
        bytes.set(tables, 0);
        state.loadedTables = tables;
      }
      const bodyBytes = lengthBytes - (lengthBytes % BLOCK_BYTES);
      if (bodyBytes > 0) runBlocks(bodyBytes);
      if (bodyBytes < lengthBytes) runTail(inputs, outputs, bodyBytes, lengthBytes);
    },
  };
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
