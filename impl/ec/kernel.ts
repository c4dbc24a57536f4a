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
  /** A fixed-size region in which this kernel's programs run without copying (see KernelMemory). */
  createMemory(shape: KernelMemoryShape): KernelMemory;
}

export interface KernelMemoryShape {
  /** Bytes reserved for the caller's vectors. */
  readonly userBytes: number;
  /** Largest matrix any program of this memory will run (rows x cols), so scratch is sized up front. */
  readonly rowsMax: number;
  readonly colsMax: number;
}

/**
 * Memory in which a kernel computes on the caller's vectors where they lie. For 'wasm-simd' it is
 * the linear memory of an instance of its own; for the JS kernels an ordinary ArrayBuffer. Its size
 * is fixed at creation: it never grows, so views into it never detach. Bytes
 * [userBaseBytes, userBaseBytes + userBytes) of `buffer` are the caller's; the rest is the
 * kernel's scratch (tables, pointers, tail staging) and no vector may touch it.
 */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  readonly userBaseBytes: number;
  readonly userBytes: number;
  /**
   * Like EcKernel.compile, but run() copies nothing and throws unless every vector is a view of
   * `buffer` inside the caller's bytes. matrix.rows <= rowsMax and matrix.cols <= colsMax.
   */
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
  for (let r = 0; r < outputs.length; r++) {
    for (const v of inputs) if (overlaps(outputs[r], v)) throw new RangeError('an output shard overlaps an input shard');
    for (let s = 0; s < r; s++) if (overlaps(outputs[r], outputs[s])) throw new RangeError('output shards overlap each other');
  }
  return lengthBytes;
}

/** Throws unless every vector is a view of memory.buffer inside the caller's bytes. Always on. */
export function checkInMemory(memory: KernelMemory, vectors: readonly Uint8Array[]): void {
  const end = memory.userBaseBytes + memory.userBytes;
  for (const v of vectors) {
    if (v.buffer !== memory.buffer) throw new RangeError('a shard is not a view into this kernel memory (copy it in, or use the copying API)');
    if (v.byteOffset < memory.userBaseBytes || v.byteOffset + v.length > end) {
      throw new RangeError(`a shard at byte ${v.byteOffset} (+${v.length}) lies outside the caller region ${memory.userBaseBytes}..${end}`);
    }
  }
}

export function checkMemoryShape(shape: KernelMemoryShape): void {
  const { userBytes, rowsMax, colsMax } = shape;
  if (!Number.isSafeInteger(userBytes) || userBytes < 0) throw new RangeError(`userBytes must be an integer >= 0, got ${userBytes}`);
  if (!Number.isInteger(rowsMax) || rowsMax < 0 || !Number.isInteger(colsMax) || colsMax < 0) {
    throw new RangeError(`rowsMax and colsMax must be integers >= 0, got ${rowsMax} x ${colsMax}`);
  }
}

export function checkFitsMemory(shape: KernelMemoryShape, matrix: GfMatrix): void {
  if (matrix.rows > shape.rowsMax || matrix.cols > shape.colsMax) {
    throw new RangeError(`a ${matrix.rows} x ${matrix.cols} matrix exceeds this memory's ${shape.rowsMax} x ${shape.colsMax}`);
  }
}

/**
 * KernelMemory for kernels that compute on any Uint8Array (scalar, js-word): one ArrayBuffer, all
 * of it the caller's; programs are the kernel's own, behind the same checks as every memory's.
 */
export function plainKernelMemory(compile: (matrix: GfMatrix) => KernelProgram, shape: KernelMemoryShape): KernelMemory {
  checkMemoryShape(shape);
  const memory: KernelMemory = {
    buffer: new ArrayBuffer(shape.userBytes),
    userBaseBytes: 0,
    userBytes: shape.userBytes,
    compile(matrix) {
      checkFitsMemory(shape, matrix);
      const program = compile(matrix);
      return {
        rows: program.rows,
        cols: program.cols,
        run(inputs, outputs) {
          checkInMemory(memory, inputs);
          checkInMemory(memory, outputs);
          program.run(inputs, outputs);
        },
      };
    },
  };
  return memory;
}

function overlaps(a: Uint8Array, b: Uint8Array): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;
}
