import { describe, expect, it } from 'vitest';
import { COND } from '../contract/index.ts';
import { extents, fetchOp, getSingle, oidOf, single, update, world, type DataWorld } from './ops/data-fixtures.ts';
import type { Oid } from '../contract/index.ts';

/** Section 15 (COND-1..7), written from the spec text. */

const { COND_PUNCH, DKEY_INSERT, DKEY_UPDATE, DKEY_FETCH, AKEY_INSERT, AKEY_UPDATE, AKEY_FETCH, PER_AKEY } = COND;

function seeded(): { w: DataWorld; oid: Oid } {
  const w = world();
  const oid = oidOf(w);
  w.d.ok(update(w, oid, 'd', [single('a', 'A'), single('b', 'B')]));
  return { w, oid };
}

describe('COND-1 flags', () => {
  it('COND-1: an unknown flag bit is INVAL (except on object punch)', () => {
    const { w, oid } = seeded();
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: 256 }))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { cond: 512 }))).toBe('INVAL');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', cond: 1024 })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid, cond: 1024 })).toBe('ok');
  });

  it('COND-1: "exists" means visible (KV-6): a punched akey does not exist for conditions', () => {
    const { w, oid } = seeded();
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'] });
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: AKEY_UPDATE }))).toBe('NONEXIST');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: AKEY_INSERT }))).toBe('ok');
  });
});

describe('COND-2 listings and fetch', () => {
  it('COND-2: listings take no flags', () => {
    const { w, oid } = seeded();
    expect(w.d.code({ type: 'obj.listDkeys', coh: w.coh, oid, cond: DKEY_FETCH })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.listAkeys', coh: w.coh, oid, dkey: 'd', cond: AKEY_FETCH })).toBe('INVAL');
    expect(w.d.code({ type: 'obj.listDkeys', coh: w.coh, oid, cond: 0 })).toBe('ok');
  });

  it('COND-2: fetch rejects COND_PUNCH and every INSERT/UPDATE flag', () => {
    const { w, oid } = seeded();
    for (const bad of [COND_PUNCH, DKEY_INSERT, DKEY_UPDATE, AKEY_INSERT, AKEY_UPDATE]) {
      expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { cond: bad }))).toBe('INVAL');
    }
  });

  it('COND-2: DKEY_FETCH is NONEXIST for a missing dkey; AKEY_FETCH if any requested akey is missing', () => {
    const { w, oid } = seeded();
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { cond: DKEY_FETCH }))).toBe('ok');
    expect(w.d.code(fetchOp(w, oid, 'zz', [{ akey: 'a', single: true }], { cond: DKEY_FETCH }))).toBe('NONEXIST');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }, { akey: 'b', single: true }], { cond: AKEY_FETCH }))).toBe('ok');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }, { akey: 'q', single: true }], { cond: AKEY_FETCH }))).toBe('NONEXIST');
  });
});

describe('COND-3 update and extent punch', () => {
  it('COND-3: INSERT fails with EXIST if the key exists; UPDATE with NONEXIST if it does not', () => {
    const { w, oid } = seeded();
    expect(w.d.code(update(w, oid, 'd', [single('n', 'x')], { cond: DKEY_INSERT }))).toBe('EXIST');
    expect(w.d.code(update(w, oid, 'e', [single('n', 'x')], { cond: DKEY_INSERT }))).toBe('ok');
    expect(w.d.code(update(w, oid, 'f', [single('n', 'x')], { cond: DKEY_UPDATE }))).toBe('NONEXIST');
    expect(w.d.code(update(w, oid, 'd', [single('n', 'x')], { cond: DKEY_UPDATE }))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: AKEY_INSERT }))).toBe('EXIST');
    expect(w.d.code(update(w, oid, 'd', [single('m', 'x')], { cond: AKEY_UPDATE }))).toBe('NONEXIST');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'new')], { cond: AKEY_UPDATE }))).toBe('ok');
    expect(getSingle(w, oid, 'd', 'a')).toBe('new');
  });

  it('COND-3: COND_PUNCH, FETCH flags, and INSERT with UPDATE at one level are INVAL', () => {
    const { w, oid } = seeded();
    for (const bad of [COND_PUNCH, DKEY_FETCH, AKEY_FETCH, DKEY_INSERT | DKEY_UPDATE, AKEY_INSERT | AKEY_UPDATE]) {
      expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: bad }))).toBe('INVAL');
      expect(w.d.code({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'x', ranges: [{ offset: 0, length: 1 }], cond: bad })).toBe('INVAL');
    }
    // Different levels combine.
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: DKEY_UPDATE | AKEY_UPDATE }))).toBe('ok');
  });

  it('COND-3: extent punch accepts the update flags (PUNCH-3)', () => {
    const { w, oid } = seeded();
    const punch = (cond: number, akey = 'arr') => w.d.code({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey, ranges: [{ offset: 0, length: 1 }], cond });
    expect(punch(AKEY_UPDATE)).toBe('NONEXIST');
    expect(punch(AKEY_INSERT)).toBe('ok');
    expect(punch(AKEY_INSERT)).toBe('EXIST'); // the extent punch made it visible
    expect(punch(DKEY_INSERT)).toBe('EXIST');
  });
});

describe('COND-4 per-akey conditions', () => {
  it('COND-4: with PER_AKEY each request uses its own cond', () => {
    const { w, oid } = seeded();
    // a exists (UPDATE ok), n does not (INSERT ok).
    expect(w.d.code(update(w, oid, 'd', [single('a', '1', AKEY_UPDATE), single('n', '2', AKEY_INSERT)], { cond: PER_AKEY }))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [single('b', '1', AKEY_UPDATE), single('n', '2', AKEY_INSERT)], { cond: PER_AKEY }))).toBe('EXIST');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'zz', single: true }, { akey: 'a', single: true, cond: AKEY_FETCH }], { cond: PER_AKEY }))).toBe('ok');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }, { akey: 'zz', single: true, cond: AKEY_FETCH }], { cond: PER_AKEY }))).toBe('NONEXIST');
  });

  it('COND-4: PER_AKEY together with a call-level AKEY_* flag is INVAL', () => {
    const { w, oid } = seeded();
    expect(w.d.code(update(w, oid, 'd', [single('a', '1')], { cond: PER_AKEY | AKEY_UPDATE }))).toBe('INVAL');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { cond: PER_AKEY | AKEY_FETCH }))).toBe('INVAL');
  });

  it('COND-4: without PER_AKEY per-request flags are ignored', () => {
    const { w, oid } = seeded();
    expect(w.d.code(update(w, oid, 'd', [single('a', '1', AKEY_INSERT)]))).toBe('ok');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'zz', single: true, cond: AKEY_FETCH }]))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [single('a', '1', 0xffff)], { cond: DKEY_UPDATE }))).toBe('ok');
  });
});

describe('COND-5 dkey and akey punch', () => {
  it('COND-5: only COND_PUNCH is accepted', () => {
    const { w, oid } = seeded();
    for (const bad of [DKEY_INSERT, DKEY_UPDATE, DKEY_FETCH, AKEY_UPDATE, PER_AKEY, COND_PUNCH | DKEY_UPDATE]) {
      expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', cond: bad })).toBe('INVAL');
      expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'], cond: bad })).toBe('INVAL');
    }
  });

  it('COND-5: with COND_PUNCH the dkey, or every listed akey, must exist', () => {
    const { w, oid } = seeded();
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'nope', cond: COND_PUNCH })).toBe('NONEXIST');
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a', 'nope'], cond: COND_PUNCH })).toBe('NONEXIST');
    expect(getSingle(w, oid, 'd', 'a')).toBe('A'); // nothing applied
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a', 'b'], cond: COND_PUNCH })).toBe('ok');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', cond: COND_PUNCH })).toBe('NONEXIST'); // no visible akey left
  });
});

describe('COND-6 order of conditions', () => {
  it('COND-6: the dkey condition is checked first, then akey conditions in request order; nothing is applied', () => {
    const { w, oid } = seeded();
    // dkey 'd' exists: DKEY_INSERT fails before the akey conditions are looked at.
    expect(w.d.code(update(w, oid, 'd', [single('m', '1', AKEY_UPDATE)], { cond: DKEY_INSERT | PER_AKEY }))).toBe('EXIST');
    // First akey fails with NONEXIST, second would fail with EXIST: the first decides.
    expect(w.d.code(update(w, oid, 'd', [single('m', '1', AKEY_UPDATE), single('a', '2', AKEY_INSERT)], { cond: PER_AKEY }))).toBe('NONEXIST');
    expect(w.d.code(update(w, oid, 'd', [single('a', '2', AKEY_INSERT), single('m', '1', AKEY_UPDATE)], { cond: PER_AKEY }))).toBe('EXIST');
    expect(getSingle(w, oid, 'd', 'm')).toBeNull();
  });

  it('COND-6 and KV-3 (ERR-3 step 7): per akey, its condition and then its kind, in request order', () => {
    const { w, oid } = seeded();
    w.d.ok(update(w, oid, 'd', [{ akey: 'arr', extents: [{ offset: 0, data: { text: 'x' } }] }]));
    // Request 1 has a wrong kind (NO_PERM), request 2 a failing condition: request order decides.
    expect(
      w.d.code(update(w, oid, 'd', [{ akey: 'arr', single: { text: 'v' }, cond: AKEY_UPDATE }, { akey: 'zz', single: { text: 'v' }, cond: AKEY_UPDATE }], { cond: PER_AKEY })),
    ).toBe('NO_PERM');
    // Request 1's condition fails before its own kind is checked.
    expect(w.d.code(update(w, oid, 'd', [{ akey: 'arr', single: { text: 'v' }, cond: AKEY_INSERT }], { cond: PER_AKEY }))).toBe('EXIST');
  });
});

describe('COND-7 conditions in transactions (rev. 2)', () => {
  it('COND-7: update, extent, dkey and akey punch accept their flags inside a transaction; object punch ignores them', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code(update(w, oid, 'd', [single('a', '1')], { cond: AKEY_UPDATE, tx: th }))).toBe('ok');
    expect(w.d.code({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'x', ranges: [{ offset: 0, length: 1 }], cond: DKEY_UPDATE, tx: th })).toBe('ok');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', cond: COND_PUNCH, tx: th })).toBe('ok');
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'], cond: COND_PUNCH, tx: th })).toBe('ok');
    expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid, cond: COND_PUNCH | DKEY_FETCH, tx: th })).toBe('ok');
    // The flag rules of COND-3 and COND-5 still hold (step 1).
    expect(w.d.code(update(w, oid, 'd', [single('a', '1')], { cond: AKEY_UPDATE | AKEY_INSERT, tx: th }))).toBe('INVAL');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', cond: DKEY_UPDATE, tx: th })).toBe('INVAL');
  });

  it("COND-7: conditions see the transaction's view: its start point, without its own buffered writes (TX-3, TX-4)", () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A'); // fixes the start point
    w.d.ok(update(w, oid, 'd', [single('late', 'L')])); // committed after the start point
    expect(w.d.code(update(w, oid, 'd', [single('late', 'x')], { cond: AKEY_UPDATE, tx: th }))).toBe('NONEXIST');
    expect(w.d.code(update(w, oid, 'd', [single('late', 'x')], { cond: AKEY_INSERT, tx: th }))).toBe('ok');
    // Its own buffered write of `mine` is not in its view.
    expect(w.d.code(update(w, oid, 'd', [single('mine', 'x')], { cond: AKEY_INSERT, tx: th }))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [single('mine', 'y')], { cond: AKEY_INSERT, tx: th }))).toBe('ok');
    expect(w.d.code(update(w, oid, 'd', [single('mine', 'y')], { cond: AKEY_UPDATE, tx: th }))).toBe('NONEXIST');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'e', cond: COND_PUNCH, tx: th })).toBe('NONEXIST');
    expect(w.d.code({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a', 'late'], cond: COND_PUNCH, tx: th })).toBe('NONEXIST');
    // Standalone, the latest commit decides.
    expect(w.d.code(update(w, oid, 'd', [single('late', 'x')], { cond: AKEY_UPDATE }))).toBe('ok');
  });

  it('COND-7: the dkey condition first, then per akey its condition and kind (COND-6, KV-3), as standalone', () => {
    const { w, oid } = seeded();
    w.d.ok(update(w, oid, 'd', [extents('arr', [0, 'x'])]));
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code(update(w, oid, 'zz', [single('a', 'v')], { cond: DKEY_UPDATE | AKEY_INSERT, tx: th }))).toBe('NONEXIST');
    expect(w.d.code(update(w, oid, 'd', [single('arr', 'v'), single('a', 'v')], { cond: AKEY_UPDATE, tx: th }))).toBe('NO_PERM');
    expect(w.d.code(update(w, oid, 'd', [single('zz', 'v'), single('arr', 'v')], { cond: AKEY_UPDATE, tx: th }))).toBe('NONEXIST');
  });

  it('COND-7: a failing condition buffers nothing and fixes no start point (ERR-2)', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: AKEY_INSERT, tx: th }))).toBe('EXIST');
    expect(w.d.state.txs[th].startEpoch).toBeNull();
    expect(w.d.state.txs[th].buffer).toEqual([]);
    w.d.ok(update(w, oid, 'd', [single('a', 'A1')]));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A1');
  });

  it('COND-7: without a start point a condition sees the latest commit, and a passing one fixes the start point there (TX-4)', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('c', 'C')]));
    expect(w.d.code(update(w, oid, 'd', [single('c', 'x')], { cond: AKEY_UPDATE, tx: th }))).toBe('ok');
    w.d.ok(update(w, oid, 'd', [single('a', 'A2')]));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A'); // the start point was fixed by the condition
  });

  it('COND-7 (section 25): PER_AKEY with no per-akey flag examines nothing, so it fixes no start point', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { cond: PER_AKEY, tx: th }))).toBe('ok');
    expect(w.d.state.txs[th].startEpoch).toBeNull();
    expect(w.d.state.txs[th].readUnits).toEqual([]);
  });

  it('COND-7, TX-7: a dkey condition reads (oid, dkey, *), an akey condition (oid, dkey, akey)', () => {
    const commitAfter = (write: (w: DataWorld, oid: Oid, th: number) => void, other: (w: DataWorld, oid: Oid) => void): string => {
      const { w, oid } = seeded();
      const th = w.d.ok({ type: 'tx.open', coh: w.coh });
      write(w, oid, th);
      other(w, oid);
      return w.d.code({ type: 'tx.commit', th });
    };
    const dkeyCond = (w: DataWorld, oid: Oid, th: number) => void w.d.ok(update(w, oid, 'd', [single('n', 'x')], { cond: DKEY_UPDATE, tx: th }));
    const akeyCond = (w: DataWorld, oid: Oid, th: number) => void w.d.ok(update(w, oid, 'd', [single('a', 'x')], { cond: AKEY_UPDATE, tx: th }));
    const otherAkey = (w: DataWorld, oid: Oid) => void w.d.ok(update(w, oid, 'd', [single('b', 'other')]));
    const sameAkey = (w: DataWorld, oid: Oid) => void w.d.ok(update(w, oid, 'd', [single('a', 'other')]));
    expect(commitAfter(dkeyCond, otherAkey)).toBe('TX_RESTART');
    expect(commitAfter(akeyCond, otherAkey)).toBe('ok');
    expect(commitAfter(akeyCond, sameAkey)).toBe('TX_RESTART');
    // Without a condition the same writes take their start point at commit and never conflict (TX-4).
    const plain = (w: DataWorld, oid: Oid, th: number) => void w.d.ok(update(w, oid, 'd', [single('a', 'x')], { tx: th }));
    expect(commitAfter(plain, sameAkey)).toBe('ok');
    const plainPunch = (w: DataWorld, oid: Oid, th: number) => void w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'], tx: th });
    expect(commitAfter(plainPunch, sameAkey)).toBe('ok');
    const dkeyPunch = (w: DataWorld, oid: Oid, th: number) => void w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', cond: COND_PUNCH, tx: th });
    const akeyPunch = (w: DataWorld, oid: Oid, th: number) => void w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'], cond: COND_PUNCH, tx: th });
    expect(commitAfter(dkeyPunch, otherAkey)).toBe('TX_RESTART');
    expect(commitAfter(akeyPunch, otherAkey)).toBe('ok');
    expect(commitAfter(akeyPunch, sameAkey)).toBe('TX_RESTART');
  });

  it("COND-7: conditional fetches in a transaction are evaluated against the transaction's view (TX-4)", () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A'); // fixes the start point
    w.d.ok(update(w, oid, 'd', [single('late', 'L')])); // committed after the start point
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'late', single: true }], { cond: AKEY_FETCH, tx: th }))).toBe('NONEXIST');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'late', single: true }], { cond: AKEY_FETCH }))).toBe('ok');
  });
});
