import type { Op } from '../../contract/index.ts';
import { ALICE, BOB, OK, at, attrValues, err, keys, scenario, system, text, type Scenario } from './scenario.ts';

/**
 * Pool scenarios: DAOS's pool test suite (src/tests/suite/daos_pool.c, POOLn), the pool service
 * (src/pool/srv_pool.c, src/pool/srv_cli.c) and the pool client (src/pool/cli.c). The pool ACL,
 * property and attribute operations after create are revision-2 rules (POOL-8..10); DAOS reaches
 * them through `dmg pool get-acl|update-acl|delete-acl|get-prop|set-prop` and daos_pool_*_attr.
 */
const FILE = 'src/tests/suite/daos_pool.c';
const connect = (pool: string, principal = ALICE, mode = 'RW'): Op => ({ type: 'pool.connect', pool, principal, mode });

export const POOL_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'POOL1', group: 'pool', title: 'connecting to a pool that does not exist is NONEXIST',
    source: { file: FILE, test: 'POOL1 pool_connect_nonexist' }, rules: ['POOL-4', 'LABEL-5'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      at(connect('#p3'), err('NONEXIST'), { note: 'DAOS generates a fresh UUID; pool #p3 was never created' }),
    ],
  }),

  scenario({
    id: 'POOL2', group: 'pool', title: 'connect, query (nothing disabled), disconnect',
    source: { file: FILE, test: 'POOL2 pool_connect' }, rules: ['POOL-4', 'POOL-5', 'MAP-10'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      at(connect('#p0'), OK),
      at({ type: 'pool.query', pool: '#p0' }, { okWith: { disabled: 0 } }, { note: 'info.pi_ndisabled == 0' }),
      at({ type: 'pool.disconnect', poh: 0 }, OK),
    ],
  }),

  scenario({
    id: 'POOL5', group: 'pool', title: 'exclusive connection: BUSY while another handle exists, and blocks others',
    source: { file: FILE, test: 'POOL5 pool_connect_exclusively' }, rules: ['POOL-4', 'POOL-5'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      at(connect('#p0'), OK),
      at(connect('#p0', ALICE, 'EX'), err('BUSY'), { cite: 'src/pool/srv_pool.c pool_connect_handler ("others already connected")' }),
      at({ type: 'pool.disconnect', poh: 0 }, OK),
      at(connect('#p0', ALICE, 'EX'), OK),
      at(connect('#p0'), err('BUSY')),
      at({ type: 'pool.disconnect', poh: 1 }, OK),
    ],
  }),

  scenario({
    id: 'POOL14', group: 'pool', title: 'pool connect access by ACL: RO needs read, RW needs read and write',
    source: { file: FILE, test: 'POOL14 pool_connect_access' }, rules: ['ACL-12', 'POOL-3', 'POOL-4'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE, acl: ['A::OWNER@:'] },
      { type: 'pool.create', owner: ALICE, acl: ['A::OWNER@:r'] },
      { type: 'pool.create', owner: ALICE, acl: ['A::OWNER@:rw'] },
      at(connect('#p0', ALICE, 'RO'), err('NO_PERM'), { note: '"pool ACL gives the owner no permissions"' }),
      at(connect('#p1', ALICE, 'RW'), err('NO_PERM'), { note: '"gives the owner RO, they want RW"' }),
      at(connect('#p1', ALICE, 'RO'), OK),
      at(connect('#p2', ALICE, 'RO'), OK),
      at(connect('#p2', ALICE, 'RW'), OK),
    ],
  }),

  scenario({
    id: 'POOL15-a', group: 'pool', title: 'label syntax: letters, digits and . _ : - up to 127 characters; not UUID-shaped (valid ones on pools, invalid ones on containers, whose create returns DER_INVAL from daos_prop_valid)',
    source: { file: FILE, test: 'POOL15 label_strings_test' }, rules: ['LABEL-1', 'LABEL-2'],
    steps: [
      system(4),
      at({ type: 'pool.create', owner: ALICE, label: 'Pool_ProjectA:Team42' }, OK),
      at({ type: 'pool.create', owner: ALICE, label: 'cae61c0752f54874ad213c0ec43005cb' }, OK, { note: '32 hex digits without dashes is not UUID-shaped' }),
      at({ type: 'pool.create', owner: ALICE, label: 'g006b637-c63a-4734-99bc-a71298597de1' }, OK, { note: 'UUID layout but "g" is not hexadecimal' }),
      { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
      at({ type: 'cont.create', poh: 0, label: '0006b637-c63a-4734-99bc-a71298597de1' }, err('INVAL'), { note: 'UUID-shaped' }),
      at({ type: 'cont.create', poh: 0, label: 'server42.fictionaldomaincae61c07.org' }, OK),
      at({ type: 'cont.create', poh: 0, label: `0123456789ABCDEF${'0123456789ABCDEF'.repeat(6)}0123456789ABCDE` }, OK, { note: 'len = DAOS_PROP_LABEL_MAX_LEN (127)' }),
      at({ type: 'cont.create', poh: 0, label: `0123456789ABCDEF${'0123456789ABCDEF'.repeat(6)}0123456789ABCDEF` }, err('INVAL'), { note: 'len = DAOS_PROP_LABEL_MAX_LEN + 1' }),
      at({ type: 'cont.create', poh: 0, label: 'no spaces' }, err('INVAL'), { cite: 'src/client/api/container.c cont_create (daos_prop_valid -> daos_label_is_valid)' }),
      at({ type: 'cont.create', poh: 0, label: 'Whatsup?' }, err('INVAL')),
      at({ type: 'cont.create', poh: 0, label: '@daos_dev' }, err('INVAL')),
      at({ type: 'cont.create', poh: 0, label: 'pool+containers+objects' }, err('INVAL')),
      at({ type: 'cont.create', poh: 0, label: '' }, err('INVAL')),
    ],
  }),

  scenario({
    id: 'POOL15-b', group: 'pool', title: 'a pool or container named by a string that is neither a valid label nor a UUID is INVAL, not NONEXIST',
    source: { file: 'src/container/cli.c', test: 'dc_cont_open, dc_cont_destroy; src/pool/cli.c dc_pool_connect ("neither a label nor a UUID")' },
    rules: ['LABEL-5'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      at(connect('no spaces'), err('INVAL'), {
        cite: 'src/pool/cli.c dc_pool_connect', note: 'section 25 (LABEL-5): neither a UUID nor a valid label (daos_label_is_valid) is INVAL at step 1, before any lookup',
      }),
      at(connect('pool_label_not_set'), err('NONEXIST'), { note: 'the LABEL-3 sentinel has label syntax (daos_label_is_valid accepts it): looked up, matching nothing' }),
      connect('#p0'),
      at({ type: 'cont.open', poh: 0, cont: 'MyPool!', mode: 'RW' }, err('INVAL'), { cite: 'src/container/cli.c dc_cont_open' }),
      at({ type: 'cont.open', poh: 7, cont: 'MyPool!', mode: 'RW' }, err('INVAL'), {
        cite: 'src/container/cli.c dc_cont_open', note: 'the reference is checked before the pool handle (dc_hdl2pool: NO_HDL comes after)',
      }),
      at({ type: 'cont.destroy', poh: 0, cont: 'no/slashes' }, err('INVAL'), { cite: 'src/container/cli.c dc_cont_destroy' }),
      at({ type: 'cont.destroy', poh: 0, cont: 'valid_but_absent' }, err('NONEXIST')),
    ],
  }),

  scenario({
    id: 'POOL-create-props', group: 'pool', title: 'pool create: an explicit rd_fac the fault domains cannot meet, and an ec_cell_sz out of range, are INVAL',
    source: { file: 'src/pool/srv_pool.c', test: 'pool create: "ndomains could not meet specified redunc factor"; src/include/daos/object.h daos_ec_cs_valid' },
    rules: ['POOL-1', 'POOL-2'],
    steps: [
      system(4),
      at({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 4]] }, err('INVAL'), { note: 'rd_fac + 1 > 4 node domains' }),
      at({ type: 'pool.create', owner: ALICE, props: [['rd_fac', 3]] }, OK),
      at({ type: 'pool.create', owner: ALICE, props: [['ec_cell_sz', 2048]] }, err('INVAL'), { note: 'below DAOS_EC_CELL_MIN (4 KiB)' }),
      at({ type: 'pool.create', owner: ALICE, props: [['ec_cell_sz', 4096 + 16]] }, err('INVAL'), { note: 'not a multiple of 32 ("EC/ISAL lib require 32 byte alignment")' }),
      at({ type: 'pool.create', owner: ALICE, props: [['ec_cell_sz', 8192]] }, OK),
    ],
  }),

  scenario({
    id: 'POOL-destroy', group: 'pool', title: 'pool destroy with a connected handle: BUSY unless forced; afterwards the pool is gone',
    source: { file: 'src/pool/srv_pool.c', test: 'ds_pool_evict_handler ("If pool destroy but not forcibly, error: the pool is busy")' },
    rules: ['POOL-7', 'ERR-7'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      connect('#p0'),
      at({ type: 'pool.destroy', pool: '#p0' }, err('BUSY')),
      at({ type: 'pool.destroy', pool: '#p0', force: true }, OK),
      at(connect('#p0'), err('NONEXIST')),
    ],
  }),

  scenario({
    id: 'POOL7', group: 'pool', rev2: true, title: 'pool attributes: set, list, get (one name missing), delete (one name missing)',
    source: { file: FILE, test: 'POOL7 pool_attribute' }, rules: ['POOL-10', 'ATTR-1', 'ATTR-2', 'ATTR-3', 'ATTR-4'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      connect('#p0'),
      at({ type: 'pool.setAttrs', poh: 0, entries: [['AVeryLongName', text('value')], ['Name', text('this is a long value')]] }, OK),
      at({ type: 'pool.listAttrs', poh: 0 }, keys('AVeryLongName', 'Name')),
      at({ type: 'pool.getAttrs', poh: 0, names: ['AVeryLongName', 'Wrong', 'Name'] }, attrValues(text('value'), null, text('this is a long value'))),
      at({ type: 'pool.delAttrs', poh: 0, names: ['AVeryLongName', 'Wrong', 'Name'] }, OK, { note: '"should work even if Wrong do not exist"' }),
      at({ type: 'pool.listAttrs', poh: 0 }, keys()),
      at({ type: 'pool.getAttrs', poh: 0, names: ['Name'] }, err('NONEXIST'), { cite: 'src/rsvc/srv_common.c ds_rsvc_get_attr ("if none of attrs exist ... return -DER_NONEXIST")' }),
    ],
  }),

  scenario({
    id: 'POOL-attr-ro', group: 'pool', rev2: true, title: 'pool attributes through a read-only pool handle',
    source: { file: 'src/pool/srv_pool.c', test: 'pool_attr_set_handler, pool_attr_del_handler; src/pool/cli.c dc_pool_set_attr' },
    rules: ['POOL-10'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      connect('#p0', ALICE, 'RW'),
      connect('#p0', ALICE, 'RO'),
      { type: 'pool.setAttrs', poh: 0, entries: [['a', text('1')]] },
      at({ type: 'pool.setAttrs', poh: 1, entries: [['b', text('2')]] }, OK, {
        finding: {
          rule: 'POOL-10', ours: err('NO_PERM'),
          why: 'POOL-10 requires a pool handle connected RW or EX for setAttrs and delAttrs; DAOS checks no capability or mode: the client validates arguments only (dc_pool_set_attr, attr_check_input) and the server writes the attribute (pool_attr_set_handler -> ds_rsvc_set_attr)',
        },
      }),
      at({ type: 'pool.getAttrs', poh: 1, names: ['a'] }, attrValues(text('1')), { note: 'reading through a read-only handle is allowed on both sides' }),
      at({ type: 'pool.delAttrs', poh: 1, names: ['a'] }, OK, {
        finding: { rule: 'POOL-10', ours: err('NO_PERM'), why: 'POOL-10 requires an RW or EX pool handle for delAttrs; DAOS checks no mode (pool_attr_del_handler -> ds_rsvc_del_attr)' },
      }),
    ],
  }),

  scenario({
    id: 'POOL13-acl', group: 'pool', rev2: true, title: 'pool ACL after create: update-acl adds EVERYONE@, delete-acl removes it; only later connects see the change',
    source: { file: FILE, test: 'POOL13 pool_op_retry (dmg_pool_update_ace "A::EVERYONE@:r", dmg_pool_delete_ace "EVERYONE@")' },
    rules: ['POOL-8', 'POOL-3', 'ACL-8', 'ACL-9', 'ACL-14'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE },
      at(connect('#p0', BOB, 'RO'), err('NO_PERM'), { note: 'default pool ACL: owner and owner group only' }),
      at({ type: 'pool.updateAcl', pool: '#p0', aces: ['A::EVERYONE@:r'] }, OK),
      at({ type: 'pool.getAcl', pool: '#p0' }, { ok: { aces: ['A::OWNER@:rw', 'A:G:GROUP@:rw', 'A::EVERYONE@:r'], owner: 'alice@', group: 'lab@' } },
        { cite: 'default ACL: src/security/srv_acl.c ds_sec_alloc_default_daos_pool_acl (owner and group READ|WRITE), POOL10 is_acl_prop_default' }),
      at(connect('#p0', BOB, 'RO'), OK),
      at({ type: 'pool.deleteAcl', pool: '#p0', principal: 'EVERYONE@' }, OK),
      at(connect('#p0', BOB, 'RO'), err('NO_PERM')),
      at({ type: 'pool.listContainers', poh: 0 }, keys(), { note: 'the handle connected before the delete keeps its capabilities' }),
      at({ type: 'pool.deleteAcl', pool: '#p0', principal: 'EVERYONE@' }, err('NONEXIST'), { cite: 'src/pool/srv_pool.c ds_pool_acl_delete_handler -> daos_acl_remove_ace (src/common/tests/acl_api_tests.c test_acl_remove_ace_not_found)' }),
    ],
  }),

  scenario({
    id: 'POOL10', group: 'pool', rev2: true, title: 'pool properties: label, owner and group read back; label and rd_fac set on an existing pool',
    source: { file: FILE, test: 'POOL10 pool_properties; src/pool/srv_cli.c dsc_pool_svc_set_prop' }, rules: ['POOL-9', 'LABEL-4'],
    steps: [
      system(4),
      { type: 'pool.create', owner: ALICE, label: 'test_pool_properties' },
      at({ type: 'pool.getProps', pool: 'test_pool_properties', names: ['label', 'owner', 'group'] }, { ok: { label: 'test_pool_properties', owner: 'alice@', group: 'lab@' } }),
      at({ type: 'pool.setProps', pool: '#p0', entries: [['label', 'renamed_pool']] }, OK),
      at(connect('renamed_pool'), OK),
      at({ type: 'pool.setProps', pool: '#p0', entries: [['rd_fac', 1]] }, OK, {
        cite: 'src/pool/srv_cli.c dsc_pool_svc_set_prop refuses perf_domain, ec_pda, rp_pda, global_version, upgrade status, svc_ops_*, svc_rf and obj_version (NO_PERM), not rd_fac',
        differs: { rule: 'POOL-9', ours: err('NO_PERM'), why: 'rd_fac and ec_cell_sz were inherited by the containers already created, so the spec keeps them fixed after create' },
      }),
    ],
  }),
];
