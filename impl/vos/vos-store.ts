import { ExtentIndex } from './extent-index.ts';
import { KeyIndex } from './key-index.ts';
import {
  assert, assertSortedByStamp, compareStamp, fail, hasStamp, insertByStamp, newerStamp, newestAtOrBefore,
  newestStampAtOrBefore, survivesPunch,
} from './stamp.ts';
import type {
  AggregateStats, AkeyKind, ArrayRead, BytesRead, CorruptedByte, ExistsRead, ExtentInput, ExtentRecord,
  KeysRead, RangeInput, ReadAggregated, SingleRead, SingleRecord, Stamp, VosRecord, VosStoreApi,
} from './types.ts';
import { EPOCH_AGGREGATED } from './types.ts';
import {
  assertDisjoint, assertDistinctKeys, assertKey, assertRange, assertReadEpoch, assertWriteEpoch, extentRanges,
} from './validate.ts';
import { visibleSegments } from './visible-segments.ts';

/**
 * VosStore: the versioned object store of one (target, container), as DAOS keeps a VOS container
 * inside a target's VOS pool. The engine translates the spec's object operations into these calls.
 *
 * Data model: object id (contract `oidKey`) > dkey > akey > value. An akey's value is a single value
 * (replaced as a whole) or an array of 1-byte records written as extents. The kind is fixed by the
 * first write and survives punches and aggregation (KV-3): `akeyKind` answers it, and writing the
 * other kind throws (the engine answers NO_PERM before calling).
 *
 * Epochs. Every mutation carries a positive integer epoch; epochs never decrease across calls (an
 * assertion). Several calls may share an epoch (a transaction commit or a rollback is one write at
 * one epoch): each call gets the next minor number, and within one epoch the later call wins where
 * calls overlap. Multi-akey updates are several calls at one epoch (different akeys never overlap).
 *
 * Mutations (all throw on caller bugs, leaving the store unchanged):
 *   updateSingle(oid, dkey, akey, epoch, value, meta?)           value copied; 1+ bytes
 *   updateArray(oid, dkey, akey, epoch, extents: {offset, data, meta?}[])   non-overlapping extents
 *   punchObject(oid, epoch) / punchDkey(oid, dkey, epoch) / punchAkeys(oid, dkey, akeys, epoch)
 *   punchExtents(oid, dkey, akey, epoch, ranges: {offset, length}[])  hole records; an array write
 * A punch hides every older version at its level (PUNCH-1/2); a later write is visible again with
 * only post-punch data (PUNCH-4). Punching something absent is recorded (it still decides reads).
 *
 * Reads at epoch e see, per akey and per byte, the newest version at or before e. Each returns
 * `{ok: false, error: 'EPOCH_AGGREGATED'}` when e's history was aggregated away (see `aggregate`):
 *   fetchSingle(oid, dkey, akey, e)                 -> {record: SingleRecord | null, punch}
 *   fetchArray(oid, dkey, akey, e, offset, length)  -> {segments: Segment[], punch}: visible pieces,
 *        each pointing at its whole stored extent record (verify a checksum over the record, copy
 *        only the piece); hole pieces have record.data === null
 *   fetchArrayBytes(oid, dkey, akey, e, offset, length) -> {bytes}: exactly length bytes, holes zero
 *   listDkeys(oid, e), listAkeys(oid, dkey, e)       -> {keys}: visible keys (KV-6, KV-7)
 *   dkeyExists(oid, dkey, e), akeyExists(oid, dkey, akey, e) -> {exists}: for COND-2..6; the flag
 *        logic stays in the engine, which knows the request order and error precedence (COND-6)
 * `punch` is the newest object/dkey/akey punch at or before e covering the akey: when a value or
 * byte is absent, that punch (if any) decided it, which the engine needs for at-risk reads (DUR-3).
 * Returned records and byte arrays are the store's own: read them, never mutate them.
 *
 * Aggregation: aggregate(liveSnapshotEpochs, upperBoundEpoch) discards every version that no read at
 * a live snapshot epoch below the bound, and no read at or after the bound, can observe: per key the
 * newest version at or before each such point is kept (for arrays, every extent that decides at least
 * one byte at some point), and everything newer than the bound. Extents are not merged: a record
 * carries caller metadata (a checksum) over its whole data, which a merge would invalidate. Reads
 * afterwards at an epoch below the bound that is not a preserved snapshot return EPOCH_AGGREGATED,
 * also for snapshots destroyed later (absent from a later call's list). Writes below the bound throw.
 *
 * Rebuild: records(oid?) streams everything (or one object) as VosRecord values, starting with the
 * aggregation horizon; importRecords(records) applies such a stream to another store, keeping each
 * version's (epoch, minor) so same-epoch order survives the copy. Importing is idempotent for
 * identical records; import one object from one source only (minors of different stores are
 * unrelated), after discardObject(oid) if the target holds stale data of it. clone() = fresh store
 * plus importRecords(records()).
 *
 * Fault injection: corrupt(pick, count) flips (xor 0xff) `count` stored value bytes - never keys or
 * metadata - chosen by `pick(bound)`, which must return an integer in [0, bound) over all stored
 * value bytes in records() order. Deterministic as long as `pick` is.
 *
 * checkInvariants() runs O(n) structural checks; see its comment for what it does not check.
 *
 * Structures (why): objects, dkeys and akeys are KeyIndex maps - ordered two-level B+trees for
 * enumeration and sorted insertion, with a hash map (past 8 keys) and a last-hit cache for exact
 * lookups, because a fetch at 100,000 keys is bound by cache misses, not comparisons. A dkey or
 * object node *is* its child index (one pointer fewer per lookup). Versions and punches are arrays
 * in stamp order: writes arrive in epoch order, so a write is an append and "newest at or before e"
 * is a binary search (or one comparison against the cached newest value). Array akeys use an
 * ExtentIndex (extent-index.ts) and a heap sweep (visible-segments.ts), O(log n + k log k) per range.
 * Nothing is copy-on-write: clone() streams records, which is what rebuild does anyway.
 */

interface AkeyNode {
  kind: AkeyKind | null;
  punches: Stamp[];
  singles: SingleRecord[];
  /** singles[singles.length - 1] or null: reads of the latest value skip the array (a cache miss). */
  newest: SingleRecord | null;
  extents: ExtentIndex | null;
}

/**
 * Punch lists start as this shared empty array and get their own on the first punch: most keys are
 * never punched, and a read then checks a hot shared object instead of missing the cache on a
 * private empty array per key. Frozen, so a missed copy-on-write fails loudly.
 */
const NO_PUNCHES: Stamp[] = Object.freeze([]) as unknown as Stamp[];

const NO_SINGLES: SingleRecord[] = Object.freeze([]) as unknown as SingleRecord[];

/** The newest single value at or before `epoch`, ignoring punches. */
function newestSingle(ak: AkeyNode, epoch: number): SingleRecord | null {
  const newest = ak.newest;
  if (newest === null) return null;
  if (newest.epoch <= epoch) return newest;
  const i = newestAtOrBefore(ak.singles, epoch);
  return i < 0 ? null : ak.singles[i];
}

function punchInto(list: Stamp[], stamp: Stamp): Stamp[] {
  const own = list === NO_PUNCHES ? [] : list;
  insertByStamp(own, stamp);
  return own;
}

/** A dkey is its akey index plus its punches: one object, so a lookup chases one pointer fewer. */
class DkeyNode extends KeyIndex<AkeyNode> {
  punches: Stamp[] = NO_PUNCHES;
}

class ObjectNode extends KeyIndex<DkeyNode> {
  punches: Stamp[] = NO_PUNCHES;
}

const NOTHING_SINGLE: SingleRead = Object.freeze({ ok: true, record: null, punch: null });
const NO_KEYS: KeysRead = Object.freeze({ ok: true, keys: Object.freeze([]) as readonly string[] });
const EXISTS: ExistsRead = Object.freeze({ ok: true, exists: true });
const ABSENT: ExistsRead = Object.freeze({ ok: true, exists: false });

/** Record kinds as visitObject reports them (numbers, so a visitor can mix them into a hash). */
export const VISIT_OBJECT_PUNCH = 1;
export const VISIT_DKEY_PUNCH = 2;
export const VISIT_AKEY_PUNCH = 3;
export const VISIT_AKEY_NONE = 4;
export const VISIT_AKEY_SINGLE = 5;
export const VISIT_AKEY_ARRAY = 6;
export const VISIT_SINGLE = 7;
export const VISIT_EXTENT = 8;

/**
 * One record of VosStore.visitObject; `bytes` is null for punches, akeys and extent holes; `minor`
 * is the value's or extent's minor (0 for the rest): it names a record within this store only.
 */
export type RecordVisitor = (kind: number, dkey: string, akey: string, epoch: number, offset: number, length: number, bytes: Uint8Array | null, meta: Uint8Array | undefined, minor: number) => void;

export class VosStore implements VosStoreApi {
  private readonly objects = new KeyIndex<ObjectNode>();
  private lastEpoch = 0;
  private nextMinor = 1;
  /** Reads below `bound` are refused unless their epoch is in `readable` (a preserved snapshot). */
  private bound = 0;
  private readable = new Set<number>();

  // ---------------------------------------------------------------- mutations

  updateSingle(oid: string, dkey: string, akey: string, epoch: number, value: Uint8Array, meta?: Uint8Array): void {
    assert(value instanceof Uint8Array && value.length >= 1, 'updateSingle: value must be 1+ bytes');
    const node = this.writableAkey(oid, dkey, akey, epoch, 'single');
    const minor = this.commitStamp(epoch);
    const record = { epoch, minor, value: value.slice(), meta: meta === undefined ? undefined : meta.slice() };
    if (node.singles === NO_SINGLES) node.singles = [];
    insertByStamp(node.singles, record);
    node.newest = node.singles[node.singles.length - 1];
  }

  updateArray(oid: string, dkey: string, akey: string, epoch: number, extents: readonly ExtentInput[]): void {
    assertDisjoint(extentRanges(extents), 'updateArray');
    const index = arrayIndexOf(this.writableAkey(oid, dkey, akey, epoch, 'array'));
    const minor = this.commitStamp(epoch);
    for (const e of extents) {
      index.insert({ epoch, minor, offset: e.offset, length: e.data.length, data: e.data.slice(), meta: e.meta?.slice() });
    }
  }

  punchExtents(oid: string, dkey: string, akey: string, epoch: number, ranges: readonly RangeInput[]): void {
    assertDisjoint(ranges, 'punchExtents');
    const index = arrayIndexOf(this.writableAkey(oid, dkey, akey, epoch, 'array'));
    const minor = this.commitStamp(epoch);
    for (const r of ranges) index.insert({ epoch, minor, offset: r.offset, length: r.length, data: null, meta: undefined });
  }

  punchObject(oid: string, epoch: number): void {
    assertKey(oid, 'oid');
    const stamp = this.stampFor(epoch);
    const obj = this.objectNode(oid);
    obj.punches = punchInto(obj.punches, stamp);
  }

  punchDkey(oid: string, dkey: string, epoch: number): void {
    assertKey(oid, 'oid');
    assertKey(dkey, 'dkey');
    const stamp = this.stampFor(epoch);
    const dk = this.dkeyNode(oid, dkey);
    dk.punches = punchInto(dk.punches, stamp);
  }

  punchAkeys(oid: string, dkey: string, akeys: readonly string[], epoch: number): void {
    assertKey(oid, 'oid');
    assertKey(dkey, 'dkey');
    assertDistinctKeys(akeys, 'punchAkeys');
    const stamp = this.stampFor(epoch);
    for (const akey of akeys) {
      const ak = this.akeyNode(oid, dkey, akey);
      ak.punches = punchInto(ak.punches, stamp);
    }
  }

  // ---------------------------------------------------------------- reads

  fetchSingle(oid: string, dkey: string, akey: string, epoch: number): SingleRead {
    assertReadEpoch(epoch);
    if (epoch < this.bound && !this.readable.has(epoch)) return aggregated(epoch);
    const obj = this.objects.get(oid);
    if (obj === undefined) return NOTHING_SINGLE;
    let punch = newestStampAtOrBefore(obj.punches, epoch);
    const dk = obj.get(dkey);
    if (dk === undefined) return { ok: true, record: null, punch };
    punch = newerStamp(punch, newestStampAtOrBefore(dk.punches, epoch));
    const ak = dk.get(akey);
    if (ak === undefined) return { ok: true, record: null, punch };
    punch = newerStamp(punch, newestStampAtOrBefore(ak.punches, epoch));
    let record: SingleRecord | null = null;
    if (ak.kind === 'single') {
      const found = newestSingle(ak, epoch);
      if (found !== null && survivesPunch(found, punch)) record = found;
    }
    return { ok: true, record, punch };
  }

  fetchArray(oid: string, dkey: string, akey: string, epoch: number, offset: number, length: number): ArrayRead {
    assertReadEpoch(epoch);
    assertRange(offset, length, 'fetchArray');
    if (epoch < this.bound && !this.readable.has(epoch)) return aggregated(epoch);
    const obj = this.objects.get(oid);
    if (obj === undefined) return { ok: true, segments: [], punch: null };
    let punch = newestStampAtOrBefore(obj.punches, epoch);
    const dk = obj.get(dkey);
    if (dk === undefined) return { ok: true, segments: [], punch };
    punch = newerStamp(punch, newestStampAtOrBefore(dk.punches, epoch));
    const ak = dk.get(akey);
    if (ak === undefined) return { ok: true, segments: [], punch };
    punch = newerStamp(punch, newestStampAtOrBefore(ak.punches, epoch));
    if (ak.extents === null) return { ok: true, segments: [], punch };
    const candidates: ExtentRecord[] = [];
    ak.extents.collect(offset, offset + length, epoch, punch, candidates);
    return { ok: true, segments: visibleSegments(candidates, offset, offset + length), punch };
  }

  fetchArrayBytes(oid: string, dkey: string, akey: string, epoch: number, offset: number, length: number): BytesRead {
    const read = this.fetchArray(oid, dkey, akey, epoch, offset, length);
    if (!read.ok) return read;
    const bytes = new Uint8Array(length);
    for (const s of read.segments) {
      const data = s.record.data;
      if (data === null) continue;
      const from = s.offset - s.record.offset;
      bytes.set(data.subarray(from, from + s.length), s.offset - offset);
    }
    return { ok: true, bytes };
  }

  listDkeys(oid: string, epoch: number): KeysRead {
    assertReadEpoch(epoch);
    if (epoch < this.bound && !this.readable.has(epoch)) return aggregated(epoch);
    const obj = this.objects.get(oid);
    if (obj === undefined) return NO_KEYS;
    const objPunch = newestStampAtOrBefore(obj.punches, epoch);
    const keys: string[] = [];
    obj.forEach((dk, dkey) => {
      if (dkeyVisible(dk, epoch, objPunch)) keys.push(dkey);
    });
    return { ok: true, keys };
  }

  listAkeys(oid: string, dkey: string, epoch: number): KeysRead {
    assertReadEpoch(epoch);
    if (epoch < this.bound && !this.readable.has(epoch)) return aggregated(epoch);
    const obj = this.objects.get(oid);
    const dk = obj?.get(dkey);
    if (obj === undefined || dk === undefined) return NO_KEYS;
    const punch = newerStamp(newestStampAtOrBefore(obj.punches, epoch), newestStampAtOrBefore(dk.punches, epoch));
    const keys: string[] = [];
    dk.forEach((ak, akey) => {
      if (akeyVisible(ak, epoch, punch)) keys.push(akey);
    });
    return { ok: true, keys };
  }

  dkeyExists(oid: string, dkey: string, epoch: number): ExistsRead {
    assertReadEpoch(epoch);
    if (epoch < this.bound && !this.readable.has(epoch)) return aggregated(epoch);
    const obj = this.objects.get(oid);
    const dk = obj?.get(dkey);
    if (obj === undefined || dk === undefined) return ABSENT;
    return dkeyVisible(dk, epoch, newestStampAtOrBefore(obj.punches, epoch)) ? EXISTS : ABSENT;
  }

  akeyExists(oid: string, dkey: string, akey: string, epoch: number): ExistsRead {
    assertReadEpoch(epoch);
    if (epoch < this.bound && !this.readable.has(epoch)) return aggregated(epoch);
    const obj = this.objects.get(oid);
    const dk = obj?.get(dkey);
    const ak = dk?.get(akey);
    if (obj === undefined || dk === undefined || ak === undefined) return ABSENT;
    const punch = newerStamp(newestStampAtOrBefore(obj.punches, epoch), newestStampAtOrBefore(dk.punches, epoch));
    return akeyVisible(ak, epoch, punch) ? EXISTS : ABSENT;
  }

  /** The akey's kind, fixed by its first write whatever the epoch (KV-3); null if never written. */
  akeyKind(oid: string, dkey: string, akey: string): AkeyKind | null {
    return this.objects.get(oid)?.get(dkey)?.get(akey)?.kind ?? null;
  }

  /** False when a read at `epoch` would return EPOCH_AGGREGATED. */
  isReadable(epoch: number): boolean {
    return epoch >= this.bound || this.readable.has(epoch);
  }

  // ---------------------------------------------------------------- aggregation

  aggregate(liveSnapshotEpochs: readonly number[], upperBoundEpoch: number): AggregateStats {
    assert(Number.isSafeInteger(upperBoundEpoch) && upperBoundEpoch >= 0, `aggregate: bound ${upperBoundEpoch} is not an integer >= 0`);
    for (const s of liveSnapshotEpochs) assert(Number.isSafeInteger(s) && s >= 1, `aggregate: snapshot epoch ${s} is not a positive integer`);
    const bound = Math.max(this.bound, upperBoundEpoch);
    const readable = new Set<number>();
    for (const s of liveSnapshotEpochs) if (s < bound && this.isReadable(s)) readable.add(s);
    const points = [...readable, bound].sort((a, b) => a - b);
    const counts = { examined: 0, discarded: 0 };
    for (const [oid, obj] of this.objects.entries()) {
      const objPunchAt = points.map((p) => newestStampAtOrBefore(obj.punches, p));
      for (const [dkey, dk] of obj.entries()) {
        const dkPunchAt = points.map((p, j) => newerStamp(objPunchAt[j], newestStampAtOrBefore(dk.punches, p)));
        for (const [akey, ak] of dk.entries()) {
          aggregateAkey(ak, points, dkPunchAt, bound, counts);
          if (ak.kind === null && ak.punches.length === 0) dk.delete(akey);
        }
        dk.punches = keepPunches(dk.punches, points, bound, counts);
        if (dk.size === 0 && dk.punches.length === 0) obj.delete(dkey);
      }
      obj.punches = keepPunches(obj.punches, points, bound, counts);
      if (obj.size === 0 && obj.punches.length === 0) this.objects.delete(oid);
    }
    this.bound = bound;
    this.readable = readable;
    return counts;
  }

  // ---------------------------------------------------------------- rebuild

  *records(oid?: string): Generator<VosRecord> {
    yield { type: 'store', bound: this.bound, readableEpochs: [...this.readable].sort((a, b) => a - b), nextMinor: this.nextMinor };
    const objects: Array<[string, ObjectNode]> = [];
    if (oid === undefined) objects.push(...this.objects.entries());
    else {
      const obj = this.objects.get(oid);
      if (obj !== undefined) objects.push([oid, obj]);
    }
    for (const [o, obj] of objects) {
      for (const stamp of obj.punches) yield { type: 'objectPunch', oid: o, stamp };
      for (const [dkey, dk] of obj.entries()) {
        for (const stamp of dk.punches) yield { type: 'dkeyPunch', oid: o, dkey, stamp };
        for (const [akey, ak] of dk.entries()) {
          yield { type: 'akey', oid: o, dkey, akey, kind: ak.kind };
          for (const stamp of ak.punches) yield { type: 'akeyPunch', oid: o, dkey, akey, stamp };
          for (const record of ak.singles) yield { type: 'single', oid: o, dkey, akey, record };
          if (ak.extents !== null) for (const record of ak.extents.all()) yield { type: 'extent', oid: o, dkey, akey, record };
        }
      }
    }
  }

  importRecords(records: Iterable<VosRecord>): void {
    for (const r of records) {
      switch (r.type) {
        case 'store':
          this.mergeHorizon(r.bound, r.readableEpochs);
          this.nextMinor = Math.max(this.nextMinor, r.nextMinor);
          break;
        case 'objectPunch': {
          const obj = this.objectNode(r.oid);
          obj.punches = this.importPunch(obj.punches, r.stamp);
          break;
        }
        case 'dkeyPunch': {
          const dk = this.dkeyNode(r.oid, r.dkey);
          dk.punches = this.importPunch(dk.punches, r.stamp);
          break;
        }
        case 'akeyPunch': {
          const ak = this.akeyNode(r.oid, r.dkey, r.akey);
          ak.punches = this.importPunch(ak.punches, r.stamp);
          break;
        }
        case 'akey':
          if (r.kind !== null) this.importKind(r.oid, r.dkey, r.akey, r.kind);
          else this.akeyNode(r.oid, r.dkey, r.akey);
          break;
        case 'single': {
          const node = this.importKind(r.oid, r.dkey, r.akey, 'single');
          if (!hasStamp(node.singles, r.record)) {
            if (node.singles === NO_SINGLES) node.singles = [];
            insertByStamp(node.singles, copySingle(r.record));
            node.newest = node.singles[node.singles.length - 1];
          }
          this.noteImported(r.record);
          break;
        }
        case 'extent': {
          const index = this.importKind(r.oid, r.dkey, r.akey, 'array').extents;
          assert(index !== null, 'importRecords: array akey without an extent index');
          this.importExtent(index, r.record);
          break;
        }
      }
    }
  }

  /** A deep copy through the record stream (rebuild copying); O(n). */
  clone(): VosStore {
    const copy = new VosStore();
    copy.importRecords(this.records());
    copy.lastEpoch = Math.max(copy.lastEpoch, this.lastEpoch);
    return copy;
  }

  /** Physically removes an object and its history (not a punch): rebuild and reintegration cleanup. */
  discardObject(oid: string): void {
    this.objects.delete(oid);
  }

  hasObject(oid: string): boolean {
    return this.objects.get(oid) !== undefined;
  }

  objectIds(): readonly string[] {
    return this.objects.keys();
  }

  // ---------------------------------------------------------------- fault injection

  corrupt(pick: (bound: number) => number, count: number): CorruptedByte[] {
    assert(Number.isSafeInteger(count) && count >= 0, `corrupt: count ${count} is not a non-negative integer`);
    const located: Array<{ oid: string; dkey: string; akey: string; record: SingleRecord | ExtentRecord; data: Uint8Array }> = [];
    const ends: number[] = [];
    let total = 0;
    for (const r of this.records()) {
      if (r.type !== 'single' && r.type !== 'extent') continue;
      const data = r.type === 'single' ? r.record.value : r.record.data;
      if (data === null) continue;
      located.push({ oid: r.oid, dkey: r.dkey, akey: r.akey, record: r.record, data });
      total += data.length;
      ends.push(total);
    }
    const flipped: CorruptedByte[] = [];
    if (total === 0) return flipped;
    for (let n = 0; n < count; n++) {
      const at = pick(total);
      assert(Number.isSafeInteger(at) && at >= 0 && at < total, `corrupt: pick returned ${at}, outside [0, ${total})`);
      let lo = 0;
      let hi = ends.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ends[mid] > at) hi = mid;
        else lo = mid + 1;
      }
      const hit = located[lo];
      const index = at - (ends[lo] - hit.data.length);
      hit.data[index] ^= 0xff;
      flipped.push({ oid: hit.oid, dkey: hit.dkey, akey: hit.akey, epoch: hit.record.epoch, minor: hit.record.minor, index });
    }
    return flipped;
  }

  // ---------------------------------------------------------------- invariants

  /**
   * O(n) structural checks: every key index sorted and consistent; no empty object or dkey node;
   * every akey's kind consistent with what it holds (a kind-less akey holds only punches); values,
   * punches and extents ordered by stamp, every stamp's epoch <= the last write epoch (or imported)
   * and minor < nextMinor; extent indexes consistent with their records; the horizon's preserved
   * epochs below the bound. Does NOT check: that the right versions are kept or visible (the
   * differential test against ReferenceVosStore does that), value bytes (no checksums here: a
   * corrupted byte is legal state), or that callers left returned arrays unmodified.
   */
  checkInvariants(): void {
    this.checkHorizon();
    this.objects.checkInvariants();
    this.objects.forEach((obj, oid) => this.checkObject(obj, oid));
  }

  /**
   * checkInvariants() restricted to one object (absent: nothing to check) plus the store's horizon:
   * what an engine checks after an op that wrote only this object. Does NOT check the object index
   * itself (the full check does), nor anything checkInvariants does not.
   */
  checkObjectInvariants(oid: string): void {
    this.checkHorizon();
    const obj = this.objects.get(oid);
    if (obj !== undefined) this.checkObject(obj, oid);
  }

  /**
   * Visits every record of one object in records(oid) order without building record objects or the
   * horizon record: for invariant fingerprints, which run after many ops. `visit` gets the record's
   * fields flat (kind, dkey, akey, stamp epoch, and for values their bytes and metadata, for extents
   * offset and length); what it reads must not be modified. With `onlyDkey`, only that dkey's
   * records (not the object's punches).
   */
  visitObject(oid: string, visit: RecordVisitor, onlyDkey?: string): void {
    const obj = this.objects.get(oid);
    if (obj === undefined) return;
    if (onlyDkey !== undefined) {
      const dk = obj.get(onlyDkey);
      if (dk !== undefined) this.visitDkey(dk, onlyDkey, visit);
      return;
    }
    for (const stamp of obj.punches) visit(VISIT_OBJECT_PUNCH, '', '', stamp.epoch, 0, 0, null, undefined, 0);
    obj.forEach((dk, dkey) => this.visitDkey(dk, dkey, visit));
  }

  private visitDkey(dk: DkeyNode, dkey: string, visit: RecordVisitor): void {
    for (const stamp of dk.punches) visit(VISIT_DKEY_PUNCH, dkey, '', stamp.epoch, 0, 0, null, undefined, 0);
    dk.forEach((ak, akey) => {
      visit(ak.kind === null ? VISIT_AKEY_NONE : ak.kind === 'single' ? VISIT_AKEY_SINGLE : VISIT_AKEY_ARRAY, dkey, akey, 0, 0, 0, null, undefined, 0);
      for (const stamp of ak.punches) visit(VISIT_AKEY_PUNCH, dkey, akey, stamp.epoch, 0, 0, null, undefined, 0);
      for (const r of ak.singles) visit(VISIT_SINGLE, dkey, akey, r.epoch, 0, r.value.length, r.value, r.meta, r.minor);
      if (ak.extents !== null) for (const r of ak.extents.all()) visit(VISIT_EXTENT, dkey, akey, r.epoch, r.offset, r.length, r.data, r.meta, r.minor);
    });
  }

  private checkHorizon(): void {
    assert(Number.isSafeInteger(this.bound) && this.bound >= 0, `bound ${this.bound} is not an integer >= 0`);
    for (const s of this.readable) assert(Number.isSafeInteger(s) && s >= 1 && s < this.bound, `preserved epoch ${s} is not below the bound ${this.bound}`);
  }

  private checkObject(obj: ObjectNode, oid: string): void {
    this.checkStamps(obj.punches, `object ${oid} punches`, true);
    assert(obj.size > 0 || obj.punches.length > 0, `object ${oid} is an empty node`);
    obj.checkInvariants();
    obj.forEach((dk, dkey) => {
      this.checkStamps(dk.punches, `dkey ${oid}/${dkey} punches`, true);
      assert(dk.size > 0 || dk.punches.length > 0, `dkey ${oid}/${dkey} is an empty node`);
      dk.checkInvariants();
      dk.forEach((ak, akey) => this.checkAkey(ak, `${oid}/${dkey}/${akey}`));
    });
  }

  // ---------------------------------------------------------------- internals

  private checkAkey(ak: AkeyNode, where: string): void {
    this.checkStamps(ak.punches, `akey ${where} punches`, true);
    if (ak.kind === null) {
      assert(ak.singles.length === 0 && ak.extents === null && ak.punches.length > 0, `akey ${where} has no kind but holds data or nothing`);
    } else if (ak.kind === 'single') {
      assert(ak.extents === null, `single akey ${where} has an extent index`);
      this.checkStamps(ak.singles, `akey ${where} values`, true);
      for (const v of ak.singles) assert(v.value.length >= 1, `akey ${where} holds an empty value`);
      assert(ak.newest === (ak.singles.length > 0 ? ak.singles[ak.singles.length - 1] : null), `akey ${where}: stale newest value`);
    } else {
      assert(ak.singles.length === 0 && ak.extents !== null, `array akey ${where} holds single values or lacks an index`);
      ak.extents.checkInvariants(`akey ${where}`);
      this.checkStamps(ak.extents.all(), `akey ${where} extents`, false);
    }
  }

  private checkStamps(list: readonly Stamp[], what: string, strict: boolean): void {
    assertSortedByStamp(list, what, strict);
    for (const s of list) {
      if (!(s.epoch <= this.lastEpoch)) fail(`${what}: epoch ${s.epoch} after the last epoch ${this.lastEpoch}`);
      if (!(s.minor < this.nextMinor)) fail(`${what}: minor ${s.minor} not below nextMinor ${this.nextMinor}`);
    }
  }

  private stampFor(epoch: number): Stamp {
    assertWriteEpoch(epoch, this.lastEpoch, this.bound);
    this.lastEpoch = epoch;
    return { epoch, minor: this.nextMinor++ };
  }

  /**
   * The akey node a value write goes to, after every check that can fail (so a failed call changes
   * nothing: a node created here is new, hence kind-less, hence never fails the kind check).
   */
  private writableAkey(oid: string, dkey: string, akey: string, epoch: number, kind: AkeyKind): AkeyNode {
    assertKey(oid, 'oid');
    assertKey(dkey, 'dkey');
    assertKey(akey, 'akey');
    assertWriteEpoch(epoch, this.lastEpoch, this.bound);
    const node = this.akeyNode(oid, dkey, akey);
    assert(node.kind === null || node.kind === kind, `akey ${oid}/${dkey}/${akey} is ${node.kind}, cannot take a ${kind} write (KV-3)`);
    node.kind = kind;
    return node;
  }

  /** Takes the next minor for a write whose epoch writableAkey already checked. */
  private commitStamp(epoch: number): number {
    this.lastEpoch = epoch;
    return this.nextMinor++;
  }

  private assertKindAllows(oid: string, dkey: string, akey: string, kind: AkeyKind): void {
    const current = this.akeyKind(oid, dkey, akey);
    assert(current === null || current === kind, `akey ${oid}/${dkey}/${akey} is ${current}, cannot take a ${kind} write (KV-3)`);
  }

  private objectNode(oid: string): ObjectNode {
    let obj = this.objects.get(oid);
    if (obj === undefined) {
      obj = new ObjectNode();
      this.objects.insert(oid, obj);
    }
    return obj;
  }

  private dkeyNode(oid: string, dkey: string): DkeyNode {
    const obj = this.objectNode(oid);
    let dk = obj.get(dkey);
    if (dk === undefined) {
      dk = new DkeyNode();
      obj.insert(dkey, dk);
    }
    return dk;
  }

  private akeyNode(oid: string, dkey: string, akey: string): AkeyNode {
    const dk = this.dkeyNode(oid, dkey);
    let ak = dk.get(akey);
    if (ak === undefined) {
      ak = { kind: null, punches: NO_PUNCHES, singles: NO_SINGLES, newest: null, extents: null };
      dk.insert(akey, ak);
    }
    return ak;
  }


  private importKind(oid: string, dkey: string, akey: string, kind: AkeyKind): AkeyNode {
    this.assertKindAllows(oid, dkey, akey, kind);
    const node = this.akeyNode(oid, dkey, akey);
    node.kind = kind;
    if (kind === 'array') arrayIndexOf(node);
    return node;
  }

  private importPunch(list: Stamp[], stamp: Stamp): Stamp[] {
    this.noteImported(stamp);
    return hasStamp(list, stamp) ? list : punchInto(list, { epoch: stamp.epoch, minor: stamp.minor });
  }

  private importExtent(index: ExtentIndex, r: ExtentRecord): void {
    const same: ExtentRecord[] = [];
    index.collect(r.offset, r.offset + r.length, r.epoch, null, same);
    const clash = same.filter((o) => compareStamp(o, r) === 0);
    this.noteImported(r);
    if (clash.some((o) => o.offset === r.offset && o.length === r.length)) return; // already imported
    assert(clash.length === 0, 'importRecords: an extent overlaps a different extent of the same stamp');
    index.insert({ ...r, data: r.data === null ? null : r.data.slice(), meta: r.meta?.slice() });
  }

  private noteImported(s: Stamp): void {
    assert(Number.isSafeInteger(s.epoch) && s.epoch >= 1 && Number.isSafeInteger(s.minor) && s.minor >= 1, 'importRecords: bad stamp');
    this.lastEpoch = Math.max(this.lastEpoch, s.epoch);
    this.nextMinor = Math.max(this.nextMinor, s.minor + 1);
  }

  /** A read is allowed after the merge only if both horizons allowed it. */
  private mergeHorizon(bound: number, readableEpochs: readonly number[]): void {
    const merged = Math.max(this.bound, bound);
    const other = new Set(readableEpochs);
    const readable = new Set<number>();
    for (const s of [...this.readable, ...other]) {
      if (s < merged && this.isReadable(s) && (s >= bound || other.has(s))) readable.add(s);
    }
    this.bound = merged;
    this.readable = readable;
  }
}

function aggregated(epoch: number): ReadAggregated {
  return { ok: false, error: EPOCH_AGGREGATED, epoch };
}

function arrayIndexOf(node: AkeyNode): ExtentIndex {
  if (node.extents === null) node.extents = new ExtentIndex();
  return node.extents;
}

function copySingle(r: SingleRecord): SingleRecord {
  return { epoch: r.epoch, minor: r.minor, value: r.value.slice(), meta: r.meta?.slice() };
}

/** KV-6: a write (value, extent or extent punch) newer than the newest covering punch. */
function akeyVisible(ak: AkeyNode, epoch: number, inherited: Stamp | null): boolean {
  const punch = newerStamp(inherited, newestStampAtOrBefore(ak.punches, epoch));
  if (ak.kind === 'single') {
    const found = newestSingle(ak, epoch);
    return found !== null && survivesPunch(found, punch);
  }
  if (ak.extents !== null) {
    const r = ak.extents.newestAtOrBefore(epoch);
    return r !== undefined && survivesPunch(r, punch);
  }
  return false;
}

function dkeyVisible(dk: DkeyNode, epoch: number, objPunch: Stamp | null): boolean {
  const punch = newerStamp(objPunch, newestStampAtOrBefore(dk.punches, epoch));
  return dk.some((ak) => akeyVisible(ak, epoch, punch));
}

/** Keeps the newest punch at or before each preserved point, and every punch after the bound. */
function keepPunches(list: Stamp[], points: readonly number[], bound: number, counts: { examined: number; discarded: number }): Stamp[] {
  counts.examined += list.length;
  if (list.length === 0) return list;
  const keep = new Uint8Array(list.length);
  for (const p of points) {
    const i = newestAtOrBefore(list, p);
    if (i >= 0) keep[i] = 1;
  }
  const kept = list.filter((s, i) => keep[i] === 1 || s.epoch > bound);
  counts.discarded += list.length - kept.length;
  return kept.length === 0 ? NO_PUNCHES : kept;
}

function aggregateAkey(ak: AkeyNode, points: readonly number[], inheritedAt: readonly (Stamp | null)[], bound: number, counts: { examined: number; discarded: number }): void {
  const punchAt = points.map((p, j) => newerStamp(inheritedAt[j], newestStampAtOrBefore(ak.punches, p)));
  if (ak.singles.length > 0) {
    const list = ak.singles;
    const keep = new Uint8Array(list.length);
    for (let j = 0; j < points.length; j++) {
      const i = newestAtOrBefore(list, points[j]);
      if (i >= 0 && survivesPunch(list[i], punchAt[j])) keep[i] = 1;
    }
    ak.singles = list.filter((s, i) => keep[i] === 1 || s.epoch > bound);
    ak.newest = ak.singles.length > 0 ? ak.singles[ak.singles.length - 1] : null;
    counts.examined += list.length;
    counts.discarded += list.length - ak.singles.length;
  }
  if (ak.extents !== null && ak.extents.size > 0) {
    const all = ak.extents.all();
    const keep = new Set<ExtentRecord>();
    for (let j = 0; j < points.length; j++) {
      const last = newestAtOrBefore(all, points[j]);
      const candidates: ExtentRecord[] = [];
      for (let i = 0; i <= last; i++) if (survivesPunch(all[i], punchAt[j])) candidates.push(all[i]);
      for (const s of visibleSegments(candidates, 0, Infinity)) keep.add(s.record);
    }
    counts.examined += all.length;
    counts.discarded += ak.extents.retain((r) => keep.has(r) || r.epoch > bound);
  }
  ak.punches = keepPunches(ak.punches, points, bound, counts);
}
