import { describe, expect, it } from 'vitest';
import { CONT_PROP_NAMES, type PropEntry } from '../contract/index.ts';
import { ALICE, BOB, CAROL, ModelDriver } from './test-driver.ts';

/** Example tests for spec section 9 (PROP), written from the rule text and the PROP-1 table. */

function driver(): ModelDriver {
  const d = new ModelDriver();
  d.system(4, 2, 2);
  return d;
}

/** Creates a container with `props` in a fresh pool; returns the create outcome code. */
function createCode(props: PropEntry[]): string {
  const d = driver();
  const poh = d.connect(d.pool());
  return d.code({ type: 'cont.create', poh, props });
}

const ZERO_ROOTS = [0, 1, 2, 3].map(() => ({ hi: '0', lo: '0' }));

describe('PROP-1: valid values and defaults', () => {
  it('PROP-1: every property reports its table default (label and status per LABEL-3, PROP-4)', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    const all = d.ok({ type: 'cont.getProps', coh });
    expect(all).toMatchObject({
      label: 'container_label_not_set',
      status: { status: 'HEALTHY', version: 1 },
      owner: 'alice@',
      group: 'lab@',
      rd_fac: 0,
      rd_lvl: 2,
      cksum: 'off',
      cksum_size: 32768,
      srv_cksum: 'off',
      ec_cell_sz: 65536,
      ec_pda: 1,
      rp_pda: 0xffffffff,
      perf_domain: 255,
      max_snapshot: 0,
      layout_type: 'unknown',
      layout_version: 1,
      compression: 'off',
      encryption: 'off',
      dedup: 'off',
      dedup_threshold: 4096,
      scrub_disabled: 0,
      roots: ZERO_ROOTS,
      alloc_oid: 0,
      obj_version: 2,
      acl: { aces: ['A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT'], owner: 'alice@', group: 'lab@' },
    });
    // global_version is reported but its value is not observable (section 24). PROP-4 (rev. 2):
    // every property, acl included.
    expect(Object.keys(all).sort()).toEqual([...CONT_PROP_NAMES].sort());
  });

  const cases: Array<[string, unknown[], unknown[]]> = [
    ['rd_fac', [0, 4], [5, -1, 1.5, '1']],
    ['rd_lvl', [1, 2], [0, 3, '2']],
    ['cksum', ['off', 'crc16', 'crc32', 'crc64', 'sha1', 'sha256', 'sha512', 'adler32'], ['md5', 'CRC32', 1]],
    ['cksum_size', [1, 0xffffffff], [0, 0x100000000]],
    ['srv_cksum', ['off', 'on'], ['yes', 1]],
    ['ec_cell_sz', [0, 4096, 4128, 1048576], [32, 4100, 1048608]],
    ['ec_pda', [0, 1, 0xffffffff], [-1, 0x100000000]],
    ['rp_pda', [0, 7, 0xffffffff], [-1, 0x100000000]],
    ['perf_domain', [255, 200], [1, 254]],
    ['max_snapshot', [0, 0xffffffff], [-1, 0x100000000]],
    ['layout_type', ['unknown', 'posix', 'hdf5', 'python', 'spark', 'database', 'root', 'seismic', 'meteo'], ['POSIX', 'dfs']],
    ['layout_version', [0, 0xffffffff], [-1, 0x100000000]],
    ['compression', ['off', 'lz4', 'deflate', 'deflate1', 'deflate4'], ['deflate5', 'gzip']],
    ['encryption', ['off', 'aes-xts128', 'aes-gcm256'], ['aes-gcm512', 'on']],
    ['dedup', ['off', 'memcmp', 'hash'], ['on']],
    ['dedup_threshold', [4096, 0xffffffff], [4095, 0]],
    ['scrub_disabled', [0, 1], [2, -1]],
    ['roots', [[...ZERO_ROOTS], [{ hi: '1', lo: '2' }, ...ZERO_ROOTS.slice(1)]], [ZERO_ROOTS.slice(1), [...ZERO_ROOTS, ZERO_ROOTS[0]], [{ hi: 'x', lo: '0' }, ...ZERO_ROOTS.slice(1)]]],
    ['label', ['c0', 'a.b-c'], ['', 'bad label']],
  ];
  for (const [name, good, bad] of cases) {
    it(`PROP-1: ${name} accepts its table values at create and refuses others (INVAL)`, () => {
      for (const v of good) expect(createCode([[name, v as never]])).toBe('ok');
      for (const v of bad) expect(createCode([[name, v as never]])).toBe('INVAL');
    });
  }

  it('PROP-1: given values are reported by getProps', () => {
    const d = driver();
    const roots = [{ hi: '1', lo: '2' }, { hi: '3', lo: '4' }, { hi: '5', lo: '6' }, { hi: '7', lo: '8' }];
    const { coh } = d.quickContainer({ props: [['cksum', 'crc64'], ['cksum_size', 4096], ['rd_lvl', 1], ['roots', roots], ['layout_type', 'posix']] });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['cksum', 'cksum_size', 'rd_lvl', 'roots', 'layout_type'] })).toEqual({
      cksum: 'crc64', cksum_size: 4096, rd_lvl: 1, roots, layout_type: 'posix',
    });
  });
});

describe('PROP-2: create-time rules', () => {
  it('PROP-2: an unknown name or a duplicated name is INVAL', () => {
    expect(createCode([['no_such_prop', 1]])).toBe('INVAL');
    expect(createCode([['cksum', 'crc32'], ['cksum', 'crc32']])).toBe('INVAL');
  });

  it('PROP-2: supplying status, acl, alloc_oid, global_version or obj_version is INVAL', () => {
    expect(createCode([['status', 'HEALTHY']])).toBe('INVAL');
    expect(createCode([['acl', { aces: ['A::OWNER@:r'], owner: 'alice@', group: 'lab@' }]])).toBe('INVAL');
    expect(createCode([['alloc_oid', 0]])).toBe('INVAL');
    expect(createCode([['global_version', 3]])).toBe('INVAL');
    expect(createCode([['obj_version', 2]])).toBe('INVAL');
  });

  it('PROP-2: rd_lvl other than 1 or 2 is INVAL', () => {
    expect(createCode([['rd_lvl', 3]])).toBe('INVAL');
    expect(createCode([['rd_lvl', 1]])).toBe('ok');
  });

  it('ERR-3: invalid properties (step 1) are reported before a bad pool handle (step 2)', () => {
    const d = driver();
    expect(d.code({ type: 'cont.create', poh: 424242, props: [['rd_lvl', 3]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.create', poh: 424242, props: [['rd_lvl', 2]] })).toBe('NO_HDL');
  });
});

describe('PROP-3: inheritance', () => {
  it("PROP-3: rd_fac, ec_cell_sz, ec_pda, rp_pda, perf_domain take the pool's value when absent or 0", () => {
    const d = driver();
    const pool = d.pool(ALICE, { props: [['rd_fac', 2], ['ec_cell_sz', 131072]] });
    const poh = d.connect(pool);
    const names = ['rd_fac', 'ec_cell_sz', 'ec_pda', 'rp_pda', 'perf_domain'];
    const absent = d.open(poh, d.container(poh));
    expect(d.ok({ type: 'cont.getProps', coh: absent, names })).toEqual({ rd_fac: 2, ec_cell_sz: 131072, ec_pda: 1, rp_pda: 0xffffffff, perf_domain: 255 });
    const zeros = d.open(poh, d.container(poh, { props: [['ec_cell_sz', 0], ['ec_pda', 0], ['rp_pda', 0], ['perf_domain', 0]] }));
    expect(d.ok({ type: 'cont.getProps', coh: zeros, names })).toEqual({ rd_fac: 2, ec_cell_sz: 131072, ec_pda: 1, rp_pda: 0xffffffff, perf_domain: 255 });
  });

  it('PROP-3: rd_fac has no "0 = inherit": an explicit 0 is 0', () => {
    const d = driver();
    const poh = d.connect(d.pool(ALICE, { props: [['rd_fac', 2]] }));
    const coh = d.open(poh, d.container(poh, { props: [['rd_fac', 0], ['ec_pda', 5], ['perf_domain', 200]] }));
    expect(d.ok({ type: 'cont.getProps', coh, names: ['rd_fac', 'ec_pda', 'perf_domain'] })).toEqual({ rd_fac: 0, ec_pda: 5, perf_domain: 200 });
  });
});

describe('PROP-4: getProps permissions and shape', () => {
  function bobHandle(perms: string): { d: ModelDriver; coh: number } {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:r'] });
    const poh = d.connect(pool);
    const cont = d.container(poh, { acl: ['A::OWNER@:rwdtTaAo', `A::bob@:${perms}`] });
    const coh = d.open(d.connect(pool, BOB, 'RO'), cont, 'RO');
    return { d, coh };
  }

  it('PROP-4: GET_PROP reads every property but acl; without names (rev. 2: acl included) it needs GET_ACL too', () => {
    const { d, coh } = bobHandle('t');
    expect(d.ok({ type: 'cont.getProps', coh, names: ['owner', 'group', 'label'] })).toEqual({ owner: 'alice@', group: 'lab@', label: 'container_label_not_set' });
    expect(d.code({ type: 'cont.getProps', coh, names: ['acl'] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.getProps', coh })).toBe('NO_PERM');
  });

  it('PROP-4 (rev. 2, DAOS CONT14): without names, GET_PROP and GET_ACL together return every property, acl included', () => {
    const { d, coh } = bobHandle('ta');
    const all = d.ok({ type: 'cont.getProps', coh });
    expect(Object.keys(all).sort()).toEqual([...CONT_PROP_NAMES].sort());
    expect(all.acl).toEqual({ aces: ['A::OWNER@:rwdtTaAo', 'A::bob@:ta'], owner: 'alice@', group: 'lab@' });
  });

  it('PROP-4: GET_ACL reads acl, owner and group only; one refused name makes the whole call NO_PERM', () => {
    const { d, coh } = bobHandle('a');
    expect(d.ok({ type: 'cont.getProps', coh, names: ['acl', 'owner', 'group'] })).toEqual({
      acl: { aces: ['A::OWNER@:rwdtTaAo', 'A::bob@:a'], owner: 'alice@', group: 'lab@' },
      owner: 'alice@',
      group: 'lab@',
    });
    expect(d.code({ type: 'cont.getProps', coh, names: ['acl', 'label'] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.getProps', coh })).toBe('NO_PERM');
  });

  it('PROP-4: status is returned as {status, version}', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toEqual({ status: { status: 'HEALTHY', version: 1 } });
  });

  it('PROP-4: (choice) an empty, unknown or duplicated names list is INVAL', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    expect(d.code({ type: 'cont.getProps', coh, names: [] })).toBe('INVAL');
    expect(d.code({ type: 'cont.getProps', coh, names: ['nope'] })).toBe('INVAL');
    expect(d.code({ type: 'cont.getProps', coh, names: ['label', 'label'] })).toBe('INVAL');
  });
});

describe('PROP-5, PROP-6: setProps', () => {
  it('PROP-5: label can be changed; the new label is used for lookup and the old one is free (LABEL-4, LABEL-5)', () => {
    const d = driver();
    const { poh, coh, cont } = d.quickContainer({ label: 'old' });
    d.ok({ type: 'cont.setProps', coh, entries: [['label', 'new']] });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['label'] })).toEqual({ label: 'new' });
    expect(d.code({ type: 'cont.open', poh, cont: 'old', mode: 'RO' })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.open', poh, cont: 'new', mode: 'RO' })).toBe('ok');
    expect(d.ok({ type: 'pool.listContainers', poh })).toEqual([{ id: cont, label: 'new' }]);
  });

  it("LABEL-4: setting another container's label is EXIST; re-setting its own label is ok and changes nothing", () => {
    const d = driver();
    const { poh, coh } = d.quickContainer({ label: 'mine' });
    d.container(poh, { label: 'theirs' });
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'theirs']] })).toBe('EXIST');
    const before = d.state;
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'mine']] })).toBe('ok');
    expect(d.state).toEqual(before);
  });

  it('PROP-5: global_version and obj_version are INVAL', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    for (const entry of [['global_version', 3], ['obj_version', 2]] as PropEntry[]) {
      expect(d.code({ type: 'cont.setProps', coh, entries: [entry] })).toBe('INVAL');
    }
  });

  it('PROP-5 (rev. 2): owner and group change through setProps with SET_OWNER, values checked as in PROP-7', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    expect(d.code({ type: 'cont.setProps', coh, entries: [['owner', 'bob@'], ['group', 'ops@']] })).toBe('ok');
    expect(d.ok({ type: 'cont.getProps', coh, names: ['owner', 'group'] })).toEqual({ owner: 'bob@', group: 'ops@' });
    for (const bad of ['bob', '@x', 'OWNER@', 7]) {
      expect(d.code({ type: 'cont.setProps', coh, entries: [['owner', bad as string]] })).toBe('INVAL');
      expect(d.code({ type: 'cont.setProps', coh, entries: [['group', bad as string]] })).toBe('INVAL');
    }
  });

  it('PROP-5 (rev. 2): acl takes a list of ACE strings and replaces the ACL as cont.overwriteAcl does (ACL-8), with SET_ACL', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    d.ok({ type: 'cont.setProps', coh, entries: [['acl', ['A::EVERYONE@:r', 'A::bob@:rw', 'A::OWNER@:rwdtTaAo']]] });
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual(['A::OWNER@:rwdtTaAo', 'A::bob@:rw', 'A::EVERYONE@:r']);
    expect(d.code({ type: 'cont.setProps', coh, entries: [['acl', []]] })).toBe('INVAL'); // ACL-6
    expect(d.code({ type: 'cont.setProps', coh, entries: [['acl', ['A::bob@:r', 'A::bob@:w']]] })).toBe('INVAL'); // ACL-6
    expect(d.code({ type: 'cont.setProps', coh, entries: [['acl', ['A::bob@:q']]] })).toBe('INVAL'); // ACL-2
    expect(d.code({ type: 'cont.setProps', coh, entries: [['acl', 'A::OWNER@:r']] })).toBe('INVAL');
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual(['A::OWNER@:rwdtTaAo', 'A::bob@:rw', 'A::EVERYONE@:r']);
  });

  it('PROP-5 (rev. 2, DAOS CONT16): the call needs the capability of every entry: label, status SET_PROP; owner, group SET_OWNER; acl SET_ACL', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::bob@:rw'] });
    const poh = d.connect(pool);
    const cont = d.container(poh, { acl: ['A::OWNER@:rwdtTaAo', 'A::bob@:rtT'] });
    const bob = d.open(d.connect(pool, BOB), cont, 'RW'); // of the setters, SET_PROP only
    expect(d.code({ type: 'cont.setProps', coh: bob, entries: [['label', 'l1'], ['status', 'HEALTHY']] })).toBe('ok');
    expect(d.code({ type: 'cont.setProps', coh: bob, entries: [['owner', 'bob@']] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setProps', coh: bob, entries: [['label', 'l2'], ['group', 'ops@']] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setProps', coh: bob, entries: [['label', 'l2'], ['acl', ['A::bob@:rwT']]] })).toBe('NO_PERM');
    expect(d.ok({ type: 'cont.getProps', coh: bob, names: ['label'] })).toEqual({ label: 'l1' }); // nothing applied (ERR-2)
    d.ok({ type: 'cont.updateAcl', coh: d.open(poh, cont), aces: ['A::bob@:rtTo'] });
    const bobOwner = d.open(d.connect(pool, BOB), cont, 'RW'); // SET_PROP and SET_OWNER, not SET_ACL
    expect(d.code({ type: 'cont.setProps', coh: bobOwner, entries: [['owner', 'bob@'], ['group', 'ops@'], ['label', 'l3']] })).toBe('ok');
    expect(d.code({ type: 'cont.setProps', coh: bobOwner, entries: [['acl', ['A::bob@:rwdtTaAo']]] })).toBe('NO_PERM');
    // The owner of the container always holds SET_ACL (ACL-10 step 5).
    expect(d.code({ type: 'cont.setProps', coh: d.open(d.connect(pool, BOB), cont, 'RW'), entries: [['acl', ['A::OWNER@:rwdtTaAo']]] })).toBe('ok');
  });

  it('PROP-5 (rev. 2) with ACL-14: a new owner or ACL set through setProps decides later opens only', () => {
    const d = driver();
    const pool = d.pool(ALICE, { acl: ['A::OWNER@:rw', 'A::carol@:rw'] });
    const poh = d.connect(pool);
    const cont = d.container(poh);
    const coh = d.open(poh, cont);
    const carolPoh = d.connect(pool, CAROL);
    expect(d.code({ type: 'cont.open', poh: carolPoh, cont, mode: 'RO' })).toBe('NO_PERM'); // carol matches no ACE
    d.ok({ type: 'cont.setProps', coh, entries: [['acl', ['A::OWNER@:rwdtTaAo', 'A::carol@:r']]] });
    expect(d.code({ type: 'cont.open', poh: carolPoh, cont, mode: 'RO' })).toBe('ok');
    expect(d.code({ type: 'cont.open', poh: carolPoh, cont, mode: 'RW' })).toBe('NO_PERM'); // no write side yet
    d.ok({ type: 'cont.setProps', coh, entries: [['owner', 'carol@']] });
    expect(d.code({ type: 'cont.open', poh: carolPoh, cont, mode: 'RW' })).toBe('ok'); // carol is OWNER@ now (ACL-10 step 1)
    expect(d.code({ type: 'cont.getAcl', coh })).toBe('ok'); // alice's handle keeps its capabilities
  });

  it('PROP-5: every other property of PROP-1 is NO_PERM after create', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    const immutable: PropEntry[] = [
      ['rd_fac', 1], ['rd_lvl', 1], ['cksum', 'crc32'], ['cksum_size', 4096], ['srv_cksum', 'on'], ['ec_cell_sz', 8192],
      ['ec_pda', 2], ['rp_pda', 2], ['perf_domain', 200], ['max_snapshot', 3], ['layout_type', 'posix'], ['layout_version', 2],
      ['compression', 'lz4'], ['encryption', 'aes-gcm128'], ['dedup', 'hash'], ['dedup_threshold', 8192], ['scrub_disabled', 1],
      ['roots', ZERO_ROOTS], ['alloc_oid', 5],
    ];
    for (const entry of immutable) expect(d.code({ type: 'cont.setProps', coh, entries: [entry] })).toBe('NO_PERM');
  });

  it('PROP-5: an unknown name, a duplicate or an empty list is INVAL', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    expect(d.code({ type: 'cont.setProps', coh, entries: [] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setProps', coh, entries: [['nope', 1]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'a'], ['label', 'b']] })).toBe('INVAL');
  });

  it('PROP-5: all entries are checked before any is applied', () => {
    const d = driver();
    const { coh } = d.quickContainer({ label: 'keep' });
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'changed'], ['cksum', 'crc32']] })).toBe('NO_PERM');
    expect(d.ok({ type: 'cont.getProps', coh, names: ['label'] })).toEqual({ label: 'keep' });
  });

  it("ERR-3: setProps checks values (1), handle (2), each entry's capability and immutability (4), label in use (7)", () => {
    const d = driver();
    const { poh, coh, cont } = d.quickContainer();
    d.container(poh, { label: 'taken' });
    expect(d.code({ type: 'cont.setProps', coh: 777, entries: [['rd_fac', 9]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setProps', coh: 777, entries: [['rd_fac', 1]] })).toBe('NO_HDL');
    const ro = d.open(poh, cont, 'RO');
    expect(d.code({ type: 'cont.setProps', coh: ro, entries: [['label', 'taken']] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'taken'], ['rd_fac', 1]] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setProps', coh, entries: [['label', 'taken']] })).toBe('EXIST');
  });

  it('PROP-6: status accepts only HEALTHY and stamps the current map version, even if already HEALTHY', () => {
    const d = driver();
    const { pool, coh } = d.quickContainer({ props: [['rd_fac', 1]] });
    expect(d.code({ type: 'cont.setProps', coh, entries: [['status', 'UNCLEAN']] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setProps', coh, entries: [['status', { status: 'HEALTHY', version: 1 }]] })).toBe('INVAL');
    d.ok({ type: 'pool.exclude', pool, rank: 2, targets: [1] }); // rd_fac 1 tolerates it: still HEALTHY, version 2
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toEqual({ status: { status: 'HEALTHY', version: 1 } });
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toEqual({ status: { status: 'HEALTHY', version: 2 } });
  });

  it('PROP-6: setting HEALTHY clears UNCLEAN (RF-5), so open without force works again', () => {
    const d = driver();
    const { pool, poh, coh, cont } = d.quickContainer();
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0] });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toEqual({ status: { status: 'UNCLEAN', version: 2 } });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('RF');
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toEqual({ status: { status: 'HEALTHY', version: 2 } });
    expect(d.code({ type: 'cont.open', poh, cont, mode: 'RO' })).toBe('ok');
  });
});

describe('PROP-7: setOwner', () => {
  it('PROP-7: needs at least one field, each a valid name', () => {
    const d = driver();
    const { coh } = d.quickContainer();
    expect(d.code({ type: 'cont.setOwner', coh })).toBe('INVAL');
    expect(d.code({ type: 'cont.setOwner', coh, user: 'bob' })).toBe('INVAL');
    expect(d.code({ type: 'cont.setOwner', coh, group: '@ops' })).toBe('INVAL');
    expect(d.code({ type: 'cont.setOwner', coh, user: 'OWNER@' })).toBe('INVAL');
    expect(d.code({ type: 'cont.setOwner', coh: 555 })).toBe('INVAL'); // ERR-3: step 1 before step 2
  });

  it('PROP-7: needs SET_OWNER and changes owner and/or group', () => {
    const d = driver();
    const { pool, coh, cont } = d.quickContainer();
    const bob = d.open(d.connect(pool, BOB), cont, 'RW'); // GROUP@: rwtT, no o
    expect(d.code({ type: 'cont.setOwner', coh: bob, user: 'bob@' })).toBe('NO_PERM');
    d.ok({ type: 'cont.setOwner', coh, group: 'ops@' });
    expect(d.ok({ type: 'cont.getAcl', coh })).toMatchObject({ owner: 'alice@', group: 'ops@' });
    d.ok({ type: 'cont.setOwner', coh, user: 'bob@', group: 'lab@' });
    expect(d.ok({ type: 'cont.getProps', coh, names: ['owner', 'group'] })).toEqual({ owner: 'bob@', group: 'lab@' });
  });
});

describe('PROP-8: properties that influence nothing', () => {
  it('PROP-8: stored-only properties are reported as given and leave access and attributes unaffected', () => {
    const d = driver();
    const stored: PropEntry[] = [
      ['cksum_size', 8192], ['srv_cksum', 'on'], ['ec_pda', 3], ['rp_pda', 4], ['layout_type', 'hdf5'], ['layout_version', 7],
      ['compression', 'lz4'], ['encryption', 'aes-xts256'], ['dedup', 'memcmp'], ['dedup_threshold', 65536], ['scrub_disabled', 1],
    ];
    const { coh } = d.quickContainer({ props: stored });
    expect(d.ok({ type: 'cont.getProps', coh, names: stored.map(([n]) => n) })).toEqual(Object.fromEntries(stored));
    d.ok({ type: 'cont.setAttrs', coh, entries: [['k', { text: 'v' }]] });
    expect(d.ok({ type: 'cont.getAttrs', coh, names: ['k'] })).toEqual([new TextEncoder().encode('v')]);
  });
});
