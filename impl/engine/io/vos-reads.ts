import type { Segment, SingleRecord, Stamp, VosStoreApi } from '../../vos/index.ts';
import { assert } from '../assert.ts';

/**
 * The engine's side of the VOS read boundary (impl/vos, through its public module only). What comes
 * out of a read is asserted against what went in: the engine never aggregates, so no read is refused;
 * an array read's segments ascend without overlapping, lie inside the range asked and inside their
 * records, and nothing newer than the read epoch is visible (the pair of io/replicas.ts writeUnit,
 * which only writes at epochs the container's clock handed out). O(segments returned) per read.
 */

/** Offsets the store can address (it keeps offsets as JS numbers, below 2^53). */
export const STORE_END_MAX = Number.MAX_SAFE_INTEGER;

/** Any VOS read: the engine never aggregates, so VOS never refuses one. */
export function mustRead<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  assert(r.ok, 'VOS refused a read: the engine never aggregates');
  return r as Extract<T, { ok: true }>;
}

export interface ArraySegments {
  readonly segments: readonly Segment[];
  readonly punch: Stamp | null;
}

/** The visible segments of bytes [offset, offset + length) of an array akey at `epoch`. */
export function readArray(store: VosStoreApi, unit: string, dkey: string, akey: string, epoch: number, offset: number, length: number): ArraySegments {
  assert(Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 1, 'VOS array read of an empty or negative range');
  assert(offset + length <= STORE_END_MAX, 'VOS array read past the addressable end');
  const read = mustRead(store.fetchArray(unit, dkey, akey, epoch, offset, length));
  let end = offset;
  for (const seg of read.segments) {
    assert(seg.offset >= end && seg.length >= 1, 'VOS array read: segments overlap, are empty or out of order');
    end = seg.offset + seg.length;
    assert(seg.offset >= seg.record.offset && end <= seg.record.offset + seg.record.length, 'VOS array read: a segment outside its record');
    assert(seg.record.epoch <= epoch, 'VOS array read: a record newer than the read epoch');
  }
  assert(end <= offset + length, 'VOS array read: a segment past the range read');
  assert(read.punch === null || read.punch.epoch <= epoch, 'VOS array read: a punch newer than the read epoch');
  return read;
}

export interface SingleValue {
  readonly record: SingleRecord | null;
  readonly punch: Stamp | null;
}

/** The single value of an akey at `epoch`, or null with the punch (if any) that decided its absence. */
export function readSingleValue(store: VosStoreApi, unit: string, dkey: string, akey: string, epoch: number): SingleValue {
  const read = mustRead(store.fetchSingle(unit, dkey, akey, epoch));
  assert(read.record === null || (read.record.epoch <= epoch && read.record.value.length >= 1), 'VOS single read: an empty value, or one newer than the read epoch');
  assert(read.punch === null || read.punch.epoch <= epoch, 'VOS single read: a punch newer than the read epoch');
  return read;
}

/** The bytes a segment shows: a view into its record's data, or null for a hole (a punched extent). */
export function segmentBytes(seg: Segment): Uint8Array | null {
  const data = seg.record.data;
  if (data === null) return null;
  const from = seg.offset - seg.record.offset;
  return data.subarray(from, from + seg.length);
}
