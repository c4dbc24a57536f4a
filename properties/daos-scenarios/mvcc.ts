import { COND, type Op } from '../../contract/index.ts';
import { OK, at, err, fetched, keys, oid, scenario, setup, single, text, type Scenario } from './scenario.ts';

/**
 * VOS MVCC rules (src/vos/README.md "MVCC Rules", tested by src/vos/tests/vts_mvcc.c and
 * src/vos/tests/vts_pm.c) as transaction traces. DAOS orders transactions by epoch: a transaction's
 * epoch comes from the first server it accesses; a read records read timestamps on the keys and
 * levels above them; a write at epoch e is rejected (TX_RESTART) if a later read covered it, or if
 * an overlapping write exists in (e, e + epsilon] while e is uncertain.
 *
 * TX-7 is a deliberate choice: commits are validated optimistically and deterministically (a commit
 * conflicts iff something it read or wrote overlaps a write committed after its start point), not
 * by timestamps. Where the two give different answers the scenario records DAOS's and ours.
 */
const README = 'src/vos/README.md';
const MVCC = 'src/vos/tests/vts_mvcc.c';
const O = oid('RP_2G1', 77);
const put = (dkey: string, value: string, tx?: number, cond?: number): Op =>
  ({ type: 'obj.update', coh: 0, oid: O, dkey, iods: [{ akey: 'a', single: text(value) }], ...(tx === undefined ? {} : { tx }), ...(cond ? { cond } : {}) });
const get = (dkey: string, tx?: number): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: O, dkey, requests: [{ akey: 'a', single: true }], ...(tx === undefined ? {} : { tx }) });
const TX7 = 'commits are validated deterministically against writes committed after the start point, not against read timestamps of other transactions: the outcome does not depend on epochs and clocks';

export const MVCC_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'MVCC-read-then-older-write', group: 'mvcc', title: 'a write at an epoch older than a later read of the same key is rejected',
    source: { file: MVCC, test: 'conflicting_rw_exec ("Read, then write. re > we": expected_wrc = -DER_TX_RESTART)' }, rules: ['TX-7', 'TX-4'],
    steps: [
      setup(),
      put('k', 'v0'), put('x', 'x0'),
      { type: 'tx.open', coh: 0 },
      at(get('x', 0), fetched(single(text('x0'))), { note: 'the writer\'s epoch is fixed here, by its first server access' }),
      { type: 'tx.open', coh: 0 },
      at(get('k', 1), fetched(single(text('v0'))), { note: 'a later epoch reads k: k\'s read timestamp moves past the writer\'s epoch' }),
      at({ type: 'tx.commit', th: 1 }, OK),
      put('k', 'w', 0),
      at({ type: 'tx.commit', th: 0 }, err('TX_RESTART'), {
        cite: `${README} "MVCC Rules" (write: read timestamp check)`,
        differs: { rule: 'TX-7', ours: OK, why: `${TX7}; no write was committed on k after the writer's start point` },
      }),
    ],
  }),

  scenario({
    id: 'MVCC-read-then-newer-write', group: 'mvcc', title: 'a write at an epoch newer than the read succeeds',
    source: { file: MVCC, test: 'conflicting_rw_exec ("Read, then write. re < we. Shall write OK.")' }, rules: ['TX-7', 'TX-9'],
    steps: [
      setup(),
      put('k', 'v0'),
      { type: 'tx.open', coh: 0 },
      at(get('k', 0), fetched(single(text('v0')))),
      at({ type: 'tx.commit', th: 0 }, OK),
      at(put('k', 'v1'), OK),
      at(get('k'), fetched(single(text('v1')))),
    ],
  }),

  scenario({
    id: 'MVCC-same-tx', group: 'mvcc', title: 'a transaction that reads a key and then writes it commits (same epoch, same transaction)',
    source: { file: MVCC, test: 'conflicting_rw_exec ("Read, then write. re == we. Same TX.")' }, rules: ['TX-3', 'TX-7'],
    steps: [
      setup(),
      put('k', 'v0'),
      { type: 'tx.open', coh: 0 },
      get('k', 0),
      put('k', 'v1', 0),
      at(get('k', 0), fetched(single(text('v0'))), { note: 'buffered writes are not visible to the transaction\'s own reads (client-side caching)' }),
      at({ type: 'tx.commit', th: 0 }, OK),
      at(get('k'), fetched(single(text('v1')))),
    ],
  }),

  scenario({
    id: 'MVCC-read-point', group: 'mvcc', title: 'a read at epoch e sees the newest write at or below e, whatever commits later',
    source: { file: README, test: '"MVCC Rules": "find the highest overlapping, unaborted write in [0, e]"' }, rules: ['TX-4', 'DUR-1'],
    steps: [
      setup(),
      put('k', 'v0'),
      { type: 'tx.open', coh: 0 },
      at(get('k', 0), fetched(single(text('v0')))),
      put('k', 'v1'),
      at(get('k', 0), fetched(single(text('v0')))),
      at(get('k'), fetched(single(text('v1')))),
      at({ type: 'obj.listDkeys', coh: 0, oid: O, tx: 0 }, keys('k')),
    ],
  }),

  scenario({
    id: 'MVCC-failed-cond-reads', group: 'mvcc', title: 'a failed conditional update still records its read: an older write of that key is rejected',
    source: { file: 'src/vos/tests/vts_pm.c', test: 'VOS860 cond_test ("Non conditional update should fail due to later read")' }, rules: ['TX-7', 'COND-3', 'ERR-2'],
    steps: [
      setup(),
      put('x', 'x0'),
      { type: 'tx.open', coh: 0 },
      get('x', 0),
      at(put('a', 'foo', undefined, COND.DKEY_UPDATE), err('NONEXIST')),
      put('a', 'foo', 0),
      at({ type: 'tx.commit', th: 0 }, err('TX_RESTART'), {
        differs: { rule: 'TX-7', ours: OK, why: `${TX7}; a failed operation records nothing (ERR-2)` },
      }),
    ],
  }),

  scenario({
    id: 'MVCC-punch-propagation', group: 'mvcc', title: 'punching the last akey of a dkey removes the dkey from listings; an extra akey keeps it',
    source: { file: README, test: '"Punch propagation"; src/tests/suite/daos_rebuild_simple.c REBUILD9 ("Add an extra akey so punch propagation doesn\'t get rid of the dkey")' },
    rules: ['PUNCH-5', 'KV-6', 'KV-7'],
    steps: [
      setup(),
      put('d1', 'v'), put('d2', 'v'),
      { type: 'obj.update', coh: 0, oid: O, dkey: 'd2', iods: [{ akey: 'extra', single: text('v') }] },
      { type: 'obj.punchAkeys', coh: 0, oid: O, dkey: 'd1', akeys: ['a'] },
      { type: 'obj.punchAkeys', coh: 0, oid: O, dkey: 'd2', akeys: ['a'] },
      at({ type: 'obj.listDkeys', coh: 0, oid: O }, keys('d2')),
      at({ type: 'obj.listAkeys', coh: 0, oid: O, dkey: 'd2' }, keys('extra')),
    ],
  }),
];
