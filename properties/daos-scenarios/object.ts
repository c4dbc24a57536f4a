import { COND, type FetchRequest, type Iod, type Oid, type Op } from '../../contract/index.ts';
import { OK, at, err, fetched, hexOf, keys, oid, ranges, scenario, seeded, setup, single, system, text, zeros, type Scenario } from './scenario.ts';

/**
 * Object and key-value scenarios: DAOS's object I/O tests (src/tests/suite/daos_obj.c IOn), the
 * flat KV API tests (src/tests/suite/daos_kv.c), the VOS conditional-operation test
 * (src/vos/tests/vts_pm.c VOS860), the EC conditional fetch (src/tests/suite/daos_obj_ec.c EC18) and
 * the client's argument checks (src/object/cli_obj.c obj_req_valid).
 *
 * The DAOS KV API (src/client/kv/dc_kv.c) stores key K as dkey K with one single value under akey
 * "0"; its DAOS_COND_KEY_{INSERT,UPDATE,GET,REMOVE} are DKEY_INSERT, DKEY_UPDATE, DKEY_FETCH and
 * COND_PUNCH (src/include/daos_kv.h), which is how the KV scenarios are written here.
 */
const { COND_PUNCH, DKEY_INSERT, DKEY_UPDATE, DKEY_FETCH, AKEY_INSERT, AKEY_UPDATE, AKEY_FETCH, PER_AKEY } = COND;
const OBJ = 'src/tests/suite/daos_obj.c';

const put = (o: Oid, dkey: string, akey: string, value: string, cond?: number): Op =>
  ({ type: 'obj.update', coh: 0, oid: o, dkey, iods: [{ akey, single: text(value) }], ...(cond ? { cond } : {}) });
const get = (o: Oid, dkey: string, akeys: readonly string[], cond?: number): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: o, dkey, requests: akeys.map((akey): FetchRequest => ({ akey, single: true })), ...(cond ? { cond } : {}) });

/** The KV API's value: one single value under akey "0" (dc_kv.c dc_kv_put). */
const kvPut = (o: Oid, key: string, hex: string, cond?: number): Op =>
  ({ type: 'obj.update', coh: 0, oid: o, dkey: key, iods: [{ akey: '0', single: { hex } }], ...(cond ? { cond } : {}) });
const kvGet = (o: Oid, key: string, cond?: number): Op => get(o, key, ['0'], cond);
const INT1 = '01000000';
const INT2 = '02000000';

const VOS = oid('S1', 860);
const KV = oid('S1', 402, 8);

/** EC18: akey0 at [0, 8 KiB), akey1 at [cell, cell + 8 KiB), akey2 a full 4-cell stripe; cell 4 KiB here (DAOS: 32 KiB). */
const CELL = 4096;
const EC = oid('EC_4P2G1', 18);
const EC_DATA = [seeded(180, 8192), seeded(181, 8192), seeded(182, 4 * CELL)];
const ecUpdate: Op = {
  type: 'obj.update', coh: 0, oid: EC, dkey: 'dkey', iods: [
    { akey: 'akey0', extents: [{ offset: 0, data: EC_DATA[0] }] },
    { akey: 'akey1', extents: [{ offset: CELL, data: EC_DATA[1] }] },
    { akey: 'akey2', extents: [{ offset: 0, data: EC_DATA[2] }] },
  ],
};
const ecFetch = (dkey: string, reqs: readonly FetchRequest[], cond?: number): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: EC, dkey, requests: reqs, ...(cond ? { cond } : {}) });
const rng = (akey: string, offset: number, length: number, cond?: number): FetchRequest =>
  ({ akey, ranges: [{ offset, length }], ...(cond ? { cond } : {}) });

/** The EC18 checks, shared by the healthy run here and the degraded run (rebuild.ts). */
export function ecCondFetchChecks(note: string): ReturnType<typeof at>[] {
  const akey1Head = hexOf(EC_DATA[1]).slice(0, 2 * (8192 - CELL));
  return [
    at(ecFetch('dkey', [rng('akey0', 0, 8192), rng('akey1', CELL, 8192)]), fetched(ranges(hexOf(EC_DATA[0])), ranges(hexOf(EC_DATA[1]))), { note }),
    at(ecFetch('non_dkey', [rng('akey0', 0, 8192), rng('akey1', CELL, 8192)], DKEY_FETCH), err('NONEXIST'), { note: '"cond_deky, fetch non-exist dkey"' }),
    at(ecFetch('dkey', [rng('non-akey', CELL, 8192)], DKEY_FETCH), fetched(ranges(zeros(8192))), { note: '"cond_dkey, dkey exist, akey non-exist": rc 0 (ARR-4: zeros)' }),
    at(ecFetch('dkey', [rng('akey0', CELL, 8192)], AKEY_FETCH), OK, { note: '"cond_akey fetch, akey exist on another data shard"' }),
    at(ecFetch('dkey', [rng('akey1', 0, 8192)], AKEY_FETCH), fetched(ranges(zeros(CELL) + akey1Head)), { note: '"cond_akey fetch, check exist from parity shard"' }),
    at(ecFetch('dkey', [rng('akey0', CELL, 8192), rng('non-akey', 0, 8192)], AKEY_FETCH), err('NONEXIST'), { note: '"one akey exist and another akey non-exist"' }),
    at(ecFetch('dkey', [rng('akey0', CELL, 8192, AKEY_FETCH), rng('non-akey', 0, 8192, AKEY_FETCH)], PER_AKEY), err('NONEXIST'), { note: '"cond fetch per akey, one akey exist and another akey non-exist"' }),
    at(ecFetch('dkey', [rng('akey0', 0, 8192, AKEY_FETCH), rng('akey1', CELL, 8192, AKEY_FETCH)], PER_AKEY), OK, { note: '"cond fetch per akey, two akeys both exist"' }),
  ];
}

/** EC18's fixture: healthy on 6 engines; for the degraded run 8 engines and rd_fac 2, so one failure keeps the container HEALTHY and FAULT-8 keeps 6 whole nodes. */
export const EC18_SETUP = (degraded: boolean): Op[] =>
  setup(degraded
    ? { sys: system(8, 1, 2), contProps: [['ec_cell_sz', CELL], ['rd_fac', 2]] }
    : { sys: system(6, 1, 2), contProps: [['ec_cell_sz', CELL]] });
export const EC18_UPDATE = ecUpdate;

export const OBJECT_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'IO1', group: 'object', title: 'simple update and fetch of a single value and of an array extent',
    source: { file: OBJ, test: 'IO1 io_simple (io_simple_internal)' }, rules: ['KV-4', 'KV-5', 'ARR-2', 'ARR-3'],
    steps: [
      setup(),
      at(put(oid('RP_2G1', 1), 'io_simple dkey', 'io_simple akey', 'io_simple value'), OK),
      at(get(oid('RP_2G1', 1), 'io_simple dkey', ['io_simple akey']), fetched(single(text('io_simple value')))),
      at({ type: 'obj.update', coh: 0, oid: oid('RP_2G1', 1), dkey: 'io_simple dkey', iods: [{ akey: 'io_simple array', extents: [{ offset: 0, data: seeded(1, 2048) }] }] }, OK),
      at({ type: 'obj.fetch', coh: 0, oid: oid('RP_2G1', 1), dkey: 'io_simple dkey', requests: [{ akey: 'io_simple array', ranges: [{ offset: 0, length: 2048 }] }] }, fetched(ranges(hexOf(seeded(1, 2048))))),
    ],
  }),

  scenario({
    id: 'IO37', group: 'object', title: 'fetching a nonexistent object, dkey or akey succeeds with nothing; a fetch mixing existing and missing akeys returns both',
    source: { file: OBJ, test: 'IO37 fetch_mixed_keys (nonexistent_internal, fetch_mixed_keys_internal)' }, rules: ['OBJ-7', 'KV-5'],
    steps: [
      setup(),
      at(get(oid('S1', 37), 'nonexistent dkey', ['nonexistent akey']), fetched(single(null)), { note: '"Fetch nonexistent OID": rc 0, buffer unused' }),
      put(oid('S1', 38), 'exist dkey', 'exist akey', 'value'),
      at(get(oid('S1', 38), 'nonexistent dkey', ['exist akey']), fetched(single(null)), { note: '"Fetch nonexistent DKEY"' }),
      at(get(oid('S1', 38), 'exist dkey', ['nonexistent akey']), fetched(single(null)), { note: '"Fetch nonexistent AKEY"' }),
      { type: 'obj.update', coh: 0, oid: oid('S1', 38), dkey: 'io_manyrec_scm_single dkey', iods: [0, 1, 2, 3, 4].map((i): Iod => ({ akey: `akey${i}`, single: text(`rec${i}`) })) },
      at(get(oid('S1', 38), 'io_manyrec_scm_single dkey', ['akey0', 'akeyA', 'akey2', 'akeyB', 'akey4']),
        fetched(single(text('rec0')), single(null), single(text('rec2')), single(null), single(text('rec4'))), { note: 'akeys 1 and 3 renamed to nonexistent ones: iod_size 0 for them' }),
    ],
  }),

  scenario({
    id: 'VOS860', group: 'object', title: 'conditional insert, update, fetch and punch on dkeys and akeys, around an object punch',
    source: { file: 'src/vos/tests/vts_pm.c', test: 'VOS860 cond_test' }, rules: ['COND-2', 'COND-3', 'COND-5', 'COND-6', 'PUNCH-1', 'PUNCH-4', 'KV-6'],
    steps: [
      setup(),
      at(put(VOS, 'a', 'b', 'foo', DKEY_UPDATE), err('NONEXIST'), { note: '"Conditional update of non-existed key should fail"' }),
      at(put(VOS, 'a', 'b', 'foo', DKEY_INSERT), OK),
      at(put(VOS, 'a', 'b', 'bar', DKEY_INSERT), err('EXIST')),
      at(get(VOS, 'a', ['b']), fetched(single(text('foo')))),
      at({ type: 'obj.punch', coh: 0, oid: VOS }, OK),
      at(get(VOS, 'a', ['b']), fetched(single(null)), { note: '"Non conditional fetch should not see data anymore"' }),
      at(put(VOS, 'a', 'b', 'foo', DKEY_UPDATE), err('NONEXIST')),
      at({ type: 'obj.punchAkeys', coh: 0, oid: VOS, dkey: 'a', akeys: ['b'], cond: COND_PUNCH }, err('NONEXIST'), { note: '"Conditional punch of non-existent akey should fail"' }),
      at({ type: 'obj.punchDkey', coh: 0, oid: VOS, dkey: 'a', cond: COND_PUNCH }, err('NONEXIST')),
      at({ type: 'obj.update', coh: 0, oid: VOS, dkey: 'z', cond: DKEY_UPDATE, iods: [['a', 'foo'], ['b', 'bar'], ['c', 'foobar'], ['d', 'value'], ['e', 'abc']].map(([akey, v]): Iod => ({ akey, single: text(v) })) }, err('NONEXIST')),
      at({ type: 'obj.update', coh: 0, oid: VOS, dkey: 'z', cond: DKEY_INSERT, iods: [['a', 'foo'], ['b', 'bar'], ['c', 'foobar'], ['d', 'value'], ['e', 'abc']].map(([akey, v]): Iod => ({ akey, single: text(v) })) }, OK),
      at(get(VOS, 'z', ['a'], AKEY_FETCH), fetched(single(text('foo')))),
      at(get(VOS, 'a', ['nonexist'], AKEY_FETCH), err('NONEXIST')),
      at(get(VOS, 'nonexist', ['a'], DKEY_FETCH), err('NONEXIST')),
      at(put(VOS, 'nonexist', 'a', 'foo'), OK),
      at(get(VOS, 'nonexist', ['a'], DKEY_FETCH), fetched(single(text('foo')))),
      at(get(VOS, 'dead', ['a'], DKEY_FETCH), err('NONEXIST')),
      at({ type: 'obj.listDkeys', coh: 0, oid: VOS }, keys('nonexist', 'z')),
    ],
  }),

  scenario({
    id: 'VOS860-dup', group: 'object', title: 'an update naming the same akey twice',
    source: { file: 'src/vos/tests/vts_pm.c', test: 'VOS860 cond_test ("Test duplicate akey"); src/vos/vos_io.c vos_ioc_create, vos_check_akeys' },
    rules: ['KV-1'],
    steps: [
      setup(),
      at({ type: 'obj.update', coh: 0, oid: VOS, dkey: 'a', iods: [['c', 'foo'], ['c', 'bar'], ['d', 'val'], ['e', 'flag'], ['f', 'temp']].map(([akey, v]): Iod => ({ akey, single: text(v) })) }, err('NO_PERM'), {
        finding: {
          rule: 'KV-1', ours: err('INVAL'),
          why: 'KV-1 makes an update naming an akey twice INVAL (an argument check, step 1); DAOS passes it through the client (obj_req_valid has no duplicate check) and VOS refuses it with NO_PERM ("Detected duplicate akeys, operation not allowed")',
        },
      }),
    ],
  }),

  scenario({
    id: 'ARRAY18', group: 'object', title: 'conditional array updates: dkey and akey conditions, global and per akey',
    source: { file: 'src/tests/suite/daos_obj_array.c', test: 'ARRAY18 cond_ops' }, rules: ['COND-3', 'COND-4', 'COND-6'],
    steps: (() => {
      const o = oid('S1', 18);
      const iod = (akey: string, cond?: number): Iod => ({ akey, extents: [{ offset: 0, data: seeded(akey.length, 64) }], ...(cond ? { cond } : {}) });
      const upd = (cond: number, ...iods: Iod[]): Op => ({ type: 'obj.update', coh: 0, oid: o, dkey: 'dkey', iods, cond });
      return [
        setup(),
        at(upd(DKEY_UPDATE | AKEY_INSERT, iod('akey_0'), iod('akey_1')), err('NONEXIST'), { note: '"Cond update dkey should fail"' }),
        at(upd(DKEY_INSERT | AKEY_UPDATE, iod('akey_0'), iod('akey_1')), err('NONEXIST'), { note: '"Cond update akey should fail"' }),
        at(upd(DKEY_INSERT | PER_AKEY, iod('akey_0', AKEY_INSERT), iod('akey_1', AKEY_UPDATE)), err('NONEXIST'), { note: '"akey doesn\'t exist so update should fail"' }),
        at(upd(DKEY_INSERT | PER_AKEY, iod('akey_0', AKEY_INSERT), iod('akey_1', AKEY_INSERT)), OK),
        at(upd(DKEY_UPDATE | PER_AKEY, iod('akey_0', AKEY_INSERT), iod('akey_1', AKEY_UPDATE)), err('EXIST'), { note: '"both exist now, insert should fail"' }),
        at(upd(DKEY_UPDATE | AKEY_INSERT, iod('akey_0')), err('EXIST')),
        at(upd(DKEY_UPDATE | AKEY_UPDATE, iod('akey_ne')), err('NONEXIST')),
      ];
    })(),
  }),

  scenario({
    id: 'KV-cond', group: 'object', title: 'flat KV conditional get, put (insert, update) and remove',
    source: { file: 'src/tests/suite/daos_kv.c', test: 'KV: Object Conditional Ops (kv_cond_ops)' }, rules: ['COND-2', 'COND-3', 'COND-5', 'KV-6'],
    steps: [
      setup(),
      at(kvGet(KV, 'Key2', DKEY_FETCH), err('NONEXIST'), { note: '"Conditional FETCH of non existent Key(should fail)"' }),
      at(kvPut(KV, 'Key1', INT1, DKEY_UPDATE), err('NONEXIST')),
      at(kvPut(KV, 'Key1', INT1, DKEY_INSERT), OK),
      at(kvPut(KV, 'Key1', INT2, DKEY_INSERT), err('EXIST')),
      at(kvGet(KV, 'Key1', DKEY_FETCH), fetched({ single: INT1 })),
      at({ type: 'obj.punchDkey', coh: 0, oid: KV, dkey: 'Key2', cond: COND_PUNCH }, err('NONEXIST'), { note: '"Conditional Remove non existing Key (should fail)"' }),
      at({ type: 'obj.punchDkey', coh: 0, oid: KV, dkey: 'Key1', cond: COND_PUNCH }, OK),
      at(kvGet(KV, 'Key1', DKEY_FETCH), err('NONEXIST')),
    ],
  }),

  scenario({
    id: 'KV-empty', group: 'object', title: 'flat KV: a key inserted with no value',
    source: { file: 'src/tests/suite/daos_kv.c', test: 'KV: Object Conditional Ops (kv_cond_ops, "Key with no value")' }, rules: ['KV-2'],
    steps: (() => {
      const why = 'a zero-length single value is INVAL in the spec (in DAOS a zero-size value is a punch marker, which has its own operations here), so the empty key is never created';
      return [
        setup(),
        at(kvPut(KV, 'Empty_Key', ''), OK, { differs: { rule: 'KV-2', ours: err('INVAL'), why } }),
        at(kvPut(KV, 'Empty_Key', INT2, DKEY_INSERT), err('EXIST'), { note: '"Conditional INSERT of existing (but empty) Key (should fail)"', differs: { rule: 'KV-2', ours: OK, why } }),
        at(kvGet(KV, 'Empty_Key', DKEY_FETCH), OK, { note: '"Conditional FETCH of existing but empty Key": rc 0, size 0', differs: { rule: 'KV-2', ours: fetched({ single: INT2 }), why } }),
      ];
    })(),
  }),

  scenario({
    id: 'KV-simple', group: 'object', title: 'flat KV put, overwrite, get, remove and list',
    source: { file: 'src/tests/suite/daos_kv.c', test: 'KV: Object Put/GET (simple_put_get_flags), NUM_KEYS scaled down to 5' }, rules: ['KV-5', 'KV-7', 'PUNCH-2'],
    steps: [
      setup(),
      ...[0, 1, 2, 3, 4].map((i) => kvPut(KV, `key${i}`, hexOf(seeded(40, 64)))),
      at(kvPut(KV, 'key4', '05000000'), OK, { note: '"Overwriting Last Key" with the int NUM_KEYS' }),
      at({ type: 'obj.listDkeys', coh: 0, oid: KV }, keys('key0', 'key1', 'key2', 'key3', 'key4')),
      at(kvGet(KV, 'key1'), fetched(single(seeded(40, 64)))),
      at(kvGet(KV, 'key4'), fetched({ single: '05000000' })),
      at({ type: 'obj.punchDkey', coh: 0, oid: KV, dkey: 'key0' }, OK),
      at({ type: 'obj.punchDkey', coh: 0, oid: KV, dkey: 'key1' }, OK),
      at({ type: 'obj.listDkeys', coh: 0, oid: KV }, keys('key2', 'key3', 'key4'), { note: '"Enumerating Keys": NUM_KEYS - removed' }),
    ],
  }),

  scenario({
    id: 'OBJ-flags', group: 'object', title: 'conditional flags a fetch or an update cannot take, and empty keys or request lists, are INVAL at the client',
    source: { file: 'src/object/cli_obj.c', test: 'obj_req_valid, obj_key_valid' }, rules: ['COND-1', 'COND-2', 'COND-3', 'COND-4', 'KV-1'],
    steps: [
      setup(),
      put(oid('S1', 9), 'd', 'a', 'v'),
      at(get(oid('S1', 9), 'd', ['a'], DKEY_INSERT), err('INVAL'), { note: '"invalid fetch - with conditional modification flags"' }),
      at(get(oid('S1', 9), 'd', ['a'], COND_PUNCH), err('INVAL')),
      at({ type: 'obj.fetch', coh: 0, oid: oid('S1', 9), dkey: 'd', requests: [{ akey: 'a', single: true, cond: AKEY_FETCH }], cond: PER_AKEY | AKEY_FETCH }, err('INVAL'), { note: '"cannot with both DAOS_COND_PER_AKEY and DAOS_COND_AKEY_FETCH"' }),
      at(put(oid('S1', 9), 'd', 'a', 'v', DKEY_FETCH), err('INVAL'), { note: '"invalid update - with conditional punch/fetch flags"' }),
      at(put(oid('S1', 9), 'd', 'a', 'v', COND_PUNCH), err('INVAL')),
      at({ type: 'obj.update', coh: 0, oid: oid('S1', 9), dkey: 'd', iods: [{ akey: 'a', single: text('v'), cond: AKEY_INSERT }], cond: PER_AKEY | AKEY_INSERT }, err('INVAL'), { note: '"cannot with both DAOS_COND_PER_AKEY and DAOS_COND_AKEY_UPDATE | DAOS_COND_AKEY_INSERT"' }),
      at(put(oid('S1', 9), '', 'a', 'v'), err('INVAL'), { note: 'obj_key_valid: iov_len != 0' }),
      at({ type: 'obj.update', coh: 0, oid: oid('S1', 9), dkey: 'd', iods: [] }, err('INVAL'), { note: '"Invalid update parameter": nr == 0' }),
      at(get(oid('S1', 9), 'd', ['a']), fetched(single(text('v'))), { note: 'nothing above applied' }),
    ],
  }),

  scenario({
    id: 'OBJ-cond-pair', group: 'object', title: 'DKEY_INSERT and DKEY_UPDATE together on one update',
    source: { file: 'src/vos/vos_io.c', test: 'dkey_update_begin (VOS_COND_UPDATE_OP_MASK is tested before DKEY_INSERT); src/object/cli_obj.c obj_req_valid (the pair passes)' },
    rules: ['COND-3'],
    steps: (() => {
      const why = 'the spec refuses INSERT and UPDATE at the same level as a flag error, on the view that the pair can never succeed; in DAOS the pair behaves as DKEY_UPDATE';
      return [
        setup(),
        at(put(oid('S1', 10), 'd', 'a', 'v', DKEY_INSERT | DKEY_UPDATE), err('NONEXIST'), { differs: { rule: 'COND-3', ours: err('INVAL'), why } }),
        put(oid('S1', 10), 'd', 'a', 'v'),
        at(put(oid('S1', 10), 'd', 'a', 'w', DKEY_INSERT | DKEY_UPDATE), OK, { differs: { rule: 'COND-3', ours: err('INVAL'), why } }),
      ];
    })(),
  }),

  scenario({
    id: 'EC18', group: 'object', title: 'conditional fetches on an EC object: dkey and akey conditions, global and per akey',
    source: { file: 'src/tests/suite/daos_obj_ec.c', test: 'EC18 ec_cond_fetch (healthy part)' }, rules: ['COND-2', 'COND-4', 'COND-6', 'ARR-3', 'ARR-4', 'OBJ-8'],
    steps: [
      EC18_SETUP(false),
      at(ecUpdate, OK),
      ecCondFetchChecks('"normal fetch"'),
    ],
  }),

  scenario({
    id: 'DTX21-punch', group: 'object', title: 'an object punch removes every dkey: conditional fetches of each are NONEXIST afterwards',
    source: { file: 'src/tests/suite/daos_dist_tx.c', test: 'DTX21 dtx_21 ("Successful punch object", lookup_empty_single with DKEY_FETCH|AKEY_FETCH)' }, rules: ['PUNCH-1', 'COND-2', 'KV-7'],
    steps: [
      setup(),
      ...[0, 1, 2].map((i) => ({ type: 'obj.update', coh: 0, oid: oid('RP_2G2', 21), dkey: `dkey${i}`, iods: [{ akey: 'akey', extents: [{ offset: 0, data: seeded(210 + i, 32) }] }] }) as Op),
      at({ type: 'obj.fetch', coh: 0, oid: oid('RP_2G2', 21), dkey: 'dkey1', requests: [{ akey: 'akey', ranges: [{ offset: 0, length: 32 }] }] }, fetched(ranges(hexOf(seeded(211, 32))))),
      at({ type: 'obj.punch', coh: 0, oid: oid('RP_2G2', 21) }, OK),
      ...[0, 1, 2].map((i) => at({ type: 'obj.fetch', coh: 0, oid: oid('RP_2G2', 21), dkey: `dkey${i}`, requests: [{ akey: 'akey', ranges: [{ offset: 0, length: 32 }] }], cond: DKEY_FETCH | AKEY_FETCH }, err('NONEXIST'))),
      at({ type: 'obj.listDkeys', coh: 0, oid: oid('RP_2G2', 21) }, keys()),
    ],
  }),
];
