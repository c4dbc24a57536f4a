import type { Stamp } from './types.ts';

/** Lexicographic (epoch, minor) order: negative when a is older than b. */
export function compareStamp(a: Stamp, b: Stamp): number {
  return a.epoch - b.epoch || a.minor - b.minor;
}

/** The newer of two optional stamps (null = none). */
export function newerStamp(a: Stamp | null, b: Stamp | null): Stamp | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareStamp(a, b) >= 0 ? a : b;
}

/** True when `s` is strictly newer than `punch` (or there is no punch). */
export function survivesPunch(s: Stamp, punch: Stamp | null): boolean {
  return punch === null || compareStamp(s, punch) > 0;
}

/**
 * Index of the newest entry with epoch <= `epoch` in a list sorted by stamp, or -1. Binary search
 * for the first entry with a larger epoch: ties in epoch are ordered by minor, so the entry just
 * before it is the newest call at or before `epoch`.
 */
export function newestAtOrBefore(list: readonly Stamp[], epoch: number): number {
  const n = list.length;
  if (n === 0) return -1;
  if (list[n - 1].epoch <= epoch) return n - 1; // the common case: reading the latest state
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].epoch <= epoch) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The newest stamp with epoch <= `epoch` in a sorted list, or null. */
export function newestStampAtOrBefore(list: readonly Stamp[], epoch: number): Stamp | null {
  const i = newestAtOrBefore(list, epoch);
  return i < 0 ? null : list[i];
}

/**
 * Inserts `item` keeping `list` sorted by stamp; equal stamps go after existing ones. Mutations of a
 * store arrive in stamp order, so this is an append except when importing records.
 */
export function insertByStamp<T extends Stamp>(list: T[], item: T): void {
  const n = list.length;
  if (n === 0 || compareStamp(list[n - 1], item) <= 0) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareStamp(list[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

export function hasStamp(list: readonly Stamp[], s: Stamp): boolean {
  const i = newestAtOrBefore(list, s.epoch);
  for (let j = i; j >= 0 && list[j].epoch === s.epoch; j--) if (list[j].minor === s.minor) return true;
  return false;
}

/** `strict`: no two entries share a stamp (true for values and punches; extents of one call share one). */
export function assertSortedByStamp(list: readonly Stamp[], what: string, strict: boolean): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!(Number.isSafeInteger(s.epoch) && s.epoch >= 1)) fail(`${what}: epoch ${s.epoch} is not a positive integer`);
    if (!(Number.isSafeInteger(s.minor) && s.minor >= 1)) fail(`${what}: minor ${s.minor} is not a positive integer`);
    if (i > 0) {
      const order = compareStamp(list[i - 1], s);
      if (!(strict ? order < 0 : order <= 0)) fail(`${what}: stamps out of order at ${i}`);
    }
  }
}

/** Assertions are always on: a broken invariant is a bug, never an outcome. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) fail(message);
}

/**
 * A broken invariant. Loops that check every record write `if (!ok) fail(`...`)` rather than
 * assert(ok, `...`): the message is then built only when it is needed, not once per record checked.
 */
export function fail(message: string): never {
  throw new Error(`vos invariant: ${message}`);
}
