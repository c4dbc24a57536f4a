import { describe, expect, it } from 'vitest';
import { addContainer, addPool, contOf, poolOf } from './ops/map-fixtures.ts';
import { ModelDriver } from './test-driver.ts';
import { isTargetAlive } from './topology.ts';

/**
 * Example tests for spec section 19 (FAULT) and CSUM-3's marks. Topology: 4 nodes x 2 engines x 2
 * targets (node n: ranks 2n, 2n+1, targets 4n..4n+3).
 */

function setup(poolRf = 2): { d: ModelDriver; pool: string } {
  const d = new ModelDriver();
  d.system(4, 2, 2, poolRf);
  return { d, pool: addPool(d) };
}

const alive = (d: ModelDriver, g: number) => isTargetAlive(d.state.system!, g);

describe('FAULT-1..3 failures', () => {
  it('FAULT-1: failTarget stops one target being alive and each pool excludes it automatically', () => {
    const { d, pool } = setup();
    const other = addPool(d);
    d.ok({ type: 'fault.failTarget', rank: 3, target: 1 });
    expect(alive(d, 7)).toBe(false);
    expect(alive(d, 6)).toBe(true);
    for (const p of [pool, other]) {
      expect(poolOf(d.state, p).targets[7]).toBe('DOWN');
      expect(poolOf(d.state, p).version).toBe(2);
    }
  });

  it('FAULT-2: failEngine stops the engine and all its targets; one automatic exclusion per pool covers them', () => {
    const { d, pool } = setup();
    d.ok({ type: 'fault.failEngine', rank: 5 });
    expect(d.state.system?.engineRunning[5]).toBe(false);
    expect([alive(d, 10), alive(d, 11)]).toEqual([false, false]);
    expect(poolOf(d.state, pool).targets.slice(10, 12)).toEqual(['DOWN', 'DOWN']);
    expect(d.ok({ type: 'pool.query', pool }).disabledRanks).toEqual([5]);
  });

  it('FAULT-3: failNode stops every engine of the node; one exclusion covers all their targets', () => {
    const { d, pool } = setup(0); // poolRf 0: the single exclusion is refused as a whole
    d.ok({ type: 'fault.failNode', node: 3 });
    expect(d.state.system?.engineRunning.slice(6, 8)).toEqual([false, false]);
    const p = poolOf(d.state, pool);
    expect(p.dead.slice(12, 16)).toEqual([true, true, true, true]);
    expect(d.ok({ type: 'pool.query', pool }).deadRanks).toEqual([6, 7]);
  });

  it('FAULT-3: with room under HALT-1 the node failure excludes all four targets', () => {
    const { d, pool } = setup();
    d.ok({ type: 'fault.failNode', node: 3 });
    expect(poolOf(d.state, pool).targets.slice(12, 16)).toEqual(['DOWN', 'DOWN', 'DOWN', 'DOWN']);
  });
});

describe('FAULT-4 restart', () => {
  it('FAULT-4: restartEngine makes the engine run and its targets alive; excluded targets stay excluded', () => {
    const { d, pool } = setup();
    d.ok({ type: 'fault.failEngine', rank: 1 });
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'fault.failTarget', rank: 2, target: 0 });
    const version = d.ok({ type: 'pool.query', pool }).version;
    d.ok({ type: 'fault.restartEngine', rank: 1 });
    expect([alive(d, 2), alive(d, 3)]).toEqual([true, true]);
    expect(poolOf(d.state, pool).targets.slice(2, 4)).toEqual(['DOWNOUT', 'DOWNOUT']);
    expect(d.ok({ type: 'pool.query', pool }).version).toBe(version);
  });

  it('FAULT-4: an engine restart after a target failure brings that target back too', () => {
    const { d } = setup();
    d.ok({ type: 'fault.failTarget', rank: 0, target: 1 });
    d.ok({ type: 'fault.failEngine', rank: 0 });
    d.ok({ type: 'fault.restartEngine', rank: 0 });
    expect([alive(d, 0), alive(d, 1)]).toEqual([true, true]);
  });

  it('FAULT-4: dead targets return to service in every pool (HALT-5)', () => {
    const { d, pool } = setup(0);
    const other = addPool(d);
    d.ok({ type: 'fault.failEngine', rank: 2 });
    expect(poolOf(d.state, other).dead.slice(4, 6)).toEqual([true, true]);
    d.ok({ type: 'fault.restartEngine', rank: 2 });
    for (const p of [pool, other]) expect(poolOf(d.state, p).dead.every((x) => !x)).toBe(true);
  });
});

describe('FAULT-5 corruption and CSUM-3 marks', () => {
  function withContainers(): { d: ModelDriver; pool: string; cont: string } {
    const { d, pool } = setup();
    const cont = addContainer(d, pool, { cksum: 'crc32', label: 'c0' });
    return { d, pool, cont };
  }

  it('FAULT-5: corrupting an alive UPIN target of a checksummed container adds the mark (container, target)', () => {
    const { d, pool, cont } = withContainers();
    d.ok({ type: 'pool.exclude', pool, rank: 7, targets: [0] }); // version 2
    expect(d.code({ type: 'fault.corrupt', cont, rank: 1, target: 1 })).toBe('ok');
    expect(contOf(d.state, pool, cont).marks).toEqual([{ target: 3, createdAtVersion: 2 }]);
  });

  it('FAULT-5: an unknown container is NONEXIST', () => {
    const { d } = withContainers();
    expect(d.code({ type: 'fault.corrupt', cont: 'nosuch', rank: 0, target: 0 })).toBe('NONEXIST');
    expect(d.code({ type: 'fault.corrupt', cont: '00000000-0002-4000-8000-0000000000ff', rank: 0, target: 0 })).toBe('NONEXIST');
  });

  it('FAULT-5: a container with cksum off is INVAL', () => {
    const { d, pool } = setup();
    const plain = addContainer(d, pool, { cksum: 'off' });
    expect(d.code({ type: 'fault.corrupt', cont: plain, rank: 0, target: 0 })).toBe('INVAL');
  });

  it('FAULT-5: a target that is not both alive and UPIN is INVAL', () => {
    const { d, pool, cont } = withContainers();
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] }); // alive but DOWN
    d.ok({ type: 'pool.drain', pool, rank: 0, targets: [1] }); // alive but DRAIN
    d.ok({ type: 'fault.failEngine', rank: 6 }); // excluded, not alive
    const before = d.state;
    for (const [rank, target] of [[0, 0], [0, 1], [6, 0]]) {
      expect(d.code({ type: 'fault.corrupt', cont, rank, target })).toBe('INVAL');
    }
    expect(d.state).toBe(before);
    // Not alive but still UPIN: a dead target (poolRf 0 refused the exclusion).
    const h = setup(0);
    const c = addContainer(h.d, h.pool, { cksum: 'sha1' });
    h.d.ok({ type: 'fault.failEngine', rank: 3 });
    expect(poolOf(h.d.state, h.pool).targets[6]).toBe('UPIN');
    expect(h.d.code({ type: 'fault.corrupt', cont: c, rank: 3, target: 0 })).toBe('INVAL');
  });

  it('FAULT-5: a label is looked up in pools in creation order (first match), an id across pools', () => {
    const { d, pool } = setup();
    const second = addPool(d);
    const inSecond = addContainer(d, second, { cksum: 'crc64', label: 'shared' });
    const inFirst = addContainer(d, pool, { cksum: 'crc64', label: 'shared' });
    d.ok({ type: 'fault.corrupt', cont: 'shared', rank: 0, target: 0 });
    expect(contOf(d.state, pool, inFirst).marks).toHaveLength(1);
    expect(contOf(d.state, second, inSecond).marks).toHaveLength(0);
    d.ok({ type: 'fault.corrupt', cont: inSecond, rank: 0, target: 1 });
    expect(contOf(d.state, second, inSecond).marks).toEqual([{ target: 1, createdAtVersion: 1 }]);
    d.ok({ type: 'fault.corrupt', cont: inSecond.toUpperCase(), rank: 1, target: 0 }); // LABEL-5: either case
    expect(contOf(d.state, second, inSecond).marks).toHaveLength(2);
  });

  it('FAULT-5 / ERR-3: bad rank or target (step 1) before the container lookup (step 2) before the state checks', () => {
    const { d, cont } = withContainers();
    expect(d.code({ type: 'fault.corrupt', cont: 'nosuch', rank: 8, target: 0 })).toBe('INVAL');
    expect(d.code({ type: 'fault.corrupt', cont: 'nosuch', rank: 0, target: 2 })).toBe('INVAL');
    expect(d.code({ type: 'fault.corrupt', cont: 'nosuch', rank: 0, target: 0 })).toBe('NONEXIST');
    expect(d.code({ type: 'fault.corrupt', cont, rank: 0, target: 0 })).toBe('ok');
  });

  it('CSUM-3: corrupting a marked target again keeps the single mark (choice) and its creation version', () => {
    const { d, pool, cont } = withContainers();
    d.ok({ type: 'fault.corrupt', cont, rank: 2, target: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 7 });
    d.ok({ type: 'fault.corrupt', cont, rank: 2, target: 0 });
    expect(contOf(d.state, pool, cont).marks).toEqual([{ target: 4, createdAtVersion: 1 }]);
  });

  it('CSUM-3: a mark stays while the target is DOWN or UP and is removed when it reaches DOWNOUT', () => {
    const { d, pool, cont } = withContainers();
    d.ok({ type: 'fault.corrupt', cont, rank: 0, target: 0 });
    d.ok({ type: 'fault.corrupt', cont, rank: 0, target: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    expect(contOf(d.state, pool, cont).marks).toHaveLength(2);
    d.ok({ type: 'pool.reintegrate', pool, rank: 0, targets: [0] });
    expect(contOf(d.state, pool, cont).marks).toHaveLength(2);
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    d.ok({ type: 'pool.rebuild', pool });
    expect(contOf(d.state, pool, cont).marks).toEqual([{ target: 1, createdAtVersion: 1 }]);
  });

  it('CSUM-3: DRAIN -> DOWNOUT removes the mark too; marks of other pools are untouched', () => {
    const { d, pool, cont } = withContainers();
    const other = addPool(d);
    const elsewhere = addContainer(d, other, { cksum: 'crc16' });
    d.ok({ type: 'fault.corrupt', cont, rank: 4, target: 1 });
    d.ok({ type: 'fault.corrupt', cont: elsewhere, rank: 4, target: 1 });
    d.ok({ type: 'pool.drain', pool, rank: 4 });
    d.ok({ type: 'pool.rebuild', pool });
    expect(contOf(d.state, pool, cont).marks).toEqual([]);
    expect(contOf(d.state, other, elsewhere).marks).toEqual([{ target: 9, createdAtVersion: 1 }]);
  });

  it('CSUM-3: a target that comes back (reintegrate, rebuild to UPIN) after DOWNOUT has no mark', () => {
    const { d, pool, cont } = withContainers();
    d.ok({ type: 'fault.corrupt', cont, rank: 3, target: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 3, targets: [1] });
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'pool.reintegrate', pool, rank: 3, targets: [1] });
    d.ok({ type: 'pool.rebuild', pool });
    expect(poolOf(d.state, pool).targets[7]).toBe('UPIN');
    expect(contOf(d.state, pool, cont).marks).toEqual([]);
  });

  it('CSUM-3 (docs/semantics.md section 25): after another failure since the mark, DOWNOUT keeps it, with keptFor = the other domains in M ∪ F', () => {
    const { d, pool } = setup();
    const rf0 = addContainer(d, pool, { cksum: 'crc32', rdFac: 0 });
    const rf1 = addContainer(d, pool, { cksum: 'crc32', rdFac: 1 });
    const rf2 = addContainer(d, pool, { cksum: 'crc32', rdFac: 2 });
    for (const cont of [rf0, rf1, rf2]) d.ok({ type: 'fault.corrupt', cont, rank: 2, target: 1 }); // target 5, node 1
    d.ok({ type: 'pool.exclude', pool, rank: 6, targets: [0] }); // node 3, after the marks: in F
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'pool.exclude', pool, rank: 2, targets: [1] });
    d.ok({ type: 'pool.rebuild', pool }); // target 5 DOWNOUT; M ∪ F = {node 1, node 3}: one other domain
    expect(contOf(d.state, pool, rf0).marks).toEqual([{ target: 5, createdAtVersion: 1, keptFor: 1 }]);
    expect(contOf(d.state, pool, rf1).marks).toEqual([{ target: 5, createdAtVersion: 1, keptFor: 1 }]);
    expect(contOf(d.state, pool, rf2).marks).toEqual([]); // every object of it tolerates 2 (OBJ-6): a good copy was left
  });

  it('CSUM-3 (section 25): a kept mark is not outstanding: the target, UPIN again, takes a new mark beside it', () => {
    const { d, pool } = setup();
    const cont = addContainer(d, pool, { cksum: 'crc32', rdFac: 1 });
    d.ok({ type: 'fault.corrupt', cont, rank: 2, target: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 6, targets: [0] }); // version 2
    d.ok({ type: 'pool.rebuild', pool }); // 3
    d.ok({ type: 'pool.exclude', pool, rank: 2, targets: [1] }); // 4
    d.ok({ type: 'pool.rebuild', pool }); // 5: kept
    d.ok({ type: 'pool.reintegrate', pool, rank: 2, targets: [1] }); // 6
    d.ok({ type: 'pool.rebuild', pool }); // 7: UPIN
    d.ok({ type: 'fault.corrupt', cont, rank: 2, target: 1 });
    expect(contOf(d.state, pool, cont).marks).toEqual([{ target: 5, createdAtVersion: 1, keptFor: 1 }, { target: 5, createdAtVersion: 7 }]);
    d.ok({ type: 'pool.exclude', pool, rank: 2, targets: [1] }); // 8
    d.ok({ type: 'pool.rebuild', pool }); // 9: nothing else failed since version 7, so the new mark goes
    expect(contOf(d.state, pool, cont).marks).toEqual([{ target: 5, createdAtVersion: 1, keptFor: 1 }]);
  });
});

describe('FAULT-6 lost messages', () => {
  it('FAULT-6: count must be 1..3, else INVAL; a valid drop is ok and changes no state', () => {
    const { d } = setup();
    for (const count of [0, 4, -1, 1.5]) expect(d.code({ type: 'fault.dropMessages', rank: 0, target: 0, count })).toBe('INVAL');
    const before = d.state;
    for (const count of [1, 2, 3]) expect(d.code({ type: 'fault.dropMessages', rank: 7, target: 1, count })).toBe('ok');
    expect(d.state).toEqual(before);
  });

  it('FAULT-6: rank and target must be in range', () => {
    const { d } = setup();
    expect(d.code({ type: 'fault.dropMessages', rank: 8, target: 0, count: 1 })).toBe('INVAL');
    expect(d.code({ type: 'fault.dropMessages', rank: 0, target: 2, count: 1 })).toBe('INVAL');
  });
});

describe('FAULT-7 results of fault operations', () => {
  it('FAULT-7: bad arguments are INVAL and change nothing', () => {
    const { d } = setup();
    const before = d.state;
    expect(d.code({ type: 'fault.failTarget', rank: 8, target: 0 })).toBe('INVAL');
    expect(d.code({ type: 'fault.failTarget', rank: 0, target: 2 })).toBe('INVAL');
    expect(d.code({ type: 'fault.failEngine', rank: -1 })).toBe('INVAL');
    expect(d.code({ type: 'fault.failNode', node: 4 })).toBe('INVAL');
    expect(d.code({ type: 'fault.restartEngine', rank: 8 })).toBe('INVAL');
    expect(d.code({ type: 'fault.failEngine', rank: 0.5 })).toBe('INVAL');
    expect(d.state).toBe(before);
  });

  it('FAULT-7: failing something already stopped is ok and changes nothing else', () => {
    const { d } = setup();
    d.ok({ type: 'fault.failNode', node: 1 });
    const before = d.state;
    expect(d.code({ type: 'fault.failNode', node: 1 })).toBe('ok');
    expect(d.code({ type: 'fault.failEngine', rank: 2 })).toBe('ok');
    expect(d.code({ type: 'fault.failTarget', rank: 3, target: 1 })).toBe('ok');
    expect(d.state).toEqual(before);
  });

  it('FAULT-7: restarting a running engine is ok and changes nothing (choice: not even a failed target of it)', () => {
    const { d } = setup();
    d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
    const before = d.state;
    expect(d.code({ type: 'fault.restartEngine', rank: 0 })).toBe('ok');
    expect(d.state).toEqual(before);
    expect(alive(d, 0)).toBe(false);
  });
});

describe('FAULT-8 generator constraints', () => {
  it('FAULT-8 (2): corruption enters the model only as FAULT-5 permits (no mark from a refused corrupt)', () => {
    const { d, pool } = setup();
    const plain = addContainer(d, pool, { cksum: 'off' });
    const summed = addContainer(d, pool, { cksum: 'adler32' });
    d.ok({ type: 'fault.failEngine', rank: 0 });
    d.apply({ type: 'fault.corrupt', cont: plain, rank: 1, target: 0 });
    d.apply({ type: 'fault.corrupt', cont: summed, rank: 0, target: 0 });
    expect(contOf(d.state, pool, plain).marks).toEqual([]);
    expect(contOf(d.state, pool, summed).marks).toEqual([]);
  });
});
