import { describe, expect, it } from 'vitest';
import { applyRankOp, applyToTargets, countUpin, createPoolMap, globalTarget, nodeOfTarget, rankOfTarget, rebuildPoolMap, type PoolMap } from './pool-map.ts';
import type { TargetState } from './target-state.ts';

// 2 nodes x 2 engines x 3 targets: ranks 0..3, global targets 0..11.
const TOPO = { nodes: 2, enginesPerNode: 2, targetsPerEngine: 3 };

function ok(update: ReturnType<typeof applyRankOp>): { map: PoolMap; changes: readonly { target: number; from: TargetState; to: TargetState; version: number }[] } {
  if (!update.ok) throw new Error(`expected ok, got ${update.error}`);
  return update;
}

/** A map whose target 0 (rank 0, index 0) is in `state`, reached through legal operations only. */
function withTarget0In(state: TargetState): PoolMap {
  const fresh = createPoolMap(TOPO);
  switch (state) {
    case 'UPIN':
      return fresh;
    case 'DOWN':
      return ok(applyRankOp(fresh, 'exclude', 0, [0])).map;
    case 'DOWNOUT':
      return ok(rebuildPoolMap(withTarget0In('DOWN'))).map;
    case 'UP':
      return ok(applyRankOp(withTarget0In('DOWN'), 'reintegrate', 0, [0])).map;
    case 'DRAIN':
      return ok(applyRankOp(fresh, 'drain', 0, [0])).map;
    default:
      throw new Error(`unreachable state ${state}`);
  }
}

describe('pool map numbering and creation', () => {
  it('MAP-2: rank r = node·enginesPerNode + e and g = r·targetsPerEngine + t', () => {
    expect(globalTarget(TOPO, 3, 2)).toBe(11);
    expect(globalTarget(TOPO, 1, 0)).toBe(3);
    expect(rankOfTarget(TOPO, 7)).toBe(2);
    expect(nodeOfTarget(TOPO, 5)).toBe(0);
    expect(nodeOfTarget(TOPO, 6)).toBe(1);
  });

  it('MAP-3: a new map has every target UPIN and version 1', () => {
    const map = createPoolMap(TOPO);
    expect(map.version).toBe(1);
    expect(map.states).toHaveLength(12);
    expect(map.states.every((s) => s === 'UPIN')).toBe(true);
    expect(countUpin(map)).toBe(12);
  });

  it('MAP-1: a topology field below 1 is rejected', () => {
    expect(() => createPoolMap({ nodes: 0, enginesPerNode: 1, targetsPerEngine: 1 })).toThrow(RangeError);
    expect(() => createPoolMap({ nodes: 1, enginesPerNode: 1, targetsPerEngine: 0 })).toThrow(RangeError);
  });
});

describe('MAP-5 transition table, one cell at a time', () => {
  // [op, from, to | 'BUSY'] straight from the MAP-5 table; "—" rows expect the same state, still ok.
  const cells: Array<['exclude' | 'drain' | 'reintegrate' | 'rebuild', TargetState, TargetState | 'BUSY']> = [
    ['exclude', 'UPIN', 'DOWN'], ['exclude', 'UP', 'DOWN'], ['exclude', 'DRAIN', 'DOWN'], ['exclude', 'DOWN', 'DOWN'], ['exclude', 'DOWNOUT', 'DOWNOUT'],
    ['drain', 'UPIN', 'DRAIN'], ['drain', 'UP', 'BUSY'], ['drain', 'DRAIN', 'DRAIN'], ['drain', 'DOWN', 'DOWN'], ['drain', 'DOWNOUT', 'DOWNOUT'],
    ['reintegrate', 'UPIN', 'UPIN'], ['reintegrate', 'UP', 'UP'], ['reintegrate', 'DRAIN', 'BUSY'], ['reintegrate', 'DOWN', 'UP'], ['reintegrate', 'DOWNOUT', 'UP'],
    ['rebuild', 'UPIN', 'UPIN'], ['rebuild', 'UP', 'UPIN'], ['rebuild', 'DRAIN', 'DOWNOUT'], ['rebuild', 'DOWN', 'DOWNOUT'], ['rebuild', 'DOWNOUT', 'DOWNOUT'],
  ];
  for (const [op, from, to] of cells) {
    it(`MAP-5: ${op} of a ${from} target gives ${to}`, () => {
      const map = withTarget0In(from);
      expect(map.states[0]).toBe(from);
      const update = op === 'rebuild' ? rebuildPoolMap(map) : applyRankOp(map, op, 0, [0]);
      if (to === 'BUSY') {
        expect(update).toEqual({ ok: false, error: 'BUSY' });
        return;
      }
      const { map: next, changes } = ok(update);
      expect(next.states[0]).toBe(to);
      if (to === from) {
        // MAP-4: no change, no new version.
        expect(changes).toEqual([]);
        expect(next.version).toBe(map.version);
      } else {
        expect(changes).toEqual([{ target: 0, from, to, version: map.version + 1 }]);
        expect(next.version).toBe(map.version + 1);
      }
    });
  }
});

describe('MAP-4 version counting', () => {
  it('MAP-4: an engine exclusion adds targetsPerEngine versions, in ascending global index', () => {
    const { map, changes } = ok(applyRankOp(createPoolMap(TOPO), 'exclude', 2));
    expect(map.version).toBe(4);
    expect(changes.map((c) => [c.target, c.version])).toEqual([[6, 2], [7, 3], [8, 4]]);
  });

  it('MAP-4: a listed target order does not change the version order', () => {
    const { changes } = ok(applyRankOp(createPoolMap(TOPO), 'exclude', 1, [2, 0]));
    expect(changes.map((c) => [c.target, c.version])).toEqual([[3, 2], [5, 3]]);
  });

  it('MAP-4: only targets that change take a version', () => {
    const once = ok(applyRankOp(createPoolMap(TOPO), 'exclude', 0, [1])).map;
    const { map, changes } = ok(applyRankOp(once, 'exclude', 0));
    expect(changes.map((c) => c.target)).toEqual([0, 2]);
    expect(map.version).toBe(4);
  });

  it('MAP-4: an operation that changes nothing keeps the version and the map', () => {
    const down = ok(applyRankOp(createPoolMap(TOPO), 'exclude', 0)).map;
    const again = ok(applyRankOp(down, 'exclude', 0));
    expect(again.changes).toEqual([]);
    expect(again.map.version).toBe(down.version);
    expect(again.map).toBe(down);
  });

  it('MAP-4: a node-wide exclusion across ranks adds enginesPerNode·targetsPerEngine versions', () => {
    const update = applyToTargets(createPoolMap(TOPO), 'exclude', [11, 6, 7, 8, 9, 10]);
    const { map, changes } = ok(update);
    expect(map.version).toBe(7);
    expect(changes.map((c) => c.target)).toEqual([6, 7, 8, 9, 10, 11]);
  });
});

describe('MAP-6 selection and validation', () => {
  const fresh = createPoolMap(TOPO);
  it('MAP-6: a rank out of range is INVAL', () => {
    expect(applyRankOp(fresh, 'exclude', 4)).toEqual({ ok: false, error: 'INVAL' });
    expect(applyRankOp(fresh, 'drain', -1)).toEqual({ ok: false, error: 'INVAL' });
  });
  it('MAP-6: a target index out of range is INVAL', () => {
    expect(applyRankOp(fresh, 'exclude', 0, [3])).toEqual({ ok: false, error: 'INVAL' });
    expect(applyRankOp(fresh, 'reintegrate', 0, [-1])).toEqual({ ok: false, error: 'INVAL' });
  });
  it('MAP-6: a duplicate index is INVAL', () => {
    expect(applyRankOp(fresh, 'exclude', 0, [1, 1])).toEqual({ ok: false, error: 'INVAL' });
  });
  it('MAP-6: an empty list is INVAL', () => {
    expect(applyRankOp(fresh, 'drain', 0, [])).toEqual({ ok: false, error: 'INVAL' });
  });
  it('MAP-6: without a list, every target of the rank is selected', () => {
    const { map } = ok(applyRankOp(fresh, 'drain', 3));
    expect(map.states.slice(9)).toEqual(['DRAIN', 'DRAIN', 'DRAIN']);
    expect(map.states.slice(0, 9).every((s) => s === 'UPIN')).toBe(true);
  });
  it('MAP-6: one BUSY target makes the whole operation BUSY and changes nothing', () => {
    // Target 1 DRAIN, target 0 DOWN: reintegrating both would move 0 to UP but 1 is BUSY.
    const drained = ok(applyRankOp(fresh, 'drain', 0, [1])).map;
    const mixed = ok(applyRankOp(drained, 'exclude', 0, [0])).map;
    const before = JSON.stringify(mixed);
    expect(applyRankOp(mixed, 'reintegrate', 0)).toEqual({ ok: false, error: 'BUSY' });
    expect(JSON.stringify(mixed)).toBe(before);
    expect(mixed.states[0]).toBe('DOWN');
  });
  it('MAP-6: drain of an engine with an UP target is BUSY for all', () => {
    const up = withTarget0In('UP');
    expect(applyRankOp(up, 'drain', 0)).toEqual({ ok: false, error: 'BUSY' });
  });
  it('INVAL is decided before BUSY (ERR-3 step 1 before step 7)', () => {
    const up = withTarget0In('UP');
    expect(applyRankOp(up, 'drain', 0, [0, 5])).toEqual({ ok: false, error: 'INVAL' });
  });
  it('a failed operation leaves the old map usable (immutable data, ERR-2)', () => {
    expect(Object.isFrozen(fresh)).toBe(true);
    expect(Object.isFrozen(fresh.states)).toBe(true);
  });
});

describe('MAP-8 rebuild', () => {
  it('MAP-8: completes DOWN→DOWNOUT, DRAIN→DOWNOUT and UP→UPIN in ascending global index', () => {
    let map = createPoolMap(TOPO);
    map = ok(applyRankOp(map, 'exclude', 0, [0])).map; // v2
    map = ok(applyRankOp(map, 'reintegrate', 0, [0])).map; // v3: target 0 UP
    map = ok(applyRankOp(map, 'drain', 1, [1])).map; // v4: target 4 DRAIN
    map = ok(applyRankOp(map, 'exclude', 3, [2])).map; // v5: target 11 DOWN
    const { map: rebuilt, changes } = ok(rebuildPoolMap(map));
    expect(changes).toEqual([
      { target: 0, from: 'UP', to: 'UPIN', version: 6 },
      { target: 4, from: 'DRAIN', to: 'DOWNOUT', version: 7 },
      { target: 11, from: 'DOWN', to: 'DOWNOUT', version: 8 },
    ]);
    expect(rebuilt.version).toBe(8);
  });
  it('MAP-8: with nothing pending, rebuild is ok and changes nothing', () => {
    const fresh = createPoolMap(TOPO);
    const update = ok(rebuildPoolMap(fresh));
    expect(update.changes).toEqual([]);
    expect(update.map.version).toBe(1);
    const settled = ok(rebuildPoolMap(ok(rebuildPoolMap(withTarget0In('DOWN'))).map));
    expect(settled.changes).toEqual([]);
  });
});

describe('applyToTargets (engine-facing, any ranks)', () => {
  it('throws on out-of-range or duplicate global indices: those are engine bugs, not user input', () => {
    const fresh = createPoolMap(TOPO);
    expect(() => applyToTargets(fresh, 'exclude', [12])).toThrow();
    expect(() => applyToTargets(fresh, 'exclude', [3, 3])).toThrow();
  });
  it('an empty selection is ok and changes nothing', () => {
    const fresh = createPoolMap(TOPO);
    const update = ok(applyToTargets(fresh, 'exclude', []));
    expect(update.map).toBe(fresh);
    expect(update.changes).toEqual([]);
  });
  it('MAP-6 all-or-nothing across ranks: one UP target makes a two-rank drain BUSY', () => {
    const up = withTarget0In('UP');
    expect(applyToTargets(up, 'drain', [0, 6])).toEqual({ ok: false, error: 'BUSY' });
    expect(up.states[6]).toBe('UPIN');
  });
});
