import { gfInv } from './gf256.ts';
import { gfMatrix, type GfMatrix } from './gf-matrix.ts';

/**
 * The (k+p) x k encode matrix of ISA-L's gf_gen_cauchy1_matrix, as DAOS uses it: k identity rows,
 * then parity row i (i = k..k+p-1), column j = inverse(i XOR j). Every k x k submatrix of it is
 * invertible (Cauchy), so any k surviving fragments recover the data. i XOR j is never 0 because
 * i >= k > j, and all indexes must fit a byte, hence k + p <= 256.
 */
export function cauchyEncodeMatrix(dataShards: number, parityShards: number): GfMatrix {
  assertShape(dataShards, parityShards);
  const k = dataShards;
  const m = dataShards + parityShards;
  const out = gfMatrix(m, k);
  for (let i = 0; i < k; i++) out.entries[i * k + i] = 1;
  for (let i = k; i < m; i++) {
    for (let j = 0; j < k; j++) out.entries[i * k + j] = gfInv(i ^ j);
  }
  return out;
}

export function assertShape(dataShards: number, parityShards: number): void {
  if (!Number.isInteger(dataShards) || dataShards < 1) throw new RangeError(`dataShards must be an integer >= 1, got ${dataShards}`);
  if (!Number.isInteger(parityShards) || parityShards < 1) throw new RangeError(`parityShards must be an integer >= 1, got ${parityShards}`);
  if (dataShards + parityShards > 256) throw new RangeError(`dataShards + parityShards must be <= 256, got ${dataShards + parityShards}`);
}
