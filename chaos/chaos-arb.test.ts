import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../contract/index.ts';
import { chaosCaseArb, sampleChaosCase, type ChaosSwarm } from './chaos-arb.ts';
import { insertBursts, setupLength } from './fault-bursts.ts';

const SETUP: Op[] = [
  { type: 'system.create', nodes: 3, enginesPerNode: 1, targetsPerEngine: 1 },
  { type: 'pool.create', owner: { user: 'alice@', groups: [] } },
  { type: 'pool.connect', pool: '#p0', principal: { user: 'alice@', groups: [] }, mode: 'RW' },
];
const BODY: Op[] = [{ type: 'pool.query', pool: '#p0' }, { type: 'pool.query', pool: '#p1' }];

describe('chaos case generator', () => {
  it('inserts bursts after the setup, whole and in order, losing nothing', () => {
    const burst = { atMillionths: 0, ops: [{ type: 'fault.failEngine', rank: 1 }, { type: 'fault.restartEngine', rank: 1 }] as Op[] };
    const late = { atMillionths: 999_999, ops: [{ type: 'fault.failNode', node: 0 }] as Op[] };
    const out = insertBursts([...SETUP, ...BODY], [late, burst]);
    expect(setupLength([...SETUP, ...BODY])).toBe(3);
    expect(out.map((o) => o.type)).toEqual(['system.create', 'pool.create', 'pool.connect', 'fault.failEngine', 'fault.restartEngine', 'pool.query', 'pool.query', 'fault.failNode']);
  });

  it('draws long traces (hundreds of ops) with every fault kind', () => {
    const cases = fc.sample(chaosCaseArb(1000), { seed: 42, numRuns: 20 });
    expect(Math.max(...cases.map((c) => c.ops.length))).toBeGreaterThan(300);
    const kinds = new Set(cases.flatMap((c) => c.ops.map((o) => o.type)));
    for (const k of ['fault.failTarget', 'fault.failEngine', 'fault.failNode', 'fault.restartEngine', 'fault.corrupt', 'fault.dropMessages']) expect(kinds).toContain(k);
    expect(cases.some((c) => (c.swarm as ChaosSwarm).bursts > 0)).toBe(true);
  });

  it('sampleChaosCase regenerates exactly the case fast-check runs first for a seed (hung cases are saved this way)', () => {
    let first: unknown = null;
    fc.check(fc.property(chaosCaseArb(300), (c) => { first ??= c; return true; }), { seed: 99, numRuns: 1 });
    expect(sampleChaosCase(99, 300)).toEqual(first);
  });

  it('--max-ops bounds every trace, setup, handle top-up and bursts included', () => {
    for (const maxOps of [1, 12, 300]) {
      const cases = fc.sample(chaosCaseArb(maxOps), { seed: 3, numRuns: 30 });
      expect(Math.max(...cases.map((c) => c.ops.length))).toBeLessThanOrEqual(maxOps);
      for (const c of cases) expect(c.ops[0].type).toBe('system.create');
    }
    expect(fc.sample(chaosCaseArb(300), { seed: 3, numRuns: 30 }).some((c) => c.ops.length === 300)).toBe(true);
  });
});
