import { assert } from './stamp.ts';
import type { ExtentInput, RangeInput } from './types.ts';

/**
 * Argument checks shared by both stores. A store is called by the engine after the engine has
 * applied the spec's INVAL rules, so a bad argument here is a caller bug: it throws, and the store
 * is left unchanged because every check runs before any mutation.
 */

export function assertWriteEpoch(epoch: number, lastEpoch: number, bound: number): void {
  assert(Number.isSafeInteger(epoch) && epoch >= 1, `write epoch ${epoch} is not a positive integer`);
  assert(epoch >= lastEpoch, `write epoch ${epoch} is older than the previous write epoch ${lastEpoch}`);
  assert(epoch >= bound, `write epoch ${epoch} is below the aggregation bound ${bound}`);
}

export function assertReadEpoch(epoch: number): void {
  assert(Number.isSafeInteger(epoch) && epoch >= 0, `read epoch ${epoch} is not a non-negative integer`);
}

export function assertKey(key: string, what: string): void {
  assert(typeof key === 'string' && key.length > 0, `${what} must be a non-empty string`);
}

/**
 * Offsets are JavaScript numbers, so the store accepts extents that end at or below 2^53 - 1 (not
 * the spec's 2^63: a double cannot address those bytes exactly).
 */
export function assertRange(offset: number, length: number, what: string): void {
  assert(Number.isSafeInteger(offset) && offset >= 0, `${what}: offset ${offset} is not a non-negative safe integer`);
  assert(Number.isSafeInteger(length) && length >= 1, `${what}: length ${length} is not a positive integer`);
  assert(Number.isSafeInteger(offset + length), `${what}: end ${offset + length} is beyond 2^53 - 1`);
}

/** Ranges of one call must not overlap (ARR-1): within one stamp, "later wins" would be undefined. */
export function assertDisjoint(ranges: readonly RangeInput[], what: string): void {
  assert(ranges.length >= 1, `${what}: empty extent list`);
  for (const r of ranges) assertRange(r.offset, r.length, what);
  const sorted = ranges.slice().sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    assert(sorted[i - 1].offset + sorted[i - 1].length <= sorted[i].offset, `${what}: extents of one call overlap`);
  }
}

export function extentRanges(extents: readonly ExtentInput[]): RangeInput[] {
  return extents.map((e) => ({ offset: e.offset, length: e.data.length }));
}

export function assertDistinctKeys(keys: readonly string[], what: string): void {
  assert(keys.length >= 1, `${what}: empty key list`);
  for (const k of keys) assertKey(k, what);
  assert(new Set(keys).size === keys.length, `${what}: duplicate keys`);
}
