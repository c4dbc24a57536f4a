import { describe, expect, it } from 'vitest';
import { addPool, poolOf } from './ops/map-fixtures.ts';
import { isHalted } from './resolve.ts';
import { ModelDriver } from './test-driver.ts';

/**
 * Example tests for spec section 4 (HALT). Topology: 4 nodes x 2 engines x 2 targets; node n holds
 * ranks 2n, 2n+1 and global targets 4n..4n+3 (MAP-2).
 */

function setup(poolRf: number): { d: ModelDriver; pool: string } {
  const d = new ModelDriver();
  d.system(4, 2, 2, poolRf);
  return { d, pool: addPool(d) };
}

const query = (d: ModelDriver, pool: string) => d.ok({ type: 'pool.query', pool });

describe('HALT-1 counting failed nodes', () => {
  it('HALT-1: counts nodes, not ranks or targets, with a target in DOWN once applied', () => {
    const { d, pool } = setup(1);
    expect(d.code({ type: 'pool.exclude', pool, rank: 0 })).toBe('ok');
    expect(d.code({ type: 'pool.exclude', pool, rank: 1 })).toBe('ok'); // same node 0
    expect(d.code({ type: 'pool.exclude', pool, rank: 2, targets: [0] })).toBe('RF'); // node 1: 2 > 1
  });

  it('HALT-1: a refused exclusion changes no target and keeps the map version', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    const before = d.state;
    expect(d.code({ type: 'pool.exclude', pool, rank: 7 })).toBe('RF');
    expect(d.state).toBe(before);
    expect(query(d, pool).version).toBe(3);
  });

  it('HALT-1: DOWNOUT does not count', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.rebuild', pool }); // node 0 now DOWNOUT
    expect(d.code({ type: 'pool.exclude', pool, rank: 2 })).toBe('ok');
    expect(d.code({ type: 'pool.exclude', pool, rank: 4 })).toBe('RF');
  });

  it('HALT-1: dead targets do not count', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 0 }); // node 0 DOWN
    d.ok({ type: 'fault.failEngine', rank: 2 }); // node 1 would make 2 > 1: refused, g4 g5 dead
    expect(query(d, pool).deadRanks).toEqual([2]);
    // Counting the dead node 1 would give 2 > 1; it does not count, so this exclusion passes.
    expect(d.code({ type: 'pool.exclude', pool, rank: 1 })).toBe('ok');
  });

  it('HALT-1: targets the exclusion moves from DRAIN or UP to DOWN count', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.drain', pool, rank: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 2 }); // node 1 DOWN, node 0 DRAIN only
    expect(d.code({ type: 'pool.exclude', pool, rank: 0 })).toBe('RF');
  });

  it('HALT-1 (choice, literal): an exclusion that changes nothing is still checked', () => {
    const { d, pool } = setup(0);
    d.ok({ type: 'pool.exclude', pool, rank: 0, force: true });
    const before = d.state;
    expect(d.code({ type: 'pool.exclude', pool, rank: 0 })).toBe('RF');
    expect(d.state).toBe(before);
  });
});

describe('HALT-2 automatic exclusion', () => {
  it('HALT-2: a fault makes each pool attempt one exclusion of the newly unavailable targets', () => {
    const { d, pool } = setup(2);
    d.ok({ type: 'fault.failEngine', rank: 6 });
    expect(poolOf(d.state, pool).targets.slice(12, 14)).toEqual(['DOWN', 'DOWN']);
    expect(query(d, pool).version).toBe(3);
  });

  it('HALT-2: if HALT-1 refuses it, those targets become dead targets of that pool and their ranks dead ranks', () => {
    const { d, pool } = setup(0);
    d.ok({ type: 'fault.failTarget', rank: 5, target: 1 });
    const p = poolOf(d.state, pool);
    expect(p.targets[11]).toBe('UPIN');
    expect(p.dead[11]).toBe(true);
    expect(p.version).toBe(1);
    expect(query(d, pool).deadRanks).toEqual([5]);
    expect(isHalted(p)).toBe(true);
  });

  it('HALT-2: only targets that are UPIN, UP or DRAIN in the pool map are covered', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // g0 DOWN
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [1] });
    d.ok({ type: 'pool.rebuild', pool }); // g0, g1 DOWNOUT
    d.ok({ type: 'pool.drain', pool, rank: 1, targets: [0] }); // g2 DRAIN, g3 UPIN
    const version = query(d, pool).version;
    d.ok({ type: 'fault.failNode', node: 0 }); // g0..g3 stop; covered: g2 (DRAIN), g3 (UPIN)
    const p = poolOf(d.state, pool);
    expect(p.targets.slice(0, 4)).toEqual(['DOWNOUT', 'DOWNOUT', 'DOWN', 'DOWN']);
    expect(p.version).toBe(version + 2);
  });

  it('HALT-2: each pool decides independently', () => {
    const { d, pool } = setup(1);
    const other = addPool(d);
    d.ok({ type: 'pool.exclude', pool, rank: 2 }); // pool: node 1 DOWN already
    d.ok({ type: 'fault.failEngine', rank: 0 }); // node 0: refused in `pool`, applied in `other`
    expect(poolOf(d.state, pool).dead.slice(0, 2)).toEqual([true, true]);
    expect(poolOf(d.state, pool).targets.slice(0, 2)).toEqual(['UPIN', 'UPIN']);
    expect(poolOf(d.state, other).dead.every((x) => !x)).toBe(true);
    expect(poolOf(d.state, other).targets.slice(0, 2)).toEqual(['DOWN', 'DOWN']);
  });

  it('HALT-2: a fault on targets that are already unavailable attempts nothing', () => {
    const { d, pool } = setup(0);
    d.ok({ type: 'fault.failEngine', rank: 0 }); // refused: dead
    const before = d.state;
    d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
    d.ok({ type: 'fault.failEngine', rank: 0 });
    expect(d.state).toEqual(before);
    expect(query(d, pool).deadRanks).toEqual([0]);
  });
});

describe('HALT-3 manual exclusion refused or forced', () => {
  it('HALT-3: a manual pool.exclude that HALT-1 refuses returns RF and changes nothing', () => {
    const { d, pool } = setup(0);
    const before = d.state;
    expect(d.code({ type: 'pool.exclude', pool, rank: 3, targets: [1] })).toBe('RF');
    expect(d.state).toBe(before);
  });

  it('HALT-3: with force the check is skipped and the exclusion is applied', () => {
    const { d, pool } = setup(0);
    expect(d.code({ type: 'pool.exclude', pool, rank: 3, targets: [1], force: true })).toBe('ok');
    expect(d.code({ type: 'pool.exclude', pool, rank: 6, force: true })).toBe('ok');
    expect(query(d, pool)).toMatchObject({ disabled: 3, version: 4 });
  });

  it('HALT-3 / ERR-3: INVAL (step 1) and NONEXIST (step 2) come before the RF refusal (step 7)', () => {
    const { d, pool } = setup(0);
    expect(d.code({ type: 'pool.exclude', pool, rank: 8 })).toBe('INVAL');
    expect(d.code({ type: 'pool.exclude', pool: 'nosuchpool', rank: 0 })).toBe('NONEXIST');
  });
});

describe('HALT-4 halted pools', () => {
  it('HALT-4: pool.rebuild of a halted pool is TIMEDOUT and applies nothing; pool.query still answers', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 0 }); // pending rebuild
    d.ok({ type: 'fault.failEngine', rank: 2 }); // refused: dead
    const before = d.state;
    expect(d.code({ type: 'pool.rebuild', pool })).toBe('TIMEDOUT');
    expect(d.state).toBe(before);
    expect(query(d, pool)).toMatchObject({ deadRanks: [2], rebuild: 'busy', disabled: 2 });
  });

  it('HALT-4 / ERR-3: an unknown pool is NONEXIST (step 2) before TIMEDOUT (step 3)', () => {
    const { d } = setup(0);
    d.ok({ type: 'fault.failEngine', rank: 0 });
    expect(d.code({ type: 'pool.rebuild', pool: 'nosuchpool' })).toBe('NONEXIST');
  });

  it('HALT-4: other admin operations behave normally while halted (drain, reintegrate, exclude)', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 7, targets: [0] }); // node 3 DOWN
    d.ok({ type: 'fault.failEngine', rank: 0 }); // refused: dead
    expect(d.code({ type: 'pool.drain', pool, rank: 4 })).toBe('ok');
    expect(d.code({ type: 'pool.reintegrate', pool, rank: 7, targets: [0] })).toBe('ok');
    expect(d.code({ type: 'pool.exclude', pool, rank: 6 })).toBe('ok');
    expect(isHalted(poolOf(d.state, pool))).toBe(true);
  });

  it('HALT-4: halt is per pool: another pool of the same system still rebuilds', () => {
    const { d, pool } = setup(1);
    const other = addPool(d);
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    d.ok({ type: 'fault.failEngine', rank: 0 }); // dead in `pool`, DOWN in `other`
    expect(d.code({ type: 'pool.rebuild', pool })).toBe('TIMEDOUT');
    expect(d.code({ type: 'pool.rebuild', pool: other })).toBe('ok');
    expect(poolOf(d.state, other).targets.slice(0, 2)).toEqual(['DOWNOUT', 'DOWNOUT']);
  });
});

describe('HALT-5 the end of deadness', () => {
  it('HALT-5: a dead target stops being dead when its engine restarts; the map does not change', () => {
    const { d, pool } = setup(0);
    d.ok({ type: 'fault.failEngine', rank: 4 });
    const version = query(d, pool).version;
    d.ok({ type: 'fault.restartEngine', rank: 4 });
    const p = poolOf(d.state, pool);
    expect(p.dead.every((x) => !x)).toBe(true);
    expect(p.targets.every((s) => s === 'UPIN')).toBe(true);
    expect(query(d, pool)).toMatchObject({ version, deadRanks: [], rebuild: 'idle' });
    expect(d.code({ type: 'pool.rebuild', pool })).toBe('ok');
  });

  it('HALT-5: a manual exclusion that passes HALT-1 ends deadness by moving the target to DOWN', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 2 }); // node 1 DOWN
    d.ok({ type: 'fault.failEngine', rank: 0 }); // node 0 would make 2 > 1: refused, g0 g1 dead
    expect(d.code({ type: 'pool.exclude', pool, rank: 0 })).toBe('RF'); // still 2 > 1
    expect(query(d, pool).deadRanks).toEqual([0]);
    d.ok({ type: 'pool.reintegrate', pool, rank: 2 }); // node 1 back to UP: no DOWN target left
    expect(d.code({ type: 'pool.exclude', pool, rank: 0 })).toBe('ok'); // 1 node <= 1
    const p = poolOf(d.state, pool);
    expect(p.targets.slice(0, 2)).toEqual(['DOWN', 'DOWN']);
    expect(query(d, pool).deadRanks).toEqual([]);
    expect(d.code({ type: 'pool.rebuild', pool })).toBe('ok');
  });

  it('HALT-5: a manual exclusion that skips HALT-1 (force) ends deadness', () => {
    const { d, pool } = setup(0);
    d.ok({ type: 'fault.failEngine', rank: 4 }); // dead g8, g9
    d.ok({ type: 'pool.exclude', pool, rank: 4, targets: [1], force: true });
    let p = poolOf(d.state, pool);
    expect([p.dead[8], p.dead[9]]).toEqual([true, false]);
    expect(p.targets[9]).toBe('DOWN');
    d.ok({ type: 'pool.exclude', pool, rank: 4, force: true });
    p = poolOf(d.state, pool);
    expect(isHalted(p)).toBe(false);
    expect(d.code({ type: 'pool.rebuild', pool })).toBe('ok');
  });

  it('HALT-5: a refused exclusion is never retried automatically', () => {
    const { d, pool } = setup(1);
    d.ok({ type: 'pool.exclude', pool, rank: 2 }); // node 1 DOWN
    d.ok({ type: 'fault.failEngine', rank: 0 }); // refused: dead
    // Room appears under HALT-1 when node 1's targets come back in, yet nothing retries.
    d.ok({ type: 'pool.reintegrate', pool, rank: 2 });
    d.ok({ type: 'fault.failEngine', rank: 7 }); // another fault: covers only rank 7's targets
    const p = poolOf(d.state, pool);
    expect(p.targets.slice(0, 2)).toEqual(['UPIN', 'UPIN']);
    expect(p.dead.slice(0, 2)).toEqual([true, true]);
  });
});
