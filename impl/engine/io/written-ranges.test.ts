import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWrittenRange } from './written-ranges.ts';

/** The per-akey written-range set that lets never-written bytes read as known zeros (DUR-3). */
describe('addWrittenRange', () => {
  it('merges overlapping and touching ranges and keeps them sorted', () => {
    const r: Array<[number, number]> = [];
    addWrittenRange(r, 10, 20);
    addWrittenRange(r, 30, 40);
    addWrittenRange(r, 0, 5);
    expect(r).toEqual([[0, 5], [10, 20], [30, 40]]);
    addWrittenRange(r, 20, 30); // touches both neighbours
    expect(r).toEqual([[0, 5], [10, 40]]);
    addWrittenRange(r, 3, 12);
    expect(r).toEqual([[0, 40]]);
    addWrittenRange(r, 50, 50); // empty: ignored
    expect(r).toEqual([[0, 40]]);
  });

  it('covers exactly the bytes of the ranges added (against a byte map)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 40 })), { maxLength: 30 }), (adds) => {
        const r: Array<[number, number]> = [];
        const bytes = new Uint8Array(256);
        for (const [start, length] of adds) {
          addWrittenRange(r, start, start + length);
          bytes.fill(1, start, start + length);
        }
        const covered = new Uint8Array(256);
        for (const [a, b] of r) covered.fill(1, a, b);
        expect(covered).toEqual(bytes);
        for (let i = 1; i < r.length; i++) expect(r[i][0]).toBeGreaterThan(r[i - 1][1]);
      }),
      { seed: 41, numRuns: 300 },
    );
  });
});
