import { describe, expect, it } from 'vitest';
import type { TargetStateName } from './state.ts';
import { addPool, poolOf } from './ops/map-fixtures.ts';
import { ModelDriver } from './test-driver.ts';

/**
 * Example tests for spec section 3 (MAP). Topology unless stated: 4 nodes x 2 engines x 2 targets,
 * so node n holds ranks 2n, 2n+1 and global targets 4n..4n+3 (MAP-2); poolRf defaults to 2.
 */

function setup(poolRf?: number): { d: ModelDriver; pool: string } {
  const d = new ModelDriver();
  d.system(4, 2, 2, poolRf);
  return { d, pool: addPool(d) };
}

const query = (d: ModelDriver, pool: string) => d.ok({ type: 'pool.query', pool });
const targetsOf = (d: ModelDriver, pool: string): TargetStateName[] => [...poolOf(d.state, pool).targets];

describe('MAP-1 system.create', () => {
  it('MAP-1: nodes, enginesPerNode and targetsPerEngine must each be >= 1, else INVAL', () => {
    for (const bad of [
      { nodes: 0, enginesPerNode: 1, targetsPerEngine: 1 },
      { nodes: 1, enginesPerNode: 0, targetsPerEngine: 1 },
      { nodes: 1, enginesPerNode: 1, targetsPerEngine: 0 },
      { nodes: -2, enginesPerNode: 1, targetsPerEngine: 1 },
      { nodes: 1.5, enginesPerNode: 1, targetsPerEngine: 1 },
    ]) {
      const d = new ModelDriver();
      expect(d.code({ type: 'system.create', ...bad })).toBe('INVAL');
      expect(d.state.system).toBeNull();
    }
    const d = new ModelDriver();
    expect(d.code({ type: 'system.create', nodes: 1, enginesPerNode: 1, targetsPerEngine: 1 })).toBe('ok');
  });

  it('MAP-1: poolRf defaults to 2 and an out-of-range poolRf becomes 2', () => {
    for (const [given, expected] of [[undefined, 2], [0, 0], [4, 4], [5, 2], [-1, 2], [1.5, 2]] as const) {
      const d = new ModelDriver();
      d.system(4, 1, 1, given);
      expect(d.state.system?.poolRf).toBe(expected);
    }
  });

  it('MAP-1: the normalized poolRf is the one HALT-1 uses (poolRf 9 behaves as 2)', () => {
    const d = new ModelDriver();
    d.system(4, 1, 1, 9);
    const pool = addPool(d);
    expect(d.code({ type: 'pool.exclude', pool, rank: 0 })).toBe('ok');
    expect(d.code({ type: 'pool.exclude', pool, rank: 1 })).toBe('ok');
    expect(d.code({ type: 'pool.exclude', pool, rank: 2 })).toBe('RF');
  });

  it('MAP-1: a new system has every engine running and no target failed (section 19)', () => {
    const { d } = setup();
    expect(d.state.system?.engineRunning).toEqual(new Array(8).fill(true));
    expect(d.state.system?.targetFailed).toEqual(new Array(16).fill(false));
  });

  it('MAP-1 (choice): before system.create every op is NONEXIST; a second system.create is ALREADY, after argument validation (ERR-3)', () => {
    const d = new ModelDriver();
    expect(d.code({ type: 'pool.query', pool: 'p0' })).toBe('NONEXIST');
    expect(d.code({ type: 'fault.failEngine', rank: 0 })).toBe('NONEXIST');
    d.system(2, 1, 1);
    const before = d.state;
    expect(d.code({ type: 'system.create', nodes: 8, enginesPerNode: 1, targetsPerEngine: 1 })).toBe('ALREADY');
    expect(d.code({ type: 'system.create', nodes: 0, enginesPerNode: 1, targetsPerEngine: 1 })).toBe('INVAL');
    expect(d.state).toBe(before); // ERR-2: the topology is fixed for the system's lifetime
  });
});

describe('MAP-2 numbering', () => {
  it('MAP-2: rank r = n*enginesPerNode + e and target g = r*targetsPerEngine + t', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 3, targets: [1] });
    const t = targetsOf(d, pool);
    expect(t[3 * 2 + 1]).toBe('DOWN');
    expect(t.filter((s) => s === 'DOWN')).toHaveLength(1);
    // node 1 holds ranks 2 and 3, i.e. targets 4..7
    d.ok({ type: 'fault.failNode', node: 1 });
    expect(targetsOf(d, pool).map((s, g) => (s === 'DOWN' ? g : -1)).filter((g) => g >= 0)).toEqual([4, 5, 6, 7]);
    expect(query(d, pool).disabledRanks).toEqual([2, 3]);
  });
});

describe('MAP-3 new pools', () => {
  it('MAP-3: a new pool has every target UPIN and map version 1', () => {
    const { d, pool } = setup();
    expect(query(d, pool)).toEqual({
      ntarget: 16, disabled: 0, version: 1, state: 'Ready', rebuild: 'idle', disabledRanks: [], deadRanks: [],
    });
  });

  it('MAP-3: every pool has its own pool map', () => {
    const { d, pool } = setup();
    const other = addPool(d);
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    expect(query(d, pool).version).toBe(3);
    expect(query(d, other).version).toBe(1);
    expect(targetsOf(d, other).every((s) => s === 'UPIN')).toBe(true);
  });
});

describe('MAP-4 version counting', () => {
  it('MAP-4: a node failure on a 2x2 node bumps the version by 4, an engine failure by 2', () => {
    const { d, pool } = setup();
    d.ok({ type: 'fault.failNode', node: 0 });
    expect(query(d, pool).version).toBe(1 + 4);
    d.ok({ type: 'fault.failEngine', rank: 4 });
    expect(query(d, pool).version).toBe(1 + 4 + 2);
  });

  it('MAP-4: several targets are processed in ascending global index, each taking the next version', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 2, targets: [1, 0] });
    expect(poolOf(d.state, pool).events.map((e) => [e.target, e.openedAt])).toEqual([[4, 2], [5, 3]]);
  });

  it('MAP-4: an operation that changes no target leaves the version unchanged', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    expect(query(d, pool).version).toBe(3);
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.drain', pool, rank: 0 });
    d.ok({ type: 'pool.reintegrate', pool, rank: 1 });
    expect(query(d, pool).version).toBe(3);
  });

  it('MAP-4: only targets whose state changes count (exclude of one DOWN and one UPIN target adds 1)', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    expect(query(d, pool).version).toBe(3);
  });
});

/** Puts target 0 (rank 0, index 0) of a fresh pool into `state` using only map operations. */
function targetIn(state: TargetStateName): { d: ModelDriver; pool: string } {
  const { d, pool } = setup();
  const t0 = { pool, rank: 0, targets: [0] };
  if (state === 'DOWN' || state === 'DOWNOUT' || state === 'UP') d.ok({ type: 'pool.exclude', ...t0 });
  if (state === 'DOWNOUT' || state === 'UP') d.ok({ type: 'pool.rebuild', pool });
  if (state === 'UP') d.ok({ type: 'pool.reintegrate', ...t0 });
  if (state === 'DRAIN') d.ok({ type: 'pool.drain', ...t0 });
  expect(targetsOf(d, pool)[0]).toBe(state);
  return { d, pool };
}

describe('MAP-5 transition table', () => {
  // The spec's table, cell by cell: [op, current state, result] where result is the next state,
  // 'BUSY', or '-' (unchanged, ok).
  const TABLE: Array<[string, TargetStateName, TargetStateName | 'BUSY' | '-']> = [
    ['exclude', 'UPIN', 'DOWN'], ['exclude', 'UP', 'DOWN'], ['exclude', 'DRAIN', 'DOWN'], ['exclude', 'DOWN', '-'], ['exclude', 'DOWNOUT', '-'],
    ['drain', 'UPIN', 'DRAIN'], ['drain', 'UP', 'BUSY'], ['drain', 'DRAIN', '-'], ['drain', 'DOWN', '-'], ['drain', 'DOWNOUT', '-'],
    ['reintegrate', 'UPIN', '-'], ['reintegrate', 'UP', '-'], ['reintegrate', 'DRAIN', 'BUSY'], ['reintegrate', 'DOWN', 'UP'], ['reintegrate', 'DOWNOUT', 'UP'],
    ['rebuild', 'UPIN', '-'], ['rebuild', 'UP', 'UPIN'], ['rebuild', 'DRAIN', 'DOWNOUT'], ['rebuild', 'DOWN', 'DOWNOUT'], ['rebuild', 'DOWNOUT', '-'],
  ];
  for (const [op, from, to] of TABLE) {
    it(`MAP-5: ${op} of a ${from} target: ${to === '-' ? 'unchanged, ok' : to}`, () => {
      const { d, pool } = targetIn(from);
      const version = query(d, pool).version;
      const code =
        op === 'rebuild'
          ? d.code({ type: 'pool.rebuild', pool })
          : d.code({ type: `pool.${op}` as 'pool.exclude', pool, rank: 0, targets: [0] });
      expect(code).toBe(to === 'BUSY' ? 'BUSY' : 'ok');
      const now = targetsOf(d, pool)[0];
      expect(now).toBe(to === '-' || to === 'BUSY' ? from : to);
      expect(query(d, pool).version).toBe(to === '-' || to === 'BUSY' ? version : version + 1);
    });
  }
});

describe('MAP-6 selection', () => {
  it('MAP-6: without a list, all targets of the rank are selected', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.drain', pool, rank: 5 });
    expect(targetsOf(d, pool).slice(10, 12)).toEqual(['DRAIN', 'DRAIN']);
    expect(query(d, pool).version).toBe(3);
  });

  it('MAP-6: a rank or index out of range, a duplicate index or an empty list is INVAL', () => {
    const { d, pool } = setup();
    for (const kind of ['pool.exclude', 'pool.drain', 'pool.reintegrate'] as const) {
      expect(d.code({ type: kind, pool, rank: 8 })).toBe('INVAL');
      expect(d.code({ type: kind, pool, rank: -1 })).toBe('INVAL');
      expect(d.code({ type: kind, pool, rank: 0, targets: [2] })).toBe('INVAL');
      expect(d.code({ type: kind, pool, rank: 0, targets: [-1] })).toBe('INVAL');
      expect(d.code({ type: kind, pool, rank: 0, targets: [1, 1] })).toBe('INVAL');
      expect(d.code({ type: kind, pool, rank: 0, targets: [] })).toBe('INVAL');
    }
    expect(query(d, pool).version).toBe(1);
  });

  it('MAP-6 / ERR-3: argument validation (step 1) comes before the pool lookup (step 2)', () => {
    const { d } = setup();
    expect(d.code({ type: 'pool.exclude', pool: 'nosuchpool', rank: 99 })).toBe('INVAL');
    expect(d.code({ type: 'pool.exclude', pool: 'nosuchpool', rank: 0 })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.drain', pool: '00000000-0000-4000-8000-000000000000', rank: 0 })).toBe('NONEXIST');
  });

  it('MAP-6: pools are found by label as well as by id (LABEL-5)', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2);
    const pool = addPool(d, 'tank');
    expect(d.code({ type: 'pool.exclude', pool: 'tank', rank: 0, targets: [0] })).toBe('ok');
    expect(query(d, pool).disabled).toBe(1);
  });

  it('MAP-6: all-or-nothing, one BUSY target makes the whole operation BUSY and nothing changes', () => {
    const { d, pool } = setup();
    // target 1 -> UP (exclude, reintegrate); target 0 stays UPIN
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [1] });
    d.ok({ type: 'pool.reintegrate', pool, rank: 0, targets: [1] });
    const before = d.state;
    expect(d.code({ type: 'pool.drain', pool, rank: 0 })).toBe('BUSY');
    expect(d.state).toBe(before);
    expect(targetsOf(d, pool).slice(0, 2)).toEqual(['UPIN', 'UP']);
    // drain of target 0 alone is fine
    expect(d.code({ type: 'pool.drain', pool, rank: 0, targets: [0] })).toBe('ok');
  });
});

describe('MAP-7 failure events', () => {
  it('MAP-7: entering DOWN opens an event at that version; reaching DOWNOUT closes it', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // v2
    expect(poolOf(d.state, pool).events).toEqual([{ target: 0, openedAt: 2, closedAt: null }]);
    d.ok({ type: 'pool.rebuild', pool }); // v3
    expect(poolOf(d.state, pool).events).toEqual([{ target: 0, openedAt: 2, closedAt: 3 }]);
  });

  it('MAP-7 (choice): a target reintegrated before rebuild counts as failed until it is UPIN again', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // v2 DOWN
    d.ok({ type: 'pool.reintegrate', pool, rank: 0, targets: [0] }); // v3 UP
    expect(poolOf(d.state, pool).events).toEqual([{ target: 0, openedAt: 2, closedAt: null }]);
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // v4 DOWN again: a second event
    d.ok({ type: 'pool.reintegrate', pool, rank: 0, targets: [0] }); // v5 UP
    d.ok({ type: 'pool.rebuild', pool }); // v6 UPIN closes all open events
    expect(poolOf(d.state, pool).events).toEqual([
      { target: 0, openedAt: 2, closedAt: 6 },
      { target: 0, openedAt: 4, closedAt: 6 },
    ]);
  });

  it('MAP-7: DRAIN -> DOWNOUT is not a failure', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.drain', pool, rank: 1 });
    d.ok({ type: 'pool.rebuild', pool });
    expect(targetsOf(d, pool).slice(2, 4)).toEqual(['DOWNOUT', 'DOWNOUT']);
    expect(poolOf(d.state, pool).events).toEqual([]);
  });

  it('MAP-7: excluding a draining target is a failure', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.drain', pool, rank: 1, targets: [0] }); // v2
    d.ok({ type: 'pool.exclude', pool, rank: 1, targets: [0] }); // v3
    expect(poolOf(d.state, pool).events).toEqual([{ target: 2, openedAt: 3, closedAt: null }]);
  });
});

describe('MAP-8 rebuild', () => {
  it('MAP-8: rebuild never starts by itself; pool.rebuild completes all pending work in one step, ascending', () => {
    const { d, pool } = setup(4); // poolRf 4: no exclusion below is refused by HALT-1
    d.ok({ type: 'pool.drain', pool, rank: 0, targets: [1] }); // g1 DRAIN, v2
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // g0 DOWN, v3
    d.ok({ type: 'pool.exclude', pool, rank: 3, targets: [0] }); // g6 DOWN, v4
    d.ok({ type: 'pool.reintegrate', pool, rank: 3, targets: [0] }); // g6 UP, v5
    d.ok({ type: 'pool.exclude', pool, rank: 7, targets: [1] }); // g15 DOWN, v6
    d.ok({ type: 'fault.failEngine', rank: 2 }); // g4, g5 DOWN, v7, v8
    expect(query(d, pool).rebuild).toBe('busy');
    expect(targetsOf(d, pool)[0]).toBe('DOWN');
    d.ok({ type: 'pool.rebuild', pool });
    const t = targetsOf(d, pool);
    expect([t[0], t[1], t[4], t[5], t[6], t[15]]).toEqual(['DOWNOUT', 'DOWNOUT', 'DOWNOUT', 'DOWNOUT', 'UPIN', 'DOWNOUT']);
    // six targets changed, in ascending order g0, g1, g4, g5, g6, g15 -> versions 9..14
    expect(query(d, pool).version).toBe(14);
    const closes = poolOf(d.state, pool).events.map((e) => [e.target, e.closedAt]);
    expect(closes).toEqual(expect.arrayContaining([[0, 9], [4, 11], [5, 12], [6, 13], [15, 14]]));
    expect(query(d, pool).rebuild).toBe('done');
  });

  it('MAP-8: with nothing pending, rebuild returns ok and changes nothing', () => {
    const { d, pool } = setup();
    const before = query(d, pool);
    expect(d.code({ type: 'pool.rebuild', pool })).toBe('ok');
    expect(query(d, pool)).toEqual(before);
    expect(d.code({ type: 'pool.rebuild', pool: 'nosuchpool' })).toBe('NONEXIST');
  });
});

describe('MAP-9 reintegrating an unreachable target', () => {
  it('MAP-9: reintegrate of a DOWN target that is not alive is BUSY; after restart it works', () => {
    const { d, pool } = setup();
    d.ok({ type: 'fault.failEngine', rank: 1 }); // g2, g3 DOWN and not alive
    const before = d.state;
    expect(d.code({ type: 'pool.reintegrate', pool, rank: 1 })).toBe('BUSY');
    expect(d.state).toBe(before);
    d.ok({ type: 'fault.restartEngine', rank: 1 });
    expect(targetsOf(d, pool).slice(2, 4)).toEqual(['DOWN', 'DOWN']); // FAULT-4: stays excluded
    expect(d.code({ type: 'pool.reintegrate', pool, rank: 1 })).toBe('ok');
    expect(targetsOf(d, pool).slice(2, 4)).toEqual(['UP', 'UP']);
  });

  it('MAP-9: a DOWNOUT target that is not alive is BUSY too; an alive excluded one reintegrates', () => {
    const { d, pool } = setup();
    d.ok({ type: 'fault.failTarget', rank: 0, target: 1 }); // g1 not alive, automatically excluded
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // g0 DOWN, still alive
    d.ok({ type: 'pool.rebuild', pool });
    expect(d.code({ type: 'pool.reintegrate', pool, rank: 0 })).toBe('BUSY');
    expect(d.code({ type: 'pool.reintegrate', pool, rank: 0, targets: [0] })).toBe('ok');
  });
});

describe('MAP-10 pool.query', () => {
  it('MAP-10: disabled counts DOWN and DOWNOUT, not DRAIN (choice); state follows disabled', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.drain', pool, rank: 0 });
    let info = query(d, pool);
    expect([info.disabled, info.state, info.rebuild]).toEqual([0, 'Ready', 'busy']);
    d.ok({ type: 'pool.exclude', pool, rank: 1, targets: [0] });
    info = query(d, pool);
    expect([info.disabled, info.state]).toEqual([1, 'TargetsExcluded']);
    d.ok({ type: 'pool.rebuild', pool });
    info = query(d, pool);
    expect([info.disabled, info.state, info.rebuild]).toEqual([3, 'TargetsExcluded', 'done']);
  });

  it('MAP-10: rebuild is busy with a DOWN, DRAIN or UP target, else done once a rebuild changed a target, else idle', () => {
    const { d, pool } = setup();
    expect(query(d, pool).rebuild).toBe('idle');
    d.ok({ type: 'pool.rebuild', pool }); // changed nothing
    expect(query(d, pool).rebuild).toBe('idle');
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    expect(query(d, pool).rebuild).toBe('busy');
    d.ok({ type: 'pool.reintegrate', pool, rank: 0, targets: [0] });
    expect(query(d, pool).rebuild).toBe('busy'); // UP
    d.ok({ type: 'pool.rebuild', pool });
    expect(query(d, pool).rebuild).toBe('done');
    expect(query(d, pool).disabled).toBe(0);
  });

  it('MAP-10: disabledRanks are the ranks all of whose targets are DOWN or DOWNOUT', () => {
    const { d, pool } = setup();
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [1] }); // rank 0: DOWNOUT + DOWN
    d.ok({ type: 'pool.exclude', pool, rank: 5, targets: [1] }); // rank 5: half
    expect(query(d, pool).disabledRanks).toEqual([0]);
  });

  it('MAP-10: deadRanks lists the ranks owning a dead target; an unknown pool is NONEXIST', () => {
    const { d, pool } = setup(0);
    d.ok({ type: 'fault.failEngine', rank: 3 }); // poolRf 0: refused, g6 and g7 dead
    expect(query(d, pool).deadRanks).toEqual([3]);
    expect(query(d, pool).disabled).toBe(0);
    expect(d.code({ type: 'pool.query', pool: 'nosuchpool' })).toBe('NONEXIST');
  });
});
