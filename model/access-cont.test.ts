import { describe, expect, it } from 'vitest';
import { isUuidForm } from './resolve.ts';
import { ALICE, BOB, CAROL, ModelDriver } from './test-driver.ts';

/** Example tests for spec section 8 (CONT) and the container half of section 7 (ACL-11, 13, 14). */

function driver(poolRf?: number): ModelDriver {
  const d = new ModelDriver();
  d.system(4, 2, 2, poolRf);
  return d;
}

/** Makes the container UNCLEAN: rd_fac 0 (the pool default) and one target excluded (RF-2, RF-3). */
function makeUnclean(d: ModelDriver, pool: string): void {
  d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
}

describe('cont.create (CONT-1, ACL-11)', () => {
  it('CONT-1: needs CREATE_CONT on the pool handle and returns a new UUID-form id', () => {
    const d = driver();
    const pool = d.pool();
    const ro = d.connect(pool, ALICE, 'RO');
    expect(d.code({ type: 'cont.create', poh: ro })).toBe('NO_PERM');
    const rw = d.connect(pool, ALICE, 'RW');
    const a = d.container(rw);
    const b = d.container(rw);
    expect(isUuidForm(a) && isUuidForm(b) && a !== b).toBe(true);
  });

  it("CONT-1: the owner is the handle's user and the group its primary group", () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool, { user: 'bob@', groups: ['lab@', 'ops@'] });
    const coh = d.open(poh, d.container(poh));
    expect(d.ok({ type: 'cont.getAcl', coh })).toMatchObject({ owner: 'bob@', group: 'lab@' });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['owner', 'group'] })).toEqual({ owner: 'bob@', group: 'lab@' });
  });

  it("CONT-1: an owner or group property that differs from the creator's is INVAL; an equal one is fine", () => {
    const d = driver();
    const poh = d.connect(d.pool());
    expect(d.code({ type: 'cont.create', poh, props: [['owner', 'bob@']] })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh, props: [['group', 'ops@']] })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh, props: [['owner', 'alice@'], ['group', 'lab@']] })).toBe('ok');
  });

  it('CONT-1: a label in use is EXIST; the status starts HEALTHY stamped with the current map version', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    d.container(poh, { label: 'c0' });
    expect(d.code({ type: 'cont.create', poh, label: 'c0' })).toBe('EXIST');
    d.ok({ type: 'pool.exclude', pool, rank: 1 }); // 2 targets: version 1 -> 3 (MAP-4)
    const coh = d.open(poh, d.container(poh, { label: 'c1' }));
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toEqual({ status: { status: 'HEALTHY', version: 3 } });
  });

  it('ERR-3: cont.create checks arguments (1), then the handle (2), then CREATE_CONT (4), then the label (7)', () => {
    const d = driver();
    const pool = d.pool();
    const rw = d.connect(pool);
    const ro = d.connect(pool, ALICE, 'RO');
    d.container(rw, { label: 'c0' });
    expect(d.code({ type: 'cont.create', poh: 9999, label: 'bad label' })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh: 9999, label: 'c0' })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.create', poh: ro, label: 'c0' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.create', poh: rw, label: 'c0' })).toBe('EXIST');
  });

  it('ACL-11: the default container ACL is A::OWNER@:rwdtTaAo, A:G:GROUP@:rwtT', () => {
    const d = driver();
    const { coh, poh, pool } = d.quickContainer();
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual(['A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT']);
    const cont = d.container(poh);
    const bobPoh = d.connect(pool, BOB);
    const bob = d.open(bobPoh, cont, 'RW'); // GROUP@ lab@: rwtT
    expect(d.code({ type: 'cont.getAcl', coh: bob })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setAttrs', coh: bob, entries: [['k', { text: 'v' }]] })).toBe('ok');
  });

  it('ACL-11: an acl given at create replaces the default entirely', () => {
    const d = driver();
    const { coh } = d.quickContainer({ acl: ['A::EVERYONE@:r'] });
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual(['A::EVERYONE@:r']);
    const poh = d.connect(d.pool());
    expect(d.code({ type: 'cont.create', poh, acl: [] })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh, acl: ['A::bob@:r', 'A::bob@:w'] })).toBe('INVAL');
  });
});

describe('cont.open (CONT-2, ACL-13)', () => {
  it('CONT-2: mode must be RO, RW or EX; an unknown container is NONEXIST', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh);
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'ro' })).toBe('INVAL');
    expect(d.code({ type: 'cont.open', poh, cont: 'nolabel', mode: 'RO' })).toBe('NONEXIST');
    // A container of another pool is not found through this pool handle.
    const other = d.container(d.connect(d.pool()));
    expect(d.code({ type: 'cont.open', poh, cont: other, mode: 'RO' })).toBe('NONEXIST');
  });

  it('CONT-2: a halted pool is TIMEDOUT (HALT-4)', () => {
    const d = driver(0);
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh);
    d.ok({ type: 'fault.failNode', node: 0 }); // refused by HALT-1 with poolRf 0: dead targets
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('TIMEDOUT');
    d.ok({ type: 'fault.restartEngine', rank: 0 });
    d.ok({ type: 'fault.restartEngine', rank: 1 });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('ok');
  });

  it('ERR-3: cont.open on a halted pool: NONEXIST (step 2) before TIMEDOUT (step 3) before NO_PERM (step 4)', () => {
    const d = driver(0);
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh, { acl: ['A::bob@:r'] });
    const bobPoh = d.connect(pool, BOB);
    d.ok({ type: 'fault.failNode', node: 1 });
    expect(d.code({ type: 'cont.open', poh, cont: 'missing', mode: 'XX' })).toBe('INVAL');
    expect(d.code({ type: 'cont.open', poh, cont: 'missing', mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'RW' })).toBe('TIMEDOUT');
  });

  it('CONT-2: an UNCLEAN container is RF unless force is set (RF-4)', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh);
    makeUnclean(d, pool);
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('RF');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RW', force: true })).toBe('ok');
  });

  it('ERR-3 (rev. 2, section 22 step 4b): NO_PERM (step 4) before BUSY (step 4b) before RF (step 5) at open', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::EVERYONE@:r'] });
    const poh = d.connect(pool);
    const cont = d.container(poh);
    const ex = d.open(poh, cont, 'EX');
    makeUnclean(d, pool);
    const carolPoh = d.connect(pool, CAROL, 'RO'); // the container ACL gives carol nothing
    expect(d.code({ type: 'cont.open', poh: carolPoh, cont, mode: 'RO' })).toBe('NO_PERM');
    // DAOS checks handle compatibility before health: BUSY, not RF, with or without force.
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('BUSY');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO', force: true })).toBe('BUSY');
    d.ok({ type: 'cont.close', coh: ex });
    const ro = d.ok({ type: 'cont.open', poh, cont, mode: 'RO', force: true });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'EX' })).toBe('BUSY'); // EX beside an open handle
    d.ok({ type: 'cont.close', coh: ro });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'EX' })).toBe('RF');
  });

  it('CONT-2: EX while other handles are open, or any open while an EX handle exists, is BUSY', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const bobPoh = d.connect(pool, BOB);
    const cont = d.container(poh);
    const ro = d.open(poh, cont, 'RO');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'EX' })).toBe('BUSY');
    d.ok({ type: 'cont.close', coh: ro });
    const ex = d.open(poh, cont, 'EX');
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'RO' })).toBe('BUSY');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('BUSY');
    d.ok({ type: 'cont.close', coh: ex });
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'RO' })).toBe('ok');
  });

  it('ACL-13: RO needs r, t or a; RW also needs w, T, A or o; EX needs the owner', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::EVERYONE@:rw'] });
    const poh = d.connect(pool);
    const cont = d.container(poh, { acl: ['A::OWNER@:r', 'A::bob@:t', 'A::carol@:w', 'A::EVERYONE@:ra'] });
    const bob = d.connect(pool, BOB);
    const carol = d.connect(pool, CAROL);
    const dave = d.connect(pool, { user: 'dave@', groups: ['x@'] });
    expect(d.code({ type: 'cont.open', poh: bob, cont, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'cont.open', poh: bob, cont, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.open', poh: carol, cont, mode: 'RO' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.open', poh: carol, cont, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.open', poh: dave, cont, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.open', poh: dave, cont, mode: 'RO' })).toBe('ok');
    // The owner: OWNER@ r plus a and A (ACL-10 step 5) opens RW; EX only when no handle is open.
    const own = d.open(poh, cont, 'RW');
    d.ok({ type: 'cont.close', coh: own });
    for (const [coh] of Object.entries(d.state.contHandles)) d.ok({ type: 'cont.close', coh: Number(coh) });
    expect(d.code({ type: 'cont.open', poh: dave, cont, mode: 'EX' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'EX' })).toBe('ok');
  });

  it('ACL-13: the owner can always open RO and RW, even with an empty OWNER@ entry', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh, { acl: ['A::OWNER@:'] });
    const ro = d.open(poh, cont, 'RO');
    const rw = d.open(poh, cont, 'RW');
    // Only GET_ACL / SET_ACL (ACL-10 step 5): data and properties are refused.
    expect(d.code({ type: 'cont.listAttrs', coh: rw })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.getProps', coh: rw })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.getAcl', coh: ro })).toBe('ok');
    expect(d.code({ type: 'cont.overwriteAcl', coh: ro, aces: ['A::OWNER@:rw'] })).toBe('NO_PERM'); // RO drops SET_ACL
    expect(d.code({ type: 'cont.overwriteAcl', coh: rw, aces: ['A::OWNER@:rw'] })).toBe('ok');
  });

  it('ACL-13: an RO handle keeps only READ_DATA, GET_PROP and GET_ACL', () => {
    const d = driver();
    const { poh, cont } = d.quickContainer();
    const ro = d.open(poh, cont, 'RO');
    expect(d.code({ type: 'cont.listAttrs', coh: ro })).toBe('ok');
    expect(d.code({ type: 'cont.getProps', coh: ro })).toBe('ok');
    expect(d.code({ type: 'cont.getAcl', coh: ro })).toBe('ok');
    expect(d.code({ type: 'cont.setAttrs', coh: ro, entries: [['k', { text: 'v' }]] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setProps', coh: ro, entries: [['label', 'x']] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setOwner', coh: ro, user: 'bob@' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.deleteAcl', coh: ro, principal: 'GROUP@' })).toBe('NO_PERM');
  });
});

describe('capabilities are fixed per handle (ACL-14)', () => {
  it('ACL-14: ACL changes affect later opens only', () => {
    const d = driver();
    const { pool, coh, cont } = d.quickContainer();
    const bobPoh = d.connect(pool, BOB);
    const bob = d.open(bobPoh, cont, 'RW'); // via GROUP@
    d.ok({ type: 'cont.deleteAcl', coh, principal: 'GROUP@' });
    expect(d.code({ type: 'cont.setAttrs', coh: bob, entries: [['k', { text: 'v' }]] })).toBe('ok');
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'RO' })).toBe('NO_PERM');
  });

  it('ACL-14: an owner change affects later opens and destroys only', () => {
    const d = driver();
    const { pool, poh, coh, cont } = d.quickContainer();
    d.ok({ type: 'cont.setOwner', coh, user: 'bob@' });
    // alice's handle keeps its capabilities, including SET_OWNER.
    expect(d.code({ type: 'cont.setOwner', coh, group: 'ops@' })).toBe('ok');
    d.ok({ type: 'cont.close', coh });
    // alice is no longer the owner and not in ops@: the ACL now gives her nothing.
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('NO_PERM');
    const bobPoh = d.connect(pool, BOB);
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'EX' })).toBe('ok');
  });
});

describe('cont.close, cont.destroy, cont.query (CONT-3..5)', () => {
  it('CONT-3: close invalidates the handle and its transaction handles (ERR-7)', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    const th = d.ok({ type: 'tx.open', coh });
    d.ok({ type: 'cont.close', coh });
    expect(d.code({ type: 'cont.close', coh })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.query', coh })).toBe('NO_HDL');
    expect(d.code({ type: 'tx.commit', th })).toBe('NO_HDL');
  });

  it('CONT-4: needs DEL_CONT on the pool handle, or d for the principal in the container ACL at destroy time', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:rc'] });
    const alicePoh = d.connect(pool);
    const bobPoh = d.connect(pool, BOB); // CREATE_CONT but no DEL_CONT
    const cont = d.container(alicePoh);
    const coh = d.open(alicePoh, cont);
    expect(d.code({ type: 'cont.destroy', poh: bobPoh, cont })).toBe('NO_PERM');
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::bob@:rd'] });
    d.ok({ type: 'cont.close', coh });
    expect(d.code({ type: 'cont.destroy', poh: bobPoh, cont })).toBe('ok');
    // bob owns his own container; the default ACL gives OWNER@ d.
    const mine = d.container(bobPoh);
    expect(d.code({ type: 'cont.destroy', poh: bobPoh, cont: mine })).toBe('ok');
  });

  it('CONT-4 (rev. 2, DAOS ds_sec_cont_can_delete): the ACL\'s DELETE is filtered by the pool handle\'s mode', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:rc', 'A::carol@:r'] });
    const alicePoh = d.connect(pool);
    const coh = d.open(alicePoh, d.container(alicePoh, { label: 'x' }));
    const bobRw = d.connect(pool, BOB); // CREATE_CONT, no DEL_CONT
    const bobRo = d.connect(pool, BOB, 'RO');
    const carolRo = d.connect(pool, CAROL, 'RO');
    const destroy = (poh: number) => d.code({ type: 'cont.destroy', poh, cont: 'x', force: true });
    // `d` alone: no read-side capability, so nothing survives the RW filter.
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::bob@:d', 'A::carol@:rwdtTaAo'] });
    expect(destroy(bobRw)).toBe('NO_PERM');
    // Through an RO pool handle DELETE never survives, whatever the ACL grants.
    expect(destroy(bobRo)).toBe('NO_PERM');
    expect(destroy(carolRo)).toBe('NO_PERM');
    // `t` + `d` (a read-side and a DELETE) is enough through RW, as `rd` is; DELETE counts as the write side.
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::bob@:td'] });
    expect(destroy(bobRo)).toBe('NO_PERM');
    expect(destroy(bobRw)).toBe('ok');
    // The owner's implicit `a` (ACL-10 step 5) is a read side: OWNER@ with `d` alone destroys through RW.
    const bobsOwn = d.container(bobRw, { acl: ['A::OWNER@:d'] });
    expect(d.code({ type: 'cont.destroy', poh: bobRo, cont: bobsOwn })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.destroy', poh: bobRw, cont: bobsOwn })).toBe('ok');
    // DEL_CONT on the pool handle needs no container ACL at all (EX handle: pool ACL `w` gives DEL_CONT).
    d.ok({ type: 'pool.disconnect', poh: bobRw });
    d.ok({ type: 'pool.disconnect', poh: bobRo });
    d.ok({ type: 'pool.disconnect', poh: carolRo });
    d.ok({ type: 'cont.close', coh });
    d.ok({ type: 'pool.disconnect', poh: alicePoh });
    const aliceEx = d.connect(pool, ALICE, 'EX');
    expect(d.code({ type: 'cont.destroy', poh: aliceEx, cont: d.container(aliceEx, { acl: ['A::EVERYONE@:r'] }) })).toBe('ok');
  });

  it('ERR-7 (rev. 2, DAOS CONT20): after a forced destroy, the first cont.close of each invalidated handle is ok, a second NO_HDL', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh);
    const a = d.open(poh, cont, 'RO');
    const b = d.open(d.connect(pool, BOB), cont, 'RO');
    const th = d.ok({ type: 'tx.open', coh: a });
    d.ok({ type: 'cont.destroy', poh, cont, force: true });
    expect(d.code({ type: 'cont.query', coh: a })).toBe('NO_HDL');
    expect(d.code({ type: 'tx.close', th })).toBe('NO_HDL'); // the exception is for cont.close only
    expect(d.code({ type: 'cont.close', coh: a })).toBe('ok');
    expect(d.code({ type: 'cont.close', coh: a })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.close', coh: b })).toBe('ok');
    expect(d.code({ type: 'cont.close', coh: b })).toBe('NO_HDL');
  });

  it('ERR-7 (section 25): only cont.destroy orphans handles; the close exception ends with the pool handle they came through', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const bobPoh = d.connect(pool, BOB);
    const cont = d.container(poh);
    const mine = d.open(poh, cont, 'RO');
    const bobs = d.open(bobPoh, cont, 'RO');
    d.ok({ type: 'cont.destroy', poh, cont, force: true });
    // Invalidated handles are not open: bob's pool handle disconnects (POOL-5), and takes the exception with it.
    expect(d.code({ type: 'pool.disconnect', poh: bobPoh })).toBe('ok');
    expect(d.code({ type: 'cont.close', coh: bobs })).toBe('NO_HDL');
    // pool.destroy invalidates every handle of the pool (POOL-7): no exception survives it.
    d.ok({ type: 'pool.destroy', pool, force: true, recursive: true });
    expect(d.code({ type: 'cont.close', coh: mine })).toBe('NO_HDL');
    // A handle invalidated by pool.destroy itself was never orphaned by cont.destroy.
    const pool2 = d.pool();
    const poh2 = d.connect(pool2);
    const coh2 = d.open(poh2, d.container(poh2));
    d.ok({ type: 'pool.destroy', pool: pool2, force: true, recursive: true });
    expect(d.code({ type: 'cont.close', coh: coh2 })).toBe('NO_HDL');
  });

  it('CONT-4: BUSY with any open handle unless force; force invalidates them and frees the label', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    const bobPoh = d.connect(pool, BOB);
    const cont = d.container(poh, { label: 'c0' });
    const bob = d.open(bobPoh, cont, 'RO');
    const th = d.ok({ type: 'tx.open', coh: bob });
    d.ok({ type: 'cont.setAttrs', coh: d.open(poh, cont), entries: [['k', { text: 'v' }]] });
    expect(d.code({ type: 'cont.destroy', poh, cont })).toBe('BUSY');
    expect(d.code({ type: 'cont.destroy', poh, cont: 'c0', force: true })).toBe('ok');
    expect(d.code({ type: 'cont.query', coh: bob })).toBe('NO_HDL');
    expect(d.code({ type: 'tx.abort', th })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.disconnect', poh: bobPoh })).toBe('ok');
    // The label is free; the new container has no attributes of the old one.
    const again = d.open(poh, d.container(poh, { label: 'c0' }));
    expect(d.ok({ type: 'cont.listAttrs', coh: again })).toEqual([]);
  });

  it('ERR-3: cont.destroy checks NO_HDL, NONEXIST, NO_PERM, then BUSY', () => {
    const d = driver();
    const { pool, poh, cont } = d.quickContainer();
    const carolPoh = d.connect(d.pool(CAROL), CAROL);
    expect(d.code({ type: 'cont.destroy', poh: 9999, cont: 'missing' })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.destroy', poh, cont: 'missing' })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.destroy', poh: carolPoh, cont })).toBe('NONEXIST'); // carol's pool
    const bobPoh = d.connect(pool, BOB, 'RO'); // RO keeps only READ; container ACL gives bob no d
    expect(d.code({ type: 'cont.destroy', poh: bobPoh, cont })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.destroy', poh, cont })).toBe('BUSY');
  });

  it('CONT-5: query returns open handles of all principals, live snapshots and the newest token', () => {
    const d = driver();
    const { pool, coh, cont } = d.quickContainer();
    const bob = d.open(d.connect(pool, BOB), cont, 'RO');
    expect(d.ok({ type: 'cont.query', coh: bob })).toEqual({ nhandles: 2, nsnapshots: 0, latestSnapshot: null });
    const t1 = d.ok({ type: 'snap.create', coh });
    const t2 = d.ok({ type: 'snap.create', coh });
    expect(d.ok({ type: 'cont.query', coh })).toEqual({ nhandles: 2, nsnapshots: 2, latestSnapshot: t2 });
    d.ok({ type: 'snap.destroy', coh, token: t2 });
    d.ok({ type: 'cont.close', coh: bob });
    expect(d.ok({ type: 'cont.query', coh })).toEqual({ nhandles: 1, nsnapshots: 1, latestSnapshot: t1 });
  });

  it('CONT-5: query and close need only a valid handle, and work while the pool is halted', () => {
    const d = driver(0);
    const pool = d.pool();
    const poh = d.connect(pool);
    const cont = d.container(poh, { acl: ['A::OWNER@:'] });
    const coh = d.open(poh, cont, 'RO'); // GET_ACL only
    d.ok({ type: 'fault.failNode', node: 0 });
    expect(d.ok({ type: 'cont.query', coh }).nhandles).toBe(1);
    expect(d.code({ type: 'cont.close', coh })).toBe('ok');
  });
});
