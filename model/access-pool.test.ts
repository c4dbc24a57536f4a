import { describe, expect, it } from 'vitest';
import { isUuidForm } from './resolve.ts';
import { ALICE, BOB, CAROL, ModelDriver } from './test-driver.ts';

/** Example tests for spec sections 5 (POOL) and 6 (LABEL), written from the rule text. */

function driver(nodes = 4): ModelDriver {
  const d = new ModelDriver();
  d.system(nodes, 2, 2);
  return d;
}

describe('pool.create (POOL-1..3)', () => {
  it('POOL-1: returns a new UUID-form id; the owner is owner.user and the owner group owner.groups[0]', () => {
    const d = driver();
    const p1 = d.pool({ user: 'alice@', groups: ['ops@', 'lab@'] });
    const p2 = d.pool();
    expect(isUuidForm(p1)).toBe(true);
    expect(p2).not.toBe(p1);
    // Default ACL (POOL-3) grants GROUP@: the owner group is ops@ (groups[0]), not lab@.
    expect(d.code({ type: 'pool.connect', pool: p1, principal: CAROL, mode: 'RW' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool: p1, principal: BOB, mode: 'RW' })).toBe('NO_PERM');
  });

  it('POOL-1: only rd_fac and ec_cell_sz are accepted as pool properties', () => {
    const d = driver();
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['cksum', 'crc32']] })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['rd_lvl', 2]] })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['bogus', 1]] })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 1], ['ec_cell_sz', 8192]] })).toBe('ok');
  });

  it('ACL-15: pool.create with an invalid owner principal is INVAL', () => {
    const d = driver();
    expect(d.code({ type: 'pool.create', owner: { user: 'alice', groups: ['lab@'] } })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: { user: 'alice@', groups: [] } })).toBe('INVAL');
  });

  it('POOL-2: rd_fac is 0..4 and rd_fac + 1 must not exceed the node count', () => {
    const d = driver(4);
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 3]] })).toBe('ok');
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 4]] })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', -1]] })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 1.5]] })).toBe('INVAL');
    const big = driver(8);
    expect(big.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 4]] })).toBe('ok');
    expect(big.code({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 5]] })).toBe('INVAL');
  });

  it('POOL-2: ec_cell_sz lies in 4096..1048576 and is a multiple of 32', () => {
    const d = driver();
    for (const ok of [4096, 4128, 65536, 1048576]) expect(d.code({ type: 'pool.create', owner: ALICE, props: [['ec_cell_sz', ok]] })).toBe('ok');
    for (const bad of [0, 4064, 4095, 4100, 1048608, 'big']) {
      expect(d.code({ type: 'pool.create', owner: ALICE, props: [['ec_cell_sz', bad]] })).toBe('INVAL');
    }
  });

  it('POOL-2: defaults are rd_fac 0 and ec_cell_sz 65536 (seen through container inheritance, PROP-3)', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    expect(d.ok({ type: 'cont.getProps', coh, names: ['rd_fac', 'ec_cell_sz'] })).toEqual({ rd_fac: 0, ec_cell_sz: 65536 });
    const pool = d.pool(ALICE, { props: [['rd_fac', 2], ['ec_cell_sz', 8192]] });
    const poh = d.connect(pool);
    const c2 = d.open(poh, d.container(poh));
    expect(d.ok({ type: 'cont.getProps', coh: c2, names: ['rd_fac', 'ec_cell_sz'] })).toEqual({ rd_fac: 2, ec_cell_sz: 8192 });
  });

  it('POOL-3: the default ACL is A::OWNER@:rw, A:G:GROUP@:rw', () => {
    const d = driver();
    const pool = d.pool();
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RW' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RW' })).toBe('ok'); // bob is in lab@
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('NO_PERM');
  });

  it('POOL-3: an acl given at create replaces the default entirely', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::EVERYONE@:r'] });
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.create', owner: ALICE, acl: [] })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, acl: ['A::GROUP@:r'] })).toBe('INVAL');
  });

  it('ACL-5: permission letters meaningless for a pool (T, o) are accepted and ignored', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rTo'] });
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RW' })).toBe('NO_PERM');
  });
});

describe('pool.connect (POOL-4, ACL-12)', () => {
  it('POOL-4: mode must be exactly RO, RW or EX; an unknown pool is NONEXIST', () => {
    const d = driver();
    const pool = d.pool();
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'rw' })).toBe('INVAL');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'WO' })).toBe('INVAL');
    expect(d.code({ type: 'pool.connect', pool: 'nosuchpool', principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
  });

  it('ERR-3: argument validation (step 1) precedes existence (step 2) precedes permission (step 4)', () => {
    const d = driver();
    const pool = d.pool();
    expect(d.code({ type: 'pool.connect', pool: 'nosuchpool', principal: ALICE, mode: 'XX' })).toBe('INVAL');
    expect(d.code({ type: 'pool.connect', pool: 'nosuchpool', principal: { user: 'x', groups: [] }, mode: 'RO' })).toBe('INVAL');
    expect(d.code({ type: 'pool.connect', pool: 'nosuchpool', principal: CAROL, mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('NO_PERM');
  });

  it('ACL-12: RO needs r or t; RW and EX need r or t and one of w, c, d', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::bob@:t', 'A::carol@:rc', 'A::dave@:d'] });
    const DAVE = { user: 'dave@', groups: ['x@'] };
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RW' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: DAVE, mode: 'RO' })).toBe('NO_PERM');
  });

  it('ACL-12: RO keeps only READ, so an RO pool handle cannot create containers', () => {
    const d = driver();
    const pool = d.pool();
    const ro = d.connect(pool, ALICE, 'RO');
    expect(d.code({ type: 'cont.create', poh: ro })).toBe('NO_PERM');
  });

  it('ACL-12: CREATE_CONT from w or c; DEL_CONT from w or d', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:rc', 'A::carol@:rd'] });
    const alice = d.connect(pool, ALICE, 'RW');
    const bob = d.connect(pool, BOB, 'RW');
    const carol = d.connect(pool, CAROL, 'RW');
    const c1 = d.container(bob);
    expect(d.code({ type: 'cont.create', poh: carol })).toBe('NO_PERM');
    // carol holds DEL_CONT although the container ACL gives her nothing (CONT-4).
    expect(d.code({ type: 'cont.destroy', poh: carol, cont: c1 })).toBe('ok');
    const c2 = d.container(alice);
    expect(d.code({ type: 'cont.destroy', poh: bob, cont: c2 })).toBe('NO_PERM');
  });

  it('ACL-15: pool.connect with an invalid principal is INVAL', () => {
    const d = driver();
    const pool = d.pool();
    expect(d.code({ type: 'pool.connect', pool, principal: { user: 'bob@', groups: [] }, mode: 'RO' })).toBe('INVAL');
    expect(d.code({ type: 'pool.connect', pool, principal: { user: '@lab', groups: ['lab@'] }, mode: 'RO' })).toBe('INVAL');
  });

  it('POOL-4: EX while any other handle exists, or any connect while an EX handle exists, is BUSY', () => {
    const d = driver();
    const pool = d.pool();
    const ro = d.connect(pool, ALICE, 'RO');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'EX' })).toBe('BUSY');
    d.ok({ type: 'pool.disconnect', poh: ro });
    const ex = d.connect(pool, ALICE, 'EX');
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RO' })).toBe('BUSY');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'EX' })).toBe('BUSY');
    d.ok({ type: 'pool.disconnect', poh: ex });
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RO' })).toBe('ok');
  });

  it('ERR-3: NO_PERM (step 4) precedes BUSY (step 7) at connect', () => {
    const d = driver();
    const pool = d.pool();
    d.connect(pool, ALICE, 'EX');
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('NO_PERM');
  });

  it('POOL-4: connect works while the pool is halted (HALT-4 lists no pool client op)', () => {
    const d = new ModelDriver();
    d.system(4, 1, 1, 0); // poolRf 0: any node failure is refused, leaving dead targets
    const pool = d.pool();
    d.ok({ type: 'fault.failNode', node: 0 });
    expect(d.ok({ type: 'pool.query', pool }).deadRanks).toEqual([0]);
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RW' })).toBe('ok');
  });
});

describe('pool.disconnect and listContainers (POOL-5, POOL-6)', () => {
  it('POOL-5: disconnect is BUSY while container handles opened through it remain open', () => {
    const d = driver();
    const { poh, coh, pool } = d.quickContainer();
    const other = d.connect(pool);
    expect(d.code({ type: 'pool.disconnect', poh })).toBe('BUSY');
    expect(d.code({ type: 'pool.disconnect', poh: other })).toBe('ok'); // its own handle has none open
    d.ok({ type: 'cont.close', coh });
    expect(d.code({ type: 'pool.disconnect', poh })).toBe('ok');
  });

  it('ERR-7: a disconnected or never-issued pool handle is NO_HDL in every later use', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    d.ok({ type: 'pool.disconnect', poh });
    expect(d.code({ type: 'pool.disconnect', poh })).toBe('NO_HDL');
    expect(d.code({ type: 'pool.listContainers', poh })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.create', poh })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.open', poh, cont: 'c0', mode: 'RO' })).toBe('NO_HDL');
    expect(d.code({ type: 'pool.listContainers', poh: 9999 })).toBe('NO_HDL');
  });

  it('POOL-6: listContainers returns every container as {id, label}, the sentinel for an unset label', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    expect(d.ok({ type: 'pool.listContainers', poh })).toEqual([]);
    const a = d.container(poh, { label: 'alpha' });
    const b = d.container(poh);
    const list = d.ok({ type: 'pool.listContainers', poh });
    expect([...list].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [{ id: a, label: 'alpha' }, { id: b, label: 'container_label_not_set' }].sort((x, y) => x.id.localeCompare(y.id)),
    );
    // Another pool's containers are not listed.
    const poh2 = d.connect(d.pool());
    expect(d.ok({ type: 'pool.listContainers', poh: poh2 })).toEqual([]);
  });
});

describe('pool.destroy (POOL-7)', () => {
  it('POOL-7: BUSY if containers exist without recursive, BUSY if handles are open without force', () => {
    const d = driver();
    const pool = d.pool();
    const poh = d.connect(pool);
    d.container(poh);
    expect(d.code({ type: 'pool.destroy', pool })).toBe('BUSY');
    expect(d.code({ type: 'pool.destroy', pool, force: true })).toBe('BUSY');
    expect(d.code({ type: 'pool.destroy', pool, recursive: true })).toBe('BUSY');
    expect(d.code({ type: 'pool.destroy', pool, recursive: true, force: true })).toBe('ok');
  });

  it('POOL-7: an empty pool with no handles is destroyed without flags; unknown pools are NONEXIST', () => {
    const d = driver();
    const pool = d.pool(ALICE, { label: 'tank' });
    expect(d.code({ type: 'pool.destroy', pool: 'tank' })).toBe('ok');
    expect(d.code({ type: 'pool.destroy', pool })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.connect', pool: 'tank', principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
    // The label is free again (LABEL-4).
    expect(d.code({ type: 'pool.create', owner: ALICE, label: 'tank' })).toBe('ok');
  });

  it('POOL-7: on success every pool, container and transaction handle of the pool becomes invalid (ERR-7)', () => {
    const d = driver();
    const { pool, poh, coh } = d.quickContainer();
    const th = d.ok({ type: 'tx.open', coh });
    const otherPool = d.pool();
    const otherPoh = d.connect(otherPool);
    d.ok({ type: 'pool.destroy', pool, force: true, recursive: true });
    expect(d.code({ type: 'pool.listContainers', poh })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.query', coh })).toBe('NO_HDL');
    expect(d.code({ type: 'tx.close', th })).toBe('NO_HDL');
    expect(d.code({ type: 'pool.listContainers', poh: otherPoh })).toBe('ok');
  });
});

describe('labels (LABEL-1..5)', () => {
  it('LABEL-1: 1..127 characters of ASCII letters, digits, . _ : -', () => {
    const d = driver();
    expect(d.code({ type: 'pool.create', owner: ALICE, label: 'a.B_9:-z' })).toBe('ok');
    expect(d.code({ type: 'pool.create', owner: ALICE, label: 'x'.repeat(127) })).toBe('ok');
    for (const bad of ['', 'x'.repeat(128), 'has space', 'slash/x', 'üml', 'a@b']) {
      expect(d.code({ type: 'pool.create', owner: ALICE, label: bad })).toBe('INVAL');
    }
    const poh = d.connect(d.pool());
    expect(d.code({ type: 'cont.create', poh, label: 'bad label' })).toBe('INVAL');
  });

  it('LABEL-2: a label of UUID form (either case) is INVAL', () => {
    const d = driver();
    const poh = d.connect(d.pool());
    const uuid = '12345678-9abc-def0-1234-56789abcdef0';
    expect(d.code({ type: 'pool.create', owner: ALICE, label: uuid })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, label: uuid.toUpperCase() })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh, label: uuid })).toBe('INVAL');
    expect(d.code({ type: 'pool.create', owner: ALICE, label: '12345678-9abc-def0-1234-56789abcdef' })).toBe('ok');
  });

  it('LABEL-3: the sentinels are INVAL as labels, and an unset label reads back as the sentinel', () => {
    const d = driver();
    const poh = d.connect(d.pool());
    expect(d.code({ type: 'pool.create', owner: ALICE, label: 'pool_label_not_set' })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh, label: 'container_label_not_set' })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh, props: [['label', 'container_label_not_set']] })).toBe('INVAL');
    const coh = d.open(poh, d.container(poh));
    expect(d.ok({ type: 'cont.getProps', coh, names: ['label'] })).toEqual({ label: 'container_label_not_set' });
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'container_label_not_set']] })).toBe('INVAL');
  });

  it('LABEL-4: pool labels are unique in the system; container labels unique within a pool', () => {
    const d = driver();
    const p1 = d.pool(ALICE, { label: 'tank' });
    expect(d.code({ type: 'pool.create', owner: BOB, label: 'tank' })).toBe('EXIST');
    const poh1 = d.connect(p1);
    d.container(poh1, { label: 'c0' });
    expect(d.code({ type: 'cont.create', poh: poh1, label: 'c0' })).toBe('EXIST');
    expect(d.code({ type: 'cont.create', poh: poh1, props: [['label', 'c0']] })).toBe('EXIST');
    const poh2 = d.connect(d.pool(ALICE, { label: 'tank2' }));
    expect(d.code({ type: 'cont.create', poh: poh2, label: 'c0' })).toBe('ok'); // another pool
  });

  it('LABEL-5: a UUID-form argument is looked up as an id (either case), anything else as a label', () => {
    const d = driver();
    const pool = d.pool(ALICE, { label: 'tank' });
    expect(d.code({ type: 'pool.connect', pool: pool.toUpperCase(), principal: ALICE, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool: 'tank', principal: ALICE, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool: 'Tank', principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.connect', pool: '00000000-0000-4000-8000-000000000000', principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
    const poh = d.connect(pool);
    const cont = d.container(poh, { label: 'c0' });
    expect(d.code({ type: 'cont.open', poh, cont: 'c0', mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'cont.open', poh, cont: cont.toUpperCase(), mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'cont.open', poh, cont: 'c1', mode: 'RO' })).toBe('NONEXIST');
  });

  it('LABEL-5 (section 25, DAOS dc_pool_connect, dc_cont_open, dc_cont_destroy): a reference of neither UUID form nor label syntax is INVAL at step 1', () => {
    const d = driver();
    const pool = d.pool(ALICE, { label: 'tank' });
    const poh = d.connect(pool);
    d.container(poh, { label: 'c0' });
    for (const bad of ['no such label', '', 'x'.repeat(128), 'tank!', 'é', 'a/b']) {
      expect(d.code({ type: 'pool.connect', pool: bad, principal: ALICE, mode: 'RO' })).toBe('INVAL');
      expect(d.code({ type: 'pool.query', pool: bad })).toBe('INVAL');
      expect(d.code({ type: 'pool.getAcl', pool: bad })).toBe('INVAL');
      expect(d.code({ type: 'pool.getProps', pool: bad })).toBe('INVAL');
      expect(d.code({ type: 'pool.destroy', pool: bad })).toBe('INVAL');
      expect(d.code({ type: 'cont.open', poh, cont: bad, mode: 'RO' })).toBe('INVAL');
      expect(d.code({ type: 'cont.destroy', poh, cont: bad })).toBe('INVAL');
      expect(d.code({ type: 'fault.corrupt', cont: bad, rank: 0, target: 0 })).toBe('INVAL');
    }
    // Step 1 comes before the pool handle (step 2): DAOS validates the string before dc_hdl2pool.
    expect(d.code({ type: 'cont.open', poh: 999, cont: 'bad label', mode: 'RO' })).toBe('INVAL');
    expect(d.code({ type: 'cont.destroy', poh: 999, cont: 'bad label' })).toBe('INVAL');
    expect(d.code({ type: 'cont.open', poh: 999, cont: 'fine', mode: 'RO' })).toBe('NO_HDL');
    // A valid label that matches nothing, the LABEL-3 sentinels included (daos_label_is_valid accepts
    // them), is looked up and NONEXIST; a 127-character label is still a label.
    for (const absent of ['pool_label_not_set', 'container_label_not_set', 'l'.repeat(127), 'a.b_c:d-e', '12345678-1234-1234-1234-12345678zzzz']) {
      expect(d.code({ type: 'pool.connect', pool: absent, principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
      expect(d.code({ type: 'cont.open', poh, cont: absent, mode: 'RO' })).toBe('NONEXIST');
      expect(d.code({ type: 'cont.destroy', poh, cont: absent })).toBe('NONEXIST');
    }
  });

  it('ERR-2: a failed pool.create changes no state', () => {
    const d = driver();
    d.pool(ALICE, { label: 'tank' });
    const before = d.state;
    expect(d.code({ type: 'pool.create', owner: BOB, label: 'tank' })).toBe('EXIST');
    expect(d.state).toEqual(before);
  });
});
