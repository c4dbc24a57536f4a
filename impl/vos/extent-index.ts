import { assert, assertSortedByStamp, compareStamp, fail, insertByStamp, newestAtOrBefore } from './stamp.ts';
import type { ExtentRecord, Stamp } from './types.ts';

/** Entries per block of the offset-sorted array; each block keeps the largest end it contains. */
const BLOCK_RECORDS = 32;

/**
 * The extents of one array akey, indexed two ways:
 * - `byStamp`: every record in stamp order (history; "newest at or before e" by binary search);
 * - `byStart`: the same records sorted by offset, cut into blocks of BLOCK_RECORDS with each
 *   block's largest end, plus the longest record length.
 * A range query [from, to) binary-searches `byStart` for the window of records that can overlap
 * (start in (from - longest, to)), then inside that window skips whole blocks whose largest end is
 * <= from. It never looks at records starting at or after `to`, nor (when extents have similar
 * sizes, the usual case for EC cells) at records ending far before `from`. Inserts append to
 * `byStamp` and splice `byStart`; blocks from the insertion point on are refreshed, which is cheap
 * for the common append-at-the-end pattern and O(n) at worst.
 */
export class ExtentIndex {
  private byStamp: ExtentRecord[] = [];
  private byStart: ExtentRecord[] = [];
  private blockMaxEnd: number[] = [];
  private longest = 0;

  get size(): number {
    return this.byStamp.length;
  }

  /** All records in stamp order. Do not mutate. */
  all(): readonly ExtentRecord[] {
    return this.byStamp;
  }

  /** The newest record with epoch <= `epoch`, or undefined. */
  newestAtOrBefore(epoch: number): ExtentRecord | undefined {
    const i = newestAtOrBefore(this.byStamp, epoch);
    return i < 0 ? undefined : this.byStamp[i];
  }

  insert(r: ExtentRecord): void {
    insertByStamp(this.byStamp, r);
    const pos = this.upperBoundStart(r.offset);
    this.byStart.splice(pos, 0, r);
    if (r.length > this.longest) this.longest = r.length;
    this.refreshBlocksFrom(pos);
  }

  /**
   * Appends to `out` the records overlapping [from, to) with epoch <= `epoch` and stamp newer than
   * `after` (the covering punch, or null).
   */
  collect(from: number, to: number, epoch: number, after: Stamp | null, out: ExtentRecord[]): void {
    const starts = this.byStart;
    const hi = this.lowerBoundStart(to);
    const lo = this.upperBoundStart(from - this.longest);
    for (let b = Math.floor(lo / BLOCK_RECORDS); b * BLOCK_RECORDS < hi; b++) {
      if (this.blockMaxEnd[b] <= from) continue;
      const end = Math.min(hi, (b + 1) * BLOCK_RECORDS);
      for (let i = Math.max(lo, b * BLOCK_RECORDS); i < end; i++) {
        const r = starts[i];
        if (r.offset + r.length <= from || r.epoch > epoch) continue;
        if (after !== null && compareStamp(r, after) <= 0) continue;
        out.push(r);
      }
    }
  }

  /** Keeps only records for which `keep` is true; rebuilds the offset index. Returns how many went. */
  retain(keep: (r: ExtentRecord) => boolean): number {
    const before = this.byStamp.length;
    this.byStamp = this.byStamp.filter(keep);
    this.byStart = this.byStart.filter(keep);
    this.longest = 0;
    for (const r of this.byStart) if (r.length > this.longest) this.longest = r.length;
    this.blockMaxEnd = [];
    this.refreshBlocksFrom(0);
    return before - this.byStamp.length;
  }

  /**
   * O(n): `byStamp` ordered by stamp, `byStart` ordered by offset and holding exactly the same
   * records, block maxima and `longest` equal to recomputed values, every record well formed
   * (positive length, data length equal to length, safe-integer bounds), and no two records of
   * one stamp overlapping. Does NOT check that the records are the right ones (the differential
   * test against the reference does) nor the data bytes.
   */
  checkInvariants(what: string): void {
    assertSortedByStamp(this.byStamp, `${what} extents`, false);
    if (this.byStart.length !== this.byStamp.length) fail(`${what}: offset index holds ${this.byStart.length} of ${this.byStamp.length} records`);
    const seen = new Set<ExtentRecord>(this.byStamp);
    if (seen.size !== this.byStamp.length) fail(`${what}: a record appears twice`);
    let longest = 0;
    for (let i = 0; i < this.byStart.length; i++) {
      const r = this.byStart[i];
      if (!seen.has(r)) fail(`${what}: offset index holds a record missing from the history`);
      if (i > 0 && this.byStart[i - 1].offset > r.offset) fail(`${what}: offset index out of order at ${i}`);
      if (!(Number.isSafeInteger(r.offset) && r.offset >= 0 && Number.isSafeInteger(r.offset + r.length) && r.length >= 1)) fail(`${what}: bad extent bounds`);
      if (!(r.data === null || r.data.length === r.length)) fail(`${what}: extent data length ${r.data?.length} != ${r.length}`);
      longest = Math.max(longest, r.length);
    }
    if (longest !== this.longest) fail(`${what}: longest ${this.longest} but recomputed ${longest}`);
    const blocks = Math.ceil(this.byStart.length / BLOCK_RECORDS);
    if (this.blockMaxEnd.length !== blocks) fail(`${what}: ${this.blockMaxEnd.length} block maxima for ${blocks} blocks`);
    for (let b = 0; b < blocks; b++) if (this.blockMaxEnd[b] !== this.blockMax(b)) fail(`${what}: block ${b} maximum is stale`);
    for (let i = 1; i < this.byStamp.length; i++) {
      const a = this.byStamp[i - 1];
      const r = this.byStamp[i];
      if (compareStamp(a, r) !== 0) continue;
      for (let j = i - 1; j >= 0 && compareStamp(this.byStamp[j], r) === 0; j--) {
        const o = this.byStamp[j];
        if (!(o.offset + o.length <= r.offset || r.offset + r.length <= o.offset)) fail(`${what}: two extents of one call overlap`);
      }
    }
  }

  private blockMax(b: number): number {
    let max = -Infinity;
    const end = Math.min(this.byStart.length, (b + 1) * BLOCK_RECORDS);
    for (let i = b * BLOCK_RECORDS; i < end; i++) max = Math.max(max, this.byStart[i].offset + this.byStart[i].length);
    return max;
  }

  private refreshBlocksFrom(pos: number): void {
    const blocks = Math.ceil(this.byStart.length / BLOCK_RECORDS);
    this.blockMaxEnd.length = blocks;
    for (let b = Math.floor(pos / BLOCK_RECORDS); b < blocks; b++) this.blockMaxEnd[b] = this.blockMax(b);
  }

  /** First index in byStart whose offset is >= `offset`. */
  private lowerBoundStart(offset: number): number {
    let lo = 0;
    let hi = this.byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byStart[mid].offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index in byStart whose offset is > `offset`. */
  private upperBoundStart(offset: number): number {
    let lo = 0;
    let hi = this.byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byStart[mid].offset <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
