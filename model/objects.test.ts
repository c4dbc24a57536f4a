import { describe, expect, it } from 'vitest';
import { encodeOid, type Oid } from '../contract/index.ts';
import { bytes, extents, fetchOp, getRanges, getSingle, listDkeys, oidOf, single, update, world } from './ops/data-fixtures.ts';

/** Section 11 (OBJ-1..8), written from the spec text. Default world: 4 nodes x 2 engines x 2 targets. */

const gen = (w: ReturnType<typeof world>, cls: string, extra: { objType?: number; hi?: number; lo?: number | string; coh?: number } = {}) =>
  w.d.apply({ type: 'obj.generateOid', coh: extra.coh ?? w.coh, objType: extra.objType ?? 0, class: cls, lo: extra.lo ?? 1, ...(extra.hi === undefined ? {} : { hi: extra.hi }) });

const groupsOf = (oid: Oid) => Number((BigInt(oid.hi) >> 32n) & 0xffffn);

describe('OBJ-1 OID layout', () => {
  it('OBJ-1: type in bits 63..56, code in 55..48, groups in 47..32, user bits in 31..0 and lo', () => {
    const w = world();
    // RP_3G2: code 8 + (3 - 2) = 9, 2 groups (OBJ-3); type 13 = byte array (OBJ-2).
    const oid = w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 13, class: 'RP_3G2', hi: 5, lo: '18446744073709551615' });
    expect(BigInt(oid.hi)).toBe((13n << 56n) | (9n << 48n) | (2n << 32n) | 5n);
    expect(oid.lo).toBe('18446744073709551615');
  });
});

describe('OBJ-2 object types', () => {
  it('OBJ-2: types 0, 8 and 13 are accepted; any other type is INVAL', () => {
    const w = world();
    for (const t of [0, 8, 13]) expect(gen(w, 'S1', { objType: t }).ok).toBe(true);
    for (const t of [1, 7, 12, 255]) expect(gen(w, 'S1', { objType: t })).toEqual({ ok: false, err: 'INVAL' });
  });

  it('OBJ-2: the type restricts nothing: a flat KV holds arrays and a byte array holds single values', () => {
    const w = world();
    const flat = oidOf(w, 1, 'S1', 8);
    const arr = oidOf(w, 2, 'S1', 13);
    w.d.ok(update(w, flat, 'd', [extents('a', [0, 'xyz'])]));
    w.d.ok(update(w, arr, 'd', [single('a', 'v')]));
    expect(getRanges(w, flat, 'd', 'a', [[0, 3]])).toEqual([bytes('xyz')]);
    expect(getSingle(w, arr, 'd', 'a')).toBe('v');
  });
});

describe('OBJ-3 classes and redundancy codes', () => {
  it('OBJ-3: class id = code << 24 | groups; S family code 1, RP_r code 8 + (r - 2), EC codes from the table', () => {
    const w = world([['rd_lvl', 1]]); // 8 rank domains, 16 targets
    const code = (oid: Oid) => Number((BigInt(oid.hi) >> 48n) & 0xffn);
    expect(code(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'S2', lo: 1 }))).toBe(1);
    expect(code(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'RP_6G1', lo: 1 }))).toBe(12);
    expect(code(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'EC_4P2G1', lo: 1 }))).toBe(35);
    expect(code(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'EC_2P1G2', lo: 1 }))).toBe(32);
  });

  it('OBJ-3: tolerated failures are 0 for S, r-1 for RP_r, p for EC_kPp (seen through OBJ-6 with rd_fac 2)', () => {
    const w = world([['rd_fac', 2], ['rd_lvl', 1]]);
    const open = (cls: string) => {
      const oid = w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: cls, lo: 1 });
      return w.d.code({ type: 'obj.open', coh: w.coh, oid });
    };
    expect(open('S1')).toBe('INVAL');
    expect(open('RP_2G1')).toBe('INVAL');
    expect(open('RP_3G1')).toBe('ok');
    expect(open('EC_2P1G1')).toBe('INVAL');
    expect(open('EC_2P2G1')).toBe('ok');
    expect(open('EC_4P3G1')).toBe('ok');
  });
});

describe('OBJ-4 generateOid', () => {
  it('OBJ-4: an unknown class is INVAL', () => {
    const w = world();
    expect(gen(w, 'S3')).toEqual({ ok: false, err: 'INVAL' });
    expect(gen(w, 'RP_7G1')).toEqual({ ok: false, err: 'INVAL' });
    expect(gen(w, 'EC_3P1G1')).toEqual({ ok: false, err: 'INVAL' });
  });

  it('OBJ-4: hi must fit 32 bits and lo 64 bits', () => {
    const w = world();
    expect(gen(w, 'S1', { hi: 0xffff_ffff }).ok).toBe(true);
    expect(gen(w, 'S1', { hi: 2 ** 32 })).toEqual({ ok: false, err: 'INVAL' });
    expect(gen(w, 'S1', { hi: -1 })).toEqual({ ok: false, err: 'INVAL' });
    expect(gen(w, 'S1', { lo: '18446744073709551616' })).toEqual({ ok: false, err: 'INVAL' });
    expect(gen(w, 'S1', { lo: -1 })).toEqual({ ok: false, err: 'INVAL' });
  });

  it('OBJ-4: a group size above the number of domains at rd_lvl is INVAL (4 nodes; 8 ranks)', () => {
    const byNode = world();
    expect(gen(byNode, 'RP_4G1').ok).toBe(true);
    expect(gen(byNode, 'RP_5G1')).toEqual({ ok: false, err: 'INVAL' });
    expect(gen(byNode, 'EC_4P1G1')).toEqual({ ok: false, err: 'INVAL' }); // group size 5
    const byRank = world([['rd_lvl', 1]]);
    expect(gen(byRank, 'EC_4P1G1').ok).toBe(true);
    expect(gen(byRank, 'EC_8P1G1')).toEqual({ ok: false, err: 'INVAL' }); // 9 > 8 ranks
  });

  it('OBJ-4: GX resolves to max(1, floor(U / group size)) with U the UPIN targets', () => {
    const w = world();
    expect(groupsOf(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'SX', lo: 1 }))).toBe(16);
    expect(groupsOf(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'RP_3GX', lo: 1 }))).toBe(5);
    // Excluding one engine (2 targets) leaves U = 14.
    w.d.ok({ type: 'pool.exclude', pool: w.pool, rank: 0 });
    expect(groupsOf(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'SX', lo: 1 }))).toBe(14);
    expect(groupsOf(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'RP_4GX', lo: 1 }))).toBe(3);
  });

  it('OBJ-4: GX never resolves below one group', () => {
    const w = world([], { nodes: 4, engines: 1, targets: 1 }); // U = 4
    expect(groupsOf(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'RP_4GX', lo: 1 }))).toBe(1);
    w.d.ok({ type: 'pool.exclude', pool: w.pool, rank: 3 }); // U = 3 < group size 4, D is still 4
    expect(groupsOf(w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType: 0, class: 'RP_4GX', lo: 1 }))).toBe(1);
  });

  it('OBJ-4: a fixed g with g x group size > U is INVAL', () => {
    const w = world();
    expect(gen(w, 'S8').ok).toBe(true); // 8 <= 16
    expect(gen(w, 'RP_2G8').ok).toBe(true); // 16 <= 16
    expect(gen(w, 'RP_3G8')).toEqual({ ok: false, err: 'INVAL' }); // 24 > 16
    w.d.ok({ type: 'pool.exclude', pool: w.pool, rank: 0 });
    expect(gen(w, 'RP_2G8')).toEqual({ ok: false, err: 'INVAL' }); // 16 > 14
  });

  it('OBJ-4: no permission, rd_fac, halt or health check', () => {
    const w = world([['rd_fac', 1]]);
    const ro = w.d.open(w.poh, w.cont, 'RO');
    expect(gen(w, 'S1', { coh: ro }).ok).toBe(true); // S1 tolerates 0 < rd_fac 1: not checked here
    w.d.ok({ type: 'fault.failNode', node: 0 });
    w.d.ok({ type: 'fault.failNode', node: 1 });
    w.d.ok({ type: 'fault.failNode', node: 2 }); // HALT-1 refuses: pool halted, container UNCLEAN
    expect(w.d.state.pools[0].dead.some(Boolean)).toBe(true);
    expect(w.d.state.pools[0].containers[0].status).toBe('UNCLEAN');
    expect(gen(w, 'RP_2G1').ok).toBe(true);
  });

  it('OBJ-4: an unknown container handle is NO_HDL (step 2) but bad arguments win (step 1)', () => {
    const w = world();
    expect(gen(w, 'S1', { coh: 999 })).toEqual({ ok: false, err: 'NO_HDL' });
    expect(gen(w, 'nope', { coh: 999 })).toEqual({ ok: false, err: 'INVAL' });
  });
});

describe('OBJ-5 OID validity', () => {
  const bad: Array<[string, Oid]> = [
    ['unsupported type 1', encodeOid({ type: 1, code: 1, groups: 1, hiUser: 0, lo: 1n })],
    ['unknown redundancy code 2', encodeOid({ type: 0, code: 2, groups: 1, hiUser: 0, lo: 1n })],
    ['group count 0', encodeOid({ type: 0, code: 1, groups: 0, hiUser: 0, lo: 1n })],
    ['group count 65535 (unresolved GX)', encodeOid({ type: 0, code: 1, groups: 65535, hiUser: 0, lo: 1n })],
    ['non-decimal hi', { hi: 'x', lo: '1' }],
    ['lo above 2^64 - 1', { hi: '281479271677952', lo: '18446744073709551616' }],
  ];
  for (const [name, oid] of bad) {
    it(`OBJ-5: ${name} is INVAL in every object operation (step 1, before NO_HDL)`, () => {
      const w = world();
      expect(w.d.code({ type: 'obj.open', coh: w.coh, oid })).toBe('INVAL');
      expect(w.d.code({ type: 'obj.update', coh: 999, oid, dkey: 'd', iods: [single('a', 'v')] })).toBe('INVAL');
      expect(w.d.code({ type: 'obj.fetch', coh: w.coh, oid, dkey: 'd', requests: [{ akey: 'a', single: true }] })).toBe('INVAL');
      expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid })).toBe('INVAL');
      expect(w.d.code({ type: 'obj.listDkeys', coh: w.coh, oid })).toBe('INVAL');
    });
  }

  it('OBJ-5: group count 65534 is the largest valid one', () => {
    const w = world();
    const oid = encodeOid({ type: 0, code: 1, groups: 65534, hiUser: 0, lo: 1n });
    expect(w.d.code({ type: 'obj.open', coh: w.coh, oid })).toBe('ok');
  });
});

describe('OBJ-6 object-class check', () => {
  it('OBJ-6: a class tolerating fewer failures than rd_fac is INVAL for I/O', () => {
    const w = world([['rd_fac', 1]]);
    const s1 = encodeOid({ type: 0, code: 1, groups: 1, hiUser: 0, lo: 1n });
    expect(w.d.code(update(w, s1, 'd', [single('a', 'v')]))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, s1, 'd', [{ akey: 'a', single: true }]))).toBe('INVAL');
    const rp2 = oidOf(w, 2, 'RP_2G1');
    expect(w.d.code(update(w, rp2, 'd', [single('a', 'v')]))).toBe('ok');
  });

  it('OBJ-6: a group size above the domain count at rd_lvl is INVAL', () => {
    const w = world();
    const ec = encodeOid({ type: 0, code: 35, groups: 1, hiUser: 0, lo: 1n }); // EC_4P2: 6 > 4 nodes
    expect(w.d.code({ type: 'obj.open', coh: w.coh, oid: ec })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.listDkeys', coh: w.coh, oid: ec })).toBe('INVAL');
  });
});

describe('OBJ-7 obj.open and implicit objects', () => {
  it('OBJ-7: obj.open runs only steps 1, 2 and 6: no permission, halt or health check', () => {
    const w = world();
    const oid = oidOf(w);
    const ro = w.d.open(w.poh, w.cont, 'RO');
    expect(w.d.code({ type: 'obj.open', coh: ro, oid })).toBe('ok');
    expect(w.d.code({ type: 'obj.open', coh: 12345, oid })).toBe('NO_HDL');
    w.d.ok({ type: 'fault.failNode', node: 0 });
    w.d.ok({ type: 'fault.failNode', node: 1 });
    w.d.ok({ type: 'fault.failNode', node: 2 }); // halted, UNCLEAN
    expect(w.d.code({ type: 'obj.open', coh: w.coh, oid })).toBe('ok');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }]))).toBe('TIMEDOUT');
  });

  it('OBJ-7: an object never written reads as empty', () => {
    const w = world();
    const oid = oidOf(w, 77);
    expect(listDkeys(w, oid)).toEqual([]);
    expect(getSingle(w, oid, 'd', 'a')).toBeNull();
    expect(getRanges(w, oid, 'd', 'a', [[0, 4]])).toEqual([new Uint8Array(4)]);
  });
});

describe('OBJ-8 array records', () => {
  it('OBJ-8: array values use 1-byte records: offsets and lengths count bytes', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [extents('a', [10, 'abc'])]));
    expect(getRanges(w, oid, 'd', 'a', [[9, 5]])).toEqual([Uint8Array.from([0, 97, 98, 99, 0])]);
  });
});
