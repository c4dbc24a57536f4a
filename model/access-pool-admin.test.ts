import { describe, expect, it } from 'vitest';
import { expandPayload } from '../contract/index.ts';
import { ALICE, BOB, CAROL, ModelDriver } from './test-driver.ts';

/**
 * Example tests for spec revision 2's pool operations after create: the pool ACL (POOL-8),
 * pool properties (POOL-9) and pool attributes through a pool handle (POOL-10), with the section 22
 * and 23 rows they add and the interpretations of docs/semantics.md section 25.
 */

const text = (s: string) => new TextEncoder().encode(s);

function driver(poolRf?: number): ModelDriver {
  const d = new ModelDriver();
  d.system(4, 2, 2, poolRf);
  return d;
}

/** Halts every pool: three nodes fail with poolRf 0 (HALT-1, HALT-2). */
function halt(d: ModelDriver): void {
  d.ok({ type: 'fault.failNode', node: 0 });
  expect(d.state.pools.every((p) => p.dead.some(Boolean))).toBe(true);
}

describe('pool ACL after create (POOL-8)', () => {
  it('POOL-8: pool.getAcl returns {aces, owner, group} as ACL-7, by id or label; an unknown pool is NONEXIST', () => {
    const d = driver();
    const pool = d.pool({ user: 'alice@', groups: ['lab@', 'ops@'] }, { label: 'tank' });
    const expected = { aces: ['A::OWNER@:rw', 'A:G:GROUP@:rw'], owner: 'alice@', group: 'lab@' }; // POOL-1, POOL-3
    expect(d.ok({ type: 'pool.getAcl', pool })).toEqual(expected);
    expect(d.ok({ type: 'pool.getAcl', pool: 'tank' })).toEqual(expected);
    expect(d.code({ type: 'pool.getAcl', pool: 'nope' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.getAcl', pool: '00000000-0001-4000-8000-0000000000ff' })).toBe('NONEXIST');
  });

  it('POOL-8, ACL-8: overwriteAcl replaces the whole ACL, stored in canonical order (ACL-7)', () => {
    const d = driver();
    const pool = d.pool();
    d.ok({ type: 'pool.overwriteAcl', pool, aces: ['A::EVERYONE@:r', 'A:G:ops@:rw', 'A::bob@:rw', 'A::OWNER@:rw'] });
    expect(d.ok({ type: 'pool.getAcl', pool }).aces).toEqual(['A::OWNER@:rw', 'A::bob@:rw', 'A:G:ops@:rw', 'A::EVERYONE@:r']);
  });

  it('POOL-8, ACL-8: updateAcl replaces an entry in place and appends others at the end of their kind', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:r', 'A:G:GROUP@:r'] });
    d.ok({ type: 'pool.updateAcl', pool, aces: ['A::carol@:rw', 'A::bob@:rwc', 'A::EVERYONE@:t'] });
    expect(d.ok({ type: 'pool.getAcl', pool }).aces).toEqual(['A::OWNER@:rw', 'A::bob@:rwc', 'A::carol@:rw', 'A:G:GROUP@:r', 'A::EVERYONE@:t']);
  });

  it('POOL-8, ACL-9: deleteAcl removes the named entry; an absent entry is NONEXIST; other forms INVAL', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:r', 'A:G:ops@:r'] });
    d.ok({ type: 'pool.deleteAcl', pool, principal: 'u:bob@' });
    d.ok({ type: 'pool.deleteAcl', pool, principal: 'g:ops@' });
    expect(d.ok({ type: 'pool.getAcl', pool }).aces).toEqual(['A::OWNER@:rw']);
    expect(d.code({ type: 'pool.deleteAcl', pool, principal: 'u:bob@' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.deleteAcl', pool, principal: 'GROUP@' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.deleteAcl', pool, principal: 'bob@' })).toBe('INVAL');
    d.ok({ type: 'pool.deleteAcl', pool, principal: 'OWNER@' });
    expect(d.ok({ type: 'pool.getAcl', pool }).aces).toEqual([]);
  });

  it('POOL-8, ACL-1..6: supplied lists must be valid; an update whose merged ACL is too large is INVAL and changes nothing', () => {
    const d = driver();
    const pool = d.pool();
    for (const aces of [[], ['A::bob@:r', 'A::bob@:w'], ['A::bob@:q'], ['A::GROUP@:r'], ['A:S:bob@:r'], ['A:bob@:r']]) {
      expect(d.code({ type: 'pool.overwriteAcl', pool, aces })).toBe('INVAL');
      expect(d.code({ type: 'pool.updateAcl', pool, aces })).toBe('INVAL');
    }
    // Each ACE with a 200-character name encodes to 32 + 208 bytes (ACL-6): 273 of them exceed 65536.
    const names = (from: number, n: number) => Array.from({ length: n }, (_, i) => `A::${`u${from + i}`.padEnd(199, 'x')}@:r`);
    d.ok({ type: 'pool.updateAcl', pool, aces: names(0, 200) });
    expect(d.code({ type: 'pool.updateAcl', pool, aces: names(200, 80) })).toBe('INVAL');
    expect(d.ok({ type: 'pool.getAcl', pool }).aces.length).toBe(202);
  });

  it('ERR-3 (section 25): the pool ACL operations check arguments (step 1) before the pool (step 2), then the entry (step 7)', () => {
    const d = driver();
    const pool = d.pool();
    expect(d.code({ type: 'pool.overwriteAcl', pool: 'nope', aces: ['A::bob@:q'] })).toBe('INVAL');
    expect(d.code({ type: 'pool.overwriteAcl', pool: 'nope', aces: ['A::bob@:r'] })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.updateAcl', pool: 'nope', aces: [] })).toBe('INVAL');
    expect(d.code({ type: 'pool.deleteAcl', pool: 'nope', principal: 'x' })).toBe('INVAL');
    expect(d.code({ type: 'pool.deleteAcl', pool: 'nope', principal: 'u:bob@' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.deleteAcl', pool, principal: 'u:bob@' })).toBe('NONEXIST');
  });

  it('POOL-8, ACL-14: a change affects later connects only', () => {
    const d = driver();
    const pool = d.pool();
    const alice = d.connect(pool); // RW: CREATE_CONT and DEL_CONT from `w` (ACL-12)
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('NO_PERM');
    d.ok({ type: 'pool.overwriteAcl', pool, aces: ['A::OWNER@:r', 'A::carol@:r'] });
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.create', poh: alice })).toBe('ok'); // the old handle keeps CREATE_CONT
  });

  it('POOL-8 (section 25): OWNER@ and GROUP@ in a pool ACL denote the pool owner and owner group (POOL-1)', () => {
    const d = driver();
    const pool = d.pool(BOB); // owner bob@, owner group lab@
    d.ok({ type: 'pool.overwriteAcl', pool, aces: ['A::OWNER@:rw', 'A:G:GROUP@:r'] });
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RW' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RW' })).toBe('NO_PERM'); // lab@: r only
    expect(d.code({ type: 'pool.connect', pool, principal: ALICE, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'pool.connect', pool, principal: CAROL, mode: 'RO' })).toBe('NO_PERM');
    // No container rule applies to pools: the pool owner gets no implicit `a`/`A` (ACL-10 step 5).
    d.ok({ type: 'pool.deleteAcl', pool, principal: 'OWNER@' });
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RW' })).toBe('NO_PERM');
  });

  it('POOL-8, section 23: administrator operations need no handle or permission and ignore halt', () => {
    const d = driver(0);
    const pool = d.pool(CAROL, { acl: ['A::OWNER@:r'] });
    halt(d);
    d.ok({ type: 'pool.updateAcl', pool, aces: ['A::bob@:rw'] });
    expect(d.ok({ type: 'pool.getAcl', pool }).aces).toEqual(['A::OWNER@:r', 'A::bob@:rw']);
    expect(d.code({ type: 'pool.connect', pool, principal: BOB, mode: 'RW' })).toBe('ok');
  });
});

describe('pool properties after create (POOL-9)', () => {
  it('POOL-9: getProps without names returns label, rd_fac, ec_cell_sz, owner and group', () => {
    const d = driver();
    const plain = d.pool({ user: 'alice@', groups: ['lab@', 'ops@'] });
    expect(d.ok({ type: 'pool.getProps', pool: plain })).toEqual({
      label: 'pool_label_not_set', // LABEL-3
      rd_fac: 0, // POOL-2 defaults
      ec_cell_sz: 65536,
      owner: 'alice@', // POOL-1
      group: 'lab@',
    });
    d.pool(BOB, { label: 'tank', props: [['rd_fac', 2], ['ec_cell_sz', 8192]] });
    expect(d.ok({ type: 'pool.getProps', pool: 'tank' })).toEqual({ label: 'tank', rd_fac: 2, ec_cell_sz: 8192, owner: 'bob@', group: 'lab@' });
    expect(d.ok({ type: 'pool.getProps', pool: 'tank', names: ['group', 'rd_fac'] })).toEqual({ group: 'lab@', rd_fac: 2 });
  });

  it('POOL-9: an unknown name is INVAL (section 25: so are an empty list and duplicates), checked before the pool', () => {
    const d = driver();
    const pool = d.pool();
    for (const names of [['acl'], ['status'], ['label', 'nope'], [], ['label', 'label']]) {
      expect(d.code({ type: 'pool.getProps', pool, names })).toBe('INVAL');
    }
    expect(d.code({ type: 'pool.getProps', pool: 'nope', names: ['nope'] })).toBe('INVAL');
    expect(d.code({ type: 'pool.getProps', pool: 'nope' })).toBe('NONEXIST');
  });

  it('POOL-9, LABEL-4, LABEL-5: setProps changes the label; the new one resolves, the old one is free', () => {
    const d = driver();
    const pool = d.pool(ALICE, { label: 'old' });
    d.ok({ type: 'pool.setProps', pool: 'old', entries: [['label', 'new']] });
    expect(d.ok({ type: 'pool.getProps', pool, names: ['label'] })).toEqual({ label: 'new' });
    expect(d.code({ type: 'pool.connect', pool: 'old', principal: ALICE, mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.connect', pool: 'new', principal: ALICE, mode: 'RO' })).toBe('ok');
    d.pool(ALICE, { label: 'old' });
    expect(d.code({ type: 'pool.setProps', pool, entries: [['label', 'old']] })).toBe('EXIST');
    const before = d.state;
    expect(d.code({ type: 'pool.setProps', pool, entries: [['label', 'new']] })).toBe('ok'); // its own label
    expect(d.state).toEqual(before);
  });

  it('POOL-9: rd_fac and ec_cell_sz are NO_PERM; with a label in the same call nothing is applied (ERR-2)', () => {
    const d = driver();
    const pool = d.pool(ALICE, { label: 'keep' });
    expect(d.code({ type: 'pool.setProps', pool, entries: [['rd_fac', 1]] })).toBe('NO_PERM');
    expect(d.code({ type: 'pool.setProps', pool, entries: [['ec_cell_sz', 8192]] })).toBe('NO_PERM');
    expect(d.code({ type: 'pool.setProps', pool, entries: [['label', 'other'], ['rd_fac', 0]] })).toBe('NO_PERM');
    expect(d.ok({ type: 'pool.getProps', pool })).toMatchObject({ label: 'keep', rd_fac: 0, ec_cell_sz: 65536 });
  });

  it('POOL-9 (section 25): owner and group are INVAL in setProps, like unknown names, duplicates and an empty list', () => {
    const d = driver();
    const pool = d.pool();
    const invalid = [
      [['owner', 'bob@']], [['group', 'ops@']], [['label', 'x'], ['owner', 'bob@']], [['nope', 1]], [['acl', ['A::bob@:r']]],
      [], [['label', 'a'], ['label', 'b']],
    ] as const;
    for (const entries of invalid) expect(d.code({ type: 'pool.setProps', pool, entries })).toBe('INVAL');
    expect(d.ok({ type: 'pool.getProps', pool, names: ['owner', 'group'] })).toEqual({ owner: 'alice@', group: 'lab@' });
  });

  it('POOL-9, LABEL-1..3, POOL-2 (section 25): values are checked at step 1, before NO_PERM', () => {
    const d = driver();
    const pool = d.pool();
    for (const label of ['bad label', '', 'x'.repeat(128), '12345678-1234-1234-1234-123456789abc', 'pool_label_not_set', 'container_label_not_set', 7]) {
      expect(d.code({ type: 'pool.setProps', pool, entries: [['label', label as string]] })).toBe('INVAL');
    }
    expect(d.code({ type: 'pool.setProps', pool, entries: [['rd_fac', 5]] })).toBe('INVAL');
    expect(d.code({ type: 'pool.setProps', pool, entries: [['ec_cell_sz', 4000]] })).toBe('INVAL');
  });

  it('ERR-3: pool.setProps runs INVAL (1), NONEXIST (2), NO_PERM (4), then EXIST (7)', () => {
    const d = driver();
    const pool = d.pool(ALICE, { label: 'mine' });
    d.pool(ALICE, { label: 'taken' });
    expect(d.code({ type: 'pool.setProps', pool: 'nope', entries: [['owner', 'bob@']] })).toBe('INVAL');
    expect(d.code({ type: 'pool.setProps', pool: 'nope', entries: [['rd_fac', 1]] })).toBe('NONEXIST');
    expect(d.code({ type: 'pool.setProps', pool, entries: [['label', 'taken'], ['rd_fac', 1]] })).toBe('NO_PERM');
    expect(d.code({ type: 'pool.setProps', pool, entries: [['label', 'taken']] })).toBe('EXIST');
  });

  it('POOL-9, section 23: administrator operations, unaffected by halt', () => {
    const d = driver(0);
    const pool = d.pool(CAROL);
    halt(d);
    d.ok({ type: 'pool.setProps', pool, entries: [['label', 'renamed']] });
    expect(d.ok({ type: 'pool.getProps', pool: 'renamed', names: ['label', 'owner'] })).toEqual({ label: 'renamed', owner: 'carol@' });
  });
});

describe('pool attributes through a pool handle (POOL-10)', () => {
  it('POOL-10, ATTR-1..4: set, get, delete and list pool attributes', () => {
    const d = driver();
    const poh = d.connect(d.pool());
    d.ok({ type: 'pool.setAttrs', poh, entries: [['a', { text: 'one' }], ['b', { hex: '00ff' }]] });
    d.ok({ type: 'pool.setAttrs', poh, entries: [['a', { text: 'uno' }], ['c', { seed: 3, length: 4 }]] });
    expect(d.ok({ type: 'pool.getAttrs', poh, names: ['c', 'missing', 'a'] })).toEqual([expandPayload({ seed: 3, length: 4 }), null, text('uno')]);
    expect(d.code({ type: 'pool.getAttrs', poh, names: ['missing', 'gone'] })).toBe('NONEXIST');
    expect([...d.ok({ type: 'pool.listAttrs', poh })].sort()).toEqual(['a', 'b', 'c']);
    d.ok({ type: 'pool.delAttrs', poh, names: ['b', 'missing'] });
    expect(d.code({ type: 'pool.delAttrs', poh, names: ['b', 'missing'] })).toBe('NONEXIST');
    expect([...d.ok({ type: 'pool.listAttrs', poh })].sort()).toEqual(['a', 'c']);
  });

  it('POOL-10, ATTR-1..3: the argument rules of the container operations, UTF-8 bytes included; atomic (ERR-2)', () => {
    const d = driver();
    const poh = d.connect(d.pool());
    for (const entries of [[], [['', { text: 'v' }]], [['é'.repeat(256), { text: 'v' }]], [['k', { text: '' }]], [['k', { text: 'a' }], ['k', { text: 'b' }]]] as const) {
      expect(d.code({ type: 'pool.setAttrs', poh, entries })).toBe('INVAL');
    }
    expect(d.code({ type: 'pool.setAttrs', poh, entries: [['good', { text: 'v' }], ['', { text: 'v' }]] })).toBe('INVAL');
    expect(d.ok({ type: 'pool.listAttrs', poh })).toEqual([]);
    for (const names of [[], [''], ['n'.repeat(512)]]) {
      expect(d.code({ type: 'pool.getAttrs', poh, names })).toBe('INVAL');
      expect(d.code({ type: 'pool.delAttrs', poh, names })).toBe('INVAL');
    }
  });

  it('POOL-10, section 23: setAttrs and delAttrs need a handle connected RW or EX; getAttrs and listAttrs any valid handle', () => {
    const d = driver();
    const pool = d.pool();
    const rw = d.connect(pool);
    const ro = d.connect(pool, BOB, 'RO');
    d.ok({ type: 'pool.setAttrs', poh: rw, entries: [['k', { text: 'v' }]] });
    expect(d.code({ type: 'pool.setAttrs', poh: ro, entries: [['k', { text: 'w' }]] })).toBe('NO_PERM');
    expect(d.code({ type: 'pool.delAttrs', poh: ro, names: ['k'] })).toBe('NO_PERM');
    expect(d.ok({ type: 'pool.getAttrs', poh: ro, names: ['k'] })).toEqual([text('v')]);
    expect(d.ok({ type: 'pool.listAttrs', poh: ro })).toEqual(['k']);
    d.ok({ type: 'pool.disconnect', poh: ro });
    d.ok({ type: 'pool.disconnect', poh: rw });
    const ex = d.connect(pool, ALICE, 'EX');
    d.ok({ type: 'pool.delAttrs', poh: ex, names: ['k'] });
    expect(d.ok({ type: 'pool.listAttrs', poh: ex })).toEqual([]);
  });

  it('ERR-3, ERR-7: INVAL (1) before NO_HDL (2) before NO_PERM (4) before NONEXIST (7); a disconnected handle is NO_HDL', () => {
    const d = driver();
    const pool = d.pool();
    const ro = d.connect(pool, ALICE, 'RO');
    expect(d.code({ type: 'pool.setAttrs', poh: 9999, entries: [['', { text: 'v' }]] })).toBe('INVAL');
    expect(d.code({ type: 'pool.setAttrs', poh: 9999, entries: [['k', { text: 'v' }]] })).toBe('NO_HDL');
    expect(d.code({ type: 'pool.delAttrs', poh: ro, names: ['missing'] })).toBe('NO_PERM');
    const rw = d.connect(pool);
    expect(d.code({ type: 'pool.delAttrs', poh: rw, names: ['missing'] })).toBe('NONEXIST');
    d.ok({ type: 'pool.disconnect', poh: rw });
    for (const op of [
      { type: 'pool.setAttrs', poh: rw, entries: [['k', { text: 'v' }]] },
      { type: 'pool.getAttrs', poh: rw, names: ['k'] },
      { type: 'pool.delAttrs', poh: rw, names: ['k'] },
      { type: 'pool.listAttrs', poh: rw },
    ] as const) expect(d.code(op)).toBe('NO_HDL');
  });

  it('POOL-10: attributes belong to the pool: shared by its handles, apart from other pools and from container attributes', () => {
    const d = driver();
    const pool = d.pool();
    const a = d.connect(pool);
    const b = d.connect(pool, BOB);
    const other = d.connect(d.pool());
    d.ok({ type: 'pool.setAttrs', poh: a, entries: [['k', { text: 'pool' }]] });
    expect(d.ok({ type: 'pool.getAttrs', poh: b, names: ['k'] })).toEqual([text('pool')]);
    expect(d.ok({ type: 'pool.listAttrs', poh: other })).toEqual([]);
    const coh = d.open(a, d.container(a));
    expect(d.ok({ type: 'cont.listAttrs', coh })).toEqual([]);
    d.ok({ type: 'cont.setAttrs', coh, entries: [['c', { text: 'cont' }]] });
    expect(d.ok({ type: 'pool.listAttrs', poh: a })).toEqual(['k']);
  });

  it('POOL-10, ATTR-5: unaffected by halt and by any container\'s health; gone with the pool (POOL-7)', () => {
    const d = driver(0);
    const pool = d.pool(ALICE, { label: 'p' });
    const poh = d.connect(pool);
    const coh = d.open(poh, d.container(poh));
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0], force: true }); // rd_fac 0: UNCLEAN (RF-3)
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toMatchObject({ status: { status: 'UNCLEAN' } });
    d.ok({ type: 'pool.setAttrs', poh, entries: [['k', { text: 'v' }]] });
    d.ok({ type: 'fault.failNode', node: 3 }); // refused exclusion: the pool halts (HALT-2)
    expect(d.ok({ type: 'pool.query', pool }).deadRanks.length).toBeGreaterThan(0);
    expect(d.ok({ type: 'pool.getAttrs', poh, names: ['k'] })).toEqual([text('v')]);
    d.ok({ type: 'pool.setAttrs', poh, entries: [['k2', { text: 'w' }]] });
    d.ok({ type: 'pool.delAttrs', poh, names: ['k'] });
    expect(d.ok({ type: 'pool.listAttrs', poh })).toEqual(['k2']);
    d.ok({ type: 'fault.restartEngine', rank: 6 });
    d.ok({ type: 'fault.restartEngine', rank: 7 });
    d.ok({ type: 'cont.close', coh });
    d.ok({ type: 'pool.destroy', pool, force: true, recursive: true });
    const again = d.connect(d.pool(ALICE, { label: 'p' }));
    expect(d.ok({ type: 'pool.listAttrs', poh: again })).toEqual([]);
  });
});
