import { describe, expect, it } from 'vitest';
import { BOB } from './test-driver.ts';
import { extents, getRanges, getSingle, listAkeys, listDkeys, oidOf, single, update, world, type DataWorld } from './ops/data-fixtures.ts';

/** Section 16 (SNAP-1..8), written from the spec text. */

function halt(w: DataWorld): void {
  // poolRf 2: the third node failure is refused (HALT-1), its targets become dead (HALT-2).
  for (const node of [0, 1, 2]) w.d.ok({ type: 'fault.failNode', node });
  expect(w.d.state.pools[0].dead.some(Boolean)).toBe(true);
}

function makeUnclean(w: DataWorld): void {
  // rd_fac 0: one failed target breaks the container (RF-2, RF-3).
  w.d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
  expect(w.d.state.pools[0].containers[0].status).toBe('UNCLEAN');
}

/** A handle of BOB holding WRITE_DATA and GET_PROP but no READ_DATA (ACL-13). */
function writeOnlyHandle(): { w: DataWorld; wo: number } {
  const w = world();
  const cont = w.d.container(w.poh, { acl: ['A::OWNER@:rwdtTaAo', 'A::bob@:tw'] });
  const pohB = w.d.connect(w.pool, BOB, 'RW');
  const wo = w.d.open(pohB, cont, 'RW');
  return { w: { ...w, cont, coh: wo }, wo };
}

describe('SNAP-1 create', () => {
  it('SNAP-1: a named snapshot is NOSYS (step 1, before the handle)', () => {
    const w = world();
    expect(w.d.code({ type: 'snap.create', coh: w.coh, name: 'snap1' })).toBe('NOSYS');
    expect(w.d.code({ type: 'snap.create', coh: 999, name: 'snap1' })).toBe('NOSYS');
    expect(w.d.code({ type: 'snap.create', coh: 999 })).toBe('NO_HDL');
  });

  it('SNAP-1: needs WRITE_DATA', () => {
    const w = world();
    const ro = w.d.open(w.poh, w.cont, 'RO');
    expect(w.d.code({ type: 'snap.create', coh: ro })).toBe('NO_PERM');
  });

  it('SNAP-1: the token captures every write committed before it and none after', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', 'before')]));
    const token = w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(token).toBeGreaterThan(0);
    w.d.ok(update(w, oid, 'd', [single('a', 'after'), single('b', 'after')]));
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token });
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('before');
    expect(getSingle(w, oid, 'd', 'b', th)).toBeNull();
    expect(listAkeys(w, oid, 'd', th)).toEqual(['a']);
  });
});

describe('SNAP-2 tokens', () => {
  it('SNAP-2: tokens of one container increase in creation order', () => {
    const w = world();
    const oid = oidOf(w);
    const t1 = w.d.ok({ type: 'snap.create', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', '1')]));
    const t2 = w.d.ok({ type: 'snap.create', coh: w.coh });
    const t3 = w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(t1).toBeLessThan(t2);
    expect(t2).toBeLessThan(t3);
  });
});

describe('SNAP-3 list', () => {
  it('SNAP-3: returns the live tokens in creation order', () => {
    const w = world();
    const tokens = [1, 2, 3].map(() => w.d.ok({ type: 'snap.create', coh: w.coh }));
    w.d.ok({ type: 'snap.destroy', coh: w.coh, token: tokens[1] });
    expect(w.d.ok({ type: 'snap.list', coh: w.coh })).toEqual([tokens[0], tokens[2]]);
  });

  it('SNAP-3: needs READ_DATA', () => {
    const { w, wo } = writeOnlyHandle();
    expect(w.d.code({ type: 'snap.create', coh: wo })).toBe('ok');
    expect(w.d.code({ type: 'snap.list', coh: wo })).toBe('NO_PERM');
  });
});

describe('SNAP-4 destroy', () => {
  it('SNAP-4: token 0 is INVAL; a token not live in this container is NONEXIST', () => {
    const w = world();
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(w.d.code({ type: 'snap.destroy', coh: w.coh, token: 0 })).toBe('INVAL');
    expect(w.d.code({ type: 'snap.destroy', coh: w.coh, token: t + 100 })).toBe('NONEXIST');
    // A token of another container is not live in this one.
    const other = w.d.container(w.poh);
    const coh2 = w.d.open(w.poh, other, 'RW');
    const t2 = w.d.ok({ type: 'snap.create', coh: coh2 });
    w.d.ok({ type: 'snap.destroy', coh: coh2, token: t2 });
    const t3 = w.d.ok({ type: 'snap.create', coh: coh2 });
    if (t3 !== t) expect(w.d.code({ type: 'snap.destroy', coh: w.coh, token: t3 })).toBe('NONEXIST');
    expect(w.d.code({ type: 'snap.destroy', coh: w.coh, token: t })).toBe('ok');
    expect(w.d.code({ type: 'snap.destroy', coh: w.coh, token: t })).toBe('NONEXIST'); // destroyed
  });

  it('SNAP-4: needs WRITE_DATA', () => {
    const w = world();
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    const ro = w.d.open(w.poh, w.cont, 'RO');
    expect(w.d.code({ type: 'snap.destroy', coh: ro, token: t })).toBe('NO_PERM');
  });
});

describe('SNAP-5 max_snapshot', () => {
  it('SNAP-5: a create that exceeds max_snapshot destroys the oldest live snapshot', () => {
    const w = world([['max_snapshot', 2]]);
    const t1 = w.d.ok({ type: 'snap.create', coh: w.coh });
    const t2 = w.d.ok({ type: 'snap.create', coh: w.coh });
    const t3 = w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(w.d.ok({ type: 'snap.list', coh: w.coh })).toEqual([t2, t3]);
    expect(w.d.code({ type: 'tx.openSnapshot', coh: w.coh, token: t1 })).toBe('NONEXIST');
  });

  it('SNAP-5: max_snapshot 0 means unlimited', () => {
    const w = world();
    for (let i = 0; i < 10; i++) w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(w.d.ok({ type: 'snap.list', coh: w.coh }).length).toBe(10);
  });
});

describe('SNAP-6 reading a snapshot', () => {
  it('SNAP-6: a snapshot transaction on a token that is not live is NONEXIST at open and on every later read', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd', [single('a', '1')]));
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(w.d.code({ type: 'tx.openSnapshot', coh: w.coh, token: t + 1 })).toBe('NONEXIST');
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t });
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('1');
    w.d.ok({ type: 'snap.destroy', coh: w.coh, token: t });
    expect(w.d.code({ type: 'obj.fetch', coh: w.coh, oid, dkey: 'd', requests: [{ akey: 'a', single: true }], tx: th })).toBe('NONEXIST');
    expect(w.d.code({ type: 'obj.listDkeys', coh: w.coh, oid, tx: th })).toBe('NONEXIST');
  });
});

describe('SNAP-7 rollback', () => {
  it('SNAP-7: rollback makes the current view equal to the snapshot view, as one new write', () => {
    const w = world();
    const oid = oidOf(w);
    w.d.ok(update(w, oid, 'd1', [single('a', 'v1'), extents('x', [0, 'abcd'])]));
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    w.d.ok(update(w, oid, 'd1', [single('a', 'v2'), single('b', 'new'), extents('x', [2, 'ZZZZ'])]));
    w.d.ok(update(w, oid, 'd2', [single('c', 'new')]));
    w.d.ok({ type: 'obj.punch', coh: w.coh, oid: oidOf(w, 5) });
    const writes = w.d.state.pools[0].containers[0].writes.length;
    expect(w.d.code({ type: 'cont.rollback', coh: w.coh, token: t })).toBe('ok');
    expect(w.d.state.pools[0].containers[0].writes.length).toBe(writes + 1);
    expect(listDkeys(w, oid)).toEqual(['d1']);
    expect(listAkeys(w, oid, 'd1')).toEqual(['a', 'x']);
    expect(getSingle(w, oid, 'd1', 'a')).toBe('v1');
    expect(getRanges(w, oid, 'd1', 'x', [[0, 6]])).toEqual([Uint8Array.from([97, 98, 99, 100, 0, 0])]);
    // Writes after the rollback apply on top of the restored view.
    w.d.ok(update(w, oid, 'd1', [single('b', 'again')]));
    expect(listAkeys(w, oid, 'd1')).toEqual(['a', 'b', 'x']);
  });

  it('SNAP-7: all snapshots, including later ones, stay readable; kinds and attributes are unchanged', () => {
    const w = world();
    const oid = oidOf(w);
    const t1 = w.d.ok({ type: 'snap.create', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('s', 'later')]));
    w.d.ok({ type: 'cont.setAttrs', coh: w.coh, entries: [['k', { text: 'v' }]] });
    const t2 = w.d.ok({ type: 'snap.create', coh: w.coh });
    w.d.ok({ type: 'cont.rollback', coh: w.coh, token: t1 });
    expect(listDkeys(w, oid)).toEqual([]);
    expect(w.d.ok({ type: 'snap.list', coh: w.coh })).toEqual([t1, t2]);
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t2 });
    expect(getSingle(w, oid, 'd', 's', th)).toBe('later');
    // KV-3: the kind fixed after t1 survives the rollback.
    expect(w.d.code(update(w, oid, 'd', [extents('s', [0, 'x'])]))).toBe('NO_PERM');
    expect(w.d.ok({ type: 'cont.listAttrs', coh: w.coh })).toEqual(['k']);
    // Rolling forward to the later snapshot works too.
    w.d.ok({ type: 'cont.rollback', coh: w.coh, token: t2 });
    expect(getSingle(w, oid, 'd', 's')).toBe('later');
  });

  it('SNAP-7: needs WRITE_DATA; a token that is not live is NONEXIST', () => {
    const w = world();
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    const ro = w.d.open(w.poh, w.cont, 'RO');
    expect(w.d.code({ type: 'cont.rollback', coh: ro, token: t })).toBe('NO_PERM');
    expect(w.d.code({ type: 'cont.rollback', coh: w.coh, token: t + 7 })).toBe('NONEXIST');
    expect(w.d.code({ type: 'cont.rollback', coh: w.coh, token: 0 })).toBe('NONEXIST');
  });

  it('SNAP-7: TIMEDOUT while halted, RF while UNCLEAN (ERR-3: halt, then permission, then health, then liveness)', () => {
    const w = world();
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    const ro = w.d.open(w.poh, w.cont, 'RO');
    makeUnclean(w);
    expect(w.d.code({ type: 'cont.rollback', coh: ro, token: t })).toBe('NO_PERM'); // step 4 before step 5
    expect(w.d.code({ type: 'cont.rollback', coh: w.coh, token: t + 9 })).toBe('RF'); // step 5 before step 7
    halt(w);
    expect(w.d.code({ type: 'cont.rollback', coh: ro, token: t })).toBe('TIMEDOUT'); // step 3 first
  });
});

describe('SNAP-8 snapshots ignore halt and health', () => {
  it('SNAP-8: create, list and destroy work while the pool is halted and the container UNCLEAN', () => {
    const w = world();
    makeUnclean(w);
    halt(w);
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    expect(w.d.ok({ type: 'snap.list', coh: w.coh })).toEqual([t]);
    expect(w.d.code({ type: 'snap.destroy', coh: w.coh, token: t })).toBe('ok');
  });
});
