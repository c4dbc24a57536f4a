import { describe, expect, it } from 'vitest';
import type { Oid } from '../../contract/index.ts';
import { Prng } from './sim/prng.ts';
import { Driver, text } from './test-helpers.ts';

const TOPO = { nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 };

describe('at-risk reads after UNCLEAN (DUR-3, RF-4, RF-5)', () => {
  it('DUR-3: lost data reads DATA_LOSS, newer writes and never-written keys read exactly', () => {
    const d = new Driver(21);
    const { coh } = d.setup(TOPO, [['rd_fac', 0]]);
    const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'S1', lo: 1 });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'old', single: { text: 'gone' } }] });
    const [t] = d.holders(oid);
    d.ok({ type: 'fault.failNode', node: Math.floor(t / 2) });
    // RF-3/RF-4: one failed domain breaks an rd_fac 0 container; every read is RF.
    expect(d.apply({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey: 'old', single: true }] })).toEqual({ ok: false, err: 'RF' });
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'new', single: { text: 'here' } }] });
    const read = (akey: string) => d.apply({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey, single: true }] });
    expect(read('old')).toEqual({ ok: false, err: 'DATA_LOSS' });
    expect(read('new')).toEqual({ ok: true, value: [{ type: 'single', value: text('here') }] });
    expect(read('never')).toEqual({ ok: true, value: [{ type: 'single', value: null }] });
    // A listing of an object with lost history is at-risk (DUR-3): DATA_LOSS is allowed, and taken.
    expect(d.apply({ type: 'obj.listDkeys', coh, oid })).toEqual({ ok: false, err: 'DATA_LOSS' });
  });

  it('MAP-3/HALT-2: a pool created while a node is down keeps its data on live targets', () => {
    const d = new Driver(22);
    const owner = { user: 'alice@', groups: ['lab@'] };
    d.ok({ type: 'system.create', ...TOPO });
    d.ok({ type: 'fault.failNode', node: 0 });
    d.ok({ type: 'pool.create', owner, label: 'p0' });
    const poh = d.ok<number>({ type: 'pool.connect', pool: 'p0', principal: owner, mode: 'RW' });
    d.ok({ type: 'cont.create', poh, label: 'c0' });
    const coh = d.ok<number>({ type: 'cont.open', poh, cont: 'c0', mode: 'RW' });
    for (let lo = 0; lo < 8; lo++) {
      const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'S1', lo });
      d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'a', single: { text: `v${lo}` } }] });
      for (const t of d.holders(oid)) expect(t).toBeGreaterThanOrEqual(2); // node 0 holds targets 0 and 1
    }
    d.ok({ type: 'fault.restartEngine', rank: 0 });
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    for (let lo = 0; lo < 8; lo++) {
      const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'S1', lo });
      expect(d.apply({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey: 'a', single: true }] })).toEqual({ ok: true, value: [{ type: 'single', value: text(`v${lo}`) }] });
    }
  });
});

describe('prng', () => {
  it('is deterministic per seed and nextInt stays in range', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(xs);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[a.nextInt(6)]++;
    for (const n of counts) expect(n).toBeGreaterThan(850);
  });

  it('issues version-4 UUID strings (LABEL-5 recognises them as ids)', () => {
    const p = new Prng(1);
    for (let i = 0; i < 50; i++) expect(p.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
