import { describe, expect, it } from 'vitest';
import { pairJoiner, rememberBounded } from './remember.ts';

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

describe('pairJoiner', () => {
  it('joins two names with its separator, as a template string would', () => {
    const join = pairJoiner('=');
    expect(join('size', 'cell')).toBe('size=cell');
    expect(join('a', 'b=c')).toBe('a=b=c');
    expect(join('a=b', 'c')).toBe('a=b=c'); // the same text: the callers' names hold no separator
    expect(join('ab', 'c')).not.toBe(join('a', 'bc'));
    expect(pairJoiner('>')('obj.update', 'obj.fetch')).toBe('obj.update>obj.fetch');
  });
});
