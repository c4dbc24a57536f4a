import type { Op, Principal } from '../../contract/index.ts';
import { ALICE, BOB, OK, at, err, scenario, setup, system, type Scenario } from './scenario.ts';

/**
 * Access-control scenarios: ACE parsing and printing (src/common/tests/acl_util_tests.c), ACE and
 * ACL validation (acl_valid_tests.c), ACL building (acl_api_tests.c), principal strings
 * (acl_principal_tests.c), and the server's capability rules (src/security/srv_acl.c, tested by
 * src/security/tests/srv_acl_tests.c). DAOS's unit tests call the C functions directly; here the same
 * inputs go through the operations that use them: ACE strings through `cont.overwriteAcl` (as
 * `daos cont overwrite-acl` does, via daos_acl_from_strs), ACLs and credentials through
 * `pool.create` + `pool.connect` and `cont.destroy`.
 */
const UTIL = 'src/common/tests/acl_util_tests.c';
const VALID = 'src/common/tests/acl_valid_tests.c';
const PRINCIPAL = 'src/common/tests/acl_principal_tests.c';
const SRV = 'src/security/tests/srv_acl_tests.c';

const overwrite = (...aces: string[]): Op => ({ type: 'cont.overwriteAcl', coh: 0, aces });
const connect = (pool: string, principal: Principal, mode: string): Op => ({ type: 'pool.connect', pool, principal, mode });
const poolWith = (...acl: string[]): Op => ({ type: 'pool.create', owner: ALICE, acl });

export const ACL_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'ACL-from-str', group: 'acl', title: 'valid ACE strings of every type, flag and principal kind; the ACL reads back sorted by principal kind with letters in canonical order',
    source: { file: UTIL, test: 'test_ace_from_str_* (owner, owner_group, everyone, user, group, audit/alarm/multiple access, multiple flags, perms)' },
    rules: ['ACL-1', 'ACL-2', 'ACL-3', 'ACL-4', 'ACL-7'],
    steps: [
      setup(),
      at(overwrite('U:SFGP:somegrp@:rw', 'A::EVERYONE@:rw', 'ALU:S:someuser@:rw', 'A:G:GROUP@:rw', 'A::OWNER@:wr'), OK),
      at({ type: 'cont.getAcl', coh: 0 }, { ok: { aces: ['A::OWNER@:rw', 'AUL:S:someuser@:rw', 'A:G:GROUP@:rw', 'U:GSFP:somegrp@:rw', 'A::EVERYONE@:rw'], owner: 'alice@', group: 'lab@' } }, {
        cite: `${UTIL} test_ace_to_str_all_access_types ("AUL:S:OWNER@:r"), test_ace_to_str_all_flags ("U:GSFP:GROUP@:r"); src/common/tests/acl_api_tests.c test_acl_alloc_type_order (Owner, User, Owner Group, Group, Everyone)`,
      }),
      at(overwrite('A::someuser@:rwcdtTaAo'), OK, { note: 'every permission letter (test_ace_from_str_perms "rwcdtTaAo")' }),
      at(overwrite('L:F:EVERYONE@:rwcdtTaAo', 'A::OWNER@:'), OK, { note: 'test_ace_to_str_all_perms, test_ace_to_str_no_perms ("A::EVERYONE@:")' }),
      at({ type: 'cont.getAcl', coh: 0 }, { okWith: { aces: ['A::OWNER@:', 'L:F:EVERYONE@:rwcdtTaAo'] } }),
    ],
  }),

  scenario({
    id: 'ACL-bad-str', group: 'acl', title: 'invalid ACE strings are INVAL and change nothing',
    source: { file: UTIL, test: 'test_ace_from_str_{group_needs_flag, owner_is_not_group, everyone_is_not_group, invalid_access, invalid_flags, invalid_perms, empty_str, not_all_fields, too_many_fields, too_long, principal_too_long}' },
    rules: ['ACL-1', 'ACL-2', 'ACL-3', 'ACL-4', 'ERR-2'],
    steps: [
      setup(),
      at(overwrite('A::GROUP@:rw'), err('INVAL')),
      at(overwrite('A:G:OWNER@:rw'), err('INVAL')),
      at(overwrite('A:G:EVERYONE@:rw'), err('INVAL')),
      at(overwrite('Ux:S:someuser@:rw'), err('INVAL')),
      at(overwrite('U:SFbG:somegrp@:rw'), err('INVAL')),
      at(overwrite('A::someuser@:rz'), err('INVAL')),
      at(overwrite(''), err('INVAL')),
      at(overwrite('A::someuser@'), err('INVAL')),
      at(overwrite('A::someuser@:rw:r'), err('INVAL')),
      at(overwrite(`AUL:SG:somelongergroupname@:${'r'.repeat(610)}`), err('INVAL'), { note: 'DAOS_ACL_MAX_ACE_STR_LEN * 2 characters' }),
      at(overwrite(`A::${'u'.repeat(255)}@:rw`), err('INVAL'), { note: 'principal of DAOS_ACL_MAX_PRINCIPAL_LEN + 1 characters' }),
      at(overwrite('A:S:someuser@:r'), err('INVAL'), { cite: `${VALID} test_ace_is_valid_audit_flags_with_only_allow` }),
      at(overwrite('U::someuser@:r'), err('INVAL'), { cite: `${VALID} test_ace_is_valid_audit_without_flags` }),
      at({ type: 'cont.getAcl', coh: 0 }, { okWith: { aces: ['A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT'] } }),
    ],
  }),

  scenario({
    id: 'ACL-dup', group: 'acl', title: 'two entries for one principal make the ACL invalid, in overwrite and in the list given to update',
    source: { file: VALID, test: 'test_acl_is_valid_duplicate_ace_type, _duplicate_user, _duplicate_group' },
    rules: ['ACL-6', 'ACL-8'],
    steps: [
      setup(),
      at(overwrite('A::EVERYONE@:r', 'A::user1@:r', 'A::EVERYONE@:rw'), err('INVAL')),
      at(overwrite('A::user1@:r', 'A::anotheruser@:r', 'A::user1@:r'), err('INVAL'), { note: 'the duplicate carries different permissions in DAOS\'s test; identical here' }),
      at(overwrite('A:G:grp1@:r', 'A:G:anothergroup@:r', 'A:G:grp1@:rw'), err('INVAL')),
      at({ type: 'cont.updateAcl', coh: 0, aces: ['A:G:grp1@:r', 'A:G:grp1@:rw'] }, err('INVAL'), { cite: 'src/common/acl_util.c daos_acl_from_strs (daos_acl_validate of the built list)' }),
      at({ type: 'cont.updateAcl', coh: 0, aces: [] }, err('INVAL'), { cite: 'src/common/acl_util.c daos_acl_from_strs ("No ACE strings provided")' }),
    ],
  }),

  scenario({
    id: 'ACL-principal-str', group: 'acl', title: 'principal strings for delete-acl: u:name@, g:name@ and the special principals; anything else INVAL',
    source: { file: PRINCIPAL, test: 'test_acl_principal_from_str_special, _named, _bad_format, _invalid_name' },
    rules: ['ACL-9', 'ACL-3'],
    steps: [
      setup({ contAcl: ['A::OWNER@:rwdtTaAo', 'A::niceuser@:r', 'A:G:readers@:r', 'A::EVERYONE@:r'] }),
      ...['USER@', 'U:name@', 'G:name@', 'user:name@', 'group:name@', 'x:name@', 'name@', 'u:', 'g:', 'u:name@name@', 'u:name'].map((p) =>
        at({ type: 'cont.deleteAcl', coh: 0, principal: p }, err('INVAL'))),
      at({ type: 'cont.deleteAcl', coh: 0, principal: 'u:niceuser@' }, OK),
      at({ type: 'cont.deleteAcl', coh: 0, principal: 'g:readers@' }, OK),
      at({ type: 'cont.deleteAcl', coh: 0, principal: 'EVERYONE@' }, OK),
      at({ type: 'cont.deleteAcl', coh: 0, principal: 'u:me@nicedomain' }, err('NONEXIST'), { cite: 'src/common/tests/acl_api_tests.c test_acl_remove_ace_not_found' }),
      at({ type: 'cont.getAcl', coh: 0 }, { okWith: { aces: ['A::OWNER@:rwdtTaAo'] } }),
    ],
  }),

  scenario({
    id: 'ACL-principal-valid', group: 'acl', title: 'owner and group names must be name@ or name@domain',
    source: { file: PRINCIPAL, test: 'test_acl_principal_is_valid_good_names, _bad_names, _empty (through daos_cont_set_owner)' },
    rules: ['ACL-3', 'PROP-7'],
    steps: [
      setup(),
      ...['username', '@domain', 'name@domain@', '@domain@', '12345', '@', ''].map((u) => at({ type: 'cont.setOwner', coh: 0, user: u }, err('INVAL'))),
      at({ type: 'cont.setOwner', coh: 0, user: 'user_name@sub.domain2.tld' }, OK),
      at({ type: 'cont.setOwner', coh: 0, group: 'name2@domain.com' }, OK),
      at({ type: 'cont.getProps', coh: 0, names: ['owner', 'group'] }, { ok: { owner: 'user_name@sub.domain2.tld', group: 'name2@domain.com' } }),
    ],
  }),

  scenario({
    id: 'ACL-pool-owner-forbidden', group: 'acl', title: 'pool connect: the capabilities a mode needs must all be granted',
    source: { file: SRV, test: 'test_pool_get_capas_owner_forbidden' }, rules: ['ACL-12', 'POOL-4'],
    steps: [
      system(4),
      poolWith('A::OWNER@:'), poolWith('A::OWNER@:w'), poolWith('A::OWNER@:r'), poolWith('A::OWNER@:c'), poolWith('A::OWNER@:d'),
      at(connect('#p0', ALICE, 'RO'), err('NO_PERM')),
      at(connect('#p1', ALICE, 'RO'), err('NO_PERM'), { note: 'write without read' }),
      at(connect('#p2', ALICE, 'RW'), err('NO_PERM')),
      at(connect('#p2', ALICE, 'EX'), err('NO_PERM')),
      at(connect('#p1', ALICE, 'RW'), err('NO_PERM')),
      at(connect('#p3', ALICE, 'RW'), err('NO_PERM'), { note: 'create-container alone' }),
      at(connect('#p4', ALICE, 'EX'), err('NO_PERM'), { note: 'delete-container alone' }),
    ],
  }),

  scenario({
    id: 'ACL-eval-order', group: 'acl', title: 'ACL evaluation: owner entry first, then named user, then the union of matching groups, then everyone',
    source: { file: SRV, test: 'test_pool_get_capas_{owner_overrides_group, user_beats_owner_grp, grp_matches_multiple, grp_check_includes_owner, fall_thru_everyone, grps_beat_everyone, no_match}' },
    rules: ['ACL-10', 'ACL-12'],
    steps: [
      system(4),
      poolWith('A::OWNER@:r', 'A:G:GROUP@:rw'),
      poolWith('A::OWNER@:rw', 'A::someuser@:r', 'A:G:GROUP@:rw'),
      poolWith('A:G:group1@:r', 'A:G:group2@:w'),
      poolWith('A:G:GROUP@:w', 'A:G:group2@:r'),
      poolWith('A::OWNER@:', 'A:G:GROUP@:', 'A::EVERYONE@:rw'),
      poolWith('A:G:group2@:', 'A::EVERYONE@:rw'),
      at(connect('#p0', ALICE, 'RW'), err('NO_PERM'), { note: 'owner_overrides_group: the owner entry (r) is used, not the group entry (rw)' }),
      at(connect('#p1', { user: 'someuser@', groups: ['lab@'] }, 'RW'), err('NO_PERM'), { note: 'user_beats_owner_grp: the named user entry (r) wins over the owner-group entry' }),
      at(connect('#p2', { user: 'someuser@', groups: ['somegroup@', 'group1@', 'group2@'] }, 'RW'), OK, { note: 'grp_matches_multiple: r from group1@ and w from group2@ are unioned' }),
      at(connect('#p3', { user: 'someuser@', groups: ['lab@', 'group1@', 'group2@'] }, 'RW'), OK, { note: 'grp_check_includes_owner: owner group (w) and group2@ (r)' }),
      at(connect('#p4', { user: 'baduser@', groups: ['badgrp@', 'anotherbadgrp@'] }, 'RW'), OK, { note: 'fall_thru_everyone' }),
      at(connect('#p5', { user: 'someuser@', groups: ['somegroup@', 'group1@', 'group2@'] }, 'RO'), err('NO_PERM'), { note: 'grps_beat_everyone: a matching group entry with no permissions is final' }),
      at(connect('#p0', { user: 'fakeuser@', groups: ['fakegroup@'] }, 'RO'), err('NO_PERM'), { note: 'no_match: neither owner nor group, no everyone entry' }),
    ],
  }),

  scenario({
    id: 'ACL-cont-can-delete', group: 'acl', rev2: true, title: 'container delete through the container ACL is filtered by the pool handle\'s mode',
    source: { file: SRV, test: 'test_cont_can_delete; src/security/srv_acl.c ds_sec_cont_can_delete, filter_cont_capas_based_on_flags' },
    rules: ['CONT-4', 'ACL-10', 'ACL-13'],
    steps: [
      system(4),
      poolWith('A::OWNER@:rc', 'A::bob@:rc'),
      connect('#p0', ALICE, 'RO'), connect('#p0', ALICE, 'RW'), connect('#p0', BOB, 'RW'),
      { type: 'cont.create', poh: 1, acl: ['A::OWNER@:rd'] },
      { type: 'cont.create', poh: 1 },
      { type: 'cont.create', poh: 1, acl: ['A::OWNER@:rwtTaAo'] },
      { type: 'cont.create', poh: 1, acl: ['A::OWNER@:rwdtTaAo', 'A::bob@:rd'] },
      { type: 'cont.create', poh: 1, acl: ['A::OWNER@:rwdtTaAo', 'A::bob@:rwd'] },
      at({ type: 'cont.destroy', poh: 0, cont: '#c0' }, err('NO_PERM'), { note: '"Read-only pool flags will prevent deletion" (min_acl)' }),
      at({ type: 'cont.destroy', poh: 1, cont: '#c0' }, OK, { note: '"Minimal ACL with RW access allowing delete": READ|DEL_CONT, plus the owner\'s implicit get/set-ACL' }),
      at({ type: 'cont.destroy', poh: 1, cont: '#c1' }, OK, { note: '"Default ACL allows owner to delete it"' }),
      at({ type: 'cont.destroy', poh: 1, cont: '#c2' }, err('NO_PERM'), { note: '"doesn\'t have delete perms"' }),
      at({ type: 'cont.destroy', poh: 2, cont: '#c3' }, err('NO_PERM'), {
        cite: 'src/security/srv_internal.h CONT_CAPAS_W_MASK (WRITE_DATA|SET_PROP|SET_ACL|SET_OWNER); srv_acl.c filter_cont_capas_based_on_flags',
        finding: {
          rule: 'CONT-4', ours: OK,
          why: 'CONT-4 (rev. 2) lets DELETE count as the write side of the RW filter ("d alone is not enough, rd is"); DAOS\'s CONT_CAPAS_W_MASK has no DELETE, so a non-owner granted only r and d keeps no capability through an RW pool handle and cannot delete (the owner can, thanks to the implicit set-ACL)',
        },
      }),
      at({ type: 'cont.destroy', poh: 2, cont: '#c4' }, OK, { note: 'r, w, d: the RW filter keeps DELETE' }),
    ],
  }),

  scenario({
    id: 'ACL-cont-delete-ex', group: 'acl', rev2: true, title: 'container delete through the container ACL with an exclusive pool handle',
    source: { file: 'src/security/srv_acl.c', test: 'ds_sec_cont_can_delete (pool flags translated to container open flags)' },
    rules: ['CONT-4'],
    steps: [
      system(4),
      poolWith('A::OWNER@:rc'),
      connect('#p0', ALICE, 'EX'),
      { type: 'cont.create', poh: 0 },
      at({ type: 'cont.destroy', poh: 0, cont: '#c0' }, err('NO_PERM'), {
        cite: 'src/security/srv_acl.c ds_sec_cont_can_delete maps DAOS_PC_RO to DAOS_COO_RO and DAOS_PC_RW to DAOS_COO_RW only; for DAOS_PC_EX the flags stay 0, which dc_cont_open_flags_valid (src/include/daos/container.h) rejects, so ds_sec_cont_get_capabilities fails and can_delete is false',
        finding: {
          rule: 'CONT-4', ours: OK,
          why: 'CONT-4 (rev. 2) filters an EX pool handle like an RW one, so the owner (default ACL, with d) may delete; DAOS never grants delete through the container ACL to an EX pool handle: only the pool ACL\'s delete-container capability works there',
        },
      }),
    ],
  }),
];
