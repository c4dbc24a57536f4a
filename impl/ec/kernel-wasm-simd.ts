import { gfMul } from './gf256.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { checkRunArgs, type EcKernel, type KernelProgram } from './kernel.ts';
import { buildEcModule, dotFunctionName, TABLE_BYTES_PER_COEFFICIENT } from './wasm-ec-module.ts';
import { wasmApi, type WasmApi, type WasmMemory } from './wasm-runtime.ts';

/**
 * The WebAssembly SIMD kernel. Per call: the coefficient tables and the input shards are copied
 * into the instance's linear memory at a padded stride, the dot-product functions run over whole
 * vectors (the padding bytes compute garbage that is never copied out, which is how any length,
 * odd ones included, needs no separate tail loop), then the outputs are copied back.
 * One instance serves every program: calls are synchronous, so they never interleave.
 */
const PAGE_BYTES = 65536;
const ROWS_PER_PASS_MAX = 4;
/** Vectors (16 bytes) per loop iteration; chosen by benchmark (bench/suites/ec.ts). */
const VECTORS_PER_ITERATION = 2;
const ALIGN_BYTES = 64;

type DotFunction = (inPtr: number, inStride: number, cols: number, tablePtr: number, outPtr: number, outStride: number, lengthBytes: number) => void;

interface Instance {
  readonly memory: WasmMemory;
  readonly dot: ReadonlyMap<number, DotFunction>;
}

function instantiate(api: WasmApi, bytes: Uint8Array): Instance {
  const instance = new api.Instance(new api.Module(bytes), {});
  const memory = instance.exports.memory as WasmMemory;
  const dot = new Map<number, DotFunction>();
  for (let rows = 1; rows <= ROWS_PER_PASS_MAX; rows++) {
    dot.set(rows, instance.exports[dotFunctionName(rows, VECTORS_PER_ITERATION)] as DotFunction);
  }
  return { memory, dot };
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/** Split-nibble tables for rows [firstRow, firstRow + rowCount), laid out input-major as the module expects. */
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

interface RowPass {
  readonly firstRow: number;
  readonly rowCount: number;
  readonly tableOffsetBytes: number;
}

function createWasmSimdKernel(instance: Instance): EcKernel {
  let bytes = new Uint8Array(instance.memory.buffer);
  const ensureBytes = (needed: number): Uint8Array => {
    const current = instance.memory.buffer.byteLength;
    if (needed > current) instance.memory.grow(Math.ceil((needed - current) / PAGE_BYTES));
    if (bytes.buffer !== instance.memory.buffer) bytes = new Uint8Array(instance.memory.buffer);
    return bytes;
  };
  return {
    name: 'wasm-simd',
    compile(matrix: GfMatrix): KernelProgram {
      const { rows, cols } = matrix;
      const passes: RowPass[] = [];
      const tableParts: Uint8Array[] = [];
      let tableBytes = 0;
      for (let first = 0; first < rows; first += ROWS_PER_PASS_MAX) {
        const rowCount = Math.min(ROWS_PER_PASS_MAX, rows - first);
        const part = nibbleTables(matrix, first, rowCount);
        passes.push({ firstRow: first, rowCount, tableOffsetBytes: tableBytes });
        tableParts.push(part);
        tableBytes += part.length;
      }
      const tables = new Uint8Array(tableBytes);
      let at = 0;
      for (const part of tableParts) {
        tables.set(part, at);
        at += part.length;
      }
      const inBase = roundUp(tableBytes, ALIGN_BYTES);
      return {
        rows,
        cols,
        run(inputs, outputs) {
          const lengthBytes = checkRunArgs(rows, cols, inputs, outputs);
          if (lengthBytes === 0 || rows === 0) return;
          const paddedBytes = roundUp(lengthBytes, 16 * VECTORS_PER_ITERATION);
          const stride = roundUp(paddedBytes, ALIGN_BYTES);
          const outBase = inBase + cols * stride;
          const mem = ensureBytes(outBase + rows * stride);
          mem.set(tables, 0);
          for (let j = 0; j < cols; j++) mem.set(inputs[j], inBase + j * stride);
          for (const pass of passes) {
            const dot = instance.dot.get(pass.rowCount);
            if (dot === undefined) throw new Error(`wasm-simd: no function for ${pass.rowCount} rows`);
            dot(inBase, stride, cols, pass.tableOffsetBytes, outBase + pass.firstRow * stride, stride, paddedBytes);
          }
          for (let r = 0; r < rows; r++) outputs[r].set(mem.subarray(outBase + r * stride, outBase + r * stride + lengthBytes));
        },
      };
    },
  };
}

/** The module bytes, or undefined when this runtime has no WebAssembly or rejects its SIMD opcodes. */
export function wasmSimdModuleBytes(): Uint8Array | undefined {
  const api = wasmApi();
  if (api === undefined) return undefined;
  const bytes = buildEcModule();
  return api.validate(bytes) ? bytes : undefined;
}

function loadKernel(): EcKernel | undefined {
  const api = wasmApi();
  const bytes = wasmSimdModuleBytes();
  return api === undefined || bytes === undefined ? undefined : createWasmSimdKernel(instantiate(api, bytes));
}

/** undefined when the runtime lacks WebAssembly SIMD; the registry then falls back to 'js-word'. */
export const wasmSimdKernel: EcKernel | undefined = loadKernel();
