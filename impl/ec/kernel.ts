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
  /** Bytes the memory's allocator may hand out (see CallerRegion.alloc). */
  readonly capacityBytes: number;
  /** Largest matrix any program of this memory will run (rows x cols), so scratch is sized up front. */
  readonly rowsMax: number;
  readonly colsMax: number;
}

/**
 * Memory in which a kernel computes on the caller's vectors where they lie. For 'wasm-simd' it is
 * the linear memory of an instance of its own; for the JS kernels an ordinary ArrayBuffer. Its size
 * is fixed at creation: it never grows, so views into it never detach. The caller gets its
 * vectors from region.alloc; the rest of the buffer is the kernel's scratch (tables, pointers,
 * tail staging).
 */
export interface KernelMemory {
  readonly region: CallerRegion;
  /**
   * Like EcKernel.compile, but run() copies nothing and throws unless every vector lies in what
   * region.alloc has handed out. matrix.rows <= rowsMax and matrix.cols <= colsMax.
   */
  compile(matrix: GfMatrix): KernelProgram;
}

export interface KernelProgram {
  readonly rows: number;
  readonly cols: number;
  /**
   * Overwrites outputs[0..rows-1] from inputs[0..cols-1]. All vectors must have the same length
   * (any length, including 0 and odd ones). Outputs must not overlap inputs or each other.
   */
  run(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): void;
}

// A note on cost: a view's .buffer and .byteOffset are getters V8 does not inline (10-20 ns each).
// At 4 KiB cells a 16+2 call is ~8 us, so the checks below read each getter once per vector.

/** Shared argument checks, so every kernel fails the same way on misuse. Returns the length. */
export function checkRunArgs(rows: number, cols: number, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): number {
  const lengthBytes = checkCountsAndLengths(rows, cols, inputs, outputs);
  if (rows === 0 || lengthBytes === 0) return lengthBytes;
  // Only views of one buffer can overlap: compare buffers first, offsets only where they match.
  const inBuffers = inputs.map((v) => v.buffer);
  const outBuffers = outputs.map((v) => v.buffer);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      if (outBuffers[r] === inBuffers[j] && overlaps(outputs[r].byteOffset, inputs[j].byteOffset, lengthBytes)) throw overlapError('input');
    }
    for (let s = 0; s < r; s++) {
      if (outBuffers[r] === outBuffers[s] && overlaps(outputs[r].byteOffset, outputs[s].byteOffset, lengthBytes)) throw overlapError('output');
    }
  }
  return lengthBytes;
}

function checkCountsAndLengths(rows: number, cols: number, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): number {
  if (inputs.length !== cols) throw new RangeError(`kernel expects ${cols} inputs, got ${inputs.length}`);
  if (outputs.length !== rows) throw new RangeError(`kernel expects ${rows} outputs, got ${outputs.length}`);
  const lengthBytes = cols > 0 ? inputs[0].length : rows > 0 ? outputs[0].length : 0;
  for (const v of inputs) if (v.length !== lengthBytes) throw new RangeError(`shard lengths differ: ${v.length} vs ${lengthBytes}`);
  for (const v of outputs) if (v.length !== lengthBytes) throw new RangeError(`shard lengths differ: ${v.length} vs ${lengthBytes}`);
  return lengthBytes;
}

/** Two ranges of `lengthBytes` (> 0) at these offsets of one buffer share a byte. */
function overlaps(a: number, b: number, lengthBytes: number): boolean {
  return a < b + lengthBytes && b < a + lengthBytes;
}

function overlapError(other: 'input' | 'output'): RangeError {
  return new RangeError(other === 'input' ? 'an output shard overlaps an input shard' : 'output shards overlap each other');
}

export const ALLOC_ALIGN_BYTES = 64;
/**
 * Left free after every allocation. Cells allocated one after another would otherwise often sit
 * a power of two apart, where a kernel's 16+ input streams share L1 sets (measured on wasm-simd,
 * 16+2 at 64 KiB cells: about 1.35x slower without the gap).
 */
export const ALLOC_GAP_BYTES = 64;

/** Bytes alloc(lengthBytes) takes when more allocations follow it. */
export function allocFootprintBytes(lengthBytes: number): number {
  return Math.ceil(lengthBytes / ALLOC_ALIGN_BYTES) * ALLOC_ALIGN_BYTES + ALLOC_GAP_BYTES;
}

/**
 * The caller's part of a kernel memory: a bump allocator over [baseBytes, baseBytes + capacity)
 * of `buffer`, with no free (a view can never come to alias a later allocation), and the always-on
 * check that a program's vectors are views of what it handed out.
 */
export class CallerRegion {
  private top: number;

  constructor(
    readonly buffer: ArrayBuffer,
    private readonly baseBytes: number,
    readonly capacityBytes: number,
  ) {
    if (baseBytes % ALLOC_ALIGN_BYTES !== 0 || baseBytes + capacityBytes > buffer.byteLength) throw new Error('CallerRegion: bad bounds');
    this.top = baseBytes;
  }

  /** Bytes handed out so far, alignment and gaps included. */
  get usedBytes(): number {
    return this.top - this.baseBytes;
  }

  /** A zero-filled view, 64-byte aligned, ALLOC_GAP_BYTES clear of the next one. Throws when full. */
  alloc(lengthBytes: number): Uint8Array {
    checkByteCount(lengthBytes, 'lengthBytes');
    const leftBytes = this.capacityBytes - this.usedBytes;
    if (lengthBytes > leftBytes) throw new RangeError(`workspace full: ${lengthBytes} bytes asked, ${leftBytes} of ${this.capacityBytes} left`);
    const view = new Uint8Array(this.buffer, this.top, lengthBytes);
    // The last allocation that fits needs no alignment or gap after it.
    this.top += Math.min(allocFootprintBytes(lengthBytes), leftBytes);
    return view;
  }

  owns(view: Uint8Array): boolean {
    const offset = view.byteOffset;
    return view.buffer === this.buffer && offset >= this.baseBytes && offset + view.length <= this.top;
  }

  /**
   * checkRunArgs for vectors that must lie in what this region handed out, reading each view's
   * getters once. Writes the views' byte offsets to `offsets` (inputs, then outputs). Always on.
   */
  checkRun(rows: number, cols: number, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], offsets: number[]): number {
    const lengthBytes = checkCountsAndLengths(rows, cols, inputs, outputs);
    for (let i = 0; i < cols + rows; i++) {
      const v = i < cols ? inputs[i] : outputs[i - cols];
      const offset = v.byteOffset;
      if (v.buffer !== this.buffer || offset < this.baseBytes || offset + lengthBytes > this.top) {
        const what = i < cols ? `input ${i}` : `output ${i - cols}`;
        throw new RangeError(`${what} is not a view into this workspace's allocations (allocate it with alloc/allocStripe, or use the copying API)`);
      }
      offsets[i] = offset;
    }
    if (lengthBytes === 0) return 0;
    for (let r = cols; r < cols + rows; r++) {
      for (let j = 0; j < cols; j++) if (overlaps(offsets[r], offsets[j], lengthBytes)) throw overlapError('input');
      for (let s = cols; s < r; s++) if (overlaps(offsets[r], offsets[s], lengthBytes)) throw overlapError('output');
    }
    return lengthBytes;
  }
}

export function checkByteCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
}

export function checkMemoryShape(shape: KernelMemoryShape): void {
  checkByteCount(shape.capacityBytes, 'capacityBytes');
  const { rowsMax, colsMax } = shape;
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
 * of it the caller's; programs are the kernel's own, behind the region's check.
 */
export function plainKernelMemory(compile: (matrix: GfMatrix) => KernelProgram, shape: KernelMemoryShape): KernelMemory {
  checkMemoryShape(shape);
  const region = new CallerRegion(new ArrayBuffer(shape.capacityBytes), 0, shape.capacityBytes);
  const offsets: number[] = [];
  return {
    region,
    compile(matrix) {
      checkFitsMemory(shape, matrix);
      const program = compile(matrix);
      return {
        rows: program.rows,
        cols: program.cols,
        run(inputs, outputs) {
          region.checkRun(program.rows, program.cols, inputs, outputs, offsets);
          program.run(inputs, outputs);
        },
      };
    },
  };
}
