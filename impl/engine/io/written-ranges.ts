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
