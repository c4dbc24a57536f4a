import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../contract/index.ts';
import { BYTE_RESULT_KINDS, normalizeOutcome, sameBytesOutcome, sameCanonical } from './normalize.ts';
import { RefTable } from './symbolic.ts';

/**
 * The runner decides the outcomes of BYTE_RESULT_KINDS on their bytes (sameBytesOutcome) and falls
 * back to canonical forms only when that says undefined or finds no match; the two must agree on
 * every pair of outcomes the bytes decide.
 */

// Few short byte arrays, so that generated pairs are often equal and often differ by one byte or length.
const bytes = fc.uint8Array({ minLength: 0, maxLength: 3, max: 2 });
const optionalBytes = fc.option(bytes, { nil: null, freq: 4 });
const fetchEntry = fc.oneof(
  optionalBytes.map((value) => ({ type: 'single' as const, value })),
  fc.array(bytes, { maxLength: 2 }).map((ranges) => ({ type: 'array' as const, ranges })),
);
const errOutcome = fc.constantFrom<Outcome>({ ok: false, err: 'NONEXIST' }, { ok: false, err: 'NO_PERM' });
const fetchOutcome = fc.oneof({ weight: 6, arbitrary: fc.array(fetchEntry, { maxLength: 2 }).map((value): Outcome => ({ ok: true, value })) }, { weight: 1, arbitrary: errOutcome });
const attrsOutcome = fc.oneof({ weight: 6, arbitrary: fc.array(optionalBytes, { maxLength: 3 }).map((value): Outcome => ({ ok: true, value })) }, { weight: 1, arbitrary: errOutcome });

function canonicalVerdict(kind: 'obj.fetch' | 'cont.getAttrs' | 'pool.getAttrs', a: Outcome, b: Outcome): boolean {
  return sameCanonical(normalizeOutcome(kind, a, new RefTable()), normalizeOutcome(kind, b, new RefTable()));
}

describe('sameBytesOutcome pairs with the canonical comparison', () => {
  it('names exactly the read kinds whose canonical form is bytes', () => {
    expect([...BYTE_RESULT_KINDS].sort()).toEqual(['cont.getAttrs', 'obj.fetch', 'pool.getAttrs']);
  });

  it('obj.fetch: equal on the bytes exactly when the canonical forms are equal', () => {
    let decided = 0;
    let equal = 0;
    fc.assert(
      fc.property(fetchOutcome, fetchOutcome, (a, b) => {
        const verdict = sameBytesOutcome('obj.fetch', a, b);
        if (verdict === undefined) return;
        decided++;
        if (verdict) equal++;
        expect(verdict).toBe(canonicalVerdict('obj.fetch', a, b));
        expect(sameBytesOutcome('obj.fetch', a, a)).toBe(true);
      }),
      { numRuns: 2000, seed: 20261203 },
    );
    // Both verdicts were exercised, not only the easy one.
    expect(decided).toBeGreaterThan(1000);
    expect(equal).toBeGreaterThan(50);
  });

  it('getAttrs: equal on the bytes exactly when the canonical forms are equal', () => {
    for (const kind of ['cont.getAttrs', 'pool.getAttrs'] as const) {
      fc.assert(
        fc.property(attrsOutcome, attrsOutcome, (a, b) => {
          const verdict = sameBytesOutcome(kind, a, b);
          if (verdict !== undefined) expect(verdict).toBe(canonicalVerdict(kind, a, b));
        }),
        { numRuns: 1000, seed: 20261203 },
      );
    }
  });

  it('leaves errors and values that are not plain bytes to the canonical comparison', () => {
    const ok = (value: unknown): Outcome => ({ ok: true, value });
    expect(sameBytesOutcome('obj.fetch', { ok: false, err: 'NONEXIST' }, { ok: false, err: 'NONEXIST' })).toBeUndefined();
    expect(sameBytesOutcome('obj.fetch', ok([]), { ok: false, err: 'NONEXIST' })).toBeUndefined();
    expect(sameBytesOutcome('obj.fetch', ok([{ type: 'single', value: [1, 2] }]), ok([{ type: 'single', value: [1, 2] }]))).toBeUndefined();
    expect(sameBytesOutcome('obj.fetch', ok([{ type: 'array', ranges: 'ab' }]), ok([]))).toBeUndefined();
    expect(sameBytesOutcome('cont.getAttrs', ok(['00']), ok(['00']))).toBeUndefined();
    expect(sameBytesOutcome('cont.getAttrs', ok(null), ok([]))).toBeUndefined();
  });
});
