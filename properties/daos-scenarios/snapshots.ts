import type { Op } from '../../contract/index.ts';
import { OK, at, err, fetched, keys, oid, scenario, seeded, setup, single, type Scenario } from './scenario.ts';

/**
 * Snapshot and rollback scenarios: src/tests/suite/daos_epoch.c (EPOCH4 test_snapshots), the
 * container client (src/container/cli.c dc_cont_create_snap, dc_cont_destroy_snap,
 * dc_cont_rollback), the container service (src/container/srv_epoch.c) and snapshot transactions
 * (src/object/obj_tx.c dc_tx_open_snap). DAOS reports "no snapshot" as lsnapshot 0; ours is none.
 */
const EPOCH = 'src/tests/suite/daos_epoch.c';
const O = oid('RP_2G1', 4);
const write = (seed: number): Op => ({ type: 'obj.update', coh: 0, oid: O, dkey: 'dkey', iods: [{ akey: 'akey', single: seeded(seed, 16) }] });
const read = (tx?: number): Op => ({ type: 'obj.fetch', coh: 0, oid: O, dkey: 'dkey', requests: [{ akey: 'akey', single: true }], ...(tx === undefined ? {} : { tx }) });

export const SNAPSHOT_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'EPOCH4', group: 'snapshots', title: 'snapshots interleaved with writes: count, latest, list in creation order; destroying one, and one that does not exist',
    source: { file: EPOCH, test: 'EPOCH4 test_snapshots (7 snapshots among 100 records; 4 here)' }, rules: ['SNAP-1', 'SNAP-2', 'SNAP-3', 'SNAP-4', 'CONT-5'],
    steps: [
      setup(),
      at({ type: 'cont.query', coh: 0 }, { okWith: { nsnapshots: 0, latestSnapshot: null } }, { note: 'ci_nsnapshots 0, ci_lsnapshot 0' }),
      write(1), { type: 'snap.create', coh: 0 },
      write(2), { type: 'snap.create', coh: 0 },
      write(3), { type: 'snap.create', coh: 0 },
      write(4), at({ type: 'snap.create', coh: 0 }, OK),
      write(5),
      at({ type: 'cont.query', coh: 0 }, { okWith: { nsnapshots: 4, latestSnapshot: '#s4' } }),
      at({ type: 'snap.list', coh: 0 }, { ok: ['#s1', '#s2', '#s3', '#s4'] }, { note: 'snaps_out[i] == snaps[i]' }),
      at({ type: 'snap.destroy', coh: 0, token: 3 }, OK, { note: '"Snapshot deletion shall succeed" (snaps[2])' }),
      at({ type: 'snap.destroy', coh: 0, token: 9 }, err('NONEXIST'), { note: '"Snapshot deletion of nonexistent shall fail" (epoch 42)', cite: 'src/container/srv_epoch.c ds_cont_snap_destroy (lookup first)' }),
      at({ type: 'cont.query', coh: 0 }, { okWith: { nsnapshots: 3, latestSnapshot: '#s4' } }),
      { type: 'cont.close', coh: 0 },
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
      at({ type: 'cont.query', coh: 1 }, { okWith: { nsnapshots: 3, latestSnapshot: '#s4' } }, { note: '"Container (re)open nsnapshots"' }),
    ],
  }),

  scenario({
    id: 'SNAP-args', group: 'snapshots', title: 'named snapshots are not supported; destroying epoch 0 is INVAL',
    source: { file: 'src/container/cli.c', test: 'dc_cont_create_snap ("Named Snapshots not yet supported"), dc_cont_destroy_snap ("Unsupported epoch range": epr_lo == 0)' },
    rules: ['SNAP-1', 'SNAP-4'],
    steps: [
      setup(),
      at({ type: 'snap.create', coh: 0, name: 'mysnap' }, err('NOSYS')),
      at({ type: 'snap.destroy', coh: 0, token: 0 }, err('INVAL')),
      at({ type: 'tx.openSnapshot', coh: 0, token: 0 }, err('INVAL'), { cite: 'src/object/obj_tx.c dc_tx_open_snap ("Invalid epoch for snapshot")' }),
    ],
  }),

  scenario({
    id: 'SNAP-perm', group: 'snapshots', title: 'snapshot create and destroy need write-data, list needs read-data',
    source: { file: 'src/container/srv_epoch.c', test: 'ds_cont_snap_create, ds_cont_snap_destroy (ds_sec_cont_can_write_data), ds_cont_snap_list (ds_sec_cont_can_read_data)' },
    rules: ['SNAP-1', 'SNAP-3', 'SNAP-4'],
    steps: [
      setup(),
      { type: 'snap.create', coh: 0 },
      { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RO' },
      at({ type: 'snap.create', coh: 1 }, err('NO_PERM')),
      at({ type: 'snap.list', coh: 1 }, { ok: ['#s1'] }),
      at({ type: 'snap.destroy', coh: 1, token: 1 }, err('NO_PERM')),
    ],
  }),

  scenario({
    id: 'SNAP-read', group: 'snapshots', title: 'a snapshot transaction reads the data as of the snapshot and refuses writes',
    source: { file: EPOCH, test: 'io_for_aggregation (lookups through daos_tx_open_snap); src/object/obj_tx.c dc_tx_open_snap ("TX against snapshot must be read-only")' },
    rules: ['SNAP-1', 'SNAP-6', 'TX-1', 'TX-5'],
    steps: [
      setup(),
      write(1),
      { type: 'snap.create', coh: 0 },
      write(2),
      at({ type: 'tx.openSnapshot', coh: 0, token: 1 }, OK),
      at(read(0), fetched(single(seeded(1, 16)))),
      at(read(), fetched(single(seeded(2, 16)))),
      at({ type: 'obj.update', coh: 0, oid: O, dkey: 'dkey', iods: [{ akey: 'akey', single: seeded(3, 16) }], tx: 0 }, err('NO_PERM')),
      at({ type: 'obj.listDkeys', coh: 0, oid: O, tx: 0 }, keys('dkey')),
    ],
  }),

  scenario({
    id: 'SNAP-stale', group: 'snapshots', title: 'opening a snapshot transaction at a destroyed snapshot',
    source: { file: 'src/object/obj_tx.c', test: 'dc_tx_open_snap ("XXX: more check snapshot validity before open TX"); daos_epoch.c io_for_aggregation opens non-snapshot epochs' },
    rules: ['SNAP-6'],
    steps: [
      setup(),
      write(1),
      { type: 'snap.create', coh: 0 },
      { type: 'snap.destroy', coh: 0, token: 1 },
      at({ type: 'tx.openSnapshot', coh: 0, token: 1 }, OK, {
        differs: { rule: 'SNAP-6', ours: err('NONEXIST'), why: 'DAOS opens the transaction without checking that the epoch is a live snapshot and its reads there are undefined (aggregation may have merged the versions); the spec makes both the open and later reads NONEXIST' },
      }),
    ],
  }),

  scenario({
    id: 'SNAP-max', group: 'snapshots', title: 'max_snapshot is stored but not enforced',
    source: { file: 'src/container/srv_epoch.c', test: 'snap_create_bcast (no limit check; max_snapshot is only stored, src/container/srv_container.c); daos_container.c CONT6 sets snapshot_max' },
    rules: ['SNAP-5'],
    steps: [
      setup({ contProps: [['max_snapshot', 2]] }),
      { type: 'snap.create', coh: 0 }, { type: 'snap.create', coh: 0 }, { type: 'snap.create', coh: 0 },
      at({ type: 'snap.list', coh: 0 }, { ok: ['#s1', '#s2', '#s3'] }, {
        differs: { rule: 'SNAP-5', ours: { ok: ['#s2', '#s3'] }, why: 'the spec follows the DAOS documentation: the create that exceeds max_snapshot destroys the oldest snapshot' },
      }),
    ],
  }),

  scenario({
    id: 'SNAP-rollback', group: 'snapshots', title: 'container rollback to a snapshot',
    source: { file: 'src/container/cli.c', test: 'dc_cont_rollback ("Unsupported API")' },
    rules: ['SNAP-7'],
    steps: [
      setup(),
      write(1), { type: 'snap.create', coh: 0 }, write(2),
      at({ type: 'cont.rollback', coh: 0, token: 1 }, err('NOSYS'), {
        differs: { rule: 'SNAP-7', ours: OK, why: 'the project requires user-visible rollback: the current view becomes the snapshot\'s, as one new write' },
      }),
      at(read(), fetched(single(seeded(2, 16))), {
        note: 'after DAOS\'s NOSYS the data is unchanged',
        differs: { rule: 'SNAP-7', ours: fetched(single(seeded(1, 16))), why: 'our rollback restored the snapshot\'s view' },
      }),
    ],
  }),
];
