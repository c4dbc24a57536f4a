import { emitModule, FunctionBuilder, I32, V128, type ExportedFunction } from './wasm-emitter.ts';

/**
 * The WebAssembly SIMD module of the 'wasm-simd' kernel, emitted from this description.
 *
 * Each exported function dot_r{R}_v{V} computes R output rows at once (R = 1..4) over
 * V x 16 bytes per iteration (V = 1, 2, 4), with the split-nibble method ISA-L uses:
 * c * x = lo[c][x & 15] ^ hi[c][x >> 4], where lo and hi are 16-byte tables looked up with
 * i8x16.swizzle. Every data vector is loaded and split into nibbles once and used for all R rows;
 * the R x V accumulators live in locals (registers) for the whole pass over the inputs, so each
 * output vector is stored exactly once.
 *
 * Two addressing modes share that body:
 * - dot_r{R}_v{V}(inPtr, inStride, cols, tablePtr, outPtr, outStride, lengthBytes) -> ()
 *   input j is at inPtr + j * inStride, output r at outPtr + r * outStride, positions
 *   [0, lengthBytes). The copying path stages chunks at a fixed stride.
 * - dotp_r{R}_v{V}(inPtrs, cols, tablePtr, outPtrs, startBytes, endBytes) -> ()
 *   input j is at i32 load(inPtrs + 4j), output r at i32 load(outPtrs + 4r), positions
 *   [startBytes, endBytes). The in-place path (a workspace) runs on the caller's vectors wherever
 *   they lie, at the price of one scalar load per input per iteration.
 * In both: tables for input j, row r: lo at tablePtr + (j * R + r) * 32, hi 16 bytes after;
 * the position range must be a positive multiple of 16 * V and cols >= 1. The caller pads.
 * The memory is imported (env.memory), so each instance gets the memory JS gives it: growable for
 * the copying path's staging, fixed-size for a workspace.
 * All twelve (R, V) combinations of each mode are emitted (about 12 KB in all) so they can be
 * measured against each other; kernel-wasm-simd.ts uses R1/V4, R2/V2 and R3/V2.
 */
export const ROWS_PER_PASS = [1, 2, 3, 4] as const;
export const VECTORS_PER_ITERATION = [1, 2, 4] as const;
export const TABLE_BYTES_PER_COEFFICIENT = 32;

export function dotFunctionName(rows: number, vectors: number): string {
  return `dot_r${rows}_v${vectors}`;
}

export function dotPointersFunctionName(rows: number, vectors: number): string {
  return `dotp_r${rows}_v${vectors}`;
}

/** The memory every instance must be given: imports.env.memory, at least one page. */
export const EC_MODULE_MEMORY_IMPORT = { module: 'env', name: 'memory', pagesMin: 1 } as const;

export interface EcModuleOptions {
  /**
   * Use i8x16.relaxed_swizzle (relaxed SIMD) instead of i8x16.swizzle. Our indexes are always
   * < 16 (masked nibbles), where both are defined identically, so results do not change; the
   * relaxed form lets engines drop the out-of-range fix-up. Default false.
   */
  readonly relaxed?: boolean;
}

export function buildEcModule(options: EcModuleOptions = {}): Uint8Array {
  const functions: ExportedFunction[] = [];
  for (const rows of ROWS_PER_PASS) {
    for (const vectors of VECTORS_PER_ITERATION) {
      functions.push({ name: dotFunctionName(rows, vectors), fn: dotFunction(rows, vectors, options.relaxed ?? false, 'stride') });
    }
  }
  for (const rows of ROWS_PER_PASS) {
    for (const vectors of VECTORS_PER_ITERATION) {
      functions.push({ name: dotPointersFunctionName(rows, vectors), fn: dotFunction(rows, vectors, options.relaxed ?? false, 'pointers') });
    }
  }
  return emitModule(functions, EC_MODULE_MEMORY_IMPORT);
}

type Addressing = 'stride' | 'pointers';

function dotFunction(rows: number, vectors: number, relaxed: boolean, addressing: Addressing): FunctionBuilder {
  const strided = addressing === 'stride';
  const f = strided ? new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32], []) : new FunctionBuilder([I32, I32, I32, I32, I32, I32], []);
  // Parameter indexes; -1 where a mode lacks the parameter.
  const [inPtr, inStride, cols, tablePtr, outPtr, outStride, startBytes, endBytes] = strided ? [0, 1, 2, 3, 4, 5, -1, 6] : [0, -1, 1, 2, 3, -1, 4, 5];
  const pos = f.local(I32);
  const j = f.local(I32);
  const p = f.local(I32);
  const t = f.local(I32);
  const o = f.local(I32);
  // Pointers mode: the address of input j's pointer.
  const q = f.local(I32);
  const mask = f.local(V128);
  const acc: number[][] = [];
  for (let r = 0; r < rows; r++) acc.push(Array.from({ length: vectors }, () => f.local(V128)));
  const lo = Array.from({ length: vectors }, () => f.local(V128));
  const hi = Array.from({ length: vectors }, () => f.local(V128));
  const tl = f.local(V128);
  const th = f.local(V128);
  const bytesPerIteration = 16 * vectors;
  const tableBytesPerInput = TABLE_BYTES_PER_COEFFICIENT * rows;

  f.i32Const(0x0f).i8x16Splat().set(mask);
  if (strided) f.i32Const(0).set(pos);
  else f.get(startBytes).set(pos);
  f.loop(); // over positions
  for (const row of acc) for (const a of row) f.v128Const(new Array(16).fill(0)).set(a);
  if (strided) f.get(inPtr).get(pos).i32Add().set(p);
  else f.get(inPtr).set(q);
  f.get(tablePtr).set(t);
  f.get(cols).set(j);
  f.loop(); // over inputs
  if (!strided) f.get(q).i32Load(0).get(pos).i32Add().set(p);
  for (let v = 0; v < vectors; v++) {
    // lo = d & 0x0f; hi = (d >> 4) & 0x0f. A 16-bit shift is fine: the mask drops bits shifted in
    // from the neighbouring byte, and it avoids the costlier byte-lane shift.
    f.get(p).v128Load(16 * v).tee(hi[v]).get(mask).v128And().set(lo[v]);
    f.get(hi[v]).i32Const(4).i16x8ShrU().get(mask).v128And().set(hi[v]);
  }
  for (let r = 0; r < rows; r++) {
    f.get(t).v128Load(TABLE_BYTES_PER_COEFFICIENT * r).set(tl);
    f.get(t).v128Load(TABLE_BYTES_PER_COEFFICIENT * r + 16).set(th);
    for (let v = 0; v < vectors; v++) {
      f.get(acc[r][v]);
      f.get(tl).get(lo[v]);
      if (relaxed) f.i8x16RelaxedSwizzle();
      else f.i8x16Swizzle();
      f.get(th).get(hi[v]);
      if (relaxed) f.i8x16RelaxedSwizzle();
      else f.i8x16Swizzle();
      f.v128Xor().v128Xor().set(acc[r][v]);
    }
  }
  if (strided) f.get(p).get(inStride).i32Add().set(p);
  else f.get(q).i32Const(4).i32Add().set(q);
  f.get(t).i32Const(tableBytesPerInput).i32Add().set(t);
  f.get(j).i32Const(1).i32Sub().tee(j).brIf(0);
  f.end();
  for (let r = 0; r < rows; r++) {
    if (strided) {
      if (r === 0) f.get(outPtr).get(pos).i32Add().set(o);
      else f.get(o).get(outStride).i32Add().set(o);
    } else {
      f.get(outPtr).i32Load(4 * r).get(pos).i32Add().set(o);
    }
    for (let v = 0; v < vectors; v++) f.get(o).get(acc[r][v]).v128Store(16 * v);
  }
  f.get(pos).i32Const(bytesPerIteration).i32Add().tee(pos).get(endBytes).i32LtU().brIf(0);
  f.end();
  return f;
}
