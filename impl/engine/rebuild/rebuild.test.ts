import { describe, expect, it } from 'vitest';
import { expandPayload, type Oid, type Op } from '../../../contract/index.ts';
import { Driver, roleTargets, text } from '../test-helpers.ts';

/**
 * Rebuild with checksums on (MAP-8, CSUM-2, CSUM-4, DUR-3): what a rebuild copies is verified, and a
 * value no copy can verify any more reads DATA_LOSS when it was committed before the container became
 * UNCLEAN, CSUM otherwise. The first test is corpus/conform-5b5cc3224d-14ops.json by hand.
 */

/** Flips every stored value byte of the container on target t, so every record fails its checksum. */
function flipAll(d: Driver, t: number): void {
  const store = d.engine.state.cluster.store(t, d.container().id);
  let total = 0;
  for (const r of store.records()) {
    if (r.type === 'single') total += r.record.value.length;
    else if (r.type === 'extent' && r.record.data) total += r.record.data.length;
  }
  let next = 0;
  store.corrupt(() => next++, total);
}

const single = (coh: number, oid: Oid, akey: string): Op => ({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey, single: true }] });
const LOST = { ok: false, err: 'DATA_LOSS' };
const CSUM = { ok: false, err: 'CSUM' };

describe('replicated rebuild with checksums (CSUM-2, CSUM-4, DUR-3)', () => {
  // Two targets per node (MAP-2): node n holds targets 2n and 2n+1; replicas sit on different nodes.
  const TOPO = { nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 };

  it('DUR-3, CSUM-4: the survivor corrupted after the failure, then rebuilt from: at-risk data reads DATA_LOSS, never CSUM', () => {
    const d = new Driver(51);
    const { coh } = d.setup(TOPO, [['rd_fac', 0], ['cksum', 'crc32']]);
    const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'RP_2G1', lo: 1 });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 's', single: { text: 'payload' } }, { akey: 'x', extents: [{ offset: 2, data: { text: 'ext' } }] }] });
    const [failed, survivor] = d.holders(oid);
    d.ok({ type: 'fault.failNode', node: Math.floor(failed / 2) }); // rd_fac 0: UNCLEAN, both values at-risk (DUR-3)
    flipAll(d, survivor); // the only copy left fails its checksums: no verifiable source for the rebuild
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    // DUR-3 allows DATA_LOSS; CSUM-4 would allow CSUM too (the failure was pending when the mark was
    // made, docs/semantics.md section 25), and the engine answers DATA_LOSS for at-risk data.
    expect(d.apply(single(coh, oid, 's'))).toEqual(LOST);
    expect(d.apply({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey: 'x', ranges: [{ offset: 0, length: 8 }] }] })).toEqual(LOST);
    // A value written now is not at-risk and reads exactly.
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 's', single: { text: 'new' } }] });
    expect(d.apply(single(coh, oid, 's'))).toEqual({ ok: true, value: [{ type: 'single', value: text('new') }] });
  });

  it('CSUM-2: rebuild verifies each record it copies, so a good copy is never overwritten with a corrupt one', () => {
    const d = new Driver(52);
    const { coh } = d.setup(TOPO, [['rd_fac', 0], ['cksum', 'crc32']]);
    const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'RP_2G1', lo: 2 });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'old', single: { text: 'before' } }] });
    const [failed, survivor] = d.holders(oid);
    d.ok({ type: 'fault.failNode', node: Math.floor(failed / 2) });
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    // Written while degraded: to the survivor and a fallback target, and not at-risk.
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'new', single: { text: 'after' } }] });
    flipAll(d, survivor);
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    expect(d.apply(single(coh, oid, 'new'))).toEqual({ ok: true, value: [{ type: 'single', value: text('after') }] });
    expect(d.apply(single(coh, oid, 'old'))).toEqual(LOST);
  });

  it('CSUM-4: in a container that never became UNCLEAN, a value no copy verifies reads CSUM', () => {
    const d = new Driver(53);
    const { coh } = d.setup(TOPO, [['rd_fac', 1], ['cksum', 'crc32']]);
    const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 0, class: 'RP_2G1', lo: 3 });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 's', single: { text: 'payload' } }] });
    const [other, marked] = d.holders(oid);
    flipAll(d, marked);
    d.ok({ type: 'fault.failNode', node: Math.floor(other / 2) }); // after the corruption: F holds it (CSUM-4)
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    expect(d.container().status).toBe('HEALTHY');
    expect(d.apply(single(coh, oid, 's'))).toEqual(CSUM);
  });
});

describe('EC rebuild with checksums (CSUM-4, DUR-3)', () => {
  // One target per node, so failing node n fails exactly target n (MAP-2).
  const TOPO = { nodes: 8, enginesPerNode: 1, targetsPerEngine: 1 };
  const CELL = 4096;

  it('DUR-3: an at-risk stripe with no verifiable copy left is lost by the rebuild (DATA_LOSS), not poisoned (CSUM)', () => {
    const d = new Driver(54);
    const { coh } = d.setup(TOPO, [['rd_fac', 0], ['cksum', 'crc32'], ['ec_cell_sz', CELL]]);
    const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 13, class: 'EC_2P1G1', lo: 4 });
    const w = { seed: 21, length: 2 * CELL };
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'a', extents: [{ offset: 0, data: w }] }] });
    const [data0, data1] = roleTargets(d, oid, 'd');
    d.ok({ type: 'fault.failNode', node: data0 }); // UNCLEAN: the stripe is at-risk
    flipAll(d, data1); // two of three cells gone or unverifiable: more than p
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    const read: Op = { type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey: 'a', ranges: [{ offset: 0, length: 2 * CELL }] }] };
    expect(d.apply(read)).toEqual(LOST);
    // Rewritten after the rebuild: not at-risk, exact again.
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'a', extents: [{ offset: 0, data: w }] }] });
    expect(d.apply(read)).toEqual({ ok: true, value: [{ type: 'array', ranges: [expandPayload(w)] }] });
  });
});
