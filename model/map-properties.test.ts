import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../contract/index.ts';
import { addContainer, addPool } from './ops/map-fixtures.ts';
import { isBroken } from './rf.ts';
import type { ModelState, PoolState } from './state.ts';
import { ModelDriver } from './test-driver.ts';
import { isTargetAlive, nodeOfTarget } from './topology.ts';

/**
 * Laws of the map area checked on random sequences of map and fault operations (fixed seeds).
 * Topology 3 nodes x 2 engines x 2 targets (ranks 0..5, targets 0..11), two pools with two
 * checksummed containers each. Ranks and indices sometimes fall out of range to exercise INVAL.
 *
 * Not checked here: anything about data, handles or ACLs (other areas), and exact outcomes, which
 * the example tests derive from the spec text.
 */

const NODES = 3;
const ENGINES = 2;
const TARGETS = 2;
const RANKS = NODES * ENGINES;
const POOLS = ['pA', 'pB'];
const CONTS = ['cA0', 'cA1', 'cB0', 'cB1'];

const rank = fc.integer({ min: 0, max: RANKS }); // RANKS itself is out of range
const index = fc.integer({ min: 0, max: TARGETS });
const pool = fc.constantFrom(...POOLS, 'nosuch');
const targets = fc.option(fc.uniqueArray(fc.integer({ min: 0, max: TARGETS - 1 }), { minLength: 1, maxLength: TARGETS }), { nil: undefined });

function opArb(allowForce: boolean): fc.Arbitrary<Op> {
  return fc.oneof(
    fc.record({ type: fc.constant('pool.exclude' as const), pool, rank, targets, force: allowForce ? fc.boolean() : fc.constant(false) }),
    fc.record({ type: fc.constant('pool.drain' as const), pool, rank, targets }),
    fc.record({ type: fc.constant('pool.reintegrate' as const), pool, rank, targets }),
    fc.record({ type: fc.constant('pool.rebuild' as const), pool }),
    fc.record({ type: fc.constant('pool.query' as const), pool }),
    fc.record({ type: fc.constant('fault.failTarget' as const), rank, target: index }),
    fc.record({ type: fc.constant('fault.failEngine' as const), rank }),
    fc.record({ type: fc.constant('fault.failNode' as const), node: fc.integer({ min: 0, max: NODES }) }),
    fc.record({ type: fc.constant('fault.restartEngine' as const), rank }),
    fc.record({ type: fc.constant('fault.restartEngine' as const), rank }),
    fc.record({ type: fc.constant('fault.corrupt' as const), cont: fc.constantFrom(...CONTS, 'nosuch'), rank, target: index }),
    fc.record({ type: fc.constant('fault.dropMessages' as const), rank, target: index, count: fc.integer({ min: 0, max: 4 }) }),
  ) as fc.Arbitrary<Op>;
}

interface Scenario {
  readonly poolRf: number;
  readonly containers: ReadonlyArray<{ rdFac: number; rdLvl: 1 | 2 }>;
  readonly ops: readonly Op[];
}

function scenarioArb(allowForce: boolean): fc.Arbitrary<Scenario> {
  return fc.record({
    poolRf: fc.integer({ min: 0, max: 4 }),
    containers: fc.array(fc.record({ rdFac: fc.integer({ min: 0, max: 2 }), rdLvl: fc.constantFrom(1 as const, 2 as const) }), { minLength: 4, maxLength: 4 }),
    ops: fc.array(opArb(allowForce), { minLength: 1, maxLength: 40 }),
  });
}

function start(s: Scenario): ModelDriver {
  const d = new ModelDriver();
  d.system(NODES, ENGINES, TARGETS, s.poolRf);
  POOLS.forEach((label, p) => {
    const id = addPool(d, label);
    for (let c = 0; c < 2; c++) addContainer(d, id, { ...s.containers[2 * p + c], cksum: 'crc32', label: CONTS[2 * p + c] });
  });
  return d;
}

function changedTargets(before: PoolState, after: PoolState): number {
  return before.targets.filter((t, g) => after.targets[g] !== t).length;
}

/** Structural invariants of one pool (MAP-7, HALT-2, CSUM-3). */
function checkPool(state: ModelState, p: PoolState): void {
  const system = state.system!;
  p.targets.forEach((t, g) => {
    const open = p.events.filter((e) => e.target === g && e.closedAt === null).length;
    if (t === 'DOWN') expect(open).toBeGreaterThan(0); // MAP-7: entered DOWN, not yet DOWNOUT/UPIN
    if (t === 'UPIN' || t === 'DOWNOUT') expect(open).toBe(0);
    if (p.dead[g]) {
      expect(['UPIN', 'UP', 'DRAIN']).toContain(t); // HALT-2 covers only those; HALT-5 moves them out
      expect(isTargetAlive(system, g)).toBe(false); // a restart ends deadness (HALT-5)
    }
  });
  for (const e of p.events) {
    expect(e.openedAt).toBeLessThanOrEqual(p.version);
    if (e.closedAt !== null) expect(e.closedAt).toBeGreaterThan(e.openedAt);
  }
  for (const c of p.containers) {
    const outstanding = c.marks.filter((m) => m.keptFor === undefined);
    for (const m of outstanding) expect(p.targets[m.target]).not.toBe('DOWNOUT'); // CSUM-3
    expect(new Set(outstanding.map((m) => m.target)).size).toBe(outstanding.length); // one mark per (container, target)
    // Kept at DOWNOUT (docs/semantics.md section 25) only where an object the container admits may need it.
    for (const m of c.marks) if (m.keptFor !== undefined) expect(m.keptFor).toBeGreaterThanOrEqual(Math.max(1, Number(c.props['rd_fac'])));
  }
}

describe('map-area laws (fast-check, fixed seeds)', () => {
  it('MAP-4: the map version never decreases and grows by exactly the number of changed targets', () => {
    fc.assert(
      fc.property(scenarioArb(true), (s) => {
        const d = start(s);
        for (const op of s.ops) {
          const before = d.state;
          d.apply(op);
          d.state.pools.forEach((p, i) => {
            const prev = before.pools[i];
            expect(p.version).toBeGreaterThanOrEqual(prev.version);
            expect(p.version - prev.version).toBe(changedTargets(prev, p));
            checkPool(d.state, p);
          });
        }
      }),
      { seed: 0x5eed01, numRuns: 300 },
    );
  });

  it('ERR-2 / HALT-3: a refused exclusion (or any error) changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb(true), (s) => {
        const d = start(s);
        for (const op of s.ops) {
          const before = d.state;
          const outcome = d.apply(op);
          if (!outcome.ok) expect(d.state).toBe(before);
        }
      }),
      { seed: 0x5eed02, numRuns: 300 },
    );
  });

  it('MAP-10: pool.query disabled equals the number of DOWN or DOWNOUT targets, and the other fields agree', () => {
    fc.assert(
      fc.property(scenarioArb(true), (s) => {
        const d = start(s);
        for (const op of s.ops) {
          d.apply(op);
          for (const p of d.state.pools) {
            const info = d.ok({ type: 'pool.query', pool: p.id });
            const disabled = p.targets.filter((t) => t === 'DOWN' || t === 'DOWNOUT').length;
            expect(info.disabled).toBe(disabled);
            expect(info.ntarget).toBe(RANKS * TARGETS);
            expect(info.version).toBe(p.version);
            expect(info.state).toBe(disabled > 0 ? 'TargetsExcluded' : 'Ready');
            expect(info.deadRanks.length > 0).toBe(p.dead.some(Boolean));
            for (const r of info.disabledRanks) expect(p.targets[r * TARGETS] === 'DOWN' || p.targets[r * TARGETS] === 'DOWNOUT').toBe(true);
          }
        }
      }),
      { seed: 0x5eed03, numRuns: 200 },
    );
  });

  it('HALT-1: without force, no pool ever has more than poolRf nodes with a DOWN target', () => {
    fc.assert(
      fc.property(scenarioArb(false), (s) => {
        const d = start(s);
        for (const op of s.ops) {
          d.apply(op);
          for (const p of d.state.pools) {
            const nodes = new Set(p.targets.flatMap((t, g) => (t === 'DOWN' ? [nodeOfTarget(d.state.system!, g)] : [])));
            expect(nodes.size).toBeLessThanOrEqual(s.poolRf);
          }
        }
      }),
      { seed: 0x5eed04, numRuns: 300 },
    );
  });

  it('RF-3 / RF-5: right after an exclusion every HEALTHY container passes RF-2, and UNCLEAN never reverts here', () => {
    fc.assert(
      fc.property(scenarioArb(true), (s) => {
        const d = start(s);
        for (const op of s.ops) {
          const before = d.state;
          d.apply(op);
          d.state.pools.forEach((p, i) => {
            const prev = before.pools[i];
            const newDown = p.events.length > prev.events.length;
            for (const c of p.containers) {
              const old = prev.containers.find((x) => x.id === c.id)!;
              if (old.status === 'UNCLEAN') expect(c.status).toBe('UNCLEAN');
              if (newDown && c.status === 'HEALTHY') {
                expect(isBroken(d.state.system!, p, c.props['rd_fac'] as number, c.props['rd_lvl'] as 1 | 2, c.statusVersion)).toBe(false);
              }
              if (old.status === 'HEALTHY' && c.status === 'UNCLEAN') {
                expect(newDown).toBe(true); // RF-3: nothing else changes a status
                expect(c.statusVersion).toBe(p.version);
              }
            }
          });
        }
      }),
      { seed: 0x5eed05, numRuns: 300 },
    );
  });
});
