import { describe, expect, it } from 'vitest';
import { rememberBounded } from './remember.ts';

describe('rememberBounded', () => {
  it('computes each key once, undefined results included, and forgets everything past its limit', () => {
    const calls: number[] = [];
    const half = rememberBounded((n: number) => (calls.push(n), n % 2 === 0 ? n / 2 : undefined), 3);
    expect([half(4), half(4), half(3), half(3)]).toEqual([2, 2, undefined, undefined]);
    expect(calls).toEqual([4, 3]);
    half(6); // three entries: the limit
    half(8); // over it: forgets 4, 3 and 6
    half(4);
    expect(calls).toEqual([4, 3, 6, 8, 4]);
  });
});
