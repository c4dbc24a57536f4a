import { assert, compareStamp, newerStamp } from './stamp.ts';
import type {
  AggregateStats, AkeyKind, ArrayRead, BytesRead, CorruptedByte, ExistsRead, ExtentInput, ExtentRecord,
  KeysRead, RangeInput, SingleRead, SingleRecord, Stamp, VosRecord, VosStoreApi,
} from './types.ts';
import { EPOCH_AGGREGATED } from './types.ts';
import {
  assertDisjoint, assertDistinctKeys, assertKey, assertRange, assertReadEpoch, assertWriteEpoch, extentRanges,
} from './validate.ts';

/**
 * ReferenceVosStore: the deliberately slow reference for VosStore (same API, vos-store.ts documents
 * it). State is a flat log of every write and punch plus the kind of each akey; every read scans the
 * whole log, and array visibility is decided byte-range by byte-range by brute force. The aggregation
 * horizon is kept as the list of every aggregate call: a read at e is refused when some call had
 * e < bound and e not among its snapshots. Nothing here is indexed, cached or incremental, so it is
 * easy to believe; it is meant for a few hundred records.
 */

type Entry =
  | { readonly type: 'objectPunch'; readonly oid: string; readonly stamp: Stamp }
  | { readonly type: 'dkeyPunch'; readonly oid: string; readonly dkey: string; readonly stamp: Stamp }
  | { readonly type: 'akeyPunch'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly stamp: Stamp }
  | { readonly type: 'single'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly record: SingleRecord }
  | { readonly type: 'extent'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly record: ExtentRecord };

interface AggregateCall {
  readonly bound: number;
  readonly snapshots: ReadonlySet<number>;
}

export class ReferenceVosStore implements VosStoreApi {
  private log: Entry[] = [];
  private readonly kinds = new Map<string, AkeyKind>();
  /** Akeys punched but never written still exist as names (they appear in `records`). */
  private readonly calls: AggregateCall[] = [];
  private lastEpoch = 0;
  private nextMinor = 1;

  updateSingle(oid: string, dkey: string, akey: string, epoch: number, value: Uint8Array, meta?: Uint8Array): void {
    assert(value.length >= 1, 'updateSingle: value must be 1+ bytes');
    this.checkKind(oid, dkey, akey, 'single');
    const stamp = this.stampFor(oid, dkey, akey, epoch);
    this.kinds.set(akeyId(oid, dkey, akey), 'single');
    this.log.push({ type: 'single', oid, dkey, akey, record: { ...stamp, value: value.slice(), meta: meta?.slice() } });
  }

  updateArray(oid: string, dkey: string, akey: string, epoch: number, extents: readonly ExtentInput[]): void {
    assertDisjoint(extentRanges(extents), 'updateArray');
    this.checkKind(oid, dkey, akey, 'array');
    const stamp = this.stampFor(oid, dkey, akey, epoch);
    this.kinds.set(akeyId(oid, dkey, akey), 'array');
    for (const e of extents) {
      const record = { ...stamp, offset: e.offset, length: e.data.length, data: e.data.slice(), meta: e.meta?.slice() };
      this.log.push({ type: 'extent', oid, dkey, akey, record });
    }
  }

  punchExtents(oid: string, dkey: string, akey: string, epoch: number, ranges: readonly RangeInput[]): void {
    assertDisjoint(ranges, 'punchExtents');
    this.checkKind(oid, dkey, akey, 'array');
    const stamp = this.stampFor(oid, dkey, akey, epoch);
    this.kinds.set(akeyId(oid, dkey, akey), 'array');
    for (const r of ranges) {
      this.log.push({ type: 'extent', oid, dkey, akey, record: { ...stamp, offset: r.offset, length: r.length, data: null, meta: undefined } });
    }
  }

  punchObject(oid: string, epoch: number): void {
    assertKey(oid, 'oid');
    this.log.push({ type: 'objectPunch', oid, stamp: this.nextStamp(epoch) });
  }

  punchDkey(oid: string, dkey: string, epoch: number): void {
    assertKey(oid, 'oid');
    assertKey(dkey, 'dkey');
    this.log.push({ type: 'dkeyPunch', oid, dkey, stamp: this.nextStamp(epoch) });
  }

  punchAkeys(oid: string, dkey: string, akeys: readonly string[], epoch: number): void {
    assertKey(oid, 'oid');
    assertKey(dkey, 'dkey');
    assertDistinctKeys(akeys, 'punchAkeys');
    const stamp = this.nextStamp(epoch);
    for (const akey of akeys) this.log.push({ type: 'akeyPunch', oid, dkey, akey, stamp });
  }

  // ---------------------------------------------------------------- reads

  fetchSingle(oid: string, dkey: string, akey: string, epoch: number): SingleRead {
    assertReadEpoch(epoch);
    if (!this.isReadable(epoch)) return { ok: false, error: EPOCH_AGGREGATED, epoch };
    const punch = this.coveringPunch(oid, dkey, akey, epoch);
    let record: SingleRecord | null = null;
    for (const e of this.log) {
      if (e.type !== 'single' || e.oid !== oid || e.dkey !== dkey || e.akey !== akey || e.record.epoch > epoch) continue;
      if (record === null || compareStamp(e.record, record) > 0) record = e.record;
    }
    if (record !== null && punch !== null && compareStamp(record, punch) <= 0) record = null;
    return { ok: true, record, punch };
  }

  fetchArray(oid: string, dkey: string, akey: string, epoch: number, offset: number, length: number): ArrayRead {
    assertReadEpoch(epoch);
    assertRange(offset, length, 'fetchArray');
    if (!this.isReadable(epoch)) return { ok: false, error: EPOCH_AGGREGATED, epoch };
    const punch = this.coveringPunch(oid, dkey, akey, epoch);
    const live = this.extentsOf(oid, dkey, akey).filter((r) => r.epoch <= epoch && (punch === null || compareStamp(r, punch) > 0));
    return { ok: true, segments: bruteForceSegments(live, offset, offset + length), punch };
  }

  fetchArrayBytes(oid: string, dkey: string, akey: string, epoch: number, offset: number, length: number): BytesRead {
    const read = this.fetchArray(oid, dkey, akey, epoch, offset, length);
    if (!read.ok) return read;
    const bytes = new Uint8Array(length);
    for (const s of read.segments) {
      for (let i = 0; i < s.length; i++) {
        const at = s.offset + i;
        bytes[at - offset] = s.record.data === null ? 0 : s.record.data[at - s.record.offset];
      }
    }
    return { ok: true, bytes };
  }

  listDkeys(oid: string, epoch: number): KeysRead {
    assertReadEpoch(epoch);
    if (!this.isReadable(epoch)) return { ok: false, error: EPOCH_AGGREGATED, epoch };
    const dkeys = new Set<string>();
    for (const [id] of this.kinds) {
      const [o, d, a] = JSON.parse(id) as [string, string, string];
      if (o === oid && this.visible(o, d, a, epoch)) dkeys.add(d);
    }
    return { ok: true, keys: [...dkeys].sort() };
  }

  listAkeys(oid: string, dkey: string, epoch: number): KeysRead {
    assertReadEpoch(epoch);
    if (!this.isReadable(epoch)) return { ok: false, error: EPOCH_AGGREGATED, epoch };
    const akeys: string[] = [];
    for (const [id] of this.kinds) {
      const [o, d, a] = JSON.parse(id) as [string, string, string];
      if (o === oid && d === dkey && this.visible(o, d, a, epoch)) akeys.push(a);
    }
    return { ok: true, keys: akeys.sort() };
  }

  dkeyExists(oid: string, dkey: string, epoch: number): ExistsRead {
    const read = this.listAkeys(oid, dkey, epoch);
    return read.ok ? { ok: true, exists: read.keys.length > 0 } : read;
  }

  akeyExists(oid: string, dkey: string, akey: string, epoch: number): ExistsRead {
    assertReadEpoch(epoch);
    if (!this.isReadable(epoch)) return { ok: false, error: EPOCH_AGGREGATED, epoch };
    return { ok: true, exists: this.visible(oid, dkey, akey, epoch) };
  }

  akeyKind(oid: string, dkey: string, akey: string): AkeyKind | null {
    return this.kinds.get(akeyId(oid, dkey, akey)) ?? null;
  }

  isReadable(epoch: number): boolean {
    return this.calls.every((c) => epoch >= c.bound || c.snapshots.has(epoch));
  }

  // ---------------------------------------------------------------- aggregation

  /**
   * Keeps an entry if it is newer than the bound, or if some preserved point p (a readable snapshot
   * below the bound, or the bound itself) observes it: a punch that is the newest of its key at or
   * before p, a value that fetchSingle at p returns, an extent that decides a byte at p.
   */
  aggregate(liveSnapshotEpochs: readonly number[], upperBoundEpoch: number): AggregateStats {
    const before = this.log.length;
    const previousBound = Math.max(0, ...this.calls.map((c) => c.bound));
    const bound = Math.max(previousBound, upperBoundEpoch);
    const points = [...new Set(liveSnapshotEpochs)].filter((s) => s < bound && this.isReadable(s));
    points.push(bound);
    const keep = this.log.map((e) => stampOf(e).epoch > bound || points.some((p) => this.observedAt(e, p)));
    this.log = this.log.filter((_, i) => keep[i]);
    this.calls.push({ bound, snapshots: new Set(liveSnapshotEpochs) });
    return { examined: before, discarded: before - this.log.length };
  }

  // ---------------------------------------------------------------- rebuild

  *records(oid?: string): Generator<VosRecord> {
    const bound = Math.max(0, ...this.calls.map((c) => c.bound));
    const candidates = new Set<number>();
    for (const c of this.calls) for (const s of c.snapshots) if (s < bound && this.isReadable(s)) candidates.add(s);
    yield { type: 'store', bound, readableEpochs: [...candidates].sort((a, b) => a - b), nextMinor: this.nextMinor };
    for (const [id, kind] of this.kinds) {
      const [o, d, a] = JSON.parse(id) as [string, string, string];
      if (oid === undefined || o === oid) yield { type: 'akey', oid: o, dkey: d, akey: a, kind };
    }
    for (const e of this.log) if (oid === undefined || e.oid === oid) yield e;
  }

  importRecords(records: Iterable<VosRecord>): void {
    for (const r of records) {
      if (r.type === 'store') {
        if (r.bound > 0) this.calls.push({ bound: r.bound, snapshots: new Set(r.readableEpochs) });
        this.nextMinor = Math.max(this.nextMinor, r.nextMinor);
        continue;
      }
      if (r.type === 'akey') {
        if (r.kind !== null) this.importKind(r.oid, r.dkey, r.akey, r.kind);
        continue;
      }
      if (r.type === 'single') this.importKind(r.oid, r.dkey, r.akey, 'single');
      if (r.type === 'extent') this.importKind(r.oid, r.dkey, r.akey, 'array');
      const stamp = stampOf(r);
      this.lastEpoch = Math.max(this.lastEpoch, stamp.epoch);
      this.nextMinor = Math.max(this.nextMinor, stamp.minor + 1);
      if (this.log.some((e) => sameEntry(e, r))) continue;
      if (r.type === 'single') this.log.push({ ...r, record: { ...r.record, value: r.record.value.slice(), meta: r.record.meta?.slice() } });
      else if (r.type === 'extent') this.log.push({ ...r, record: { ...r.record, data: r.record.data?.slice() ?? null, meta: r.record.meta?.slice() } });
      else this.log.push(r);
    }
  }

  discardObject(oid: string): void {
    this.log = this.log.filter((e) => e.oid !== oid);
    for (const id of [...this.kinds.keys()]) if ((JSON.parse(id) as string[])[0] === oid) this.kinds.delete(id);
  }

  objectIds(): readonly string[] {
    const ids = new Set<string>();
    for (const e of this.log) ids.add(e.oid);
    for (const id of this.kinds.keys()) ids.add((JSON.parse(id) as string[])[0]);
    return [...ids].sort();
  }

  /** Flips bytes over the value bytes of the log, in log order (not VosStore's order). */
  corrupt(pick: (bound: number) => number, count: number): CorruptedByte[] {
    const flipped: CorruptedByte[] = [];
    for (let n = 0; n < count; n++) {
      let total = 0;
      for (const e of this.log) total += valueBytes(e)?.length ?? 0;
      if (total === 0) return flipped;
      let at = pick(total);
      assert(Number.isSafeInteger(at) && at >= 0 && at < total, `corrupt: pick returned ${at}`);
      for (const e of this.log) {
        const data = valueBytes(e);
        if (data === null) continue;
        if (at < data.length) {
          data[at] ^= 0xff;
          const { epoch, minor } = stampOf(e);
          if (e.type === 'single' || e.type === 'extent') flipped.push({ oid: e.oid, dkey: e.dkey, akey: e.akey, epoch, minor, index: at });
          break;
        }
        at -= data.length;
      }
    }
    return flipped;
  }

  /** The log has no structure to check beyond stamps being well formed; does NOT check anything else. */
  checkInvariants(): void {
    for (const e of this.log) {
      const s = stampOf(e);
      assert(s.epoch >= 1 && s.minor >= 1 && s.minor < this.nextMinor, 'reference: bad stamp');
    }
  }

  // ---------------------------------------------------------------- internals

  private observedAt(e: Entry, p: number): boolean {
    const s = stampOf(e);
    if (s.epoch > p) return false;
    switch (e.type) {
      case 'objectPunch':
      case 'dkeyPunch':
      case 'akeyPunch':
        return !this.log.some((o) => o.type === e.type && sameKey(o, e) && o.stamp.epoch <= p && compareStamp(o.stamp, e.stamp) > 0);
      case 'single': {
        const read = this.fetchUnchecked(e.oid, e.dkey, e.akey, p);
        return read === e.record;
      }
      case 'extent': {
        const punch = this.coveringPunch(e.oid, e.dkey, e.akey, p);
        const live = this.extentsOf(e.oid, e.dkey, e.akey).filter((r) => r.epoch <= p && (punch === null || compareStamp(r, punch) > 0));
        return bruteForceSegments(live, 0, Number.MAX_SAFE_INTEGER).some((seg) => seg.record === e.record);
      }
    }
  }

  private fetchUnchecked(oid: string, dkey: string, akey: string, epoch: number): SingleRecord | null {
    const punch = this.coveringPunch(oid, dkey, akey, epoch);
    let record: SingleRecord | null = null;
    for (const e of this.log) {
      if (e.type !== 'single' || e.oid !== oid || e.dkey !== dkey || e.akey !== akey || e.record.epoch > epoch) continue;
      if (record === null || compareStamp(e.record, record) > 0) record = e.record;
    }
    return record !== null && punch !== null && compareStamp(record, punch) <= 0 ? null : record;
  }

  /** KV-6 by scanning: some value or extent record at or before epoch newer than the covering punch. */
  private visible(oid: string, dkey: string, akey: string, epoch: number): boolean {
    const punch = this.coveringPunch(oid, dkey, akey, epoch);
    return this.log.some((e) => (e.type === 'single' || e.type === 'extent') && e.oid === oid && e.dkey === dkey && e.akey === akey
      && e.record.epoch <= epoch && (punch === null || compareStamp(e.record, punch) > 0));
  }

  private coveringPunch(oid: string, dkey: string, akey: string, epoch: number): Stamp | null {
    let punch: Stamp | null = null;
    for (const e of this.log) {
      const covers = (e.type === 'objectPunch' && e.oid === oid)
        || (e.type === 'dkeyPunch' && e.oid === oid && e.dkey === dkey)
        || (e.type === 'akeyPunch' && e.oid === oid && e.dkey === dkey && e.akey === akey);
      if (covers && e.stamp.epoch <= epoch) punch = newerStamp(punch, e.stamp);
    }
    return punch;
  }

  private extentsOf(oid: string, dkey: string, akey: string): ExtentRecord[] {
    const out: ExtentRecord[] = [];
    for (const e of this.log) if (e.type === 'extent' && e.oid === oid && e.dkey === dkey && e.akey === akey) out.push(e.record);
    return out;
  }

  private checkKind(oid: string, dkey: string, akey: string, kind: AkeyKind): void {
    const current = this.akeyKind(oid, dkey, akey);
    assert(current === null || current === kind, `akey is ${current}, cannot take a ${kind} write`);
  }

  private importKind(oid: string, dkey: string, akey: string, kind: AkeyKind): void {
    this.checkKind(oid, dkey, akey, kind);
    this.kinds.set(akeyId(oid, dkey, akey), kind);
  }

  private stampFor(oid: string, dkey: string, akey: string, epoch: number): Stamp {
    assertKey(oid, 'oid');
    assertKey(dkey, 'dkey');
    assertKey(akey, 'akey');
    return this.nextStamp(epoch);
  }

  private nextStamp(epoch: number): Stamp {
    assertWriteEpoch(epoch, this.lastEpoch, Math.max(0, ...this.calls.map((c) => c.bound)));
    this.lastEpoch = epoch;
    return { epoch, minor: this.nextMinor++ };
  }
}

/**
 * Per elementary interval between record boundaries, the newest covering record wins; adjacent
 * intervals won by the same record merge. O(k^2); fine for a reference.
 */
function bruteForceSegments(records: readonly ExtentRecord[], from: number, to: number): Array<{ offset: number; length: number; record: ExtentRecord }> {
  const cuts = new Set<number>([from, to]);
  for (const r of records) {
    if (r.offset > from && r.offset < to) cuts.add(r.offset);
    const end = r.offset + r.length;
    if (end > from && end < to) cuts.add(end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Array<{ offset: number; length: number; record: ExtentRecord }> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const x = points[i];
    const y = points[i + 1];
    let winner: ExtentRecord | null = null;
    for (const r of records) {
      if (r.offset <= x && r.offset + r.length >= y && (winner === null || compareStamp(r, winner) > 0)) winner = r;
    }
    if (winner === null) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.record === winner && last.offset + last.length === x) last.length += y - x;
    else out.push({ offset: x, length: y - x, record: winner });
  }
  return out;
}

function akeyId(oid: string, dkey: string, akey: string): string {
  return JSON.stringify([oid, dkey, akey]);
}

function stampOf(e: Entry): Stamp {
  return e.type === 'single' || e.type === 'extent' ? e.record : e.stamp;
}

function sameKey(a: Entry, b: Entry): boolean {
  return a.oid === b.oid && ('dkey' in a ? a.dkey : '') === ('dkey' in b ? b.dkey : '') && ('akey' in a ? a.akey : '') === ('akey' in b ? b.akey : '');
}

function sameEntry(e: Entry, r: Entry): boolean {
  if (e.type !== r.type || !sameKey(e, r) || compareStamp(stampOf(e), stampOf(r)) !== 0) return false;
  return e.type !== 'extent' || r.type !== 'extent' || e.record.offset === r.record.offset;
}

function valueBytes(e: Entry): Uint8Array | null {
  if (e.type === 'single') return e.record.value;
  if (e.type === 'extent') return e.record.data;
  return null;
}
