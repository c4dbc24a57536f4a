import { describe, expect, it } from 'vitest';
import { ReferenceVosStore } from './reference-store.ts';
import type { ArrayRead, BytesRead, KeysRead, SingleRead, VosStoreApi } from './types.ts';
import { EPOCH_AGGREGATED } from './types.ts';
import { VosStore } from './vos-store.ts';

/**
 * Example tests for the tricky cases, written from the spec (KV-3, KV-6, ARR-2/3, PUNCH-3/4) and the
 * task's aggregation contract. Every example runs against both the optimized store and the slow
 * reference: each must get them right on its own, not merely agree.
 */

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function bytesOf(read: BytesRead): string {
  if (!read.ok) throw new Error(`read refused: ${read.error}`);
  return Array.from(read.bytes, (b) => (b === 0 ? '.' : String.fromCharCode(b))).join('');
}
function valueOf(read: SingleRead): string | null {
  if (!read.ok) throw new Error(`read refused: ${read.error}`);
  return read.record === null ? null : str(read.record.value);
}
function keysOf(read: KeysRead): readonly string[] {
  if (!read.ok) throw new Error(`read refused: ${read.error}`);
  return read.keys;
}
function segmentsOf(read: ArrayRead) {
  if (!read.ok) throw new Error(`read refused: ${read.error}`);
  return read.segments.map((s) => ({ offset: s.offset, length: s.length, recordOffset: s.record.offset, recordLength: s.record.length, epoch: s.record.epoch }));
}

const implementations: ReadonlyArray<readonly [string, () => VosStoreApi]> = [
  ['VosStore', () => new VosStore()],
  ['ReferenceVosStore', () => new ReferenceVosStore()],
];

describe.each(implementations)('%s', (_name, make) => {
  it('same-epoch overlapping array writes: the later call wins (minor epochs)', () => {
    const s = make();
    s.updateArray('o', 'd', 'a', 5, [{ offset: 0, data: text('AAAAAAAA') }]);
    s.updateArray('o', 'd', 'a', 5, [{ offset: 4, data: text('BBBBBBBB') }]);
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'a', 5, 0, 14))).toBe('AAAABBBBBBBB..');
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'a', 4, 0, 4))).toBe('....');
    // Segments point at whole records: the first piece is 4 bytes of an 8-byte record at offset 0.
    expect(segmentsOf(s.fetchArray('o', 'd', 'a', 5, 2, 8))).toEqual([
      { offset: 2, length: 2, recordOffset: 0, recordLength: 8, epoch: 5 },
      { offset: 4, length: 6, recordOffset: 4, recordLength: 8, epoch: 5 },
    ]);
  });

  it('same-epoch single values: the later call wins; older epochs still see older values', () => {
    const s = make();
    s.updateSingle('o', 'd', 'a', 2, text('old'));
    s.updateSingle('o', 'd', 'a', 3, text('first'));
    s.updateSingle('o', 'd', 'a', 3, text('second'));
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 3))).toBe('second');
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 2))).toBe('old');
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 1))).toBeNull();
  });

  it('a punch and a write at the same epoch are ordered by call', () => {
    const s = make();
    s.updateSingle('o', 'd', 'x', 4, text('x'));
    s.punchAkeys('o', 'd', ['x'], 4);
    s.punchAkeys('o', 'd', ['y'], 4);
    s.updateSingle('o', 'd', 'y', 4, text('y'));
    expect(valueOf(s.fetchSingle('o', 'd', 'x', 4))).toBeNull();
    expect(valueOf(s.fetchSingle('o', 'd', 'y', 4))).toBe('y');
    expect(keysOf(s.listAkeys('o', 'd', 4))).toEqual(['y']);
  });

  it('punch then rewrite shows only post-punch data (PUNCH-4) and reports the deciding punch', () => {
    const s = make();
    s.updateSingle('o', 'd', 'a', 1, text('a1'));
    s.updateArray('o', 'd', 'arr', 1, [{ offset: 0, data: text('0123456789') }]);
    s.punchDkey('o', 'd', 2);
    s.updateSingle('o', 'd', 'b', 3, text('b3'));
    s.updateArray('o', 'd', 'arr', 3, [{ offset: 5, data: text('X') }]);
    expect(keysOf(s.listAkeys('o', 'd', 1))).toEqual(['a', 'arr']);
    expect(keysOf(s.listDkeys('o', 2))).toEqual([]);
    expect(keysOf(s.listAkeys('o', 'd', 3))).toEqual(['arr', 'b']);
    const a = s.fetchSingle('o', 'd', 'a', 3);
    expect(a.ok && a.record === null && a.punch?.epoch === 2).toBe(true);
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'arr', 3, 0, 10))).toBe('.....X....');
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'arr', 1, 0, 10))).toBe('0123456789');
  });

  it('object punch hides every dkey; a dkey is visible only with a visible akey (KV-6)', () => {
    const s = make();
    s.updateSingle('o', 'd1', 'a', 1, text('v'));
    s.updateSingle('o', 'd2', 'a', 1, text('v'));
    s.punchObject('o', 2);
    s.updateSingle('o', 'd2', 'b', 3, text('w'));
    expect(keysOf(s.listDkeys('o', 1))).toEqual(['d1', 'd2']);
    expect(keysOf(s.listDkeys('o', 2))).toEqual([]);
    expect(keysOf(s.listDkeys('o', 3))).toEqual(['d2']);
    expect(s.dkeyExists('o', 'd1', 3)).toEqual({ ok: true, exists: false });
    expect(s.akeyExists('o', 'd2', 'a', 3)).toEqual({ ok: true, exists: false });
    expect(s.akeyExists('o', 'd2', 'b', 3)).toEqual({ ok: true, exists: true });
  });

  it('an extent punch is an array write: it makes the akey visible and fixes its kind (PUNCH-3)', () => {
    const s = make();
    s.punchExtents('o', 'd', 'a', 1, [{ offset: 10, length: 5 }]);
    expect(s.akeyKind('o', 'd', 'a')).toBe('array');
    expect(keysOf(s.listAkeys('o', 'd', 1))).toEqual(['a']);
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'a', 1, 8, 4))).toBe('....');
    s.updateArray('o', 'd', 'a', 2, [{ offset: 0, data: text('abcdefghij') }]);
    s.punchExtents('o', 'd', 'a', 3, [{ offset: 2, length: 3 }, { offset: 8, length: 1 }]);
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'a', 3, 0, 10))).toBe('ab...fgh.j');
  });

  it('kind is fixed by the first write and survives punches (KV-3)', () => {
    const s = make();
    s.updateSingle('o', 'd', 'a', 1, text('v'));
    s.punchObject('o', 2);
    expect(s.akeyKind('o', 'd', 'a')).toBe('single');
    expect(() => s.updateArray('o', 'd', 'a', 3, [{ offset: 0, data: text('x') }])).toThrow(/KV-3|cannot take/);
    const asArray = s.fetchArray('o', 'd', 'a', 1, 0, 4);
    expect(asArray.ok && asArray.segments.length === 0).toBe(true);
    s.updateArray('o', 'd', 'arr', 3, [{ offset: 0, data: text('x') }]);
    expect(valueOf(s.fetchSingle('o', 'd', 'arr', 3))).toBeNull();
  });

  it('aggregation never crosses a snapshot; aggregated-away epochs are refused', () => {
    const s = make();
    for (const [epoch, v] of [[1, 'v1'], [3, 'v3'], [5, 'v5'], [7, 'v7']] as const) s.updateSingle('o', 'd', 'a', epoch, text(v));
    const stats = s.aggregate([4], 6);
    expect(stats).toEqual({ examined: 4, discarded: 1 });
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 4))).toBe('v3');
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 6))).toBe('v5');
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 9))).toBe('v7');
    for (const e of [1, 2, 3, 5]) expect(s.fetchSingle('o', 'd', 'a', e)).toEqual({ ok: false, error: EPOCH_AGGREGATED, epoch: e });
    expect(s.listDkeys('o', 2)).toEqual({ ok: false, error: EPOCH_AGGREGATED, epoch: 2 });
    // The snapshot at 4 is destroyed (absent from the next call): its history goes too.
    s.aggregate([], 8);
    expect(s.fetchSingle('o', 'd', 'a', 4)).toEqual({ ok: false, error: EPOCH_AGGREGATED, epoch: 4 });
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 8))).toBe('v7');
    // A snapshot epoch not preserved by the first call cannot come back later.
    s.aggregate([2], 8);
    expect(s.isReadable(2)).toBe(false);
  });

  it('aggregation keeps partly hidden extents whole and drops fully hidden ones', () => {
    const s = make();
    s.updateArray('o', 'd', 'a', 1, [{ offset: 0, data: text('AAAAAAAAAA') }]);
    s.updateArray('o', 'd', 'a', 2, [{ offset: 2, data: text('BBBBBB') }]);
    s.updateArray('o', 'd', 'a', 3, [{ offset: 3, data: text('CC') }]);
    expect(s.aggregate([], 3)).toEqual({ examined: 3, discarded: 0 });
    expect(segmentsOf(s.fetchArray('o', 'd', 'a', 3, 0, 10))[0]).toEqual({ offset: 0, length: 2, recordOffset: 0, recordLength: 10, epoch: 1 });
    s.updateArray('o', 'd', 'a', 4, [{ offset: 0, data: text('DDDDDDDD') }]);
    expect(s.aggregate([], 4)).toEqual({ examined: 4, discarded: 2 });
    expect(bytesOf(s.fetchArrayBytes('o', 'd', 'a', 4, 0, 11))).toBe('DDDDDDDDAA.');
  });

  it('aggregation drops versions hidden by a punch but keeps the kind', () => {
    const s = make();
    s.updateSingle('o', 'd', 'a', 1, text('v'));
    s.punchDkey('o', 'd', 2);
    s.aggregate([], 3);
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 3))).toBeNull();
    expect(s.akeyKind('o', 'd', 'a')).toBe('single');
    expect(keysOf(s.listDkeys('o', 3))).toEqual([]);
  });

  it('epochs never decrease and writes below the aggregation bound are refused', () => {
    const s = make();
    s.updateSingle('o', 'd', 'a', 5, text('v'));
    expect(() => s.updateSingle('o', 'd', 'a', 4, text('w'))).toThrow(/older/);
    s.aggregate([], 9);
    expect(() => s.punchObject('o', 8)).toThrow(/bound/);
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 9))).toBe('v');
  });

  it('records/importRecords copy data, same-epoch order and the aggregation horizon', () => {
    const s = make();
    s.updateSingle('o', 'd', 'a', 1, text('one'), text('csum1'));
    s.updateSingle('o', 'd', 'b', 5, text('b5'));
    s.punchObject('o', 5); // after the write at the same epoch: hides it
    s.updateSingle('o', 'd', 'c', 5, text('c5')); // after the punch: visible
    s.updateArray('p', 'd', 'x', 6, [{ offset: 1, data: text('xy'), meta: text('m') }]);
    s.aggregate([1], 4);
    const copy = make();
    copy.importRecords(s.records());
    copy.importRecords(s.records()); // idempotent
    copy.checkInvariants();
    expect(keysOf(copy.listAkeys('o', 'd', 5))).toEqual(['c']);
    const one = copy.fetchSingle('o', 'd', 'a', 1);
    expect(one.ok && one.record !== null && str(one.record.value) === 'one' && one.record.meta !== undefined && str(one.record.meta) === 'csum1').toBe(true);
    expect(copy.isReadable(2)).toBe(false);
    expect(bytesOf(copy.fetchArrayBytes('p', 'd', 'x', 6, 0, 4))).toBe('.xy.');
    expect(copy.objectIds()).toEqual(['o', 'p']);
    const onlyP = make();
    onlyP.importRecords(s.records('p'));
    expect(onlyP.objectIds()).toEqual(['p']);
    copy.discardObject('o');
    expect(keysOf(copy.listDkeys('o', 9))).toEqual([]);
  });

  it('importing into an aggregated store keeps only epochs both horizons can serve', () => {
    const dest = make();
    dest.updateSingle('o', 'd', 'a', 1, text('v'));
    dest.aggregate([3], 5);
    const src = make();
    src.updateSingle('p', 'd', 'a', 1, text('w'));
    src.aggregate([2], 4);
    dest.importRecords(src.records());
    for (const e of [1, 2, 3, 4]) expect(dest.isReadable(e)).toBe(false);
    expect(dest.isReadable(5)).toBe(true);
    expect(valueOf(dest.fetchSingle('p', 'd', 'a', 5))).toBe('w');
  });

  it('corrupt flips value bytes only, never metadata or the caller buffer', () => {
    const s = make();
    const input = text('hello');
    s.updateSingle('o', 'd', 'a', 1, input, text('meta'));
    const flipped = s.corrupt((bound) => bound - 1, 1);
    expect(flipped).toEqual([{ oid: 'o', dkey: 'd', akey: 'a', epoch: 1, minor: 1, index: 4 }]);
    const read = s.fetchSingle('o', 'd', 'a', 1);
    if (!read.ok || read.record === null) throw new Error('value missing');
    expect(Array.from(read.record.value)).toEqual([...text('hell'), 'o'.charCodeAt(0) ^ 0xff]);
    expect(str(read.record.meta!)).toBe('meta');
    expect(str(input)).toBe('hello');
  });
});

describe('VosStore only', () => {
  it('clone is independent of its source', () => {
    const s = new VosStore();
    s.updateSingle('o', 'd', 'a', 1, text('v'));
    const c = s.clone();
    s.corrupt(() => 0, 1);
    c.updateSingle('o', 'd', 'a', 2, text('w'));
    expect(valueOf(c.fetchSingle('o', 'd', 'a', 1))).toBe('v');
    expect(valueOf(s.fetchSingle('o', 'd', 'a', 2))).not.toBe('w');
    c.checkInvariants();
  });

  it('checkInvariants catches a broken key order', () => {
    const s = new VosStore();
    s.updateSingle('o', 'd', 'a', 1, text('v'));
    s.updateSingle('o', 'd', 'b', 1, text('v'));
    const obj = (s as unknown as { objects: { get(k: string): { get(k: string): { leafKeys: string[][] } } } }).objects.get('o');
    obj.get('d').leafKeys[0].reverse();
    expect(() => s.checkInvariants()).toThrow(/vos invariant/);
  });
});
