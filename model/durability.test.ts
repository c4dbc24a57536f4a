import { describe, expect, it } from 'vitest';
import { CKSUM_BYTES, type Oid, type Op } from '../contract/index.ts';
import { csumMayFail, isAtRisk, readOutcomes } from './durability.ts';
import { container, extents, fetchOp, getSingle, oidOf, outcomeNames, patchContainer, single, update, world, type DataWorld } from './ops/data-fixtures.ts';

/** Sections 20 (DUR-1..6) and 21 (CSUM-1, 2, 4), written from the spec text. */

const fetchA = (w: DataWorld, oid: Oid, akey = 'a', dkey = 'd'): Op => fetchOp(w, oid, dkey, [{ akey, single: true }]);

/** rd_fac 0: one failed target makes the container UNCLEAN (RF-3) and everything before it at-risk (DUR-3); then set HEALTHY again (RF-5). */
function markAtRisk(w: DataWorld): void {
  w.d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
  expect(container(w).status).toBe('UNCLEAN');
  w.d.ok({ type: 'cont.setProps', coh: w.coh, entries: [['status', 'HEALTHY']] });
}

describe('DUR-3 pure rule (model/durability.ts)', () => {
  it('DUR-3: at-risk iff some deciding epoch is in 1..atRiskThrough', () => {
    expect(isAtRisk({ atRiskThrough: 0 }, [1, 2])).toBe(false);
    expect(isAtRisk({ atRiskThrough: 5 }, [])).toBe(false);
    expect(isAtRisk({ atRiskThrough: 5 }, [0])).toBe(false);
    expect(isAtRisk({ atRiskThrough: 5 }, [6, 5])).toBe(true);
    expect(isAtRisk({ atRiskThrough: 5 }, [6, 9])).toBe(false);
  });

  it('DUR-3, CSUM-4: the allowed set is the exact result plus DATA_LOSS and/or CSUM', () => {
    const exact = { ok: true as const, value: null };
    expect(readOutcomes(exact, false, false)).toEqual(exact);
    expect(readOutcomes(exact, true, false)).toEqual({ set: [exact, { ok: false, err: 'DATA_LOSS' }] });
    expect(readOutcomes(exact, false, true)).toEqual({ set: [exact, { ok: false, err: 'CSUM' }] });
    expect(readOutcomes(exact, true, true)).toEqual({ set: [exact, { ok: false, err: 'DATA_LOSS' }, { ok: false, err: 'CSUM' }] });
  });
});

describe('DUR-1 exact reads while healthy', () => {
  it('DUR-1: failures, drains, rebuilds, reintegrations and restarts leave reads exact while HEALTHY', () => {
    const w = world([['rd_fac', 1]]);
    const oid = oidOf(w, 1, 'RP_2G1');
    w.d.ok(update(w, oid, 'd', [single('a', 'v'), extents('x', [0, 'abc'])]));
    w.d.ok({ type: 'fault.failEngine', rank: 0 }); // one node domain: within rd_fac 1
    w.d.ok({ type: 'pool.drain', pool: w.pool, rank: 2 });
    w.d.ok({ type: 'pool.rebuild', pool: w.pool });
    w.d.ok({ type: 'fault.restartEngine', rank: 0 });
    w.d.ok({ type: 'pool.reintegrate', pool: w.pool, rank: 0 });
    w.d.ok({ type: 'pool.rebuild', pool: w.pool });
    expect(container(w).status).toBe('HEALTHY');
    const outcomes = w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }, { akey: 'x', ranges: [{ offset: 0, length: 3 }] }]));
    expect(outcomeNames(outcomes)).toEqual(['ok']);
    expect(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid }).length).toBe(1);
  });
});

describe('DUR-2 committed data', () => {
  it('DUR-2: an operation that returned an error (TIMEDOUT, RF) applied nothing', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v1')]));
    w.d.ok({ type: 'fault.failTarget', rank: 0, target: 0 }); // UNCLEAN
    expect(w.d.code(update(w, oid, 'd', [single('a', 'v2')]))).toBe('RF');
    w.d.ok({ type: 'cont.setProps', coh: w.coh, entries: [['status', 'HEALTHY']] });
    expect(getSingle(w, oid, 'd', 'a')).toBe('v1');
  });
});

describe('DUR-3 at-risk reads', () => {
  it('DUR-3: a single value decided by a write from before UNCLEAN may read as DATA_LOSS; a newer one may not', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('old', 'o'), single('new', 'n0')]));
    markAtRisk(w);
    w.d.ok(update(w, oid, 'd', [single('new', 'n1')]));
    expect(outcomeNames(w.d.allowed(fetchA(w, oid, 'old')))).toEqual(['DATA_LOSS', 'ok']);
    expect(outcomeNames(w.d.allowed(fetchA(w, oid, 'new')))).toEqual(['ok']);
    // One request at-risk makes the whole read at-risk.
    expect(outcomeNames(w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'new', single: true }, { akey: 'old', single: true }])))).toEqual(['DATA_LOSS', 'ok']);
  });

  it('DUR-3 (choice, section 25): a successful DKEY_FETCH decided by an at-risk write may read as DATA_LOSS', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    markAtRisk(w);
    // The bytes returned (zeros: 'a' holds a single value, read as an array) are decided by nothing,
    // but that the dkey exists, so that DKEY_FETCH passes, is decided by the at-risk write.
    const arrayRead = (cond?: number) => fetchOp(w, oid, 'd', [{ akey: 'a', ranges: [{ offset: 0, length: 1 }] }], cond === undefined ? {} : { cond });
    expect(outcomeNames(w.d.allowed(arrayRead()))).toEqual(['ok']);
    expect(outcomeNames(w.d.allowed(arrayRead(8 /* DKEY_FETCH */)))).toEqual(['DATA_LOSS', 'ok']);
  });

  it('DUR-3: an absence decided by an at-risk punch is at-risk; never-written keys are not', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'] });
    markAtRisk(w);
    expect(outcomeNames(w.d.allowed(fetchA(w, oid, 'a')))).toEqual(['DATA_LOSS', 'ok']);
    expect(outcomeNames(w.d.allowed(fetchA(w, oid, 'never')))).toEqual(['ok']);
    expect(outcomeNames(w.d.allowed(fetchA(w, oidOf(w, 2), 'a')))).toEqual(['ok']);
  });

  it('DUR-3: an array byte is decided by its newest write or punch', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [extents('x', [0, 'aaaa'])]));
    markAtRisk(w);
    w.d.ok(update(w, oid, 'd', [extents('x', [0, 'bb'])]));
    const read = (offset: number, length: number) => outcomeNames(w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'x', ranges: [{ offset, length }] }])));
    expect(read(0, 2)).toEqual(['ok']); // bytes 0..1 rewritten after
    expect(read(1, 2)).toEqual(['DATA_LOSS', 'ok']); // byte 2 still from the at-risk write
    expect(read(10, 2)).toEqual(['ok']); // never written
  });

  it('DUR-3: listDkeys is at-risk if any at-risk write or punch touched the object; listAkeys only for that dkey', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'old', [single('a', 'v')]));
    markAtRisk(w);
    w.d.ok(update(w, oid, 'fresh', [single('a', 'v')]));
    expect(outcomeNames(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid }))).toEqual(['DATA_LOSS', 'ok']);
    expect(outcomeNames(w.d.allowed({ type: 'obj.listAkeys', coh: w.coh, oid, dkey: 'old' }))).toEqual(['DATA_LOSS', 'ok']);
    expect(outcomeNames(w.d.allowed({ type: 'obj.listAkeys', coh: w.coh, oid, dkey: 'fresh' }))).toEqual(['ok']);
    const other = oidOf(w, 3);
    w.d.ok(update(w, other, 'x', [single('a', 'v')]));
    expect(outcomeNames(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid: other }))).toEqual(['ok']);
  });

  it('DUR-3 with ERR-5: every member of the set leaves the state as it was', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    markAtRisk(w);
    const before = w.d.state;
    expect(w.d.apply(fetchA(w, oid), 'DATA_LOSS')).toEqual({ ok: false, err: 'DATA_LOSS' });
    expect(w.d.state).toBe(before);
    w.d.apply(fetchA(w, oid));
    expect(w.d.state).toBe(before);
  });

  it('DUR-3: reads at a snapshot and in a transaction are at-risk the same way', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    markAtRisk(w);
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t });
    expect(outcomeNames(w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th })))).toEqual(['DATA_LOSS', 'ok']);
  });

  it('DUR-3: bytes a later rollback restores count as decided by the rollback write', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    markAtRisk(w);
    w.d.ok({ type: 'cont.rollback', coh: w.coh, token: t });
    expect(outcomeNames(w.d.allowed(fetchA(w, oid)))).toEqual(['ok']);
    // Listings too: the rollback decides the whole restored view.
    expect(outcomeNames(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid }))).toEqual(['ok']);
    expect(outcomeNames(w.d.allowed({ type: 'obj.listAkeys', coh: w.coh, oid, dkey: 'd' }))).toEqual(['ok']);
    // A snapshot read from before the rollback is still decided by the original write.
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t });
    expect(outcomeNames(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid, tx: th }))).toEqual(['DATA_LOSS', 'ok']);
  });
});

describe('DUR-4 no wrong data', () => {
  it('DUR-4: every allowed set has exactly one ok member, the exact result', () => {
    const w = world([['cksum', 'crc32']]);
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 1, target: 0 });
    markAtRisk(w);
    const outcomes = w.d.allowed(fetchA(w, oid));
    expect(outcomeNames(outcomes)).toEqual(['CSUM', 'DATA_LOSS', 'ok']);
    expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, value: [{ type: 'single', value: new TextEncoder().encode('v') }] }]);
  });
});

describe('DUR-5 lost messages', () => {
  it('DUR-5, ERR-4: dropped messages change no result', () => {
    const a = world();
    const b = world();
    b.d.ok({ type: 'fault.dropMessages', rank: 0, target: 0, count: 3 });
    for (const w of [a, b]) {
      const oid = oidOf(w);
      w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    }
    expect(b.d.allowed(fetchA(b, oidOf(b)))).toEqual(a.d.allowed(fetchA(a, oidOf(a))));
  });
});

describe('DUR-6 after a halt', () => {
  it('DUR-6: after a halt ends, reads return exactly the data committed before it', () => {
    const w = world([['rd_fac', 2]]);
    const oid = oidOf(w, 1, 'RP_3G1');
    w.d.ok(update(w, oid, 'd', [single('a', 'before')]));
    for (const node of [0, 1, 2]) w.d.ok({ type: 'fault.failNode', node }); // the third is refused: halted
    expect(w.d.code(fetchA(w, oid))).toBe('TIMEDOUT');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'during')]))).toBe('TIMEDOUT');
    w.d.ok({ type: 'fault.restartEngine', rank: 4 });
    w.d.ok({ type: 'fault.restartEngine', rank: 5 });
    expect(container(w).status).toBe('HEALTHY');
    expect(outcomeNames(w.d.allowed(fetchA(w, oid)))).toEqual(['ok']);
    expect(getSingle(w, oid, 'd', 'a')).toBe('before');
  });
});

describe('CSUM', () => {
  it('CSUM-1: checksum sizes per algorithm; without corruption the algorithm is unobservable', () => {
    expect(CKSUM_BYTES).toEqual({ crc16: 2, crc32: 4, crc64: 8, sha1: 20, sha256: 32, sha512: 64, adler32: 4 });
    const results = ['off', 'crc16', 'sha512'].map((cksum) => {
      const w = world([['cksum', cksum], ['cksum_size', 4096]]);
      const oid = oidOf(w);
      w.d.ok(update(w, oid, 'd', [extents('x', [4090, 'across a chunk boundary'])]));
      return w.d.allowed(fetchOp(w, oid, 'd', [{ akey: 'x', ranges: [{ offset: 4080, length: 40 }] }]));
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('CSUM-2, ERR-4: with srv_cksum on, updates never return CSUM, even with corruption marks', () => {
    const w = world([['cksum', 'crc64'], ['srv_cksum', 'on']]);
    const oid = oidOf(w);
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 0, target: 0 });
    expect(w.d.allowed(update(w, oid, 'd', [single('a', 'v')]))).toEqual([{ ok: true, value: null }]);
  });

  it('CSUM-4: a mark in more domains than the object tolerates allows CSUM for fetches', () => {
    const w = world([['cksum', 'crc32']]);
    const s1 = oidOf(w, 1, 'S1'); // t = 0
    const rp2 = oidOf(w, 2, 'RP_2G1'); // t = 1
    w.d.ok(update(w, s1, 'd', [single('a', 'v')]));
    w.d.ok(update(w, rp2, 'd', [single('a', 'v')]));
    expect(outcomeNames(w.d.allowed(fetchA(w, s1)))).toEqual(['ok']); // M empty: DUR alone
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 2, target: 1 }); // node 1
    expect(outcomeNames(w.d.allowed(fetchA(w, s1)))).toEqual(['CSUM', 'ok']); // |M| = 1 > 0
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['ok']); // 1 <= 1
    // Listings are never affected.
    expect(outcomeNames(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid: s1 }))).toEqual(['ok']);
  });

  it('CSUM-4: F adds domains with a target DOWN or UP now, or that entered DOWN after the oldest mark', () => {
    const w = world([['cksum', 'crc32'], ['rd_fac', 1]]);
    const rp2 = oidOf(w, 2, 'RP_2G1'); // t = 1
    w.d.ok(update(w, rp2, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 2, target: 1 }); // M = {node 1}
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['ok']);
    w.d.ok({ type: 'fault.failTarget', rank: 6, target: 0 }); // node 3 DOWN: F = {node 3}
    expect(container(w).status).toBe('HEALTHY');
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']);
    // After rebuild node 3's target is DOWNOUT but it entered DOWN after the mark: still counted.
    w.d.ok({ type: 'pool.rebuild', pool: w.pool });
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']);
  });

  it('CSUM-4: a failure that entered DOWN and was rebuilt before the oldest mark was created does not count', () => {
    const w = world([['cksum', 'crc32'], ['rd_fac', 1]]);
    const rp2 = oidOf(w, 2, 'RP_2G1');
    w.d.ok(update(w, rp2, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.failTarget', rank: 6, target: 0 });
    w.d.ok({ type: 'pool.rebuild', pool: w.pool }); // node 3's target DOWNOUT, before any mark
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 2, target: 1 });
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['ok']);
  });

  it('CSUM-4 (docs/semantics.md section 25): a failure still pending when the mark is created counts in F, also once rebuilt', () => {
    // corpus/manual-csum4-gap-10ops.json in model terms: the only copies were on the failed target and the marked one.
    const w = world([['cksum', 'crc32'], ['rd_fac', 1]]);
    const rp2 = oidOf(w, 2, 'RP_2G1'); // t = 1
    const rp3 = oidOf(w, 3, 'RP_3G1'); // t = 2
    w.d.ok(update(w, rp2, 'd', [single('a', 'v')]));
    w.d.ok(update(w, rp3, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.failTarget', rank: 6, target: 0 }); // node 3 DOWN, before any mark
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 2, target: 1 }); // M = {node 1}
    expect(container(w).status).toBe('HEALTHY');
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']); // node 3 DOWN now
    w.d.ok({ type: 'pool.rebuild', pool: w.pool }); // DOWNOUT now, but its event was open when the mark was made
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']); // |{node 1, node 3}| = 2 > 1
    expect(outcomeNames(w.d.allowed(fetchA(w, rp3)))).toEqual(['ok']); // 2 <= 2: a third copy verifies
    expect(outcomeNames(w.d.allowed({ type: 'obj.listDkeys', coh: w.coh, oid: rp2 }))).toEqual(['ok']); // listings never
  });

  it('CSUM-3, CSUM-4 (section 25): a marked target rebuilt after another failure keeps its mark for the objects it may have left unverifiable', () => {
    // corpus/manual-csum3-kept-12ops.json in model terms: B is marked, A fails and is rebuilt (from B
    // alone, for a 2-way object), then B fails and is rebuilt (from A's corrupt copy).
    const w = world([['cksum', 'crc32'], ['rd_fac', 1]]);
    const rp2 = oidOf(w, 2, 'RP_2G1'); // t = 1
    const rp3 = oidOf(w, 3, 'RP_3G1'); // t = 2
    w.d.ok(update(w, rp2, 'd', [single('a', 'v')]));
    w.d.ok(update(w, rp3, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 2, target: 1 }); // B = target 5, node 1
    w.d.ok({ type: 'fault.failTarget', rank: 6, target: 0 }); // A, node 3: F = {node 3}
    w.d.ok({ type: 'pool.rebuild', pool: w.pool });
    w.d.ok({ type: 'fault.failTarget', rank: 2, target: 1 }); // B fails
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']); // |{node 1, node 3}| = 2 > 1
    w.d.ok({ type: 'pool.rebuild', pool: w.pool }); // B DOWNOUT: kept, node 3 being the one other domain in M ∪ F
    expect(container(w).status).toBe('HEALTHY'); // the two failures never overlapped (RF-2)
    expect(container(w).marks).toEqual([{ target: 5, createdAtVersion: 1, keptFor: 1 }]);
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']); // as just before the rebuild
    expect(outcomeNames(w.d.allowed(fetchA(w, rp3)))).toEqual(['ok']); // t = 2 > 1: B was rebuilt from a good copy
    // A later failure elsewhere does not widen the kept mark to the 3-way object (the spec removed the mark).
    w.d.ok({ type: 'fault.failTarget', rank: 4, target: 0 }); // node 2
    w.d.ok({ type: 'pool.rebuild', pool: w.pool });
    expect(outcomeNames(w.d.allowed(fetchA(w, rp3)))).toEqual(['ok']);
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['CSUM', 'ok']);
  });

  it('CSUM-3 (section 25): a marked target rebuilt with no other failure since the mark loses it, as the spec says', () => {
    const w = world([['cksum', 'crc32'], ['rd_fac', 1]]);
    const rp2 = oidOf(w, 2, 'RP_2G1');
    w.d.ok(update(w, rp2, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.failTarget', rank: 6, target: 0 });
    w.d.ok({ type: 'pool.rebuild', pool: w.pool }); // rebuilt before the mark: not in F
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 2, target: 1 });
    w.d.ok({ type: 'fault.failTarget', rank: 2, target: 1 });
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['ok']); // M ∪ F = {node 1}: the other copy verifies
    w.d.ok({ type: 'pool.rebuild', pool: w.pool });
    expect(container(w).marks).toEqual([]);
    expect(outcomeNames(w.d.allowed(fetchA(w, rp2)))).toEqual(['ok']);
  });

  it('CSUM-4 with a kept mark (section 25): CSUM only for 1 <= t <= keptFor; outstanding marks are counted as before', () => {
    const w = world([['cksum', 'crc32']]);
    patchContainer(w, (c) => {
      c.marks = [{ target: 5, createdAtVersion: 1, keptFor: 1 }];
    });
    const st = w.d.state;
    const cont = st.pools[0].containers[0];
    expect([0, 1, 2].map((t) => csumMayFail(st.system!, st.pools[0], cont, t))).toEqual([false, true, false]);
    patchContainer(w, (c) => {
      c.marks = [{ target: 5, createdAtVersion: 1, keptFor: 2 }, { target: 8, createdAtVersion: 1 }]; // nodes 1 (kept) and 2
    });
    const st2 = w.d.state;
    const cont2 = st2.pools[0].containers[0];
    expect([0, 1, 2, 3].map((t) => csumMayFail(st2.system!, st2.pools[0], cont2, t))).toEqual([true, true, true, false]);
  });

  it('CSUM-4: off without checksums; pure function counts M and F at the container rd_lvl', () => {
    const w = world([['cksum', 'crc32'], ['rd_lvl', 1]]);
    patchContainer(w, (c) => {
      c.marks = [{ target: 0, createdAtVersion: 1 }, { target: 1, createdAtVersion: 1 }]; // both on rank 0
    });
    const st = w.d.state;
    const pool = st.pools[0];
    expect(csumMayFail(st.system!, pool, pool.containers[0], 0)).toBe(true);
    expect(csumMayFail(st.system!, pool, pool.containers[0], 1)).toBe(false); // one rank domain
    patchContainer(w, (c) => {
      c.marks = [{ target: 0, createdAtVersion: 1 }, { target: 2, createdAtVersion: 1 }]; // ranks 0 and 1
      c.props['cksum'] = 'off';
    });
    const st2 = w.d.state;
    expect(csumMayFail(st2.system!, st2.pools[0], st2.pools[0].containers[0], 0)).toBe(false);
  });

  it('CSUM-4 with DUR-3: the set holds exact, CSUM and DATA_LOSS when both apply', () => {
    const w = world([['cksum', 'sha256']]);
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'v')]));
    w.d.ok({ type: 'fault.corrupt', cont: w.cont, rank: 3, target: 0 });
    markAtRisk(w);
    expect(outcomeNames(w.d.allowed(fetchA(w, oid)))).toEqual(['CSUM', 'DATA_LOSS', 'ok']);
  });
});
