import { matrixInvert, matrixMultiply, selectRows, type GfMatrix } from './gf-matrix.ts';

/**
 * How to rebuild a set of missing fragments. Follows ISA-L's decode: the survivors are the first k
 * present fragment indexes in ascending order; B = those k rows of the encode matrix; D = B^-1.
 * A missing data fragment e is row D[e] applied to the survivors. A missing parity fragment i is
 * E[i] * D applied to the survivors (its encode row, expressed over the survivors instead of the
 * data), so one pass rebuilds data and parity together.
 */
export interface DecodePlan {
  /** Fragment indexes read, ascending, length k. */
  readonly survivors: readonly number[];
  /** Fragment indexes rebuilt, ascending. */
  readonly missing: readonly number[];
  /** missing.length x k: row i rebuilds fragment missing[i] from the survivors. */
  readonly matrix: GfMatrix;
}

export function decodePlan(encodeMatrix: GfMatrix, missing: readonly number[]): DecodePlan {
  const k = encodeMatrix.cols;
  const m = encodeMatrix.rows;
  const missingSet = new Set(missing);
  if (missingSet.size !== missing.length) throw new RangeError('missing fragment indexes repeat');
  for (const index of missing) {
    if (!Number.isInteger(index) || index < 0 || index >= m) throw new RangeError(`fragment index ${index} outside 0..${m - 1}`);
  }
  if (m - missing.length < k) {
    throw new RangeError(`cannot reconstruct: ${missing.length} fragments missing, at most ${m - k} (the parity count) can be rebuilt`);
  }
  const survivors: number[] = [];
  for (let i = 0; i < m && survivors.length < k; i++) if (!missingSet.has(i)) survivors.push(i);
  const sortedMissing = [...missing].sort((a, b) => a - b);
  const inverse = matrixInvert(selectRows(encodeMatrix, survivors));
  // E[missing] * B^-1: for a data row e, E[e] is the unit vector, so this is D[e] exactly.
  const matrix = matrixMultiply(selectRows(encodeMatrix, sortedMissing), inverse);
  return { survivors, missing: sortedMissing, matrix };
}
