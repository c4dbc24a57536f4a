import { matrixInvert, matrixMultiply, selectRows, type GfMatrix } from './gf-matrix.ts';

/**
 * How to rebuild a set of missing fragments. Follows ISA-L's decode: the survivors are the first k
 * present fragment indexes in ascending order; B = those k rows of the encode matrix; D = B^-1.
 * A missing data fragment e is row D[e] applied to the survivors. A missing parity fragment i is
 * E[i] * D applied to the survivors (its encode row, expressed over the survivors instead of the
 * data), so one pass rebuilds data and parity together.
 * Fragments can also be `absent`: unreadable but not wanted (a reader that needs only the data
 * leaves lost parity absent). They are skipped as survivors and not rebuilt.
 */
export interface DecodePlan {
  /** Fragment indexes read, ascending, length k. */
  readonly survivors: readonly number[];
  /** Fragment indexes rebuilt, ascending. */
  readonly missing: readonly number[];
  /** missing.length x k: row i rebuilds fragment missing[i] from the survivors. */
  readonly matrix: GfMatrix;
}

export function decodePlan(encodeMatrix: GfMatrix, missing: readonly number[], absent: readonly number[] = []): DecodePlan {
  const k = encodeMatrix.cols;
  const m = encodeMatrix.rows;
  const erased = new Set([...missing, ...absent]);
  if (erased.size !== missing.length + absent.length) throw new RangeError('missing or absent fragment indexes repeat');
  for (const index of erased) {
    if (!Number.isInteger(index) || index < 0 || index >= m) throw new RangeError(`fragment index ${index} outside 0..${m - 1}`);
  }
  if (m - erased.size < k) {
    throw new RangeError(`cannot reconstruct: ${erased.size} fragments missing, at most ${m - k} (the parity count) can be rebuilt`);
  }
  const survivors: number[] = [];
  for (let i = 0; i < m && survivors.length < k; i++) if (!erased.has(i)) survivors.push(i);
  const sortedMissing = [...missing].sort((a, b) => a - b);
  const inverse = matrixInvert(selectRows(encodeMatrix, survivors));
  // E[missing] * B^-1: for a data row e, E[e] is the unit vector, so this is D[e] exactly.
  const matrix = matrixMultiply(selectRows(encodeMatrix, sortedMissing), inverse);
  return { survivors, missing: sortedMissing, matrix };
}

/**
 * A bounded cache of whatever is built per erasure pattern (a compiled decode program). The number
 * of patterns is sum over e <= p of C(k+p, e)-ish, large for wide codes, so the cache is capped
 * and simply cleared when full. Keys are numbers (two bit masks) up to 26 fragments, the OBJ-3
 * range, else strings.
 */
export const DECODE_CACHE_ENTRIES_MAX = 1024;
const MASK_KEY_FRAGMENTS_MAX = 26;

export class DecodeCache<T> {
  private readonly entries = new Map<number | string, T>();
  constructor(
    private readonly fragments: number,
    private readonly build: (missing: readonly number[], absent: readonly number[]) => T,
  ) {}

  get(missing: readonly number[], absent: readonly number[] = []): T {
    const key = patternKey(this.fragments, missing, absent);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.build(missing, absent);
      if (this.entries.size >= DECODE_CACHE_ENTRIES_MAX) this.entries.clear();
      this.entries.set(key, entry);
    }
    return entry;
  }
}

/**
 * Same key for the same sets whatever their order. Validates first (integer indexes in range, no
 * repeats across both lists): a cached entry must never stand in for a malformed pattern.
 */
export function patternKey(fragments: number, missing: readonly number[], absent: readonly number[]): number | string {
  // No closures in here: it runs on every reconstruct, and tsx (esbuild keepNames) wraps each
  // named closure it creates in a defineProperty call.
  if (fragments <= MASK_KEY_FRAGMENTS_MAX) {
    let missingMask = 0;
    let absentMask = 0;
    for (const i of missing) {
      checkIndex(fragments, i);
      if ((missingMask >> i) & 1) throw repeatError();
      missingMask |= 1 << i;
    }
    for (const i of absent) {
      checkIndex(fragments, i);
      if (((missingMask | absentMask) >> i) & 1) throw repeatError();
      absentMask |= 1 << i;
    }
    // Both masks < 2^26, so the key < 2^52 is exact in a double.
    return missingMask * 2 ** MASK_KEY_FRAGMENTS_MAX + absentMask;
  }
  const all = [...missing, ...absent];
  for (const i of all) checkIndex(fragments, i);
  if (new Set(all).size !== all.length) throw repeatError();
  return `${sortedList(missing)}/${sortedList(absent)}`;
}

function checkIndex(fragments: number, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= fragments) throw new RangeError(`fragment index ${i} outside 0..${fragments - 1}`);
}

function repeatError(): RangeError {
  return new RangeError('missing or absent fragment indexes repeat');
}

function sortedList(indexes: readonly number[]): string {
  return [...indexes].sort((a, b) => a - b).join(',');
}
