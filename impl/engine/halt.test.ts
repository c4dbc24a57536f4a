import { describe, expect, it } from 'vitest';
import type { Oid } from '../../contract/index.ts';
import { Driver, text } from './test-helpers.ts';

// HALT-2/4/5 inside impl/engine: its mutation run (zoo/mutation-scores.md) found no engine test in
// which a pool is halted, so `isHalted` could answer false and every impl/engine test still passed.
describe('halted pool (HALT-2, HALT-4, HALT-5)', () => {
  it('a refused automatic exclusion halts the pool: reads, writes and cont.open are TIMEDOUT until the engine restarts', () => {
    const d = new Driver(5);
    // poolRf 0: excluding any target would leave a node with a DOWN target, so HALT-1 refuses.
    const { poh, coh } = d.setup({ nodes: 4, enginesPerNode: 1, targetsPerEngine: 2, poolRf: 0 });
    const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'RP_2G1', lo: 1 });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'a', single: { text: 'v1' } }] });
    const fetch = () => d.apply({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey: 'a', single: true }] });

    // The whole engine, so that restarting it brings its targets back (FAULT-4; restarting a running
    // engine would change nothing, FAULT-7).
    d.ok({ type: 'fault.failEngine', rank: 0 });
    expect(d.ok<{ deadRanks: number[]; disabled: number }>({ type: 'pool.query', pool: 'p0' })).toMatchObject({ deadRanks: [0], disabled: 0 });
    expect(fetch()).toEqual({ ok: false, err: 'TIMEDOUT' });
    expect(d.apply({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'a', single: { text: 'v2' } }] })).toEqual({ ok: false, err: 'TIMEDOUT' });
    expect(d.apply({ type: 'cont.open', poh, cont: 'c0', mode: 'RO' })).toEqual({ ok: false, err: 'TIMEDOUT' });

    d.ok({ type: 'fault.restartEngine', rank: 0 });
    expect(d.ok<{ deadRanks: number[] }>({ type: 'pool.query', pool: 'p0' }).deadRanks).toEqual([]);
    // The refused write applied nothing; the data on the restarted target is intact (HALT-5).
    expect(fetch()).toEqual({ ok: true, value: [{ type: 'single', value: text('v1') }] });
  });
});
