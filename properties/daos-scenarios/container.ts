import type { Op } from '../../contract/index.ts';
import { ALICE, OK, aclProp, at, attrValues, err, keys, oid, scenario, setup, system, text, type Scenario } from './scenario.ts';

/**
 * Container scenarios from DAOS's container test suite (src/tests/suite/daos_container.c, CONTn) and
 * the server code those tests exercise (src/container/srv_container.c, src/security/srv_acl.c).
 *
 * Conventions: ALICE is the user the DAOS test runs as (its euid/egid: alice@ / lab@). DAOS's
 * `daos_cont_set_owner_no_check` is our `cont.setOwner` (we have no local user database, so the
 * checking variant's NONEXIST for an unknown local user has no counterpart). Permission bits are
 * written as ACE letters (r w c d t T a A o); DAOS_ACL_PERM_CONT_ALL is `rwdtTaAo`.
 */
const FILE = 'src/tests/suite/daos_container.c';
const CONT_ALL = 'rwdtTaAo';

/** CONT13-CONT17 fixture: the DAOS helper create_cont_with_user_perms gives ALICE `perms` through a
 * named-user ACE after handing ownership to nobody@. One container serves every case here: the admin
 * handle (coh 0), opened while ALICE owned the container, keeps SET_ACL (ACL-14) and rewrites the ACL
 * between cases; DAOS creates a fresh container per case, which is equivalent because capabilities
 * are evaluated at open. */
const userPermsFixture: Op[] = [
  ...setup(),
  { type: 'cont.setOwner', coh: 0, user: 'nobody@' },
];
const givePerms = (perms: string): Op => ({ type: 'cont.overwriteAcl', coh: 0, aces: ['A::OWNER@:', `A::alice@:${perms}`] });
const openAs = (mode: 'RO' | 'RW'): Op => ({ type: 'cont.open', poh: 0, cont: '#c0', mode });
const closeLast: Op = { type: 'cont.close', coh: -1 };

export const CONTAINER_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'CONT1', group: 'container', title: 'create, open, query, close, destroy; then stale pool and container handles',
    source: { file: FILE, test: 'CONT1 co_create' }, rules: ['CONT-1', 'CONT-2', 'CONT-5', 'CONT-4', 'ERR-7'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
      at({ type: 'cont.create', poh: 0 }, OK),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, OK),
      at({ type: 'cont.query', coh: 0 }, OK),
      at({ type: 'cont.close', coh: 0 }, OK),
      at({ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, OK),
      at({ type: 'cont.create', poh: 7 }, err('NO_HDL'), { note: 'DAOS passes DAOS_HDL_INVAL as the pool handle; pool handle 7 was never issued' }),
      at({ type: 'cont.query', coh: 0 }, err('NO_HDL'), { note: '"querying stale container handle"' }),
      at({ type: 'cont.close', coh: 0 }, err('NO_HDL'), { note: '"closing stale container handle"' }),
    ],
  }),

  scenario({
    id: 'CONT4', group: 'container', title: 'set, list, get (one name missing) and delete (one name missing) container attributes',
    source: { file: FILE, test: 'CONT4 co_attribute' }, rules: ['ATTR-1', 'ATTR-2', 'ATTR-3', 'ATTR-4'],
    steps: [
      setup(),
      at({ type: 'cont.setAttrs', coh: 0, entries: [['AVeryLongName', text('value')], ['Name', text('this is a long value')]] }, OK),
      at({ type: 'cont.listAttrs', coh: 0 }, keys('AVeryLongName', 'Name')),
      at({ type: 'cont.getAttrs', coh: 0, names: ['AVeryLongName', 'Wrong', 'Name'] }, attrValues(text('value'), null, text('this is a long value')),
        { note: 'DAOS returns rc 0 with out_sizes[1] == 0 for "Wrong"; our none', cite: 'src/rsvc/srv_common.c ds_rsvc_get_attr (NONEXIST only if every name is missing)' }),
      at({ type: 'cont.delAttrs', coh: 0, names: ['AVeryLongName', 'Wrong', 'Name'] }, OK, { note: '"should work even if Wrong do not exist"', cite: 'src/rsvc/srv_common.c ds_rsvc_del_attr' }),
      at({ type: 'cont.listAttrs', coh: 0 }, keys()),
    ],
  }),

  scenario({
    id: 'CONT6-a', group: 'container', title: 'create with label and max_snapshot; the others read back as defaults, with the default ACL and ownership',
    source: { file: FILE, test: 'CONT6 co_properties' }, rules: ['PROP-1', 'PROP-3', 'PROP-4', 'ACL-11', 'CONT-1'],
    steps: [
      setup({ contProps: [['label', 'test_cont_properties'], ['max_snapshot', 128]] }),
      at({ type: 'cont.getProps', coh: 0, names: ['label', 'max_snapshot', 'cksum', 'cksum_size', 'srv_cksum', 'encryption', 'scrub_disabled', 'owner', 'group'] },
        { ok: { label: 'test_cont_properties', max_snapshot: 128, cksum: 'off', cksum_size: 32768, srv_cksum: 'off', encryption: 'off', scrub_disabled: 0, owner: 'alice@', group: 'lab@' } }),
      at({ type: 'cont.getAcl', coh: 0 }, { ok: { aces: ['A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT'], owner: 'alice@', group: 'lab@' } },
        { cite: 'is_acl_prop_default(): owner DAOS_ACL_PERM_CONT_ALL, owner-group READ|WRITE|GET_PROP|SET_PROP (src/security/srv_acl.c ds_sec_alloc_default_daos_cont_acl)' }),
    ],
  }),

  scenario({
    id: 'CONT6-b', group: 'container', title: 'labels are unique in a pool, at create and at set-prop; a destroyed or renamed label is free again',
    source: { file: FILE, test: 'CONT6 co_properties' }, rules: ['LABEL-4', 'LABEL-5', 'CONT-4'],
    steps: [
      setup({ contProps: [['label', 'test_cont_properties'], ['max_snapshot', 128]] }),
      at({ type: 'cont.create', poh: 0, props: [['label', 'test_cont_properties'], ['max_snapshot', 128]] }, err('EXIST'), { note: '"different UUID same label (will fail)"' }),
      at({ type: 'cont.create', poh: 0, props: [['label', 'test_cont_prop_label2'], ['max_snapshot', 128]] }, OK),
      at({ type: 'cont.open', poh: 0, cont: 'test_cont_prop_label2', mode: 'RW' }, OK, { note: 'open by label' }),
      { type: 'cont.close', coh: 1 },
      at({ type: 'cont.destroy', poh: 0, cont: 'test_cont_prop_label2' }, OK),
      at({ type: 'cont.create', poh: 0, label: 'foo' }, OK),
      { type: 'cont.open', poh: 0, cont: 'foo', mode: 'RW' },
      at({ type: 'cont.setProps', coh: 2, entries: [['label', 'test_cont_prop_label2']] }, OK, { note: 'C3 renamed to the destroyed C2 label' }),
      at({ type: 'cont.create', poh: 0, props: [['label', 'test_cont_prop_label2']] }, err('EXIST'), { note: '"set-prop and create label conflict (will fail)"' }),
      at({ type: 'cont.setProps', coh: 2, entries: [['label', 'test_cont_prop_label2_version2']] }, OK),
      at({ type: 'cont.setProps', coh: 0, entries: [['label', 'test_cont_prop_label2']] }, OK, { note: 'C1 takes the label C3 gave up' }),
      { type: 'cont.close', coh: 2 },
      at({ type: 'cont.destroy', poh: 0, cont: 'test_cont_prop_label2_version2' }, OK),
    ],
  }),

  scenario({
    id: 'CONT6-c', group: 'container', title: 'creating a container with an owner other than the creator is INVAL',
    source: { file: FILE, test: 'CONT6 co_properties ("creation with owner other than current user")' }, rules: ['CONT-1'],
    steps: [
      setup({ contMode: null }),
      at({ type: 'cont.create', poh: 0, props: [['owner', 'fakeuser@']] }, err('INVAL')),
    ],
  }),

  scenario({
    id: 'CONT7', group: 'container', title: 'container metadata operations that DAOS retries after lost replies each succeed once: query, close, destroy, create, open, attributes, snapshots, ACL, set-prop',
    source: { file: FILE, test: 'CONT7 co_op_retry (the "pass" half: DAOS_MD_OP_PASS_NOREPLY)' }, rules: ['ERR-4', 'ATTR-1', 'ATTR-3', 'SNAP-1', 'SNAP-4', 'ACL-8', 'ACL-9', 'PROP-5'],
    steps: [
      setup(),
      at({ type: 'cont.query', coh: 0 }, OK),
      at({ type: 'cont.close', coh: 0 }, OK),
      at({ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, OK),
      at({ type: 'cont.create', poh: 0, label: 'co_op_retry_cont_fi_pass' }, OK),
      at({ type: 'cont.open', poh: 0, cont: 'co_op_retry_cont_fi_pass', mode: 'RW' }, OK),
      at({ type: 'cont.setAttrs', coh: 1, entries: [['TestAttrName0', text('TestAttrValue0')], ['TestAttrName1', text('TestAttrValue1')]] }, OK),
      at({ type: 'cont.delAttrs', coh: 1, names: ['TestAttrName0', 'TestAttrName1'] }, OK),
      at({ type: 'snap.create', coh: 1 }, OK),
      at({ type: 'snap.destroy', coh: 1, token: 1 }, OK),
      at({ type: 'cont.updateAcl', coh: 1, aces: ['A::EVERYONE@:r'] }, OK),
      at({ type: 'cont.deleteAcl', coh: 1, principal: 'EVERYONE@' }, OK),
      at({ type: 'cont.setProps', coh: 1, entries: [['max_snapshot', 1023]] }, OK, {
        cite: 'src/container/srv_container.c set_prop: only global_version and obj_version are refused; capas_can_set_prop needs set-prop',
        differs: { rule: 'PROP-5', ours: err('NO_PERM'), why: 'properties documented as fixed after create (max_snapshot, rd_fac, cksum, ...) are refused although a raw DAOS set-prop accepts them' },
      }),
      at({ type: 'cont.close', coh: 1 }, OK),
      at({ type: 'cont.destroy', poh: 0, cont: 'co_op_retry_cont_fi_pass', force: true }, OK),
    ],
  }),

  scenario({
    id: 'CONT8', group: 'container', title: 'container ACL: initial ACL, overwrite, update (merge) and delete, with bad inputs (CONTACL1-8)',
    source: { file: FILE, test: 'CONT8 co_acl' }, rules: ['ACL-6', 'ACL-7', 'ACL-8', 'ACL-9', 'PROP-7', 'ERR-3', 'ERR-7'],
    steps: [
      setup({ contAcl: ['A::OWNER@:o', 'A::alice@:aA', 'A::EVERYONE@:r'], contMode: null }),
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      at({ type: 'cont.setOwner', coh: 0, user: 'fictionaluser@', group: 'admins@' }, OK, { note: 'daos_cont_set_owner_no_check' }),
      { type: 'cont.close', coh: 0 },
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      at({ type: 'cont.getAcl', coh: 1 }, { ok: { aces: ['A::OWNER@:o', 'A::alice@:aA', 'A::EVERYONE@:r'], owner: 'fictionaluser@', group: 'admins@' } }, { note: 'CONTACL1' }),
      at({ type: 'cont.overwriteAcl', coh: 1, aces: [] }, err('INVAL'), { note: 'CONTACL2: DAOS passes a NULL ACL (daos_acl_validate fails); our empty list' }),
      at({ type: 'cont.overwriteAcl', coh: 9, aces: ['A::OWNER@:o'] }, err('NO_HDL'), { note: 'CONTACL2: DAOS_HDL_INVAL' }),
      at({ type: 'cont.overwriteAcl', coh: 1, aces: ['A::OWNER@:dtT', 'A::alice@:aAo', 'A:G:testgroup@:rwdt', 'A:G:testgroup2@:rw'] }, OK,
        { note: 'CONTACL3: the EVERYONE entry removed, OWNER replaced by GET_PROP|SET_PROP|DEL_CONT (daos_acl_add_ace replaces), SET_OWNER added to the user entry' }),
      at({ type: 'cont.getAcl', coh: 1 }, { ok: { aces: ['A::OWNER@:dtT', 'A::alice@:aAo', 'A:G:testgroup@:rwdt', 'A:G:testgroup2@:rw'], owner: 'fictionaluser@', group: 'admins@' } }),
      at({ type: 'cont.updateAcl', coh: 9, aces: [] }, err('INVAL'), { note: 'CONTACL4: invalid handle and NULL ACL: the ACL is checked first (daos_cont_update_acl validates it before creating the task)', cite: 'src/client/api/container.c daos_cont_update_acl' }),
      at({ type: 'cont.updateAcl', coh: 1, aces: [] }, err('INVAL'), { note: 'CONTACL4: NULL ACL' }),
      at({ type: 'cont.updateAcl', coh: 1, aces: ['A::friendlyuser@:rw', 'A:G:testgroup2@:r'] }, OK, { note: 'CONTACL5' }),
      at({ type: 'cont.getAcl', coh: 1 }, { ok: { aces: ['A::OWNER@:dtT', 'A::alice@:aAo', 'A::friendlyuser@:rw', 'A:G:testgroup@:rwdt', 'A:G:testgroup2@:r'], owner: 'fictionaluser@', group: 'admins@' } },
        { note: 'new user appended after the existing users, testgroup2@ replaced in place', cite: 'src/common/tests/acl_api_tests.c test_acl_add_ace_user_to_existing_list, test_acl_add_ace_replace' }),
      at({ type: 'cont.deleteAcl', coh: 9, principal: 'u:friendlyuser@' }, err('NO_HDL'), { note: 'CONTACL6' }),
      at({ type: 'cont.deleteAcl', coh: 1, principal: 'x:friendlyuser@' }, err('INVAL'), { note: 'CONTACL6: DAOS passes principal type -1; in the string form an unknown type prefix', cite: 'src/common/tests/acl_principal_tests.c test_acl_principal_from_str_bad_format ("x:name@")' }),
      at({ type: 'cont.deleteAcl', coh: 1, principal: 'u:bad@' }, err('NONEXIST'), { note: 'CONTACL6: a user not in the ACL (DAOS names it "bad")' }),
      at({ type: 'cont.deleteAcl', coh: 1, principal: 'u:friendlyuser@' }, OK, { note: 'CONTACL7' }),
      at({ type: 'cont.getAcl', coh: 1 }, { ok: { aces: ['A::OWNER@:dtT', 'A::alice@:aAo', 'A:G:testgroup@:rwdt', 'A:G:testgroup2@:r'], owner: 'fictionaluser@', group: 'admins@' } }),
      at({ type: 'cont.deleteAcl', coh: 1, principal: 'u:friendlyuser@' }, err('NONEXIST'), { note: 'CONTACL8: entry no longer in the ACL' }),
    ],
  }),

  scenario({
    id: 'CONT9', group: 'container', rev2: true, title: 'set-prop changes the label and the owner in one call',
    source: { file: FILE, test: 'CONT9 co_set_prop' }, rules: ['PROP-5', 'PROP-4'],
    steps: [
      setup(),
      at({ type: 'cont.setProps', coh: 0, entries: [['label', 'NEW_FANCY_LABEL'], ['owner', 'wonderfuluser@wonderfuldomain']] }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['label', 'owner'] }, { ok: { label: 'NEW_FANCY_LABEL', owner: 'wonderfuluser@wonderfuldomain' } }),
    ],
  }),

  scenario({
    id: 'CONT10', group: 'container', title: 'a pool ACL without create-container (nor write) denies container create',
    source: { file: FILE, test: 'CONT10 co_create_access_denied' }, rules: ['ACL-12', 'CONT-1'],
    steps: [
      setup({ poolAcl: ['A::OWNER@:rdt'], contMode: null }).slice(0, 3),
      at({ type: 'cont.create', poh: 0 }, err('NO_PERM'), { note: 'pool owner ACE: DAOS_ACL_PERM_POOL_ALL & ~CREATE_CONT & ~WRITE = r d t' }),
    ],
  }),

  scenario({
    id: 'CONT11', group: 'container', title: 'destroy denied by both pool and container ACL; allowed once the container ACL gives delete',
    source: { file: FILE, test: 'CONT11 co_destroy_access_denied' }, rules: ['CONT-4', 'ACL-12', 'ACL-14'],
    steps: [
      setup({ poolAcl: ['A::OWNER@:rct'], contAcl: ['A::OWNER@:rwtTaAo'], contMode: null }),
      at({ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, err('NO_PERM')),
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      at({ type: 'cont.updateAcl', coh: 0, aces: [`A::OWNER@:${CONT_ALL}`] }, OK, { note: '"updating cont ACL to restore delete privs"' }),
      { type: 'cont.close', coh: 0 },
      at({ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, OK, { note: 'delete allowed by the container ACL alone, through an RW pool handle' }),
    ],
  }),

  scenario({
    id: 'CONT12', group: 'container', title: 'destroy allowed by the pool ACL alone',
    source: { file: FILE, test: 'CONT12 co_destroy_allowed_by_pool' }, rules: ['CONT-4', 'ACL-12'],
    steps: [
      setup({ poolAcl: ['A::OWNER@:rwcdt'], contAcl: ['A::OWNER@:rwtTaAo'], contMode: null }),
      at({ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, OK),
    ],
  }),

  scenario({
    id: 'CONT13', group: 'container', title: 'container open access by ACL: RO and RW requests against no, read, read+delete and read+write permissions',
    source: { file: FILE, test: 'CONT13 co_open_access' }, rules: ['ACL-10', 'ACL-13', 'ACL-14', 'CONT-2'],
    steps: [
      userPermsFixture,
      givePerms(''), at(openAs('RO'), err('NO_PERM'), { note: '"cont ACL gives the user no permissions"' }),
      givePerms('r'), at(openAs('RW'), err('NO_PERM'), { note: '"gives the user RO, they want RW"' }),
      givePerms('rd'), at(openAs('RW'), err('NO_PERM'), { note: '"RO + DEL, they want RW": delete is not a write capability', cite: 'src/security/srv_acl.c filter_cont_capas_based_on_flags' }),
      givePerms('r'), at(openAs('RO'), OK), closeLast,
      givePerms('rw'), at(openAs('RO'), OK), closeLast,
      givePerms('rw'), at(openAs('RW'), OK), closeLast,
    ],
  }),

  scenario({
    id: 'CONT14-a', group: 'container', title: 'property query access by ACL: named properties need get-prop, the ACL needs get-ACL, ownership either',
    source: { file: FILE, test: 'CONT14 co_query_access' }, rules: ['PROP-4', 'CONT-5', 'ACL-13'],
    steps: [
      userPermsFixture,
      givePerms('rwdTAo'), openAs('RO'), at({ type: 'cont.query', coh: -1 }, OK, { note: '"Not asking for any props"' }), closeLast,
      givePerms('rwdTaAo'), openAs('RO'), at({ type: 'cont.getProps', coh: -1 }, err('NO_PERM'), { note: '"Empty prop object (all props), but no get-prop"' }), closeLast,
      givePerms('ta'), openAs('RO'), at({ type: 'cont.getProps', coh: -1 }, OK, { note: '"Empty prop object (all props), with access"' }), closeLast,
      givePerms('rwdtTAo'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['acl'] }, err('NO_PERM'), { note: '"ACL prop with no get-ACL access"' }), closeLast,
      givePerms('a'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['acl'] }, OK, { note: '"ACL prop with only get-ACL access"' }), closeLast,
      givePerms('rwdTaAo'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['label'] }, err('NO_PERM'), { note: '"Non-access-related prop with no get-prop access"' }), closeLast,
      givePerms('t'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['label'] }, OK), closeLast,
      givePerms('t'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['owner'] }, OK, { note: '"Owner with only prop access"' }), closeLast,
      givePerms('a'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['owner'] }, OK, { note: '"Owner with only ACL access"' }), closeLast,
      givePerms('rwdTAo'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['owner'] }, err('NO_PERM')), closeLast,
      givePerms('t'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['group'] }, OK), closeLast,
      givePerms('a'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['group'] }, OK), closeLast,
      givePerms('rwdTAo'), openAs('RO'), at({ type: 'cont.getProps', coh: -1, names: ['group'] }, err('NO_PERM')), closeLast,
    ],
  }),

  scenario({
    id: 'CONT14-b', group: 'container', rev2: true, title: 'querying all properties needs get-ACL too (the ACL is one of them)',
    source: { file: FILE, test: 'CONT14 co_query_access ("Empty prop object (all props), but no get-ACL")' }, rules: ['PROP-4'],
    steps: [
      userPermsFixture,
      givePerms('rwdtTAo'), openAs('RO'), at({ type: 'cont.getProps', coh: -1 }, err('NO_PERM')), closeLast,
      givePerms('ta'), openAs('RO'), at({ type: 'cont.getProps', coh: -1 }, { okWith: { acl: { aces: ['A::OWNER@:', 'A::alice@:ta'], owner: 'nobody@', group: 'lab@' } } }), closeLast,
    ],
  }),

  scenario({
    id: 'CONT15', group: 'container', title: 'get-ACL needs the get-ACL permission',
    source: { file: FILE, test: 'CONT15 co_get_acl_access' }, rules: ['ACL-7', 'ACL-13'],
    steps: [
      userPermsFixture,
      givePerms('rwdtTAo'), openAs('RO'), at({ type: 'cont.getAcl', coh: -1 }, err('NO_PERM')), closeLast,
      givePerms('a'), openAs('RO'), at({ type: 'cont.getAcl', coh: -1 }, OK), closeLast,
    ],
  }),

  scenario({
    id: 'CONT16-a', group: 'container', title: 'setting the label needs set-prop',
    source: { file: FILE, test: 'CONT16 co_set_prop_access ("Set label")' }, rules: ['PROP-5', 'ACL-13'],
    steps: [
      userPermsFixture,
      givePerms('rwdtaAo'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [['label', 'My_container']] }, err('NO_PERM')), closeLast,
      givePerms('rT'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [['label', 'My_container']] }, OK), closeLast,
    ],
  }),

  scenario({
    id: 'CONT16-b', group: 'container', rev2: true, title: 'set-prop of ACL, owner and group: each entry needs its own capability (set-ACL, set-owner)',
    source: { file: FILE, test: 'CONT16 co_set_prop_access' }, rules: ['PROP-5'],
    steps: [
      userPermsFixture,
      givePerms('rwdtTao'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [aclProp(`A::OWNER@:${CONT_ALL}`)] }, err('NO_PERM'), { note: '"No set-ACL permissions"' }), closeLast,
      givePerms('rA'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [aclProp(`A::OWNER@:${CONT_ALL}`)] }, OK), closeLast,
      givePerms('rwdtTaA'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [['owner', 'someuser@']] }, err('NO_PERM')), closeLast,
      givePerms('rwdtTaA'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [['group', 'somegroup@']] }, err('NO_PERM')), closeLast,
      givePerms('rwdtTaA'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [['owner', 'someuser@'], ['group', 'somegroup@']] }, err('NO_PERM')), closeLast,
      givePerms('ro'), openAs('RW'), at({ type: 'cont.setProps', coh: -1, entries: [['owner', 'someuser@'], ['group', 'somegroup@']] }, OK), closeLast,
      givePerms('rwdtaAo'), openAs('RW'),
      at({ type: 'cont.setProps', coh: -1, entries: [['label', 'Container_1'], ['owner', 'niceuser@'], ['group', 'nicegroup@'], aclProp(`A::OWNER@:${CONT_ALL}`)] }, err('NO_PERM'), { note: '"Set multiple, with no set-prop perms"' }), closeLast,
      givePerms('rwdtTaA'), openAs('RW'),
      at({ type: 'cont.setProps', coh: -1, entries: [['label', 'Container_1'], ['owner', 'niceuser@'], ['group', 'nicegroup@'], aclProp(`A::OWNER@:${CONT_ALL}`)] }, err('NO_PERM'),
        { note: '"Set multiple, with no set-owner perms" (the DAOS test\'s "no set-ACL" case repeats this mask)' }), closeLast,
      givePerms('rTAo'), openAs('RW'),
      at({ type: 'cont.setProps', coh: -1, entries: [['label', 'Container_1'], ['owner', 'niceuser@'], ['group', 'nicegroup@'], aclProp(`A::OWNER@:${CONT_ALL}`)] }, OK), closeLast,
    ],
  }),

  scenario({
    id: 'CONT17', group: 'container', title: 'overwrite, update and delete ACL each need set-ACL',
    source: { file: FILE, test: 'CONT17 co_modify_acl_access' }, rules: ['ACL-8', 'ACL-9', 'ACL-13'],
    steps: [
      userPermsFixture,
      givePerms('rwdtTao'), openAs('RW'), at({ type: 'cont.overwriteAcl', coh: -1, aces: [`A::OWNER@:${CONT_ALL}`] }, err('NO_PERM')), closeLast,
      givePerms('rA'), openAs('RW'), at({ type: 'cont.overwriteAcl', coh: -1, aces: [`A::OWNER@:${CONT_ALL}`] }, OK), closeLast,
      givePerms('rwdtTao'), openAs('RW'), at({ type: 'cont.updateAcl', coh: -1, aces: [`A::OWNER@:${CONT_ALL}`] }, err('NO_PERM')), closeLast,
      givePerms('rA'), openAs('RW'), at({ type: 'cont.updateAcl', coh: -1, aces: [`A::OWNER@:${CONT_ALL}`] }, OK), closeLast,
      givePerms('rwdtTao'), openAs('RW'), at({ type: 'cont.deleteAcl', coh: -1, principal: 'OWNER@' }, err('NO_PERM')), closeLast,
      givePerms('rA'), openAs('RW'), at({ type: 'cont.deleteAcl', coh: -1, principal: 'OWNER@' }, OK), closeLast,
    ],
  }),

  scenario({
    id: 'CONT18', group: 'container', title: 'set owner: argument checks, then owner and group changed and changed back',
    source: { file: FILE, test: 'CONT18 co_set_owner' }, rules: ['PROP-7', 'ACL-3', 'ACL-14'],
    steps: [
      setup(),
      at({ type: 'cont.setOwner', coh: 0 }, err('INVAL'), { note: '"Set owner with null params"' }),
      at({ type: 'cont.setOwner', coh: 0, user: 'notvaliduser!' }, err('INVAL'), { cite: 'src/client/api/container.c cont_set_owner (daos_acl_principal_is_valid)' }),
      at({ type: 'cont.setOwner', coh: 0, group: 'notvalidgrp!' }, err('INVAL')),
      at({ type: 'cont.setOwner', coh: 0, user: 'newuser@' }, OK, { note: 'daos_cont_set_owner_no_check (the checking variant answers NONEXIST for a user unknown locally)' }),
      at({ type: 'cont.getProps', coh: 0, names: ['owner', 'group'] }, { ok: { owner: 'newuser@', group: 'lab@' } }),
      at({ type: 'cont.setOwner', coh: 0, user: 'alice@' }, OK, { note: '"Change owner user back"' }),
      at({ type: 'cont.setOwner', coh: 0, group: 'newgrp@' }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['owner', 'group'] }, { ok: { owner: 'alice@', group: 'newgrp@' } }),
      at({ type: 'cont.setOwner', coh: 0, user: 'newuser@', group: 'newgrp@' }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['owner', 'group'] }, { ok: { owner: 'newuser@', group: 'newgrp@' } }),
      at({ type: 'cont.setOwner', coh: 0, user: 'alice@', group: 'lab@' }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['owner', 'group'] }, { ok: { owner: 'alice@', group: 'lab@' } }),
    ],
  }),

  scenario({
    id: 'CONT19', group: 'container', title: 'set owner needs set-owner, even for the owner',
    source: { file: FILE, test: 'CONT19 co_set_owner_access' }, rules: ['PROP-7', 'ACL-10', 'ACL-13'],
    steps: [
      setup({ contAcl: ['A::OWNER@:rwdtTaA'] }),
      { type: 'cont.create', poh: 0, acl: ['A::OWNER@:ro'] },
      { type: 'cont.open', poh: 0, cont: '#c1', mode: 'RW' },
      at({ type: 'cont.setOwner', coh: 0, user: 'alice@' }, err('NO_PERM')),
      at({ type: 'cont.setOwner', coh: 0, group: 'lab@' }, err('NO_PERM')),
      at({ type: 'cont.setOwner', coh: 0, user: 'alice@', group: 'lab@' }, err('NO_PERM')),
      at({ type: 'cont.setOwner', coh: 1, user: 'alice@', group: 'lab@' }, OK, { note: 'owner ACE READ|SET_OWNER' }),
    ],
  }),

  scenario({
    id: 'CONT20', group: 'container', rev2: true, title: 'destroy with an open handle: BUSY without force, ok with force; closing the invalidated handle succeeds',
    source: { file: FILE, test: 'CONT20 co_destroy_force' }, rules: ['CONT-4', 'ERR-7'],
    steps: [
      setup(),
      at({ type: 'cont.destroy', poh: 0, cont: '#c0' }, err('BUSY')),
      at({ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, OK),
      at({ type: 'cont.close', coh: 0 }, OK, { note: '"closing container: should succeed"' }),
    ],
  }),

  scenario({
    id: 'CONT-open-busy-rf', group: 'container', rev2: true, title: 'opening an UNCLEAN container that has an exclusive handle: handle compatibility (BUSY) is checked before health (RF)',
    source: { file: 'src/container/srv_container.c', test: 'cont_open (check_hdl_compatibility, then cont_status_is_healthy / ds_pool_rf_verify, then "RF broken, set DAOS_COO_FORCE")' },
    rules: ['CONT-2', 'RF-4'],
    steps: [
      setup({ sys: system(4, 1, 1), contMode: 'EX' }),
      { type: 'pool.exclude', pool: '#p0', rank: 3 },
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'UNCLEAN' } } }, { note: 'rd_fac 0, one failed rank' }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, err('BUSY')),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW', force: true }, err('BUSY')),
      { type: 'cont.close', coh: 0 },
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, err('RF')),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW', force: true }, OK),
    ],
  }),

  scenario({
    id: 'CONT-attr-utf8', group: 'container', rev2: true, title: 'attribute names are limited to 511 bytes, not characters',
    source: { file: 'src/container/cli.c', test: 'attr_check_input (strnlen(name, DAOS_ATTR_NAME_MAX + 1) > DAOS_ATTR_NAME_MAX)' },
    rules: ['ATTR-1'],
    steps: [
      setup(),
      at({ type: 'cont.setAttrs', coh: 0, entries: [['é'.repeat(255), text('v')]] }, OK, { note: '255 characters, 510 bytes' }),
      at({ type: 'cont.setAttrs', coh: 0, entries: [['é'.repeat(300), text('v')]] }, err('INVAL'), { note: '300 characters, 600 bytes' }),
      at({ type: 'cont.listAttrs', coh: 0 }, keys('é'.repeat(255))),
    ],
  }),

  scenario({
    id: 'CONT21', group: 'container', title: 'an owner with no ACL permissions still gets and sets the ACL, but nothing else',
    source: { file: FILE, test: 'CONT21 co_owner_implicit_access' }, rules: ['ACL-10', 'ACL-13', 'PROP-4', 'PROP-5', 'PROP-7', 'ACL-8', 'ACL-9'],
    steps: [
      setup({ contAcl: ['A::OWNER@:'], contMode: null }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, OK, { note: 'implicit get-ACL (read side) and set-ACL (write side)' }),
      at({ type: 'cont.getProps', coh: 0 }, err('NO_PERM'), { note: '"Verify get-prop denied"' }),
      at({ type: 'cont.setProps', coh: 0, entries: [['label', 'My_Label']] }, err('NO_PERM')),
      at({ type: 'cont.setOwner', coh: 0, user: 'alice@', group: 'lab@' }, err('NO_PERM')),
      at({ type: 'cont.getAcl', coh: 0 }, { ok: { aces: ['A::OWNER@:'], owner: 'alice@', group: 'lab@' } }),
      at({ type: 'cont.overwriteAcl', coh: 0, aces: ['A::OWNER@:'] }, OK),
      at({ type: 'cont.updateAcl', coh: 0, aces: ['A::OWNER@:'] }, OK),
      at({ type: 'cont.deleteAcl', coh: 0, principal: 'OWNER@' }, OK),
    ],
  }),

  scenario({
    id: 'CONT22', group: 'container', title: 'attributes: set needs write-data, get and list need read-data',
    source: { file: FILE, test: 'CONT22 co_attribute_access' }, rules: ['ATTR-1', 'ATTR-2', 'ATTR-4', 'ACL-13'],
    steps: [
      setup({ contAcl: ['A::OWNER@:rdtTaAo'], contMode: null }),
      { type: 'cont.create', poh: 0, acl: ['A::OWNER@:rw'] },
      { type: 'cont.create', poh: 0, acl: ['A::OWNER@:wt'] },
      { type: 'cont.create', poh: 0, acl: ['A::OWNER@:wdtTaAo'] },
      { type: 'cont.create', poh: 0, acl: ['A::OWNER@:r'] },
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      at({ type: 'cont.setAttrs', coh: 0, entries: [['AttrName', text('This is the value')]] }, err('NO_PERM'), { note: 'CONT_ALL & ~WRITE' }),
      { type: 'cont.open', poh: 0, cont: '#c1', mode: 'RW' },
      at({ type: 'cont.setAttrs', coh: 1, entries: [['AttrName', text('This is the value')]] }, OK),
      { type: 'cont.open', poh: 0, cont: '#c2', mode: 'RW' },
      at({ type: 'cont.setAttrs', coh: 2, entries: [['AttrName', text('This is the value')]] }, OK, { note: 'GET_PROP|WRITE' }),
      { type: 'cont.open', poh: 0, cont: '#c3', mode: 'RO' },
      at({ type: 'cont.getAttrs', coh: 3, names: ['AttrName'] }, err('NO_PERM'), { note: 'CONT_ALL & ~READ, opened RO' }),
      at({ type: 'cont.listAttrs', coh: 3 }, err('NO_PERM')),
      { type: 'cont.create', poh: 0, acl: ['A::OWNER@:rw'] },
      { type: 'cont.open', poh: 0, cont: '#c5', mode: 'RO' },
      at({ type: 'cont.getAttrs', coh: 4, names: ['AttrName'] }, err('NONEXIST'), { note: '"Attr isn\'t set, but we get past the permissions check"' }),
      at({ type: 'cont.listAttrs', coh: 4 }, keys()),
      { type: 'cont.open', poh: 0, cont: '#c4', mode: 'RO' },
      at({ type: 'cont.getAttrs', coh: 5, names: ['AttrName'] }, err('NONEXIST'), { note: 'read-data only' }),
      at({ type: 'cont.listAttrs', coh: 5 }, keys()),
    ],
  }),

  scenario({
    id: 'CONT24', group: 'container', title: 'container redundancy factor 2: class check at open; a third concurrent rank failure makes the container UNCLEAN (open, update, fetch RF) until the status is cleared',
    source: { file: FILE, test: 'CONT24 co_rf_simple' }, rules: ['OBJ-6', 'RF-1', 'RF-2', 'RF-3', 'RF-4', 'RF-5', 'PROP-6', 'CONT-2'],
    steps: [
      setup({ sys: system(6, 1, 1, 4), contProps: [['rd_fac', 2]] }),
      at({ type: 'cont.getProps', coh: 0, names: ['rd_fac'] }, { ok: { rd_fac: 2 } }),
      at({ type: 'obj.open', coh: 0, oid: oid('RP_2G1', 1) }, err('INVAL')),
      at({ type: 'obj.open', coh: 0, oid: oid('EC_2P1G1', 2) }, err('INVAL')),
      at({ type: 'obj.open', coh: 0, oid: oid('RP_3G1', 3) }, OK),
      at({ type: 'obj.open', coh: 0, oid: oid('EC_2P2G1', 4) }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'HEALTHY' } } }),
      { type: 'pool.exclude', pool: '#p0', rank: 5 },
      { type: 'pool.exclude', pool: '#p0', rank: 4 },
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'HEALTHY' } } }, { note: 'two failed ranks, rebuild hung: rf 2 still holds' }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, OK),
      { type: 'cont.close', coh: 1 },
      { type: 'pool.exclude', pool: '#p0', rank: 3 },
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'UNCLEAN' } } }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, err('RF')),
      at({ type: 'obj.update', coh: 0, oid: oid('RP_4G1', 5), dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset: 0, data: text('x'.repeat(128)) }] }] }, err('RF'), { note: '"obj update should fail after RF broken"' }),
      at({ type: 'obj.fetch', coh: 0, oid: oid('RP_4G1', 5), dkey: 'dkey', requests: [{ akey: 'akey', ranges: [{ offset: 0, length: 128 }] }] }, err('RF')),
      { type: 'pool.rebuild', pool: '#p0' },
      { type: 'pool.reintegrate', pool: '#p0', rank: 3 },
      { type: 'pool.reintegrate', pool: '#p0', rank: 4 },
      { type: 'pool.reintegrate', pool: '#p0', rank: 5 },
      { type: 'pool.rebuild', pool: '#p0' },
      at({ type: 'obj.update', coh: 0, oid: oid('RP_4G1', 5), dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset: 0, data: text('x'.repeat(128)) }] }] }, err('RF'), { note: '"obj update should still fail with DER_RF after re-integrate"' }),
      at({ type: 'cont.setProps', coh: 0, entries: [['status', 'HEALTHY']] }, OK, { note: 'daos_cont_status_clear' }),
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'HEALTHY' } } }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, OK),
    ],
  }),

  scenario({
    id: 'CONT27', group: 'container', title: 'redundancy level node: two failed ranks on one node count once; a rank on a second node breaks rf 1',
    source: { file: FILE, test: 'CONT27 co_redun_lvl' }, rules: ['OBJ-6', 'RF-2', 'RF-4', 'RF-5', 'MAP-2'],
    steps: [
      setup({ sys: system(4, 2, 1), contProps: [['rd_lvl', 2], ['rd_fac', 1]] }),
      at({ type: 'cont.getProps', coh: 0, names: ['rd_lvl', 'rd_fac'] }, { ok: { rd_lvl: 2, rd_fac: 1 } }),
      at({ type: 'obj.open', coh: 0, oid: oid('S1', 1) }, err('INVAL'), { note: 'DAOS opens OC_SX' }),
      at({ type: 'obj.open', coh: 0, oid: oid('EC_2P1G1', 2) }, OK),
      at({ type: 'obj.open', coh: 0, oid: oid('RP_3G1', 3) }, OK),
      { type: 'pool.exclude', pool: '#p0', rank: 6 },
      { type: 'pool.exclude', pool: '#p0', rank: 7 },
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'HEALTHY' } } }, { note: 'ranks 6 and 7 share node 3 (CI: 2 engines per node)' }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, OK),
      { type: 'cont.close', coh: 1 },
      at({ type: 'obj.open', coh: 0, oid: oid('EC_4P1G1', 4) }, err('INVAL'), { note: '"OC_EC_4P1G1 obj layout create should fail if ndom < 5"' }),
      at({ type: 'obj.open', coh: 0, oid: oid('EC_2P2G1', 5) }, OK),
      { type: 'pool.exclude', pool: '#p0', rank: 5 },
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'UNCLEAN' } } }),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, err('RF')),
      at({ type: 'obj.update', coh: 0, oid: oid('EC_2P2G1', 5), dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset: 0, data: text('y'.repeat(128)) }] }] }, err('RF')),
      at({ type: 'obj.fetch', coh: 0, oid: oid('EC_2P2G1', 5), dkey: 'dkey', requests: [{ akey: 'akey', ranges: [{ offset: 0, length: 128 }] }] }, err('RF')),
      { type: 'pool.rebuild', pool: '#p0' },
      { type: 'pool.reintegrate', pool: '#p0', rank: 6 },
      { type: 'pool.reintegrate', pool: '#p0', rank: 7 },
      { type: 'pool.reintegrate', pool: '#p0', rank: 5 },
      { type: 'pool.rebuild', pool: '#p0' },
      at({ type: 'obj.update', coh: 0, oid: oid('EC_2P2G1', 5), dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset: 0, data: text('y'.repeat(128)) }] }] }, err('RF')),
      at({ type: 'cont.setProps', coh: 0, entries: [['status', 'HEALTHY']] }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'HEALTHY' } } }),
    ],
  }),

  scenario({
    id: 'CONT26', group: 'container', title: 'containers are opened and destroyed by id or by label',
    source: { file: FILE, test: 'CONT26 co_api_compat' }, rules: ['LABEL-5', 'CONT-1', 'CONT-4'],
    steps: [
      setup({ contMode: null }),
      at({ type: 'cont.create', poh: 0 }, OK),
      at({ type: 'cont.create', poh: 0, label: 'test_api_compat_label1' }, OK),
      at({ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, OK, { note: '"opening container using uuid"' }),
      { type: 'cont.close', coh: 0 },
      at({ type: 'cont.open', poh: 0, cont: 'test_api_compat_label1', mode: 'RW' }, OK, { note: '"opening container using Label"' }),
      { type: 'cont.close', coh: 1 },
      at({ type: 'cont.destroy', poh: 0, cont: '#c0' }, OK),
      at({ type: 'cont.destroy', poh: 0, cont: '#c1' }, OK),
      at({ type: 'cont.destroy', poh: 0, cont: 'test_api_compat_label1' }, OK),
    ],
  }),

  scenario({
    id: 'CONT31', group: 'container', title: 'container handle counts across opens and closes',
    source: { file: FILE, test: 'CONT31 co_nhandles' }, rules: ['CONT-5'],
    steps: [
      setup({ contLabel: 'nhandles_test_cont', contMode: null }),
      { type: 'cont.open', poh: 0, cont: 'nhandles_test_cont', mode: 'RW' },
      at({ type: 'cont.query', coh: 0 }, { okWith: { nhandles: 1 } }),
      { type: 'cont.open', poh: 0, cont: 'nhandles_test_cont', mode: 'RO' },
      at({ type: 'cont.query', coh: 1 }, { okWith: { nhandles: 2 } }, { note: 'one client rank: expect_nhandles = 1 + rank_size' }),
      at({ type: 'cont.query', coh: 0 }, { okWith: { nhandles: 2 } }),
      { type: 'cont.close', coh: 1 },
      at({ type: 'cont.query', coh: 0 }, { okWith: { nhandles: 1 } }),
      at({ type: 'cont.close', coh: 0 }, OK),
      at({ type: 'cont.destroy', poh: 0, cont: 'nhandles_test_cont', force: true }, OK),
    ],
  }),

  scenario({
    id: 'CONT33', group: 'container', title: 'exclusive open: mixed mode flags are INVAL; EX is BUSY while another handle exists, and blocks other opens',
    source: { file: FILE, test: 'CONT33 co_exclusive_open' }, rules: ['CONT-2', 'ACL-13'],
    steps: [
      setup({ contLabel: 'exclusive_open', contMode: null }),
      at({ type: 'cont.open', poh: 0, cont: 'exclusive_open', mode: 'RO|EX' }, err('INVAL'), { cite: 'src/include/daos/container.h dc_cont_open_flags_valid ("One and only one of DAOS_COO_RO, DAOS_COO_RW, and DAOS_COO_EX")' }),
      at({ type: 'cont.open', poh: 0, cont: 'exclusive_open', mode: 'RW|EX' }, err('INVAL')),
      at({ type: 'cont.open', poh: 0, cont: 'exclusive_open', mode: 'RW' }, OK),
      at({ type: 'cont.open', poh: 0, cont: 'exclusive_open', mode: 'EX' }, err('BUSY')),
      { type: 'cont.close', coh: 0 },
      at({ type: 'cont.open', poh: 0, cont: 'exclusive_open', mode: 'EX' }, OK),
      at({ type: 'cont.open', poh: 0, cont: 'exclusive_open', mode: 'RW' }, err('BUSY')),
      { type: 'cont.close', coh: 1 },
      at({ type: 'cont.destroy', poh: 0, cont: 'exclusive_open' }, OK),
    ],
  }),
];
