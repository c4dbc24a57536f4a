import type { Op, Range } from '../../contract/index.ts';
import { OK, at, err, fetched, fill, hexOf, keys, oid, ranges, scenario, seeded, setup, zeros, type Scenario } from './scenario.ts';

/**
 * Array scenarios: raw array I/O on objects (src/tests/suite/daos_obj_array.c ARRAYn,
 * src/tests/suite/daos_obj.c IO34/IO40) and the DAOS Array API (src/tests/suite/daos_array.c,
 * src/client/array/dc_array.c). Array values use 1-byte records here (OBJ-8); a DAOS test's record
 * index i with record size s is byte range [i*s, (i+1)*s).
 *
 * ARR-3 is a deliberate choice: every byte never written or punched reads as zero, like the DAOS
 * Array API inside the array's size. A raw DAOS fetch instead leaves such bytes of the caller's
 * buffer untouched (and the Array API does beyond the array's size, reporting a short read); the
 * scenarios record those answers as differences.
 */
const OBJ_ARRAY = 'src/tests/suite/daos_obj_array.c';
const ARR3 = 'holes read as zeros (the Array API\'s zero-filling), so results never depend on the caller\'s buffer and carry no size or short-read information';

const write = (o: ReturnType<typeof oid>, offset: number, hex: string, akey = 'akey', dkey = 'dkey'): Op =>
  ({ type: 'obj.update', coh: 0, oid: o, dkey, iods: [{ akey, extents: [{ offset, data: { hex } }] }] });
const read = (o: ReturnType<typeof oid>, rs: readonly Range[], akey = 'akey', dkey = 'dkey'): Op =>
  ({ type: 'obj.fetch', coh: 0, oid: o, dkey, requests: [{ akey, ranges: rs }] });
const byteRanges = (...offsets: number[]): Range[] => offsets.map((offset) => ({ offset, length: 1 }));

export const ARRAY_SCENARIOS: readonly Scenario[] = [
  scenario({
    id: 'ARRAY10', group: 'array', title: 'reading an array range of an empty object succeeds',
    source: { file: OBJ_ARRAY, test: 'ARRAY10 read_empty' }, rules: ['ARR-4', 'OBJ-7'],
    steps: [
      setup(),
      at(read(oid('S1', 10), [{ offset: 0, length: 4096 }]), OK, { note: 'DAOS reads 4 MiB; rc 0, the buffer is left as it was (our zeros, ARR-3/ARR-4)' }),
    ],
  }),

  scenario({
    id: 'ARRAY14', group: 'array', title: 'reading an array with one written record: holes around it',
    source: { file: OBJ_ARRAY, test: 'ARRAY14 array_recx_read_incomplete' }, rules: ['ARR-2', 'ARR-3'],
    steps: [
      setup(),
      write(oid('S1', 14), 2, 'a5'),
      at(read(oid('S1', 14), [{ offset: 0, length: 10 }]), OK, {
        note: 'DAOS: rc 0, byte 2 is the written record and bytes 0-1, 3-9 keep the caller\'s buffer (rbuf_orig)',
        differs: { rule: 'ARR-3', ours: fetched(ranges(`0000a5${zeros(7)}`)), why: ARR3 },
      }),
      at(read(oid('S1', 14), byteRanges(0, 2, 4, 6, 8)), OK, {
        note: '"every other record": rc 0, range 1 holds the record, the others keep the buffer',
        differs: { rule: 'ARR-3', ours: fetched(ranges('00', 'a5', '00', '00', '00')), why: ARR3 },
      }),
    ],
  }),

  scenario({
    id: 'IO34', group: 'array', title: 'punching one record of ten, then reading all ten',
    source: { file: 'src/tests/suite/daos_obj.c', test: 'IO34 punch_then_lookup' }, rules: ['PUNCH-3', 'ARR-2', 'ARR-3'],
    steps: [
      setup(),
      ...Array.from({ length: 10 }, (_, i) => write(oid('S1', 34), i, '61')),
      at({ type: 'obj.punchExtents', coh: 0, oid: oid('S1', 34), dkey: 'dkey', akey: 'akey', ranges: [{ offset: 2, length: 1 }] }, OK, { note: 'punch_rec_with_rxnr: an update with iod_size 0' }),
      at(read(oid('S1', 34), byteRanges(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), OK, {
        note: 'DAOS: rc 0, sg_nr_out 10, record 2 keeps the caller\'s "b", the others read "a"',
        differs: { rule: 'ARR-3', ours: fetched(ranges('61', '61', '00', '61', '61', '61', '61', '61', '61', '61')), why: ARR3 },
      }),
    ],
  }),

  scenario({
    id: 'IO40', group: 'array', title: 'punching records 50-59 of a 100-record extent: they read as empty, the rest as written',
    source: { file: 'src/tests/suite/daos_obj.c', test: 'IO40 punch_enum_then_verify_record_count' }, rules: ['PUNCH-3', 'ARR-2', 'ARR-3'],
    steps: [
      setup(),
      { type: 'obj.update', coh: 0, oid: oid('S1', 40), dkey: 'dkey', iods: [{ akey: 'akey', extents: [{ offset: 0, data: fill('a', 100) }] }] },
      at({ type: 'obj.punchExtents', coh: 0, oid: oid('S1', 40), dkey: 'dkey', akey: 'akey', ranges: [{ offset: 50, length: 10 }] }, OK),
      at(read(oid('S1', 40), [{ offset: 0, length: 100 }]), fetched(ranges(`${'61'.repeat(50)}${zeros(10)}${'61'.repeat(40)}`)), {
        note: 'DAOS asserts fetch_buf[50..59] == "" (its buffer starts zeroed) and "a" elsewhere',
      }),
    ],
  }),

  scenario({
    id: 'ARRAY11', group: 'array', title: 'punching existing and nonexistent dkeys; enumeration shows only the remaining ones',
    source: { file: OBJ_ARRAY, test: 'ARRAY11 array_dkey_punch_enumerate (KEYS=100, 10+10 punched; scaled to 6, 2+2)' }, rules: ['PUNCH-2', 'PUNCH-5', 'KV-7'],
    steps: [
      setup(),
      ...Array.from({ length: 6 }, (_, i) => write(oid('S1', 11), 0, hexOf(seeded(11, 10)), 'akey', `dkey_${i}`)),
      at({ type: 'obj.listDkeys', coh: 0, oid: oid('S1', 11) }, keys('dkey_0', 'dkey_1', 'dkey_2', 'dkey_3', 'dkey_4', 'dkey_5')),
      ...[4, 5, 6, 7].map((i) => at({ type: 'obj.punchDkey', coh: 0, oid: oid('S1', 11), dkey: `dkey_${i}` }, OK, { note: i > 5 ? 'a dkey that does not exist' : 'an existing dkey' })),
      at({ type: 'obj.listDkeys', coh: 0, oid: oid('S1', 11) }, keys('dkey_0', 'dkey_1', 'dkey_2', 'dkey_3')),
    ],
  }),

  scenario({
    id: 'ARRAY12', group: 'array', title: 'punching existing and nonexistent akeys; enumeration shows only the remaining ones',
    source: { file: OBJ_ARRAY, test: 'ARRAY12 array_akey_punch_enumerate (scaled to 6 akeys, 2+2 punched)' }, rules: ['PUNCH-2', 'PUNCH-5', 'KV-7'],
    steps: [
      setup(),
      ...Array.from({ length: 6 }, (_, i) => write(oid('S1', 12), 0, hexOf(seeded(12, 10)), `akey_${i}`)),
      ...[4, 5, 6, 7].map((i) => at({ type: 'obj.punchAkeys', coh: 0, oid: oid('S1', 12), dkey: 'dkey', akeys: [`akey_${i}`] }, OK)),
      at({ type: 'obj.listAkeys', coh: 0, oid: oid('S1', 12), dkey: 'dkey' }, keys('akey_0', 'akey_1', 'akey_2', 'akey_3')),
    ],
  }),

  scenario({
    id: 'ARRAY-API8', group: 'array', title: 'Array API: reading an empty array, then holes inside a written array',
    source: { file: 'src/tests/suite/daos_array.c', test: 'Array 8 API: Read from Empty array and records (read_empty_records), NUM_ELEMS scaled to 4' }, rules: ['ARR-3', 'ARR-4'],
    steps: (() => {
      const o = oid('S1', 8, 13);
      const ints = ['01000000', '02000000', '03000000', '04000000'];
      return [
        setup(),
        at(read(o, [0, 4, 8, 12].map((offset) => ({ offset, length: 4 }))), OK, {
          note: 'DAOS: rc 0, arr_nr_short_read = all 16 bytes, "rbuf should not be touched"',
          cite: 'src/client/array/dc_array.c (short reads beyond the array size leave the buffer; holes inside it are memset to 0)',
          differs: { rule: 'ARR-3', ours: fetched(ranges(zeros(4), zeros(4), zeros(4), zeros(4))), why: ARR3 },
        }),
        ...ints.map((hex, i) => write(o, i * 4 * 5, hex)),
        at(read(o, [0, 4, 8, 12].map((offset) => ({ offset, length: 4 }))), fetched(ranges(ints[0], zeros(4), zeros(4), zeros(4))), {
          note: '"Read from empty records": arr_nr_short_read 0, rbuf[0] == wbuf[0] and the holes read 0',
        }),
      ];
    })(),
  }),

  scenario({
    id: 'ARRAY-kind', group: 'array', title: 'an akey written as an array refuses a single-value update',
    source: { file: 'src/vos/vos_tree.c', test: 'tree_open_create ("Mixing single value and array not allowed"; a fetch of the other kind finds nothing)' },
    rules: ['KV-3'],
    steps: [
      setup(),
      write(oid('S1', 3), 0, 'aabb'),
      at({ type: 'obj.update', coh: 0, oid: oid('S1', 3), dkey: 'dkey', iods: [{ akey: 'akey', single: { hex: 'cc' } }] }, err('NO_PERM'), {
        note: 'the akey record was created as an extent tree; an update that would create the single-value tree is NO_PERM',
      }),
      at({ type: 'obj.fetch', coh: 0, oid: oid('S1', 3), dkey: 'dkey', requests: [{ akey: 'akey', single: true }] }, fetched({ single: null }), { note: '"Attempt to fetch wrong value type": NONEXIST inside VOS, i.e. nothing' }),
      at(read(oid('S1', 3), [{ offset: 0, length: 2 }]), fetched(ranges('aabb'))),
    ],
  }),
];
