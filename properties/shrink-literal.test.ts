import { describe, expect, it } from 'vitest';
import type { Op } from '../contract/index.ts';
import { shrinkLiteral } from './shrink-literal.ts';

/** Literal delta debugging on synthetic failures: what it keeps, and that its budget bounds it. */
const q = (pool: string): Op => ({ type: 'pool.query', pool });

/** Fails (at the index of `b`) when the trace holds `a` somewhere before `b`. */
function failsWhenBefore(a: string, b: string) {
  return (ops: readonly Op[]) => {
    const i = ops.findIndex((o) => o.type === 'pool.query' && o.pool === a);
    const j = ops.findIndex((o, k) => k > i && o.type === 'pool.query' && o.pool === b);
    return i >= 0 && j > i ? j : undefined;
  };
}

describe('shrinkLiteral', async () => {
  it('keeps exactly the two ops a failure needs, in order, from anywhere in a long trace', async () => {
    const ops = Array.from({ length: 60 }, (_, i) => q(`x${i}`));
    ops.splice(13, 0, q('A'));
    ops.splice(47, 0, q('B'));
    const r = await shrinkLiteral(ops, { stillFails: failsWhenBefore('A', 'B') });
    expect(r.ops).toEqual([q('A'), q('B')]);
    expect(r.budgetSpent).toBe(false);
  });

  it('never keeps a candidate that does not fail, and stops within its budget of ops replayed', async () => {
    const ops = [q('A'), ...Array.from({ length: 200 }, (_, i) => q(`x${i}`)), q('B')];
    const r = await shrinkLiteral(ops, { stillFails: failsWhenBefore('A', 'B'), budgetOps: 1000 });
    expect(r.opsReplayed).toBeLessThanOrEqual(1000);
    expect(r.budgetSpent).toBe(true);
    expect(failsWhenBefore('A', 'B')(r.ops)).toBeDefined();
    expect(r.ops.length).toBeLessThan(ops.length);
  });

  it('cuts the trace after the diverging step', async () => {
    const ops = [q('A'), q('B'), q('C'), q('D')];
    const r = await shrinkLiteral(ops, { stillFails: failsWhenBefore('A', 'B') });
    expect(r.ops).toEqual([q('A'), q('B')]);
  });
});
