/**
 * Public vocabulary of the versioned object store (VOS): stamps, stored records, read results and
 * the record stream used for rebuild. Shared by the optimized store (vos-store.ts) and the slow
 * reference (reference-store.ts) so the differential tests compare like with like.
 */

/**
 * Where a mutation sits in the store's history: its epoch, then its call order within the store
 * (DAOS's minor epoch). Stamps are compared lexicographically; a later call at the same epoch wins.
 */
export interface Stamp {
  readonly epoch: number;
  readonly minor: number;
}

export type AkeyKind = 'single' | 'array';

/** One stored single value (KV-2). `value` and `meta` are the store's own copies: never mutate them. */
export interface SingleRecord extends Stamp {
  readonly value: Uint8Array;
  /** Opaque caller metadata (e.g. a checksum); never corrupted by `corrupt`. */
  readonly meta: Uint8Array | undefined;
}

/**
 * One stored array extent (ARR-1) with 1-byte records. `data` is null for an extent punch (a hole
 * record, PUNCH-3); otherwise `data.length === length`.
 */
export interface ExtentRecord extends Stamp {
  readonly offset: number;
  readonly length: number;
  readonly data: Uint8Array | null;
  readonly meta: Uint8Array | undefined;
}

/**
 * A visible piece of an array fetch: bytes [offset, offset + length) come from `record`, which is the
 * whole stored extent (so a caller can verify a checksum over all of it and copy only this part).
 * `record.data === null` means the piece is a punched hole and reads as zeros.
 */
export interface Segment {
  readonly offset: number;
  readonly length: number;
  readonly record: ExtentRecord;
}

/** Input extent of `updateArray`. `data` is copied by the store. */
export interface ExtentInput {
  readonly offset: number;
  readonly data: Uint8Array;
  readonly meta?: Uint8Array;
}

export interface RangeInput {
  readonly offset: number;
  readonly length: number;
}

// ---------------------------------------------------------------- read results

/** The error name of a read at an epoch whose history aggregation has discarded. The engine maps it. */
export const EPOCH_AGGREGATED = 'EPOCH_AGGREGATED';

export interface ReadAggregated {
  readonly ok: false;
  readonly error: typeof EPOCH_AGGREGATED;
  readonly epoch: number;
}

/**
 * `record`: the newest single value at or before the epoch, unless a newer covering punch hides it
 * (or the akey is an array: KV-3 "as if it held nothing"). `punch`: the newest object, dkey or akey
 * punch at or before the epoch covering this akey, or null. When `record` is null, `punch` (if any)
 * is what decided the absence - the engine needs that for at-risk reads (DUR-3).
 */
export type SingleRead =
  | { readonly ok: true; readonly record: SingleRecord | null; readonly punch: Stamp | null }
  | ReadAggregated;

/**
 * Visible pieces of one range, ascending by offset, non-overlapping, clipped to the range. Bytes not
 * covered by a segment were never written or are hidden by `punch` (same meaning as in SingleRead).
 */
export type ArrayRead =
  | { readonly ok: true; readonly segments: readonly Segment[]; readonly punch: Stamp | null }
  | ReadAggregated;

/** Exactly `length` bytes, holes as zeros (ARR-3). A fresh buffer the caller owns. */
export type BytesRead = { readonly ok: true; readonly bytes: Uint8Array } | ReadAggregated;

/** Visible keys, ascending in JavaScript string order (order is not observable, section 24). */
export type KeysRead = { readonly ok: true; readonly keys: readonly string[] } | ReadAggregated;

export type ExistsRead = { readonly ok: true; readonly exists: boolean } | ReadAggregated;

export interface AggregateStats {
  /** Versions (values, extents, punches) examined, i.e. stored before the call. */
  readonly examined: number;
  readonly discarded: number;
}

/** One flipped byte reported by `corrupt`. `index` is the byte's index inside the record's data. */
export interface CorruptedByte {
  readonly oid: string;
  readonly dkey: string;
  readonly akey: string;
  readonly epoch: number;
  readonly minor: number;
  readonly index: number;
}

// ---------------------------------------------------------------- record stream (rebuild)

/**
 * Everything a store holds, as a stream the engine can copy to another store (`records` then
 * `importRecords`). `store` comes first and carries the aggregation horizon, so a copy refuses the
 * same historical reads as its source instead of answering them from partial history.
 */
export type VosRecord =
  | { readonly type: 'store'; readonly bound: number; readonly readableEpochs: readonly number[]; readonly nextMinor: number }
  | { readonly type: 'objectPunch'; readonly oid: string; readonly stamp: Stamp }
  | { readonly type: 'dkeyPunch'; readonly oid: string; readonly dkey: string; readonly stamp: Stamp }
  | { readonly type: 'akey'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly kind: AkeyKind | null }
  | { readonly type: 'akeyPunch'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly stamp: Stamp }
  | { readonly type: 'single'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly record: SingleRecord }
  | { readonly type: 'extent'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly record: ExtentRecord };

/**
 * The store API, implemented by both VosStore and ReferenceVosStore. See vos-store.ts for the
 * semantics of each call.
 */
export interface VosStoreApi {
  updateSingle(oid: string, dkey: string, akey: string, epoch: number, value: Uint8Array, meta?: Uint8Array): void;
  updateArray(oid: string, dkey: string, akey: string, epoch: number, extents: readonly ExtentInput[]): void;
  punchObject(oid: string, epoch: number): void;
  punchDkey(oid: string, dkey: string, epoch: number): void;
  punchAkeys(oid: string, dkey: string, akeys: readonly string[], epoch: number): void;
  punchExtents(oid: string, dkey: string, akey: string, epoch: number, ranges: readonly RangeInput[]): void;

  fetchSingle(oid: string, dkey: string, akey: string, epoch: number): SingleRead;
  fetchArray(oid: string, dkey: string, akey: string, epoch: number, offset: number, length: number): ArrayRead;
  fetchArrayBytes(oid: string, dkey: string, akey: string, epoch: number, offset: number, length: number): BytesRead;
  listDkeys(oid: string, epoch: number): KeysRead;
  listAkeys(oid: string, dkey: string, epoch: number): KeysRead;
  dkeyExists(oid: string, dkey: string, epoch: number): ExistsRead;
  akeyExists(oid: string, dkey: string, akey: string, epoch: number): ExistsRead;
  akeyKind(oid: string, dkey: string, akey: string): AkeyKind | null;
  isReadable(epoch: number): boolean;

  aggregate(liveSnapshotEpochs: readonly number[], upperBoundEpoch: number): AggregateStats;
  records(oid?: string): Iterable<VosRecord>;
  importRecords(records: Iterable<VosRecord>): void;
  discardObject(oid: string): void;
  objectIds(): readonly string[];
  corrupt(pick: (bound: number) => number, count: number): CorruptedByte[];
  checkInvariants(): void;
}
