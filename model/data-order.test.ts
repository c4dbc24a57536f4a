import { describe, expect, it } from 'vitest';
import { COND, encodeOid } from '../contract/index.ts';
import { container, fetchOp, oidOf, outcomeNames, single, update, world, type DataWorld } from './ops/data-fixtures.ts';

/**
 * Section 22's error precedence (ERR-3) for object operations: each test sets up two failing
 * conditions from adjacent steps and checks that the earlier step decides.
 */

const bogusOid = encodeOid({ type: 3, code: 1, groups: 1, hiUser: 0, lo: 1n }); // OBJ-5: unsupported type

function halt(w: DataWorld): void {
  for (const node of [0, 1, 2]) w.d.ok({ type: 'fault.failNode', node });
}

describe('ERR-3 precedence for object I/O', () => {
  it('ERR-3 step 1 before step 2: argument errors win over unknown handles', () => {
    const w = world();
    const oid = oidOf(w);
    expect(w.d.code({ type: 'obj.update', coh: 999, oid: bogusOid, dkey: 'd', iods: [single('a', 'v')] })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.update', coh: 999, oid, dkey: '', iods: [single('a', 'v')] })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.fetch', coh: 999, oid, dkey: 'd', requests: [{ akey: 'a', single: true }], cond: COND.COND_PUNCH })).toBe('INVAL');
    // COND-7 (rev. 2): a condition in a transaction is no longer INVAL; its flag rules still are step 1.
    expect(w.d.code(update(w, oid, 'd', [single('a', 'v')], { cond: COND.AKEY_UPDATE, tx: 999 }))).toBe('NO_HDL');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'v')], { cond: COND.AKEY_UPDATE | COND.AKEY_INSERT, tx: 999 }))).toBe('INVAL');
  });

  it('ERR-3 step 2: the container handle, then the transaction handle, then the TX-2 match, before 2b', () => {
    const w = world();
    const oid = oidOf(w);
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'tx.abort', th });
    const other = w.d.open(w.poh, w.cont, 'RW');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th, coh: other }))).toBe('INVAL'); // TX-2 before TX-5
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NO_PERM'); // TX-5
  });

  it('ERR-3 step 3 before step 4: halted beats missing permission (HALT-4)', () => {
    const w = world();
    const oid = oidOf(w);
    const ro = w.d.open(w.poh, w.cont, 'RO');
    halt(w);
    expect(w.d.code(update(w, oid, 'd', [single('a', 'v')], { coh: ro }))).toBe('TIMEDOUT');
    expect(w.d.code({ type: 'obj.punch', coh: ro, oid })).toBe('TIMEDOUT');
  });

  it('ERR-3 step 4 before step 5: missing permission beats UNCLEAN (RF-4)', () => {
    const w = world();
    const oid = oidOf(w);
    const ro = w.d.open(w.poh, w.cont, 'RO');
    w.d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
    expect(container(w).status).toBe('UNCLEAN');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'v')], { coh: ro }))).toBe('NO_PERM');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }]))).toBe('RF');
    expect(w.d.code({ type: 'obj.listAkeys', coh: w.coh, oid, dkey: 'd' })).toBe('RF');
  });

  it('ERR-3 step 5 before step 6: UNCLEAN beats a class below rd_fac', () => {
    const w = world([['rd_fac', 1]]);
    const s1 = encodeOid({ type: 0, code: 1, groups: 1, hiUser: 0, lo: 1n });
    expect(w.d.code(fetchOp(w, s1, 'd', [{ akey: 'a', single: true }]))).toBe('INVAL');
    w.d.ok({ type: 'fault.failNode', node: 0 });
    w.d.ok({ type: 'fault.failNode', node: 1 }); // 2 domains > rd_fac 1
    expect(container(w).status).toBe('UNCLEAN');
    expect(w.d.code(fetchOp(w, s1, 'd', [{ akey: 'a', single: true }]))).toBe('RF');
  });

  it('ERR-3 step 6 before step 7: the class check beats a failing condition or kind', () => {
    const w = world([['rd_fac', 1]]);
    const s1 = encodeOid({ type: 0, code: 1, groups: 1, hiUser: 0, lo: 1n });
    expect(w.d.code(update(w, s1, 'd', [single('a', 'v')], { cond: COND.DKEY_UPDATE }))).toBe('INVAL');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid: s1, dkey: 'd', cond: COND.COND_PUNCH })).toBe('INVAL');
  });

  it('ERR-3 step 7 before step 8: a failing condition is the only outcome even for an at-risk read', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
    w.d.ok({ type: 'cont.setProps', coh: w.coh, entries: [['status', 'HEALTHY']] });
    expect(outcomeNames(w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }])))).toEqual(['DATA_LOSS', 'ok']);
    expect(outcomeNames(w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }, { akey: 'z', single: true }], { cond: COND.AKEY_FETCH })))).toEqual(['NONEXIST']);
  });

  it('ERR-3 for buffered writes (TX-3): steps 3 and 5 are skipped, 4 and 6 still apply', () => {
    const w = world([['rd_fac', 1]]);
    const rp = oidOf(w, 1, 'RP_2G1');
    const s1 = encodeOid({ type: 0, code: 1, groups: 1, hiUser: 0, lo: 1n });
    const ro = w.d.open(w.poh, w.cont, 'RO');
    const thRo = w.d.ok({ type: 'tx.open', coh: ro });
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'fault.failNode', node: 0 });
    w.d.ok({ type: 'fault.failNode', node: 1 }); // UNCLEAN
    halt(w); // node 2 refused: halted
    expect(w.d.code(update(w, rp, 'd', [single('a', 'v')], { tx: thRo, coh: ro }))).toBe('NO_PERM');
    expect(w.d.code(update(w, s1, 'd', [single('a', 'v')], { tx: th }))).toBe('INVAL');
    expect(w.d.code(update(w, rp, 'd', [single('a', 'v')], { tx: th }))).toBe('ok');
    expect(w.d.code({ type: 'tx.commit', th })).toBe('TIMEDOUT'); // step 3 at commit
  });

  it('ERR-3 for snapshot reads: liveness (step 7) comes after halt (step 3)', () => {
    const w = world();
    const oid = oidOf(w);
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t });
    w.d.ok({ type: 'snap.destroy', coh: w.coh, token: t });
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NONEXIST');
    halt(w);
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('TIMEDOUT');
  });
});
