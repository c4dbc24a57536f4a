import type { Op } from '../../contract/index.ts';
import { OK, at, err, fetched, hexOf, oid, ranges, scenario, seeded, setup, single, system, type Scenario } from './scenario.ts';

/**
 * Checksum scenarios: what src/tests/suite/daos_checksum.c (DAOS_CSUMn) shows a client. Checksums
 * themselves are unobservable (CSUM-1); what is observable is a fetch returning correct data, or
 * CSUM when no verifiable copy is left (CSUM-4). DAOS's tests inject corruption on the client
 * (before the checksum is computed or verified) or on the server's media (DAOS_CSUM_CORRUPT_DISK);
 * ours is FAULT-5's silent corruption of a target's stored values, the server-media case.
 */
const FILE = 'src/tests/suite/daos_checksum.c';
const arrayWrite = (o: ReturnType<typeof oid>, offset: number, data: ReturnType<typeof seeded>): Op =>
  ({ type: 'obj.update', coh: 0, oid: o, dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset, data }] }] });
const arrayRead = (o: ReturnType<typeof oid>, length: number): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: o, dkey: 'dkey', requests: [{ akey: 'akey', ranges: [{ offset: 0, length }] }] });

export const CHECKSUM_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'CSUM00', group: 'checksum', title: 'checksums disabled: update and fetch',
    source: { file: FILE, test: 'DAOS_CSUM00 checksum_disabled' }, rules: ['CSUM-1', 'PROP-1'],
    steps: [
      setup({ contProps: [['cksum', 'off']] }),
      at(arrayWrite(oid('S1', 1), 0, seeded(1, 64)), OK),
      at(arrayRead(oid('S1', 1), 64), fetched(ranges(hexOf(seeded(1, 64))))),
    ],
  }),

  scenario({
    id: 'CSUM01', group: 'checksum', title: 'checksums on, with and without server-side verification: updates succeed and read back',
    source: { file: FILE, test: 'DAOS_CSUM01 io_with_server_side_verify (cases 1 and 2, no corruption)' }, rules: ['CSUM-1', 'CSUM-2', 'PROP-1'],
    steps: [
      setup({ contProps: [['cksum', 'crc64'], ['srv_cksum', 'off']] }),
      { type: 'cont.create', poh: 0, props: [['cksum', 'crc64'], ['srv_cksum', 'on']] },
      { type: 'cont.open', poh: 0, cont: '#c1', mode: 'RW' },
      at(arrayWrite(oid('S1', 1), 0, seeded(2, 100)), OK),
      at({ type: 'obj.update', coh: 1, oid: oid('S1', 1), dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset: 0, data: seeded(2, 100) }] }] }, OK),
      at({ type: 'obj.fetch', coh: 1, oid: oid('S1', 1), dkey: 'dkey', requests: [{ akey: 'akey', ranges: [{ offset: 0, length: 100 }] }] }, fetched(ranges(hexOf(seeded(2, 100))))),
      at({ type: 'cont.getProps', coh: 1, names: ['cksum', 'srv_cksum', 'cksum_size'] }, { ok: { cksum: 'crc64', srv_cksum: 'on', cksum_size: 32768 } }, { cite: 'daos_container.c CONT6 (default chunk size 32 KiB)' }),
    ],
  }),

  scenario({
    id: 'CSUM05', group: 'checksum', title: 'data corrupted on the server\'s media under a single-copy object: the fetch fails with CSUM',
    source: { file: FILE, test: 'DAOS_CSUM05 test_server_data_corruption (OC_S1)' }, rules: ['CSUM-4', 'FAULT-5', 'CSUM-3'],
    steps: [
      setup({ sys: system(1, 1, 1), contProps: [['cksum', 'crc64']] }),
      at(arrayWrite(oid('S1', 5), 0, seeded(5, 4096)), OK, { note: 'the update succeeds: the corruption happens after the server received the data' }),
      { type: 'fault.corrupt', cont: '#c0', rank: 0, target: 0 },
      at(arrayRead(oid('S1', 5), 4096), err('CSUM'), {
        among: true, note: 'one target, so the corrupted one holds the object; the spec allows {exact, CSUM} because which values the corruption hit is not observable (CSUM-4)',
      }),
    ],
  }),

  scenario({
    id: 'CSUM-replica', group: 'checksum', title: 'one corrupted replica of a two-way replicated object: the fetch returns correct data',
    source: { file: FILE, test: 'DAOS_CSUM02 test_fetch_array ("5. Replicated object with corruption": rc 0, data matches); src/object/cli_obj.c obj_comp_cb ("Retry fetch on alternative shard" on DER_CSUM)' },
    rules: ['CSUM-4', 'FAULT-5'],
    steps: [
      setup({ sys: system(2, 1, 1), contProps: [['cksum', 'crc64']] }),
      arrayWrite(oid('RP_2G1', 6), 0, seeded(6, 8192)),
      { type: 'fault.corrupt', cont: '#c0', rank: 0, target: 0 },
      at(arrayRead(oid('RP_2G1', 6), 8192), fetched(ranges(hexOf(seeded(6, 8192)))), { note: 'DAOS corrupts on the client side of one fetch; here one replica\'s media' }),
    ],
  }),

  scenario({
    id: 'CSUM06', group: 'checksum', title: 'single values with checksums: update, fetch, overwrite',
    source: { file: FILE, test: 'DAOS_CSUM06 single_value (base case, no fault injection)' }, rules: ['CSUM-1', 'KV-2', 'KV-5'],
    steps: [
      setup({ contProps: [['cksum', 'crc32'], ['cksum_size', 4]] }),
      at({ type: 'obj.update', coh: 0, oid: oid('S1', 7), dkey: 'dkey', iods: [{ akey: 'akey', single: seeded(7, 1000) }] }, OK),
      at({ type: 'obj.fetch', coh: 0, oid: oid('S1', 7), dkey: 'dkey', requests: [{ akey: 'akey', single: true }] }, fetched(single(seeded(7, 1000)))),
      at({ type: 'obj.update', coh: 0, oid: oid('S1', 7), dkey: 'dkey', iods: [{ akey: 'akey', single: seeded(8, 10) }] }, OK),
      at({ type: 'obj.fetch', coh: 0, oid: oid('S1', 7), dkey: 'dkey', requests: [{ akey: 'akey', single: true }] }, fetched(single(seeded(8, 10)))),
    ],
  }),

  scenario({
    id: 'CSUM_REBUILD01', group: 'checksum', title: 'checksummed array with overlapping extents survives excluding a replica\'s rank, rebuild, status clear and reintegration',
    source: { file: FILE, test: 'DAOS_CSUM_REBUILD01 rebuild_1 (rebuild_test, DAOS_OC_R2S_SPEC_RANK, crc64)' }, rules: ['DUR-1', 'DUR-3', 'RF-3', 'RF-5', 'PROP-6', 'MAP-8', 'MAP-10'],
    steps: [
      setup({ sys: system(3, 1, 1), contProps: [['cksum', 'crc64']] }),
      arrayWrite(oid('RP_2G1', 11), 0, seeded(11, 10)),
      at(arrayWrite(oid('RP_2G1', 11), 5, seeded(12, 5)), OK, { note: '"insert another overlapping extent"' }),
      at({ type: 'pool.exclude', pool: '#p0', rank: 0 }, OK),
      at({ type: 'pool.query', pool: '#p0' }, { okWith: { disabled: 1, disabledRanks: [0] } }, { note: '"disabled_nr < after_disabled_nr", affected engines == [rank]' }),
      { type: 'pool.rebuild', pool: '#p0' },
      at({ type: 'cont.setProps', coh: 0, entries: [['status', 'HEALTHY']] }, OK, { note: 'daos_cont_status_clear (the test container has rd_fac 0)' }),
      at(arrayRead(oid('RP_2G1', 11), 10), fetched(ranges(hexOf(seeded(11, 10)).slice(0, 10) + hexOf(seeded(12, 5)))), {
        among: true, note: 'DAOS: rc 0, fetched from the rebuilt shard; the spec also allows DATA_LOSS (DUR-3: written before the container became UNCLEAN)',
      }),
      at({ type: 'pool.reintegrate', pool: '#p0', rank: 0 }, OK),
      { type: 'pool.rebuild', pool: '#p0' },
      at({ type: 'pool.query', pool: '#p0' }, { okWith: { disabled: 0 } }, { note: 'disabled_nr back to its value before the exclusion' }),
    ],
  }),
];
