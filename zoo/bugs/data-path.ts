import type { Bug } from '../bug.ts';
import { bytes, EC2P1, get, getRange, put, putExtent, setup } from './kit.ts';

/**
 * Bugs on the data path: the Reed-Solomon library (impl/ec), the engine's EC client
 * (impl/engine/ec), replica I/O (impl/engine/io) and rebuild (impl/engine/rebuild). Traces that
 * need a fault name the rank or target that holds the data (placement is deterministic), found by
 * trying each rank once when the trace was written.
 */
const CELL = 4096;
const EC_PROPS = [['rd_fac', 1], ['ec_cell_sz', CELL]] as const;
const ec = { oid: EC2P1 };

export const EC_LIB_BUGS: readonly Bug[] = [
  {
    id: 'ec-invert-no-back-substitution',
    area: 'ec',
    file: 'impl/ec/gf-matrix.ts',
    find: 'for (let row = 0; row < n; row++) {',
    replace: 'for (let row = col + 1; row < n; row++) {',
    description: 'Gauss-Jordan inversion eliminates only below the pivot: the decode matrix is wrong whenever a pivot row was swapped',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', 0, bytes(7, 2 * CELL), ec), { type: 'fault.failEngine', rank: 1 }, getRange('a', 0, 2 * CELL, ec)],
  },
  {
    id: 'ec-decode-skips-fragment-0',
    area: 'ec',
    file: 'impl/ec/decode-matrix.ts',
    find: 'for (let i = 0; i < m && survivors.length < k; i++) if (!erased.has(i)) survivors.push(i);',
    replace: 'for (let i = 1; i < m && survivors.length < k; i++) if (!erased.has(i)) survivors.push(i);',
    description: 'the decoder never uses fragment 0 as a survivor (loop starts at 1): reconstruction fails when only fragment 0 completes the set',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', 0, bytes(3, 2 * CELL), ec), { type: 'fault.failEngine', rank: 3 }, getRange('a', 0, 2 * CELL, ec)],
  },
  {
    id: 'ec-gf-inverse-off-by-one',
    area: 'ec',
    file: 'impl/ec/gf256.ts',
    find: 'return GF_EXP[255 - GF_LOG[a]];',
    replace: 'return GF_EXP[254 - GF_LOG[a]];',
    description: 'the GF(2^8) inverse uses exponent 254 - log a instead of 255 - log a: decode matrices are wrong, so degraded reads return garbage',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', 0, bytes(4, 2 * CELL), ec), { type: 'fault.failEngine', rank: 1 }, getRange('a', 0, 2 * CELL, ec)],
  },
];

export const ENGINE_EC_BUGS: readonly Bug[] = [
  {
    id: 'ec-fragment-floor',
    area: 'engine/ec',
    file: 'impl/engine/ec/layout.ts',
    find: '  const fragBytes = Math.ceil(value.length / g.k);',
    replace: '  const fragBytes = Math.floor(value.length / g.k);',
    description: 'a large single value is cut into fragments of floor(length / k) bytes: the last byte of an odd length is lost',
    trace: [...setup({ contProps: [...EC_PROPS] }), put('v', bytes(5, CELL + 1), ec), get('v', ec), put('w', bytes(6, 2 * CELL), ec), get('w', ec)],
  },
  {
    id: 'ec-parity-single-stub',
    area: 'engine/ec',
    file: 'impl/engine/ec/layout.ts',
    find: 'const whole = role === 0 || role >= g.k;',
    replace: 'const whole = role === 0;',
    description: 'a small single value is stored whole only on data role 0; parity positions get stubs, so losing role 0 loses the value',
    trace: [...setup({ contProps: [...EC_PROPS] }), put('v', 'small', ec), { type: 'fault.failEngine', rank: 1 }, get('v', ec)],
  },
  {
    id: 'ec-partial-local-offset',
    area: 'engine/ec',
    file: 'impl/engine/ec/write.ts',
    find: 'const local = stripe * g.cellBytes + (x % g.cellBytes);',
    replace: 'const local = x % g.cellBytes;',
    description: 'a partial-stripe write forgets the stripe\'s offset inside the shard: bytes of stripe 1 overwrite stripe 0\'s cell',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', 0, 'stripe-zero', ec), putExtent('a', 2 * CELL, 'STRIPE-ONE', ec), getRange('a', 0, 11, ec), getRange('a', 2 * CELL, 10, ec)],
  },
  {
    id: 'ec-partial-cell-boundary',
    area: 'engine/ec',
    file: 'impl/engine/ec/write.ts',
    find: 'const to = Math.min(piece.offset + piece.length, stripe * g.stripeBytes + (cell + 1) * g.cellBytes);',
    replace: 'const to = Math.min(piece.offset + piece.length, stripe * g.stripeBytes + (cell + 1) * g.cellBytes + 1);',
    description: 'a partial write crossing a cell boundary puts one byte too many into the first cell (off by one at the cell end)',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', CELL - 2, 'abcd', ec), getRange('a', CELL - 4, 8, ec)],
  },
];

export const IO_BUGS: readonly Bug[] = [
  {
    id: 'replica-no-csum-failover',
    area: 'engine/io',
    file: 'impl/engine/io/replicas.ts',
    find: '      if (a.ok) return a;',
    replace: '      if (a.ok || a.err === \'CSUM\') return a;',
    description: 'a replicated read returns CSUM from the first replica instead of failing over to the next complete one (CSUM-4)',
    trace: [...setup({ contProps: [['rd_fac', 1], ['cksum', 'crc32']] }), put('a', bytes(9, 64)), { type: 'fault.corrupt', cont: '#c0', rank: 0, target: 0 }, get('a'), get('a')],
  },
  {
    id: 'new-holder-counted-complete',
    area: 'engine/io',
    file: 'impl/engine/io/replicas.ts',
    find: 'for (const t of targets) if (!gs.holders.has(t)) gs.holders.set(t, gs.firstWriteEpoch === 0 ? 0 : epoch);',
    replace: 'for (const t of targets) if (!gs.holders.has(t)) gs.holders.set(t, 0);',
    description: 'a fallback target that joins a group after it has data is recorded as a complete replica, though it lacks the older writes (DUR-1)',
    trace: [...setup({ contProps: [['rd_fac', 1]] }), put('a', 'x'), { type: 'fault.failEngine', rank: 0 }, put('b', 'y'), get('a'), get('b')],
  },
];

export const REBUILD_BUGS: readonly Bug[] = [
  {
    id: 'rebuild-skips-partial-placed',
    area: 'engine/rebuild',
    file: 'impl/engine/rebuild/rebuild.ts',
    find: 'if (held !== undefined && source && held <= source.validFrom && SOURCE_STATES.has(before.states[t])) continue;',
    replace: 'if (held !== undefined && source && held >= source.validFrom && SOURCE_STATES.has(before.states[t])) continue;',
    description: 'rebuild compares validFrom the wrong way round and leaves a partial replica partial: after the complete one fails, old data is lost',
    trace: [...setup({ contProps: [['rd_fac', 1]] }), put('a', 'x'), { type: 'fault.failEngine', rank: 0 }, put('b', 'y'), { type: 'pool.rebuild', pool: '#p0' }, { type: 'fault.failEngine', rank: 1 }, get('a')],
  },
  {
    id: 'ec-rebuild-forgets-snapshots',
    area: 'engine/rebuild',
    file: 'impl/engine/rebuild/ec-rebuild.ts',
    find: 'const points = new Set<number>([...cont.snapshots, cont.latestEpoch]);',
    replace: 'const points = new Set<number>([cont.latestEpoch]);',
    description: 'EC rebuild reconstructs only the latest view: the snapshot views of the rebuilt positions are lost (SNAP-1, DUR-1)',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', 0, bytes(1, 2 * CELL), ec), { type: 'snap.create', coh: 0 }, putExtent('a', 0, bytes(2, 2 * CELL), ec), { type: 'fault.failEngine', rank: 0 }, { type: 'pool.rebuild', pool: '#p0' }, { type: 'tx.openSnapshot', coh: 0, token: 1 }, getRange('a', 0, 2 * CELL, { ...ec, tx: 0 })],
  },
  {
    id: 'ec-rebuild-forgets-open-tx',
    area: 'engine/rebuild',
    file: 'impl/engine/rebuild/ec-rebuild.ts',
    find: 'if (tx.state !== \'OPEN\' || tx.snapshot !== null || tx.startEpoch === null) continue;',
    replace: 'if (tx.state !== \'OPEN\' || tx.snapshot === null || tx.startEpoch === null) continue;',
    description: 'EC rebuild keeps the start points of snapshot transactions only: an open transaction that read before the rebuild no longer sees what was committed at its start point (TX-4, DUR-1)',
    trace: [...setup({ contProps: [...EC_PROPS] }), putExtent('a', 0, bytes(1, 2 * CELL), ec), putExtent('b', 0, bytes(2, 2 * CELL), ec), { type: 'tx.open', coh: 0 }, getRange('a', 0, 2 * CELL, { ...ec, tx: 0 }), putExtent('a', 0, bytes(3, 2 * CELL), ec), { type: 'fault.failEngine', rank: 0 }, { type: 'pool.rebuild', pool: '#p0' }, getRange('b', 0, 2 * CELL, { ...ec, tx: 0 })],
  },
];

export const DATA_PATH_BUGS: readonly Bug[] = [...EC_LIB_BUGS, ...ENGINE_EC_BUGS, ...IO_BUGS, ...REBUILD_BUGS];

