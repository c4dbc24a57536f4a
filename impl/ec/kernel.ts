import type { GfMatrix } from './gf-matrix.ts';

/**
 * A kernel multiplies a GF(2^8) matrix by a column of byte vectors:
 *   outputs[r][b] = XOR over j of matrix[r][j] * inputs[j][b]
 * Encode is this with the parity rows; reconstruct is this with a decode matrix over the survivors.
 * All kernels must produce byte-identical outputs; the scalar one is the reference.
 */
export type KernelName = 'scalar' | 'js-word' | 'wasm-simd';

export const KERNEL_NAMES: readonly KernelName[] = ['scalar', 'js-word', 'wasm-simd'];

export interface EcKernel {
  readonly name: KernelName;
  /** Precomputes whatever tables the kernel needs for `matrix`; the result is reused per call. */
  compile(matrix: GfMatrix): KernelProgram;
}

export interface KernelProgram {
  readonly rows: number;
  readonly cols: number;
  /**
   * Overwrites outputs[0..rows-1] from inputs[0..cols-1]. All vectors must have the same length
   * (any length, including 0 and odd ones). Outputs must not alias inputs.
   */
  run(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): void;
}

/** Shared argument checks, so every kernel fails the same way on misuse. Returns the length. */
export function checkRunArgs(rows: number, cols: number, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): number {
  if (inputs.length !== cols) throw new RangeError(`kernel expects ${cols} inputs, got ${inputs.length}`);
  if (outputs.length !== rows) throw new RangeError(`kernel expects ${rows} outputs, got ${outputs.length}`);
  const lengthBytes = cols > 0 ? inputs[0].length : rows > 0 ? outputs[0].length : 0;
  for (const v of inputs) if (v.length !== lengthBytes) throw new RangeError(`shard lengths differ: ${v.length} vs ${lengthBytes}`);
  for (const v of outputs) if (v.length !== lengthBytes) throw new RangeError(`shard lengths differ: ${v.length} vs ${lengthBytes}`);
  for (const out of outputs) {
    for (const v of inputs) if (overlaps(out, v)) throw new RangeError('an output shard overlaps an input shard');
  }
  return lengthBytes;
}

function overlaps(a: Uint8Array, b: Uint8Array): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;
}
