import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from './key-index.ts';

/**
 * KeyIndex against the obvious reference: a Map whose keys are sorted on demand. Enough keys per run
 * (up to 2,000 over a 600-key domain) to force leaf splits and leaf removals.
 */
type Op = { insert: boolean; key: number };

describe('KeyIndex', () => {
  it('matches a sorted Map under random inserts and deletes', () => {
    const op = fc.record({ insert: fc.boolean(), key: fc.nat(599) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 200, maxLength: 2000 }), (ops: Op[]) => {
        const index = new KeyIndex<number>();
        const ref = new Map<string, number>();
        for (const [i, o] of ops.entries()) {
          const key = `k${o.key}`;
          if (o.insert) {
            if (ref.has(key)) expect(() => index.insert(key, i)).toThrow(/already present/);
            else {
              index.insert(key, i);
              ref.set(key, i);
            }
          } else {
            expect(index.delete(key)).toBe(ref.delete(key));
          }
          expect(index.get(key)).toBe(ref.get(key));
        }
        index.checkInvariants();
        expect(index.size).toBe(ref.size);
        expect(index.keys()).toEqual([...ref.keys()].sort());
        expect(index.entries()).toEqual([...ref.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
        expect(index.some((_v, k) => k === 'k5')).toBe(ref.has('k5'));
      }),
      { seed: 0x6b65_7973, numRuns: 60 },
    );
  });

  it('keeps ascending order with sequential and reverse inserts across many leaves', () => {
    const index = new KeyIndex<number>();
    for (let i = 5000; i > 0; i--) index.insert(String(i).padStart(5, '0'), i);
    for (let i = 5001; i <= 10000; i++) index.insert(String(i).padStart(5, '0'), i);
    index.checkInvariants();
    const keys = index.keys();
    expect(keys.length).toBe(10000);
    expect(keys[0]).toBe('00001');
    expect(keys[9999]).toBe('10000');
    expect(index.get('07777')).toBe(7777);
  });
});
