import { COND, type Oid, type Op } from '../../contract/index.ts';
import { OK, at, err, fetched, hexOf, keys, oid, ranges, scenario, seeded, setup, single, text, zeros, type Scenario } from './scenario.ts';

/**
 * Distributed-transaction scenarios from src/tests/suite/daos_dist_tx.c (DTXn) and the client
 * transaction code (src/object/obj_tx.c). DTX_TEST_SUB_REQS (32) is scaled to 3; DTX_IO_SMALL is
 * 32 bytes, so the DAOS tests' record i of an array written with iod_size 32 is bytes [32 i, 32 i + 32).
 * DAOS test objects are OC_RP_XSF; RP_2G1 here.
 */
const FILE = 'src/tests/suite/daos_dist_tx.c';
const { COND_PUNCH, DKEY_INSERT, DKEY_UPDATE, AKEY_INSERT, AKEY_UPDATE } = COND;
const S = 32;
const O = oid('RP_2G1', 100);
const DKEY = 'dtx_dkey';
const AKEY = 'dtx_akey';

const sv = (value: ReturnType<typeof seeded>, tx?: number, akey = AKEY, dkey = DKEY, o: Oid = O): Op =>
  ({ type: 'obj.update', coh: 0, oid: o, dkey, iods: [{ akey, single: value }], ...(tx === undefined ? {} : { tx }) });
const ev = (offset: number, value: ReturnType<typeof seeded>, tx?: number, cond?: number): Op =>
  ({ type: 'obj.update', coh: 0, oid: O, dkey: DKEY, iods: [{ akey: AKEY, extents: [{ offset, data: value }] }], ...(tx === undefined ? {} : { tx }), ...(cond ? { cond } : {}) });
const getSv = (tx?: number, akey = AKEY, dkey = DKEY, o: Oid = O): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: o, dkey, requests: [{ akey, single: true }], ...(tx === undefined ? {} : { tx }) });
const getEv = (offset: number, length: number, tx?: number): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: O, dkey: DKEY, requests: [{ akey: AKEY, ranges: [{ offset, length }] }], ...(tx === undefined ? {} : { tx }) });
const open = (readOnly = false): Op => (readOnly ? { type: 'tx.open', coh: 0, readOnly: true } : { type: 'tx.open', coh: 0 });
const commit = (th: number): Op => ({ type: 'tx.commit', th });

export const TRANSACTION_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'DTX1', group: 'transactions', title: 'repeated single-value updates of one akey in a transaction: the last one wins',
    source: { file: FILE, test: 'DTX1 dtx_1' }, rules: ['TX-3', 'TX-6', 'KV-5'],
    steps: [
      setup(), open(),
      ...[1, 2, 3].map((i) => sv(seeded(i, S), 0)),
      at(commit(0), OK),
      at(getSv(), fetched(single(seeded(3, S))), { note: '"The last value will be fetched."' }),
    ],
  }),

  scenario({
    id: 'DTX2', group: 'transactions', title: 'overlapping array updates in a transaction apply in issue order',
    source: { file: FILE, test: 'DTX2 dtx_2' }, rules: ['TX-6', 'ARR-2'],
    steps: [
      setup(), open(),
      ...[0, 1, 2].map((i) => ev(i * S, seeded(20 + i, 2 * S), 0)),
      at(commit(0), OK),
      at(getEv(0, 4 * S), fetched(ranges(hexOf(seeded(20, 2 * S)).slice(0, 2 * S) + hexOf(seeded(21, 2 * S)).slice(0, 2 * S) + hexOf(seeded(22, 2 * S)))),
        { note: 'records i < N-1 hold the first half of write i, the last write is whole' }),
    ],
  }),

  scenario({
    id: 'DTX7', group: 'transactions', title: 'single-value update then akey punch in one transaction: nothing remains',
    source: { file: FILE, test: 'DTX7 dtx_7' }, rules: ['TX-6', 'PUNCH-2'],
    steps: [
      setup(), open(),
      sv(seeded(7, S), 0),
      { type: 'obj.punchAkeys', coh: 0, oid: O, dkey: DKEY, akeys: [AKEY], tx: 0 },
      at(commit(0), OK),
      at(getSv(), fetched(single(null)), { note: 'iod_size == 0' }),
    ],
  }),

  scenario({
    id: 'DTX8', group: 'transactions', title: 'array update, akey punch, array update in one transaction: only the last write remains',
    source: { file: FILE, test: 'DTX8 dtx_8' }, rules: ['TX-6', 'PUNCH-4', 'ARR-3'],
    steps: [
      setup(), open(),
      ev(0, seeded(80, S), 0),
      { type: 'obj.punchAkeys', coh: 0, oid: O, dkey: DKEY, akeys: [AKEY], tx: 0 },
      ev(S, seeded(81, S), 0),
      at(commit(0), OK),
      at(getEv(0, 2 * S), fetched(ranges(zeros(S) + hexOf(seeded(81, S)))), { note: 'record 0 compared with a zeroed buffer, record 1 with the second write' }),
    ],
  }),

  scenario({
    id: 'DTX9', group: 'transactions', rev2: true, title: 'conditional insert and update inside transactions',
    source: { file: FILE, test: 'DTX9 dtx_9' }, rules: ['COND-7', 'TX-4', 'COND-3'],
    steps: [
      setup(), open(),
      at(ev(0, seeded(90, S), 0, DKEY_UPDATE), err('NONEXIST')),
      at(ev(0, seeded(90, S), 0, DKEY_INSERT), OK),
      at(commit(0), OK),
      { type: 'tx.close', th: 0 },
      open(),
      at(ev(S, seeded(91, S), 1, AKEY_INSERT), err('EXIST')),
      at(ev(S, seeded(91, S), 1, AKEY_UPDATE), OK),
      at(commit(1), OK),
      { type: 'tx.close', th: 1 },
      at(getEv(0, 2 * S), fetched(ranges(hexOf(seeded(90, S)) + hexOf(seeded(91, S))))),
    ],
  }),

  scenario({
    id: 'DTX10', group: 'transactions', rev2: true, title: 'conditional akey and dkey punches inside a transaction',
    source: { file: FILE, test: 'DTX10 dtx_10' }, rules: ['COND-7', 'COND-5'],
    steps: [
      setup(),
      sv(seeded(10, S)),
      open(),
      at({ type: 'obj.punchAkeys', coh: 0, oid: O, dkey: 'tmp_dkey', akeys: ['tmp_akey'], cond: COND_PUNCH, tx: 0 }, err('NONEXIST')),
      at({ type: 'obj.punchAkeys', coh: 0, oid: O, dkey: DKEY, akeys: [AKEY], cond: COND_PUNCH, tx: 0 }, OK),
      at({ type: 'obj.punchDkey', coh: 0, oid: O, dkey: 'tmp_dkey', cond: COND_PUNCH, tx: 0 }, err('NONEXIST')),
      at(commit(0), OK),
      at(getSv(), fetched(single(null))),
    ],
  }),

  scenario({
    id: 'DTX11', group: 'transactions', title: 'read-only transaction: writes are NO_PERM, reads see committed data, commit succeeds',
    source: { file: FILE, test: 'DTX11 dtx_11' }, rules: ['TX-1', 'TX-5', 'TX-9', 'KV-5'],
    steps: [
      setup(),
      sv(seeded(11, S)),
      sv(seeded(11, S), undefined, AKEY, 'tmp_dkey'),
      open(true),
      at(sv(seeded(12, S), 0, 'tmp_akey'), err('NO_PERM')),
      at({ type: 'obj.punchAkeys', coh: 0, oid: O, dkey: DKEY, akeys: [AKEY], tx: 0 }, err('NO_PERM')),
      at(getSv(0), fetched(single(seeded(11, S)))),
      at(getSv(0, 'tmp_akey'), fetched(single(null))),
      at(commit(0), OK),
    ],
  }),

  scenario({
    id: 'DTX13', group: 'transactions', title: 'transaction state machine: committed and aborted transactions refuse further use',
    source: { file: FILE, test: 'DTX13 dtx_13' }, rules: ['TX-5', 'TX-6', 'TX-10'],
    steps: [
      setup(),
      open(),
      at(commit(0), OK, { note: '"Commit the empty TX1"' }),
      at(commit(0), err('ALREADY')),
      at({ type: 'tx.abort', th: 0 }, err('NO_PERM')),
      at({ type: 'tx.restart', th: 0 }, err('NO_PERM')),
      at(ev(0, seeded(13, S), 0), err('NO_PERM')),
      at(getEv(0, S, 0), err('NO_PERM')),
      at({ type: 'tx.close', th: 0 }, OK),
      open(),
      at(ev(0, seeded(13, S), 1), OK),
      at({ type: 'tx.restart', th: 1 }, err('NO_PERM'), { note: '"Restart the TX2, expect DER_NO_PERM" (it is not failed)' }),
      at({ type: 'tx.abort', th: 1 }, OK),
      at({ type: 'tx.abort', th: 1 }, err('ALREADY')),
      at(commit(1), err('NO_PERM')),
      at(ev(0, seeded(13, S), 1), err('NO_PERM')),
      at(getEv(0, S, 1), err('NO_PERM')),
      at({ type: 'tx.close', th: 1 }, OK),
    ],
  }),

  scenario({
    id: 'DTX14', group: 'transactions', title: 'a commit that conflicts fails with TX_RESTART; no I/O until restart; the restarted transaction commits',
    source: { file: FILE, test: 'DTX14 dtx_14' }, rules: ['TX-5', 'TX-6', 'TX-7', 'TX-8'],
    steps: [
      setup(),
      ev(0, seeded(140, S)),
      open(),
      getEv(0, S, 0),
      ev(0, seeded(141, S)),
      ev(0, seeded(142, S), 0),
      at(commit(0), err('TX_RESTART'), {
        note: 'DAOS injects the conflict (DAOS_DTX_RESTART); here another writer updates the key the transaction read, inside the epoch uncertainty window, which src/vos/README.md "MVCC Rules" rejects the same way',
      }),
      at(ev(0, seeded(143, S), 0, undefined), err('NO_PERM'), { note: '"Not allow new I/O before restart the TX."' }),
      at({ type: 'tx.restart', th: 0 }, OK),
      ev(0, seeded(142, S), 0),
      at(commit(0), OK),
      at(getEv(0, S), fetched(ranges(hexOf(seeded(142, S))))),
    ],
  }),

  scenario({
    id: 'DTX22', group: 'transactions', title: 'isolation: a transaction keeps reading its start point while another commits; its own commit then restarts',
    source: { file: FILE, test: 'DTX22 dtx_22 (two ranks; serialized here)' }, rules: ['TX-3', 'TX-4', 'TX-7', 'TX-8'],
    steps: (() => {
      const A = oid('EC_2P1G1', 221);
      const B = oid('RP_2G1', 222);
      const val = (n: number) => text(`val${n}`);
      return [
        setup(),
        sv(val(0), undefined, AKEY, DKEY, A), sv(val(0), undefined, AKEY, DKEY, B),
        open(), open(),
        at(getSv(0, AKEY, DKEY, A), fetched(single(val(0)))),
        getSv(0, AKEY, DKEY, B),
        getSv(1, AKEY, DKEY, A), getSv(1, AKEY, DKEY, B),
        sv(val(2), 1, AKEY, DKEY, A), sv(val(2), 1, AKEY, DKEY, B),
        at(commit(1), OK),
        at(getSv(0, AKEY, DKEY, B), fetched(single(val(0))), { note: 'vals[0] == vals[1]: the other commit is invisible at this transaction\'s epoch' }),
        sv(val(1), 0, AKEY, DKEY, A), sv(val(1), 0, AKEY, DKEY, B),
        at(commit(0), err('TX_RESTART'), { note: 'the other transaction read both keys at a later epoch (src/vos/README.md "MVCC Rules": read timestamp check)' }),
        at({ type: 'tx.restart', th: 0 }, OK),
        at(getSv(0, AKEY, DKEY, A), fetched(single(val(2)))),
        at(getSv(0, AKEY, DKEY, B), fetched(single(val(2)))),
        sv(val(3), 0, AKEY, DKEY, A), sv(val(3), 0, AKEY, DKEY, B),
        at(commit(0), OK),
      ];
    })(),
  }),

  scenario({
    id: 'DTX42', group: 'transactions', title: 'an object-level read, then an update of a key under it, in one transaction',
    source: { file: FILE, test: 'DTX42 dtx_42 (daos_obj_query_max_epoch as the object-level read; a dkey listing here)' }, rules: ['TX-4', 'TX-7'],
    steps: [
      setup(),
      sv(seeded(420, S)),
      open(),
      at({ type: 'obj.listDkeys', coh: 0, oid: O, tx: 0 }, keys(DKEY)),
      sv(seeded(421, S), 0),
      at(commit(0), OK),
      at(getSv(), fetched(single(seeded(421, S)))),
    ],
  }),

  scenario({
    id: 'TX-blind', group: 'transactions', rev2: true, title: 'a transaction of unconditional writes takes its epoch at commit: a write committed meanwhile does not conflict and lies beneath it',
    source: { file: 'src/object/obj_tx.c', test: 'dc_tx_alloc ("The epoch will be generated by the first accessed server"); src/vos/README.md "MVCC Rules"' },
    rules: ['TX-4', 'TX-7'],
    steps: [
      setup(),
      open(),
      sv(seeded(1, S), 0),
      at(sv(seeded(2, S)), OK),
      at(commit(0), OK, { note: 'the buffered write reached no server before commit, so the commit epoch is later than the other write' }),
      at(getSv(), fetched(single(seeded(1, S)))),
    ],
  }),
];
