import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtentIndex } from './extent-index.ts';
import { compareStamp } from './stamp.ts';
import type { ExtentRecord, Stamp } from './types.ts';
import { visibleSegments } from './visible-segments.ts';

/**
 * ExtentIndex.collect against a filter over all records, and visibleSegments against a per-byte
 * "newest covering record" scan, with hundreds of extents so the offset blocks and the longest-extent
 * window are exercised (including one very long extent that widens the window).
 */
const extentArb = fc.record({ offset: fc.nat(2000), length: fc.integer({ min: 1, max: 64 }), long: fc.boolean() });

function build(specs: Array<{ offset: number; length: number; long: boolean }>): ExtentRecord[] {
  return specs.map((s, i) => ({
    epoch: 1 + Math.floor(i / 3),
    minor: 1 + i,
    offset: s.offset,
    length: s.long && i % 50 === 0 ? 1500 : s.length,
    data: null,
    meta: undefined,
  }));
}

describe('ExtentIndex', () => {
  it('collect returns exactly the overlapping, epoch-visible records newer than the punch', () => {
    const query = fc.record({ from: fc.nat(2200), len: fc.integer({ min: 1, max: 300 }), epoch: fc.nat(150), punchMinor: fc.nat(300) });
    fc.assert(
      fc.property(fc.array(extentArb, { minLength: 50, maxLength: 400 }), fc.array(query, { minLength: 5, maxLength: 20 }), (specs, queries) => {
        const records = build(specs);
        const index = new ExtentIndex();
        for (const r of records) index.insert(r);
        index.checkInvariants('test');
        for (const q of queries) {
          const punch: Stamp | null = q.punchMinor === 0 ? null : records[Math.min(q.punchMinor, records.length) - 1];
          const out: ExtentRecord[] = [];
          index.collect(q.from, q.from + q.len, q.epoch, punch, out);
          const expected = records.filter((r) => r.offset < q.from + q.len && r.offset + r.length > q.from && r.epoch <= q.epoch
            && (punch === null || compareStamp(r, punch) > 0));
          expect(new Set(out)).toEqual(new Set(expected));
          expect(out.length).toBe(expected.length);
        }
        index.retain((r) => r.minor % 3 !== 0);
        index.checkInvariants('after retain');
        expect(index.size).toBe(records.filter((r) => r.minor % 3 !== 0).length);
      }),
      { seed: 0xe7e7, numRuns: 60 },
    );
  });

  it('visibleSegments gives each byte to the newest covering record', () => {
    fc.assert(
      fc.property(fc.array(extentArb, { minLength: 1, maxLength: 60 }), fc.nat(2100), fc.integer({ min: 1, max: 400 }), (specs, from, len) => {
        const records = build(specs).reverse(); // input order must not matter
        const segments = visibleSegments(records, from, from + len);
        const owner: Array<ExtentRecord | null> = [];
        for (let b = from; b < from + len; b++) {
          let best: ExtentRecord | null = null;
          for (const r of records) if (r.offset <= b && b < r.offset + r.length && (best === null || compareStamp(r, best) > 0)) best = r;
          owner.push(best);
        }
        const painted: Array<ExtentRecord | null> = owner.map(() => null);
        let prevEnd = -1;
        for (const s of segments) {
          expect(s.offset).toBeGreaterThanOrEqual(Math.max(prevEnd, from));
          prevEnd = s.offset + s.length;
          for (let b = s.offset; b < s.offset + s.length; b++) painted[b - from] = s.record;
        }
        expect(painted).toEqual(owner);
      }),
      { seed: 0x5e95, numRuns: 200 },
    );
  });
});
