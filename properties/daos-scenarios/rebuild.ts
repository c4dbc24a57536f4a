import type { Op, PropEntry } from '../../contract/index.ts';
import { EC18_SETUP, EC18_UPDATE, ecCondFetchChecks } from './object.ts';
import { OK, at, fetched, hexOf, keys, oid, ranges, scenario, seeded, setup, single, system, text, type Scenario } from './scenario.ts';

/**
 * Rebuild and degraded-mode scenarios: data read back while targets are excluded, drained, rebuilt
 * and reintegrated (src/tests/suite/daos_rebuild_simple.c REBUILDn, daos_drain_simple.c DRAINn,
 * daos_degraded.c DEGRADEDn, daos_obj_ec.c EC18/EC22, daos_dist_tx.c DTX39). DAOS's rebuild tests
 * use containers with rd_fac 2 (rebuild_sub_setup_common) and objects replicated three ways
 * (DAOS_OC_R3S_SPEC_RANK); SNAP_CNT (20) is scaled to 3. DAOS's degraded EC tests fail shards with
 * client fault injection (DAOS_FAIL_SHARD_OPEN); here engines fail (FAULT-2) and are excluded.
 */
const SIMPLE = 'src/tests/suite/daos_rebuild_simple.c';
const N = 3;
const RF2 = { sys: system(4, 1, 2), contProps: [['rd_fac', 2]] as PropEntry[] };
const O = oid('RP_3G1', 300);
const put = (dkey: string, akey: string, value = 'data'): Op => ({ type: 'obj.update', coh: 0, oid: O, dkey, iods: [{ akey, single: text(value) }] });
const listD = (tx?: number): Op => ({ type: 'obj.listDkeys', coh: 0, oid: O, ...(tx === undefined ? {} : { tx }) });
const listA = (dkey: string, tx?: number): Op => ({ type: 'obj.listAkeys', coh: 0, oid: O, dkey, ...(tx === undefined ? {} : { tx }) });
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const excludeAndRebuild: Op[] = [{ type: 'pool.exclude', pool: '#p0', rank: 0, targets: [0] }, { type: 'pool.rebuild', pool: '#p0' }];
const reintegrateAndRebuild: Op[] = [{ type: 'pool.reintegrate', pool: '#p0', rank: 0, targets: [0] }, { type: 'pool.rebuild', pool: '#p0' }];

export const REBUILD_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'REBUILD8', group: 'rebuild', title: 'keys inserted between snapshots enumerate correctly at every snapshot after a target is excluded and rebuilt',
    source: { file: SIMPLE, test: 'REBUILD8 rebuild_snap_update_keys' }, rules: ['DUR-1', 'SNAP-1', 'KV-7', 'MAP-8'],
    steps: [
      setup(RF2),
      ...range(N, (i) => `${i}`).flatMap((i): Op[] => [{ type: 'snap.create', coh: 0 }, put(`dkey_${i}`, 'a_key'), put('dkey', `akey_${i}`)]),
      ...excludeAndRebuild,
      ...range(N, (j) => `${j}`).flatMap((js) => {
        const j = Number(js);
        return [
          { type: 'tx.openSnapshot', coh: 0, token: j + 1 } as Op,
          at(listD(j), keys(...(j > 0 ? [...range(j, (i) => `dkey_${i}`), 'dkey'] : [])), { note: 'number == (j > 0 ? j + 1 : 0)' }),
          at(listA('dkey', j), keys(...range(j, (i) => `akey_${i}`)), { note: 'number == j' }),
        ];
      }),
      at(listD(), keys(...range(N, (i) => `dkey_${i}`), 'dkey'), { note: 'DAOS asks for at most SNAP_CNT keys per call and gets SNAP_CNT; the whole set is SNAP_CNT + 1' }),
      at(listA('dkey'), keys(...range(N, (i) => `akey_${i}`))),
      ...reintegrateAndRebuild,
      at(listD(), keys(...range(N, (i) => `dkey_${i}`), 'dkey'), { note: 'after reintegration (daos_obj_verify in DAOS)' }),
    ],
  }),

  scenario({
    id: 'REBUILD9', group: 'rebuild', title: 'keys punched between snapshots enumerate correctly at every snapshot after rebuild',
    source: { file: SIMPLE, test: 'REBUILD9 rebuild_snap_punch_keys' }, rules: ['DUR-1', 'PUNCH-2', 'PUNCH-5', 'KV-7'],
    steps: [
      setup(RF2),
      ...range(N, (i) => `${i}`).flatMap((i): Op[] => [put(`dkey_${i}`, 'a_key'), put('dkey', `akey_${i}`), put('dkey', `akey_${Number(i) + 100}`)]),
      ...range(N, (i) => `${i}`).flatMap((i): Op[] => [
        { type: 'snap.create', coh: 0 },
        { type: 'obj.punchDkey', coh: 0, oid: O, dkey: `dkey_${i}` },
        { type: 'obj.punchAkeys', coh: 0, oid: O, dkey: 'dkey', akeys: [`akey_${i}`] },
      ]),
      ...excludeAndRebuild,
      ...range(N, (j) => `${j}`).flatMap((js) => {
        const j = Number(js);
        return [
          { type: 'tx.openSnapshot', coh: 0, token: j + 1 } as Op,
          at(listD(j), keys(...range(N - j, (i) => `dkey_${i + j}`), 'dkey'), { note: 'number == SNAP_CNT + 1 - j' }),
          at(listA('dkey', j), keys(...range(N - j, (i) => `akey_${i + j}`), ...range(N, (i) => `akey_${i + 100}`)), { note: 'number == 2 * SNAP_CNT - j' }),
        ];
      }),
      at(listD(), keys('dkey'), { note: 'number == 1' }),
      at(listA('dkey'), keys(...range(N, (i) => `akey_${i + 100}`)), { note: 'number == SNAP_CNT' }),
    ],
  }),

  scenario({
    id: 'REBUILD11', group: 'rebuild', title: 'a punched object still enumerates at the snapshot taken before the punch, after rebuild',
    source: { file: SIMPLE, test: 'REBUILD11 rebuild_snap_punch_empty' }, rules: ['DUR-1', 'PUNCH-1', 'SNAP-1'],
    steps: [
      setup(RF2),
      put('d_key', 'a_key'),
      { type: 'snap.create', coh: 0 },
      { type: 'obj.punch', coh: 0, oid: O },
      ...excludeAndRebuild,
      { type: 'tx.openSnapshot', coh: 0, token: 1 },
      at(listD(0), keys('d_key')),
      at(listA('d_key', 0), keys('a_key')),
      at(listD(), keys()),
      at(listA('d_key'), keys()),
    ],
  }),

  scenario({
    id: 'DRAIN0', group: 'rebuild', title: 'draining the target that holds a single-copy object: every record reads back',
    source: { file: 'src/tests/suite/daos_drain_simple.c', test: 'DRAIN0 drain_dkeys (DAOS_OC_R1S_SPEC_RANK, KEY_NR scaled to 4)' }, rules: ['MAP-5', 'MAP-7', 'MAP-8', 'DUR-1'],
    steps: [
      setup({ sys: system(4, 1, 2) }),
      ...range(4, (i) => `${i}`).map((i): Op => ({ type: 'obj.update', coh: 0, oid: oid('S1', 1), dkey: `dkey_0_${i}`, iods: [{ akey: 'a_key', extents: [{ offset: 0, data: { hex: '6461746100' } }] }] })),
      at({ type: 'pool.drain', pool: '#p0', rank: 0, targets: [0] }, OK),
      ...range(4, (i) => `${i}`).map((i) => at({ type: 'obj.fetch', coh: 0, oid: oid('S1', 1), dkey: `dkey_0_${i}`, requests: [{ akey: 'a_key', ranges: [{ offset: 0, length: 5 }] }] }, fetched(ranges('6461746100')), { note: 'during the drain' })),
      { type: 'pool.rebuild', pool: '#p0' },
      ...range(4, (i) => `${i}`).map((i) => at({ type: 'obj.fetch', coh: 0, oid: oid('S1', 1), dkey: `dkey_0_${i}`, requests: [{ akey: 'a_key', ranges: [{ offset: 0, length: 5 }] }] }, fetched(ranges('6461746100')), { note: '"data"' })),
      at({ type: 'cont.getProps', coh: 0, names: ['status'] }, { okWith: { status: { status: 'HEALTHY' } } }, { note: 'a drain is not a failure' }),
    ],
  }),

  scenario({
    id: 'DEGRADED2', group: 'rebuild', title: 'an engine dies halfway through the lookups: every lookup and the enumeration still return the data',
    source: { file: 'src/tests/suite/daos_degraded.c', test: 'DEGRADED2 (insert_lookup_enum_with_ops, op_kill = LOOKUP; g_dkeys scaled to 4)' }, rules: ['FAULT-2', 'HALT-2', 'DUR-1', 'RF-2'],
    steps: (() => {
      const o = oid('RP_3G1', 2);
      const val = (i: number) => text(`degraded val${i}`);
      const lookup = (i: number) => at({ type: 'obj.fetch', coh: 0, oid: o, dkey: `degraded dkey${i}`, requests: [{ akey: 'degraded akey', ranges: [{ offset: i * 20, length: `degraded val${i}`.length }] }] }, fetched(ranges(hexOf(val(i)))));
      return [
        setup(RF2),
        ...[0, 1, 2, 3].map((i): Op => ({ type: 'obj.update', coh: 0, oid: o, dkey: `degraded dkey${i}`, iods: [{ akey: 'degraded akey', extents: [{ offset: i * 20, data: val(i) }] }] })),
        lookup(0), lookup(1),
        at({ type: 'fault.failEngine', rank: 1 }, OK, { note: 'daos_kill_server' }),
        lookup(2), lookup(3), lookup(0),
        at({ type: 'obj.listDkeys', coh: 0, oid: o }, keys('degraded dkey0', 'degraded dkey1', 'degraded dkey2', 'degraded dkey3')),
        at({ type: 'pool.query', pool: '#p0' }, { okWith: { disabledRanks: [1] } }, { note: 'the killed engine was excluded' }),
      ];
    })(),
  }),

  scenario({
    id: 'EC18-degraded', group: 'rebuild', title: 'the EC18 conditional fetches give the same answers with a failed engine',
    source: { file: 'src/tests/suite/daos_obj_ec.c', test: 'EC18 ec_cond_fetch ("run same tests in degraded mode"; 8 engines so FAULT-8 keeps 6 whole nodes)' }, rules: ['COND-2', 'COND-4', 'DUR-1', 'FAULT-2'],
    steps: [
      EC18_SETUP(true),
      EC18_UPDATE,
      { type: 'fault.failEngine', rank: 0 },
      ecCondFetchChecks('degraded "normal fetch"'),
    ],
  }),

  scenario({
    id: 'EC22', group: 'rebuild', title: 'EC 4+2: a full stripe reads back with two shards\' engines failed',
    source: { file: 'src/tests/suite/daos_obj_ec.c', test: 'EC22 ec_data_recov (shards 1 and 3 failed; 8 engines so FAULT-8 keeps 6 whole nodes)' }, rules: ['DUR-1', 'FAULT-2', 'HALT-1', 'OBJ-8'],
    steps: (() => {
      const o = oid('EC_4P2G1', 22);
      const data = seeded(22, 4 * 4096);
      const fetch: Op = { type: 'obj.fetch', coh: 0, oid: o, dkey: 'dkey_recov', requests: [{ akey: 'akey_recov', ranges: [{ offset: 0, length: 4 * 4096 }] }] };
      return [
        setup({ sys: system(8, 1, 1), contProps: [['ec_cell_sz', 4096], ['rd_fac', 2]] }),
        { type: 'obj.update', coh: 0, oid: o, dkey: 'dkey_recov', iods: [{ akey: 'akey_recov', extents: [{ offset: 0, data }] }] },
        at(fetch, fetched(ranges(hexOf(data))), { note: '"normal fetch"' }),
        { type: 'fault.failEngine', rank: 1 },
        { type: 'fault.failEngine', rank: 3 },
        at(fetch, fetched(ranges(hexOf(data))), { note: '"degraded fetch data recovery"' }),
      ];
    })(),
  }),

  scenario({
    id: 'DTX39', group: 'rebuild', title: 'a snapshot read-only transaction keeps reading across an exclusion and rebuild',
    source: { file: 'src/tests/suite/daos_dist_tx.c', test: 'DTX39 dtx_39 (fixed-epoch transaction opened with daos_tx_open_snap; a real snapshot here)' }, rules: ['TX-1', 'TX-9', 'DUR-1'],
    steps: (() => {
      const o = oid('RP_2G1', 39);
      const sv = (akey: string, tx?: number): Op => ({ type: 'obj.update', coh: 0, oid: o, dkey: 'dtx_dkey', iods: [{ akey, single: { hex: '0100000000000000' } }], ...(tx === undefined ? {} : { tx }) });
      const get = (akey: string, tx?: number): Op => ({ type: 'obj.fetch', coh: 0, oid: o, dkey: 'dtx_dkey', requests: [{ akey, single: true }], ...(tx === undefined ? {} : { tx }) });
      const one = fetched({ single: '0100000000000000' });
      return [
        setup({ sys: system(3, 1, 1), contProps: [['rd_fac', 1]] }),
        sv('akey_1'), sv('akey_2'),
        { type: 'tx.open', coh: 0 }, sv('akey_3', 0), at({ type: 'tx.commit', th: 0 }, OK), { type: 'tx.close', th: 0 },
        { type: 'snap.create', coh: 0 },
        { type: 'tx.openSnapshot', coh: 0, token: 1 },
        at(get('akey_1', 1), one),
        { type: 'pool.exclude', pool: '#p0', rank: 0 }, { type: 'pool.rebuild', pool: '#p0' },
        at(get('akey_2'), one, { note: '"Verifying data after rebuild"' }),
        at(get('akey_3', 1), one, { note: '"NOT restart the TX even if its pm_ver is stale"' }),
        at({ type: 'tx.close', th: 1 }, OK),
      ];
    })(),
  }),
];
