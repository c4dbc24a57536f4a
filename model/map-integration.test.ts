import { describe, expect, it } from 'vitest';
import { ModelDriver } from './test-driver.ts';

/**
 * The map area seen through the other areas' operations (pool.create, cont.create, cont.open,
 * cont.setProps): the halt and health the map area decides must reach the handlers that enforce
 * them. Topology: 4 nodes x 2 engines x 2 targets, poolRf 2 unless stated.
 */

describe('map area through real pool and container operations', () => {
  it('RF-3 / RF-4: an exclusion that breaks a container makes cont.open RF unless forced', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2);
    const { pool, poh, cont } = d.quickContainer({ props: [['rd_fac', 0]] });
    d.ok({ type: 'pool.exclude', pool, rank: 3 });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('RF');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO', force: true })).toBe('ok');
  });

  it('RF-5 / PROP-6: setProps status HEALTHY clears UNCLEAN and restamps; older failures count only with newer ones (RF-2)', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 4);
    const { pool, poh, cont, coh } = d.quickContainer({ props: [['rd_fac', 1]] });
    d.ok({ type: 'pool.exclude', pool, rank: 0 }); // node 0
    d.ok({ type: 'pool.exclude', pool, rank: 2 }); // node 1: UNCLEAN at version 5
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })['status']).toEqual({ status: 'UNCLEAN', version: 5 });
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })['status']).toEqual({ status: 'HEALTHY', version: 5 });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RW' })).toBe('ok');
    d.ok({ type: 'pool.exclude', pool, rank: 4 }); // node 2 while nodes 0 and 1 are still DOWN
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })['status']).toEqual({ status: 'UNCLEAN', version: 7 });
  });

  it('HALT-4: a halted pool answers cont.open with TIMEDOUT; a restart ends the halt (HALT-5)', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2, 0);
    const { pool, poh, cont } = d.quickContainer();
    d.ok({ type: 'fault.failEngine', rank: 1 });
    expect(d.ok({ type: 'pool.query', pool }).deadRanks).toEqual([1]);
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('TIMEDOUT');
    d.ok({ type: 'fault.restartEngine', rank: 1 });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('ok');
  });

  it('FAULT-5: corrupt finds a container created by cont.create by label and checks its cksum property', () => {
    const d = new ModelDriver();
    d.system(4, 2, 2);
    const { poh } = d.quickContainer({ label: 'plain' });
    d.container(poh, { label: 'summed', props: [['cksum', 'crc32']] });
    expect(d.code({ type: 'fault.corrupt', cont: 'plain', rank: 0, target: 0 })).toBe('INVAL');
    expect(d.code({ type: 'fault.corrupt', cont: 'summed', rank: 0, target: 0 })).toBe('ok');
    const marks = d.state.pools[0].containers.find((c) => c.label === 'summed')!.marks;
    expect(marks).toEqual([{ target: 0, createdAtVersion: 1 }]);
  });
});
