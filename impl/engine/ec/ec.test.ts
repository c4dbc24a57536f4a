import { describe, expect, it } from 'vitest';
import { expandPayload, type Oid, type Payload } from '../../../contract/index.ts';
import { decodeFrame, ecGeometry, encodeFrame, FORM_FRAGMENT, FRAME_HEADER_BYTES, parityAkey, positionOfRole, positionUnit, rotationOf } from './layout.ts';
import { groupShardTargets, objectInfoOf } from '../io/replicas.ts';
import { Driver, roleTargets, text } from '../test-helpers.ts';

// One target per node, so failing node n fails exactly target n (MAP-2).
const TOPO = { nodes: 8, enginesPerNode: 1, targetsPerEngine: 1 };
const CELL = 4096;

/** ARR-2 by hand: bytes [0, length) after applying extents in order (holes read zero, ARR-3). */
function expected(length: number, writes: readonly { offset: number; data: Payload | null; length?: number }[]): Uint8Array {
  const out = new Uint8Array(length);
  for (const w of writes) {
    const bytes = w.data === null ? new Uint8Array(w.length!) : expandPayload(w.data);
    for (let i = 0; i < bytes.length && w.offset + i < length; i++) out[w.offset + i] = bytes[i];
  }
  return out;
}

function fetchArray(d: Driver, coh: number, oid: Oid, dkey: string, akey: string, offset: number, length: number, tx?: number) {
  return d.apply({ type: 'obj.fetch', coh, oid, dkey, requests: [{ akey, ranges: [{ offset, length }] }], ...(tx !== undefined ? { tx } : {}) });
}

function arrayOk(bytes: Uint8Array) {
  return { ok: true, value: [{ type: 'array', ranges: [bytes] }] };
}

function setupEc(seed: number, cls: string, props: readonly (readonly [string, string | number])[]) {
  const d = new Driver(seed);
  const { coh } = d.setup(TOPO, [['ec_cell_sz', CELL], ...props]);
  const oid = d.ok<Oid>({ type: 'obj.generateOid', coh, objType: 13, class: cls, lo: seed });
  return { d, coh, oid };
}

describe('EC object I/O (OBJ-3, OBJ-8)', () => {
  it('DUR-1: whole stripes, partial stripes and single values read back exactly after p target failures', () => {
    const { d, coh, oid } = setupEc(31, 'EC_4P2G1', [['rd_fac', 2]]);
    const stripe = 4 * CELL;
    const writes = [
      { offset: 0, data: { seed: 1, length: stripe } }, // stripe 0, whole: encoded
      { offset: stripe + 100, data: { seed: 2, length: 50 } }, // stripe 1, partial: replicated to parity
      { offset: 2 * stripe - CELL / 2, data: { seed: 3, length: 2 * CELL } }, // spans stripes 1 and 2
    ];
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 'a', extents: writes }] });
    const small = { seed: 4, length: 100 };
    const large = { seed: 5, length: 3 * CELL + 7 }; // split across the data shards with parity
    d.ok({ type: 'obj.update', coh, oid, dkey: 'd', iods: [{ akey: 's', single: small }, { akey: 'l', single: large }] });
    const total = 3 * stripe;
    const exact = expected(total, writes);
    expect(fetchArray(d, coh, oid, 'd', 'a', 0, total)).toEqual(arrayOk(exact));
    const [data0, data1] = roleTargets(d, oid, 'd');
    d.ok({ type: 'fault.failNode', node: data0 });
    d.ok({ type: 'fault.failNode', node: data1 });
    expect(fetchArray(d, coh, oid, 'd', 'a', 0, total)).toEqual(arrayOk(exact));
    expect(fetchArray(d, coh, oid, 'd', 'a', 100, 5000)).toEqual(arrayOk(exact.slice(100, 5100)));
    expect(d.apply({ type: 'obj.fetch', coh, oid, dkey: 'd', requests: [{ akey: 's', single: true }, { akey: 'l', single: true }] }))
      .toEqual({ ok: true, value: [{ type: 'single', value: expandPayload(small) }, { type: 'single', value: expandPayload(large) }] });
    expect(d.apply({ type: 'obj.listAkeys', coh, oid, dkey: 'd' })).toEqual({ ok: true, value: expect.arrayContaining(['a', 's', 'l']) });
  });

  it('partial-stripe writes survive p failures, including the data shard they went to', () => {
    const { d, coh, oid } = setupEc(32, 'EC_2P2G1', [['rd_fac', 2]]);
    const writes = [
      { offset: 0, data: { seed: 7, length: 2 * CELL } },
      { offset: 10, data: { seed: 8, length: 50 } }, // newer than the stripe's parity
      { offset: CELL + 5, data: null, length: 20 }, // an extent punch: a hole, replicated too
    ];
    d.ok({ type: 'obj.update', coh, oid, dkey: 'k', iods: [{ akey: 'a', extents: [{ offset: 0, data: { seed: 7, length: 2 * CELL } }] }] });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'k', iods: [{ akey: 'a', extents: [{ offset: 10, data: { seed: 8, length: 50 } }] }] });
    d.ok({ type: 'obj.punchExtents', coh, oid, dkey: 'k', akey: 'a', ranges: [{ offset: CELL + 5, length: 20 }] });
    const [data0, data1, parity0] = roleTargets(d, oid, 'k');
    d.ok({ type: 'fault.failNode', node: data0 });
    d.ok({ type: 'fault.failNode', node: parity0 });
    expect(fetchArray(d, coh, oid, 'k', 'a', 0, 2 * CELL)).toEqual(arrayOk(expected(2 * CELL, writes)));
    // The other data shard alone is not enough: its own cell still reads directly.
    expect(data1).not.toBe(data0);
  });

  it('a transaction that rewrites part of a stripe it wrote whole keeps parity consistent (one epoch)', () => {
    const { d, coh, oid } = setupEc(33, 'EC_2P1G1', [['rd_fac', 1]]);
    const th = d.ok<number>({ type: 'tx.open', coh });
    const writes = [{ offset: 0, data: { seed: 9, length: 2 * CELL } }, { offset: 3, data: { seed: 10, length: 30 } }];
    for (const w of writes) d.ok({ type: 'obj.update', coh, oid, dkey: 't', iods: [{ akey: 'a', extents: [w] }], tx: th });
    d.ok({ type: 'tx.commit', th }); // the Driver's checkInvariants compares parity with the data cells
    const [data0] = roleTargets(d, oid, 't');
    d.ok({ type: 'fault.failNode', node: data0 });
    expect(fetchArray(d, coh, oid, 't', 'a', 0, 2 * CELL)).toEqual(arrayOk(expected(2 * CELL, writes)));
  });
});

describe('EC checksums (CSUM-4)', () => {
  it('a corrupted cell is reconstructed from the others, never returned', () => {
    const { d, coh, oid } = setupEc(34, 'EC_2P1G1', [['rd_fac', 1], ['cksum', 'crc32']]);
    const w = { offset: 0, data: { seed: 11, length: 2 * CELL } };
    d.ok({ type: 'obj.update', coh, oid, dkey: 'c', iods: [{ akey: 'a', extents: [w] }, { akey: 's', single: { seed: 12, length: 3 * CELL } }] });
    const [data0] = roleTargets(d, oid, 'c');
    d.ok({ type: 'fault.corrupt', cont: 'c0', rank: data0, target: 0 });
    // The store really holds bad bytes now.
    const unit = [...d.engine.state.cluster.store(data0, d.container().id).objectIds()][0];
    const raw = d.engine.state.cluster.store(data0, d.container().id).fetchArrayBytes(unit, 'c', 'a', d.container().latestEpoch, 0, CELL);
    expect(raw.ok && raw.bytes).not.toEqual(expected(CELL, [w]));
    expect(fetchArray(d, coh, oid, 'c', 'a', 0, 2 * CELL)).toEqual(arrayOk(expected(2 * CELL, [w])));
    expect(d.apply({ type: 'obj.fetch', coh, oid, dkey: 'c', requests: [{ akey: 's', single: true }] }))
      .toEqual({ ok: true, value: [{ type: 'single', value: expandPayload({ seed: 12, length: 3 * CELL }) }] });
  });

  it('more than p unverifiable cells of a stripe give CSUM, not bad bytes', () => {
    const { d, coh, oid } = setupEc(35, 'EC_2P1G1', [['rd_fac', 1], ['cksum', 'crc32']]);
    d.ok({ type: 'obj.update', coh, oid, dkey: 'c', iods: [{ akey: 'a', extents: [{ offset: 0, data: { seed: 13, length: 2 * CELL } }] }] });
    const [data0, , parity0] = roleTargets(d, oid, 'c');
    d.ok({ type: 'fault.corrupt', cont: 'c0', rank: data0, target: 0 });
    d.ok({ type: 'fault.corrupt', cont: 'c0', rank: parity0, target: 0 });
    expect(fetchArray(d, coh, oid, 'c', 'a', 0, CELL)).toEqual({ ok: false, err: 'CSUM' });
  });
});

describe('EC rebuild (MAP-8, DUR-1, DUR-3)', () => {
  it('regenerates lost cells on fallback targets and returns them to reintegrated targets', () => {
    const { d, coh, oid } = setupEc(36, 'EC_2P2G1', [['rd_fac', 2]]);
    const writes = [{ offset: 0, data: { seed: 14, length: 2 * CELL } }, { offset: 2 * CELL + 7, data: { seed: 15, length: 100 } }];
    d.ok({ type: 'obj.update', coh, oid, dkey: 'r', iods: [{ akey: 'a', extents: [writes[0]] }] });
    const token = d.ok<number>({ type: 'snap.create', coh });
    d.ok({ type: 'obj.update', coh, oid, dkey: 'r', iods: [{ akey: 'a', extents: [writes[1]] }] });
    const original = roleTargets(d, oid, 'r');
    const [data0, data1, parity0, parity1] = original;
    d.ok({ type: 'fault.failNode', node: data0 });
    d.ok({ type: 'fault.failNode', node: parity0 });
    // A degraded write: the fallbacks receive it, the failed targets do not.
    const degraded = { offset: 4 * CELL, data: { seed: 16, length: 2 * CELL } };
    d.ok({ type: 'obj.update', coh, oid, dkey: 'r', iods: [{ akey: 'a', extents: [degraded] }] });
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    const rebuilt = roleTargets(d, oid, 'r');
    expect(rebuilt).not.toContain(data0);
    expect(rebuilt).not.toContain(parity0);
    // Every position has exactly its placed target as a complete holder.
    const info = objectInfoOf(oid);
    const placed = groupShardTargets(d.engine.state, d.pool(), d.container(), info, 0);
    placed.forEach((t, position) => expect([...d.container().groups.get(positionUnit(info.key, 0, position))!.holders]).toEqual([[t, 0]]));
    // Lose the two survivors of the first failure: only the regenerated cells remain with the others.
    d.ok({ type: 'fault.failNode', node: data1 });
    d.ok({ type: 'fault.failNode', node: parity1 });
    const all = [...writes, degraded];
    expect(fetchArray(d, coh, oid, 'r', 'a', 0, 6 * CELL)).toEqual(arrayOk(expected(6 * CELL, all)));
    const snap = d.ok<number>({ type: 'tx.openSnapshot', coh, token });
    expect(fetchArray(d, coh, oid, 'r', 'a', 0, 3 * CELL, snap)).toEqual(arrayOk(expected(3 * CELL, [writes[0]])));
    // Reintegrate everything: the original targets get their cells back before serving.
    for (const node of [data0, parity0, data1, parity1]) {
      d.ok({ type: 'fault.restartEngine', rank: node });
      d.ok({ type: 'pool.reintegrate', pool: 'p0', rank: node });
    }
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    expect(roleTargets(d, oid, 'r')).toEqual(original);
    for (const node of rebuilt.filter((t) => !original.includes(t)).slice(0, 2)) d.ok({ type: 'fault.failNode', node });
    expect(fetchArray(d, coh, oid, 'r', 'a', 0, 6 * CELL)).toEqual(arrayOk(expected(6 * CELL, all)));
  });

  it('DUR-3: with more than p cells gone, old data is DATA_LOSS after a forced clear; new writes read exactly', () => {
    const { d, coh, oid } = setupEc(37, 'EC_2P1G1', [['rd_fac', 1]]);
    d.ok({ type: 'obj.update', coh, oid, dkey: 'x', iods: [{ akey: 'old', extents: [{ offset: 0, data: { seed: 17, length: 2 * CELL } }] }] });
    const [data0, data1] = roleTargets(d, oid, 'x');
    d.ok({ type: 'fault.failNode', node: data0 });
    d.ok({ type: 'fault.failNode', node: data1 });
    expect(fetchArray(d, coh, oid, 'x', 'old', 0, 10)).toEqual({ ok: false, err: 'RF' }); // RF-4
    d.ok({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] });
    const fresh = { offset: 0, data: { seed: 18, length: 2 * CELL } };
    d.ok({ type: 'obj.update', coh, oid, dkey: 'x', iods: [{ akey: 'new', extents: [fresh] }, { akey: 's', single: { text: 'v' } }] });
    const check = () => {
      expect(fetchArray(d, coh, oid, 'x', 'old', 0, 10)).toEqual({ ok: false, err: 'DATA_LOSS' });
      expect(fetchArray(d, coh, oid, 'x', 'new', 0, 2 * CELL)).toEqual(arrayOk(expected(2 * CELL, [fresh])));
      expect(d.apply({ type: 'obj.fetch', coh, oid, dkey: 'x', requests: [{ akey: 's', single: true }, { akey: 'never', single: true }] }))
        .toEqual({ ok: true, value: [{ type: 'single', value: text('v') }, { type: 'single', value: null }] });
    };
    check();
    d.ok({ type: 'pool.rebuild', pool: 'p0' });
    check();
  });
});

describe('EC checkInvariants', () => {
  it('detects parity that disagrees with its data cells', () => {
    const { d, coh, oid } = setupEc(38, 'EC_2P1G1', []);
    d.ok({ type: 'obj.update', coh, oid, dkey: 'i', iods: [{ akey: 'a', extents: [{ offset: 0, data: { seed: 19, length: 2 * CELL } }] }] });
    const roles = roleTargets(d, oid, 'i');
    const info = objectInfoOf(oid);
    const g = ecGeometry(d.container(), info);
    const position = positionOfRole(g, rotationOf(g, 'i'), 2);
    const store = d.engine.state.cluster.store(roles[2], d.container().id);
    store.updateArray(positionUnit(info.key, 0, position), 'i', parityAkey('a'), d.container().latestEpoch + 1, [{ offset: 0, data: new Uint8Array(CELL).fill(7) }]);
    expect(() => d.engine.checkInvariants()).toThrow(/parity .* disagrees/);
  });
});

describe('single-value frames', () => {
  it('carry form, length (little-endian u32) and write epoch (6 bytes) through encode and decode', () => {
    const payload = new Uint8Array([7, 8, 9]);
    for (const [lengthBytes, writeEpoch] of [[0, 1], [255, 256], [0x01020304, 2 ** 40 + 3], [0xffffffff, 2 ** 48 - 1]]) {
      const frame = encodeFrame(FORM_FRAGMENT, lengthBytes, writeEpoch, payload);
      expect(frame.length).toBe(FRAME_HEADER_BYTES + payload.length);
      expect(decodeFrame(frame)).toEqual({ form: FORM_FRAGMENT, lengthBytes, writeEpoch, payload });
    }
    // The layout on disk: the length's low byte first, right after the form byte.
    expect([...encodeFrame(FORM_FRAGMENT, 0x01020304, 5, payload).subarray(0, 6)]).toEqual([FORM_FRAGMENT, 4, 3, 2, 1, 5]);
  });
});
