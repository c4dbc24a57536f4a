import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoArb } from './builders.ts';

describe('memoArb', () => {
  const make = (max: number, label: string) => fc.tuple(fc.integer({ min: 0, max }), fc.constant(label));

  it('builds one arbitrary per argument list and reuses it', () => {
    let built = 0;
    const memo = memoArb((max: number, label: string) => (built++, make(max, label)));
    const a = memo(10, 'x');
    expect(memo(10, 'x')).toBe(a);
    expect(memo(10, 'y')).not.toBe(a);
    expect(memo(11, 'x')).not.toBe(a);
    // '1' and 1 are different arguments, as are ('a,b') and ('a', 'b').
    const loose = memoArb((...parts: (string | number)[]) => (built++, fc.constant(parts.join('|'))));
    expect(loose(1)).not.toBe(loose('1'));
    expect(loose('a,b')).not.toBe(loose('a', 'b'));
    expect(built).toBe(7);
  });

  it('draws exactly what a freshly built arbitrary draws for the same seed', () => {
    const memo = memoArb(make);
    const fresh = fc.sample(fc.array(fc.nat(3).chain((m) => make(m, 'k'))), { seed: 42, numRuns: 50 });
    const reused = fc.sample(fc.array(fc.nat(3).chain((m) => memo(m, 'k'))), { seed: 42, numRuns: 50 });
    expect(reused).toEqual(fresh);
  });

  it('forgets everything past its limit and still answers', () => {
    let built = 0;
    const memo = memoArb((n: number) => (built++, fc.constant(n)), 2);
    memo(1);
    memo(2);
    memo(3); // over the limit: the cache is dropped, this one is built and not kept
    expect(built).toBe(3);
    memo(1);
    expect(built).toBe(4);
    expect(fc.sample(memo(7), 1)).toEqual([7]);
  });
});
