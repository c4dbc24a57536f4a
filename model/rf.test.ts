import { describe, expect, it } from 'vitest';
import { addContainer, addPool, contOf, poolOf, type ContainerFixture } from './ops/map-fixtures.ts';
import { isBroken } from './rf.ts';
import { ModelDriver } from './test-driver.ts';

/**
 * Example tests for spec section 18 (RF) and DUR-3's marking step. Topology: 4 nodes x 2 engines
 * x 2 targets (node n: ranks 2n, 2n+1, targets 4n..4n+3); poolRf 4 so HALT-1 never refuses here.
 */

function setup(fx: ContainerFixture = {}): { d: ModelDriver; pool: string; cont: string } {
  const d = new ModelDriver();
  d.system(4, 2, 2, 4);
  const pool = addPool(d);
  return { d, pool, cont: addContainer(d, pool, fx) };
}

const status = (d: ModelDriver, pool: string, cont: string) => {
  const c = contOf(d.state, pool, cont);
  return [c.status, c.statusVersion] as const;
};

describe('RF-1 rd_fac is the number of concurrently failed domains a container survives', () => {
  for (const f of [0, 1, 2, 3]) {
    it(`RF-1: rd_fac ${f} survives ${f} failed nodes and becomes UNCLEAN at ${f + 1}`, () => {
      const { d, pool, cont } = setup({ rdFac: f });
      for (let n = 0; n < f; n++) d.ok({ type: 'pool.exclude', pool, rank: 2 * n });
      expect(status(d, pool, cont)[0]).toBe('HEALTHY');
      d.ok({ type: 'pool.exclude', pool, rank: 2 * f });
      expect(status(d, pool, cont)).toEqual(['UNCLEAN', 1 + 2 * (f + 1)]);
    });
  }
});

describe('RF-2 verification formula', () => {
  it('RF-2: a failure whose rebuild completed before the next began is not concurrent with it', () => {
    const { d, pool, cont } = setup({ rdFac: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'pool.exclude', pool, rank: 4 });
    expect(status(d, pool, cont)[0]).toBe('HEALTHY');
  });

  it('RF-2: overlapping failures in distinct domains are concurrent', () => {
    const { d, pool, cont } = setup({ rdFac: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [1] });
    d.ok({ type: 'pool.exclude', pool, rank: 6, targets: [0] });
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 3]);
  });

  it('RF-2: domains are counted at the container rd_lvl (rank vs node)', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 4);
    const pool = addPool(d);
    const byNode = addContainer(d, pool, { rdFac: 1, rdLvl: 2 });
    const byRank = addContainer(d, pool, { rdFac: 1, rdLvl: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 1 }); // same node 0, another rank
    expect(status(d, pool, byNode)[0]).toBe('HEALTHY');
    expect(status(d, pool, byRank)).toEqual(['UNCLEAN', 5]);
  });

  it('RF-2: several targets of one domain count once', () => {
    const { d, pool, cont } = setup({ rdFac: 1, rdLvl: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 3, targets: [0] });
    d.ok({ type: 'pool.exclude', pool, rank: 3, targets: [1] });
    expect(status(d, pool, cont)[0]).toBe('HEALTHY');
  });

  it('RF-2: failures before the status stamp count only if they overlap a newer one', () => {
    // Two nodes failed before the container existed; they alone never make it broken...
    const d = new ModelDriver();
    d.system(4, 2, 2, 4);
    const pool = addPool(d);
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    const late = addContainer(d, pool, { rdFac: 1 }); // stamped at version 5
    d.ok({ type: 'pool.rebuild', pool }); // closes both old events
    d.ok({ type: 'pool.exclude', pool, rank: 4, targets: [0] }); // new event, nothing overlaps
    expect(status(d, pool, late)[0]).toBe('HEALTHY');
    // ...but an old failure still open when a newer one begins counts with it.
    const later = addContainer(d, pool, { rdFac: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 6, targets: [0] }); // node 3 while node 2's g8 is DOWN
    expect(status(d, pool, later)[0]).toBe('UNCLEAN');
    expect(status(d, pool, late)[0]).toBe('UNCLEAN');
  });

  it('RF-2: a new failure inside an already failed domain breaks a container stamped while two domains were down', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 4);
    const pool = addPool(d);
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    d.ok({ type: 'pool.exclude', pool, rank: 2, targets: [0] });
    const cont = addContainer(d, pool, { rdFac: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [1] }); // o > s, and at o two nodes are failed
    expect(status(d, pool, cont)[0]).toBe('UNCLEAN');
  });

  it('RF-2 / MAP-7: a target reintegrated but not yet rebuilt still counts as failed', () => {
    const { d, pool, cont } = setup({ rdFac: 1 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.reintegrate', pool, rank: 0 }); // UP: event still open
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    expect(status(d, pool, cont)[0]).toBe('UNCLEAN');

    const second = setup({ rdFac: 1 });
    second.d.ok({ type: 'pool.exclude', pool: second.pool, rank: 0 });
    second.d.ok({ type: 'pool.reintegrate', pool: second.pool, rank: 0 });
    second.d.ok({ type: 'pool.rebuild', pool: second.pool }); // UPIN closes the event
    second.d.ok({ type: 'pool.exclude', pool: second.pool, rank: 2 });
    expect(status(second.d, second.pool, second.cont)[0]).toBe('HEALTHY');
  });

  it('RF-2 / MAP-7: a drained domain is not a failure', () => {
    const { d, pool, cont } = setup({ rdFac: 1 });
    d.ok({ type: 'pool.drain', pool, rank: 0 });
    d.ok({ type: 'pool.drain', pool, rank: 4 });
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    expect(status(d, pool, cont)[0]).toBe('HEALTHY');
  });

  it('RF-2: the formula on a hand-built event history (closed intervals [o, c])', () => {
    const { d, pool } = setup();
    const system = d.state.system!;
    const p = structuredClone(poolOf(d.state, pool));
    p.version = 10;
    // node 0 failed over [2, 4], node 1 over [4, 6]: they share version 4.
    p.events = [{ target: 0, openedAt: 2, closedAt: 4 }, { target: 4, openedAt: 4, closedAt: 6 }];
    expect(isBroken(system, p, 1, 2, 1)).toBe(true);
    expect(isBroken(system, p, 2, 2, 1)).toBe(false);
    // With a stamp of 4 only the second event can be e, and at v = 4 both are open.
    expect(isBroken(system, p, 1, 2, 4)).toBe(false); // o(e) = 4 is not > 4
    expect(isBroken(system, p, 1, 2, 3)).toBe(true);
    // Disjoint intervals: never concurrent.
    p.events = [{ target: 0, openedAt: 2, closedAt: 3 }, { target: 4, openedAt: 4, closedAt: null }];
    expect(isBroken(system, p, 1, 2, 0)).toBe(false);
    expect(isBroken(system, p, 0, 2, 0)).toBe(true);
    expect(isBroken(system, p, 0, 2, 4)).toBe(false);
  });
});

describe('RF-3 marking', () => {
  it('RF-3: a broken container becomes UNCLEAN at the exclusion, stamped with the current map version', () => {
    const { d, pool, cont } = setup({ rdFac: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 5 });
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 3]);
  });

  it('RF-3: automatic exclusions verify too (fault.failNode)', () => {
    const { d, pool, cont } = setup({ rdFac: 0 });
    d.ok({ type: 'fault.failNode', node: 2 });
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 5]);
  });

  it('RF-3: forced exclusions verify too', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 0);
    const pool = addPool(d);
    const cont = addContainer(d, pool, { rdFac: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0], force: true });
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 2]);
  });

  it('RF-3: a refused automatic exclusion (dead targets) verifies nothing', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 0);
    const pool = addPool(d);
    const cont = addContainer(d, pool, { rdFac: 0 });
    d.ok({ type: 'fault.failEngine', rank: 0 });
    expect(status(d, pool, cont)).toEqual(['HEALTHY', 1]);
  });

  it('RF-3: nothing but an exclusion that moved a target to DOWN changes a status', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 4);
    const pool = addPool(d);
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    const cont = addContainer(d, pool, { rdFac: 0 }); // HEALTHY at 5 while two nodes are down
    d.ok({ type: 'pool.drain', pool, rank: 4 });
    d.ok({ type: 'pool.reintegrate', pool, rank: 0 });
    d.ok({ type: 'pool.rebuild', pool });
    d.ok({ type: 'pool.exclude', pool, rank: 2 }); // no target moved: no verification
    d.ok({ type: 'fault.restartEngine', rank: 3 });
    expect(status(d, pool, cont)).toEqual(['HEALTHY', 5]);
  });

  it('RF-3: only HEALTHY containers are verified; an UNCLEAN one keeps its stamp', () => {
    const { d, pool, cont } = setup({ rdFac: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 2 });
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 3]);
  });

  it('RF-3: each container is verified with its own rd_fac; other pools are untouched', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 4);
    const pool = addPool(d);
    const other = addPool(d);
    const weak = addContainer(d, pool, { rdFac: 0 });
    const strong = addContainer(d, pool, { rdFac: 2 });
    const elsewhere = addContainer(d, other, { rdFac: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    expect(status(d, pool, weak)[0]).toBe('UNCLEAN');
    expect(status(d, pool, strong)[0]).toBe('HEALTHY');
    expect(status(d, other, elsewhere)[0]).toBe('HEALTHY');
  });

  it('RF-3 / DUR-3: becoming UNCLEAN makes every write committed so far at-risk (atRiskThrough = epoch)', () => {
    const { d, pool, cont } = setup({ rdFac: 0, epoch: 7 });
    expect(contOf(d.state, pool, cont).atRiskThrough).toBe(0);
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    expect(contOf(d.state, pool, cont).atRiskThrough).toBe(7);
  });

  it('DUR-3: a container that stays HEALTHY gets no at-risk writes', () => {
    const { d, pool, cont } = setup({ rdFac: 1, epoch: 7 });
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    expect(contOf(d.state, pool, cont).atRiskThrough).toBe(0);
  });
});

describe('RF-4 / RF-5 the status belongs to the container and only setProps clears it', () => {
  it('RF-4: the status is recorded on the container itself, whatever handles exist', () => {
    const { d, pool, cont } = setup({ rdFac: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    expect(Object.keys(d.state.contHandles)).toHaveLength(0);
    expect(contOf(d.state, pool, cont).status).toBe('UNCLEAN');
  });

  it('RF-5: reintegration and rebuild never clear UNCLEAN', () => {
    const { d, pool, cont } = setup({ rdFac: 0 });
    d.ok({ type: 'pool.exclude', pool, rank: 0 });
    d.ok({ type: 'pool.reintegrate', pool, rank: 0 });
    d.ok({ type: 'pool.rebuild', pool });
    expect(d.ok({ type: 'pool.query', pool }).disabled).toBe(0);
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 3]);
    d.ok({ type: 'fault.failEngine', rank: 0 });
    d.ok({ type: 'fault.restartEngine', rank: 0 });
    expect(status(d, pool, cont)).toEqual(['UNCLEAN', 3]);
  });
});
