import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWrittenRange, writtenBytesUncovered } from './written-ranges.ts';

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

/** DUR-3 with a lost replica: only a byte once written and not found makes a read lost. */
describe('writtenBytesUncovered', () => {
  const seg = (offset: number, length: number) => ({ offset, length });

  it('never-written bytes are not missing, even with nothing found (an SX object whose only replica is gone)', () => {
    expect(writtenBytesUncovered([[0, 3]], 74, 122, [])).toBe(false);
    expect(writtenBytesUncovered([[0, 3]], 2, 10, [])).toBe(true);
    expect(writtenBytesUncovered([[0, 3]], 2, 10, [seg(0, 3)])).toBe(false);
  });

  it('undefined written ranges count every byte as possibly written (the old, conservative answer)', () => {
    expect(writtenBytesUncovered(undefined, 5, 9, [seg(5, 4)])).toBe(false);
    expect(writtenBytesUncovered(undefined, 5, 9, [seg(5, 3)])).toBe(true);
  });

  it('equals a byte-by-byte check on arbitrary ranges and segments', () => {
    const span = fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 12 }));
    fc.assert(fc.property(fc.array(span, { maxLength: 4 }), fc.array(span, { maxLength: 4 }), span, (writes, segs, [start, len]) => {
      const written: Array<[number, number]> = [];
      for (const [o, l] of writes) addWrittenRange(written, o, o + l);
      const covered = segs.map(([o, l]) => seg(o, l));
      let expected = false;
      for (let b = start; b < start + len; b++) {
        const wasWritten = written.some(([a, z]) => a <= b && b < z);
        const found = covered.some((c) => c.offset <= b && b < c.offset + c.length);
        if (wasWritten && !found) expected = true;
      }
      expect(writtenBytesUncovered(written, start, start + len, covered)).toBe(expected);
    }));
  });
});
