import { describe, expect, it } from 'vitest';
import { cauchyEncodeMatrix } from './cauchy-matrix.ts';
import { DecodeCache, DECODE_CACHE_ENTRIES_MAX, decodePlan, patternKey } from './decode-matrix.ts';

/**
 * Decode plans with absent fragments, and the erasure-pattern keys of the decode caches: equal for
 * the same sets in any order, distinct otherwise, and malformed patterns rejected even when a
 * well-formed one is cached. Does NOT check that plans rebuild the right bytes (codec and
 * workspace tests do).
 */
describe('decodePlan', () => {
  const encode = cauchyEncodeMatrix(4, 2);

  it('skips absent fragments as survivors and does not rebuild them', () => {
    const plan = decodePlan(encode, [1], [0]);
    expect(plan.survivors).toEqual([2, 3, 4, 5]);
    expect(plan.missing).toEqual([1]);
    expect(plan.matrix.rows).toBe(1);
    expect(decodePlan(encode, [1]).survivors).toEqual([0, 2, 3, 4]);
  });

  it('counts absent fragments against the parity budget', () => {
    expect(() => decodePlan(encode, [1], [0, 5])).toThrow(/3 fragments missing, at most 2/);
    expect(() => decodePlan(encode, [1], [1])).toThrow(/repeat/);
  });
});

describe('patternKey', () => {
  it('is order-insensitive and tells missing from absent, for mask and string keys', () => {
    for (const n of [6, 26, 27, 200]) {
      expect(patternKey(n, [3, 1], [5])).toBe(patternKey(n, [1, 3], [5]));
      expect(patternKey(n, [1], [3])).not.toBe(patternKey(n, [3], [1]));
      expect(patternKey(n, [1, 3], [])).not.toBe(patternKey(n, [1], [3]));
    }
    expect(typeof patternKey(26, [25], [24])).toBe('number');
    expect(typeof patternKey(27, [26], [])).toBe('string');
  });

  it('rejects repeats, out-of-range and non-integer indexes', () => {
    for (const n of [6, 40]) {
      expect(() => patternKey(n, [1, 1], [])).toThrow(/repeat/);
      expect(() => patternKey(n, [1], [1])).toThrow(/repeat/);
      expect(() => patternKey(n, [n], [])).toThrow(/outside/);
      expect(() => patternKey(n, [-1], [])).toThrow(/outside/);
      expect(() => patternKey(n, [1.5], [])).toThrow(/outside/);
    }
  });
});

describe('DecodeCache', () => {
  it('builds once per pattern, validates even on a hit, and stays bounded', () => {
    const built: string[] = [];
    const cache = new DecodeCache(6, (missing, absent) => {
      built.push(`${missing}/${absent}`);
      return built.length;
    });
    expect(cache.get([1, 0])).toBe(1);
    expect(cache.get([0, 1])).toBe(1);
    expect(() => cache.get([1, 1, 0])).toThrow(/repeat/);
    expect(cache.get([0], [1])).toBe(2);
    let builds = 0;
    const wide = new DecodeCache(40, () => ++builds);
    // 40 x 39 = 1560 patterns, more than the cap: the cache clears and rebuilds, never grows past it.
    for (let a = 0; a < 40; a++) for (let b = 0; b < 40; b++) if (a !== b) wide.get([a], [b]);
    expect(builds).toBe(40 * 39);
    expect((wide as unknown as { entries: Map<unknown, unknown> }).entries.size).toBeLessThanOrEqual(DECODE_CACHE_ENTRIES_MAX);
  });
});
