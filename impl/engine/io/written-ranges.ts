/**
 * The byte ranges ever written or punched in one array akey (AkeyInfo.written): a sorted list of
 * disjoint [start, end) pairs, merged as writes arrive.
 */

/** Adds [start, end) to a sorted list of disjoint ranges, merging neighbours. */
export function addWrittenRange(ranges: Array<[number, number]>, start: number, end: number): void {
  if (end <= start) return;
  let i = 0;
  while (i < ranges.length && ranges[i][1] < start) i++;
  let lo = start;
  let hi = end;
  let j = i;
  while (j < ranges.length && ranges[j][0] <= hi) {
    lo = Math.min(lo, ranges[j][0]);
    hi = Math.max(hi, ranges[j][1]);
    j++;
  }
  ranges.splice(i, j - i, [lo, hi]);
}

/**
 * Whether some byte of [start, end) that was ever written or punched (`written`, sorted disjoint
 * pairs; undefined: every byte may have been) is missing from `covered` (the segments a read found).
 * Bytes never written nor punched are decided by no write: a read may answer them as zeros even when
 * older data is gone (DUR-3), so only a missing byte that was once written makes the read lost.
 */
export function writtenBytesUncovered(
  written: readonly (readonly [number, number])[] | undefined, start: number, end: number,
  covered: readonly { readonly offset: number; readonly length: number }[],
): boolean {
  const spans = [...covered].sort((a, b) => a.offset - b.offset);
  const mayHaveBeenWritten = written ?? [[start, end] as const];
  for (const [a, b] of mayHaveBeenWritten) {
    let at = Math.max(a, start);
    const to = Math.min(b, end);
    for (const s of spans) {
      if (at >= to) break;
      if (s.offset + s.length <= at) continue;
      if (s.offset > at) return true;
      at = s.offset + s.length;
    }
    if (at < to) return true;
  }
  return false;
}
