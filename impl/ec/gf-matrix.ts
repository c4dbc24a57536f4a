import { gfInv, gfMul } from './gf256.ts';

/**
 * Dense matrices over GF(2^8), row-major. Sizes here are at most 256 x 256, so the cubic
 * Gauss-Jordan inverse is cheap next to the data it is used on, and it runs once per erasure
 * pattern (the codec caches the result).
 */
export interface GfMatrix {
  readonly rows: number;
  readonly cols: number;
  /** rows * cols entries, row-major. */
  readonly entries: Uint8Array;
}

export function gfMatrix(rows: number, cols: number, entries?: Uint8Array): GfMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`bad matrix shape ${rows} x ${cols}`);
  }
  const data = entries ?? new Uint8Array(rows * cols);
  if (data.length !== rows * cols) throw new RangeError(`matrix ${rows} x ${cols} given ${data.length} entries`);
  return { rows, cols, entries: data };
}

export function matrixGet(m: GfMatrix, row: number, col: number): number {
  return m.entries[row * m.cols + col];
}

/** The rows of `m` at `rowIndexes`, in that order. */
export function selectRows(m: GfMatrix, rowIndexes: readonly number[]): GfMatrix {
  const out = new Uint8Array(rowIndexes.length * m.cols);
  rowIndexes.forEach((row, i) => {
    if (!Number.isInteger(row) || row < 0 || row >= m.rows) throw new RangeError(`row ${row} outside 0..${m.rows - 1}`);
    out.set(m.entries.subarray(row * m.cols, (row + 1) * m.cols), i * m.cols);
  });
  return gfMatrix(rowIndexes.length, m.cols, out);
}

export function matrixMultiply(a: GfMatrix, b: GfMatrix): GfMatrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows}x${a.cols} by ${b.rows}x${b.cols}`);
  const out = gfMatrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let t = 0; t < a.cols; t++) sum ^= gfMul(matrixGet(a, i, t), matrixGet(b, t, j));
      out.entries[i * b.cols + j] = sum;
    }
  }
  return out;
}

/** Gauss-Jordan inverse. Throws if `m` is not square or is singular. */
export function matrixInvert(m: GfMatrix): GfMatrix {
  const n = m.rows;
  if (m.cols !== n) throw new RangeError(`cannot invert a ${m.rows}x${m.cols} matrix`);
  const work = m.entries.slice();
  const inv = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    while (pivot < n && work[pivot * n + col] === 0) pivot++;
    if (pivot === n) throw new RangeError('matrix is singular over GF(2^8)');
    if (pivot !== col) {
      swapRows(work, n, pivot, col);
      swapRows(inv, n, pivot, col);
    }
    const scale = gfInv(work[col * n + col]);
    scaleRow(work, n, col, scale);
    scaleRow(inv, n, col, scale);
    for (let row = 0; row < n; row++) {
      const factor = work[row * n + col];
      if (row === col || factor === 0) continue;
      addScaledRow(work, n, row, col, factor);
      addScaledRow(inv, n, row, col, factor);
    }
  }
  return gfMatrix(n, n, inv);
}

function swapRows(a: Uint8Array, n: number, r1: number, r2: number): void {
  for (let j = 0; j < n; j++) {
    const t = a[r1 * n + j];
    a[r1 * n + j] = a[r2 * n + j];
    a[r2 * n + j] = t;
  }
}

function scaleRow(a: Uint8Array, n: number, row: number, factor: number): void {
  for (let j = 0; j < n; j++) a[row * n + j] = gfMul(a[row * n + j], factor);
}

/** row[target] ^= factor * row[source] */
function addScaledRow(a: Uint8Array, n: number, target: number, source: number, factor: number): void {
  for (let j = 0; j < n; j++) a[target * n + j] ^= gfMul(factor, a[source * n + j]);
}
