import { ok, type FetchEntry, type FetchRequest, type Range } from '../../../contract/index.ts';
import type { Segment, VosStoreApi } from '../../vos/index.ts';
import { assert } from '../assert.ts';
import type { AkeyInfo, Container } from '../state/container.ts';
import type { BufferedWrite } from '../state/tx.ts';
import { checksumMeta, verifyMeta } from './checksum.ts';
import { akeyId } from './keys.ts';
import { READ_CSUM, READ_LOST, READ_UNVERIFIABLE_AT_RISK, type Attempt, type ReadFail } from './replicas.ts';
import { writtenBytesUncovered } from './written-ranges.ts';
import { mustRead, readArray, readSingleValue, segmentBytes, STORE_END_MAX } from './vos-reads.ts';

/**
 * What runs on a target for object I/O: applying a validated write to a group replica, and reading a
 * fetch, listing or existence answer from one, with checksum verification (CSUM-4) and the at-risk
 * rule for partial replicas (DUR-3; see replicas.ts).
 *
 * Does NOT choose replicas or talk to the bus: replicas.ts does.
 */


/** Applies one buffered write (already routed to this group) to a replica. */
export function applyToReplica(store: VosStoreApi, unit: string, w: BufferedWrite, epoch: number, cksum: boolean): void {
  const meta = (bytes: Uint8Array) => (cksum ? checksumMeta(bytes) : undefined);
  switch (w.kind) {
    case 'update':
      for (const iod of w.iods) {
        if ('single' in iod) store.updateSingle(unit, w.dkey, iod.akey, epoch, iod.single, meta(iod.single));
        else store.updateArray(unit, w.dkey, iod.akey, epoch, iod.extents.map((e) => ({ offset: e.offset, data: e.data, meta: meta(e.data) })));
      }
      return;
    case 'punch':
      store.punchObject(unit, epoch);
      return;
    case 'punchDkey':
      store.punchDkey(unit, w.dkey, epoch);
      return;
    case 'punchAkeys':
      store.punchAkeys(unit, w.dkey, w.akeys, epoch);
      return;
    case 'punchExtents':
      store.punchExtents(unit, w.dkey, w.akey, epoch, w.ranges);
      return;
  }
}

/**
 * A stored record that fails its checksum (CSUM-4): lost when it was committed before the container
 * last became UNCLEAN (DUR-3), else unverifiable. replicas.ts readGroup still tries the other copies.
 */
function unverifiable(cont: Container, recordEpoch: number): ReadFail {
  return recordEpoch <= cont.atRiskThrough ? READ_UNVERIFIABLE_AT_RISK : READ_CSUM;
}

/** An older write may decide this result but the replica only has writes from `validFrom` on. */
export function olderMayDecide(firstEpoch: number | undefined, validFrom: number, epoch: number): boolean {
  return validFrom > 0 && firstEpoch !== undefined && firstEpoch < validFrom && firstEpoch <= epoch;
}

function readRange(store: VosStoreApi, unit: string, cont: Container, dkey: string, akey: string, epoch: number, r: Range, validFrom: number, info: AkeyInfo | undefined): Attempt<Uint8Array> {
  const bytes = new Uint8Array(r.length);
  if (r.offset >= STORE_END_MAX) return ok(bytes);
  const length = Math.min(r.length, STORE_END_MAX - r.offset);
  const read = readArray(store, unit, dkey, akey, epoch, r.offset, length);
  let covered = 0;
  const verified = new Set<Segment['record']>();
  for (const seg of read.segments) {
    covered += seg.length;
    const data = seg.record.data;
    if (validFrom > 0 && seg.record.epoch < validFrom) return READ_LOST;
    if (data === null) continue;
    if (!verified.has(seg.record)) {
      if (!verifyMeta(data, seg.record.meta)) return unverifiable(cont, seg.record.epoch);
      verified.add(seg.record);
    }
    const from = seg.offset - seg.record.offset;
    bytes.set(data.subarray(from, from + seg.length), seg.offset - r.offset);
  }
  const holes = covered < length;
  if (holes && !(read.punch && read.punch.epoch >= validFrom) && olderMayDecide(info?.firstEpoch, validFrom, epoch)
    && writtenBytesUncovered(info?.written, r.offset, r.offset + length, read.segments)) return READ_LOST;
  return ok(bytes);
}

/** KV-5 / ARR-3 fetch of one dkey's requests, on one replica. */
export function fetchOnReplica(
  store: VosStoreApi, unit: string, cont: Container, oidKey: string, dkey: string, requests: readonly FetchRequest[], epoch: number, validFrom: number,
): Attempt<FetchEntry[]> {
  const out: FetchEntry[] = [];
  for (const req of requests) {
    const info = cont.akeys.get(akeyId(oidKey, dkey, req.akey));
    if ('single' in req) {
      // KV-3: an array akey read as a single value holds nothing of that kind.
      if (info?.kind === 'array') {
        out.push({ type: 'single', value: null });
        continue;
      }
      const read = readSingleValue(store, unit, dkey, req.akey, epoch);
      const decider = read.record ?? read.punch;
      if (validFrom > 0 && !(decider && decider.epoch >= validFrom) && olderMayDecide(info?.firstEpoch, validFrom, epoch)) return READ_LOST;
      if (read.record && !verifyMeta(read.record.value, read.record.meta)) return unverifiable(cont, read.record.epoch);
      out.push({ type: 'single', value: read.record ? read.record.value.slice() : null });
      continue;
    }
    const ranges: Uint8Array[] = [];
    for (const r of req.ranges) {
      if (info?.kind === 'single') {
        ranges.push(new Uint8Array(r.length));
        continue;
      }
      const a = readRange(store, unit, cont, dkey, req.akey, epoch, r, validFrom, info);
      if (!a.ok) return a;
      ranges.push(a.value);
    }
    out.push({ type: 'array', ranges });
  }
  return ok(out);
}

export function listDkeysOnReplica(store: VosStoreApi, unit: string, epoch: number, validFrom: number, groupFirstWrite: number): Attempt<readonly string[]> {
  if (olderMayDecide(groupFirstWrite, validFrom, epoch)) return READ_LOST;
  return ok(mustRead(store.listDkeys(unit, epoch)).keys);
}

export function listAkeysOnReplica(store: VosStoreApi, unit: string, cont: Container, oidKey: string, dkey: string, epoch: number, validFrom: number): Attempt<readonly string[]> {
  if (validFrom > 0) {
    const prefix = akeyId(oidKey, dkey, '');
    for (const [id, info] of cont.akeys) if (id.startsWith(prefix) && olderMayDecide(info.firstEpoch, validFrom, epoch)) return READ_LOST;
  }
  return ok(mustRead(store.listAkeys(unit, dkey, epoch)).keys);
}

/**
 * Existence for conditions (COND-6). `olderFirst` is the first write epoch of what could make the key
 * exist (undefined: never written); absence on a partial replica is 'lost' when such a write is older
 * than the replica (fetch conditions are reads, DUR-3). Writes pass validFrom 0: their conditions never
 * depend on lost state (FAULT-8.3).
 */
export function existsOnReplica(
  store: VosStoreApi, unit: string, dkey: string, akey: string | null, epoch: number, validFrom: number, olderFirst: number | undefined,
): Attempt<boolean> {
  const r = akey === null ? store.dkeyExists(unit, dkey, epoch) : store.akeyExists(unit, dkey, akey, epoch);
  const there = mustRead(r).exists;
  if (!there && olderMayDecide(olderFirst, validFrom, epoch)) return READ_LOST;
  return ok(there);
}

/** The oldest first-write epoch of the akeys under (oid, dkey), or of one akey. */
export function firstWriteOf(cont: Container, oidKey: string, dkey: string, akey: string | null): number | undefined {
  if (akey !== null) return cont.akeys.get(akeyId(oidKey, dkey, akey))?.firstEpoch;
  const prefix = akeyId(oidKey, dkey, '');
  let oldest: number | undefined;
  for (const [id, info] of cont.akeys) if (id.startsWith(prefix)) oldest = Math.min(oldest ?? Infinity, info.firstEpoch);
  return oldest;
}

/** The snapshot view of one group replica at `token`, as writes that recreate it (SNAP-7). */
export function snapshotViewOnReplica(store: VosStoreApi, unit: string, cont: Container, oidKey: string, token: number): BufferedWrite[] {
  const writes: BufferedWrite[] = [];
  const oid = { hi: '0', lo: '0' }; // routing is done by the caller; the oid field is unused here
  for (const dkey of mustRead(store.listDkeys(unit, token)).keys) {
    for (const akey of mustRead(store.listAkeys(unit, dkey, token)).keys) {
      const info = cont.akeys.get(akeyId(oidKey, dkey, akey));
      assert(info !== undefined, 'rollback: an akey with no recorded kind (KV-3)');
      if (info.kind === 'single') {
        const read = readSingleValue(store, unit, dkey, akey, token);
        if (read.record) writes.push({ kind: 'update', oid, dkey, iods: [{ akey, single: read.record.value.slice() }] });
        continue;
      }
      const end = info.maxEnd ?? 0;
      if (end === 0) continue;
      const read = readArray(store, unit, dkey, akey, token, 0, end);
      const extents = read.segments.flatMap((seg) => {
        const bytes = segmentBytes(seg);
        return bytes === null ? [] : [{ offset: seg.offset, data: bytes.slice() }];
      });
      const holes = read.segments.filter((seg) => seg.record.data === null).map((seg) => ({ offset: seg.offset, length: seg.length }));
      if (extents.length > 0) writes.push({ kind: 'update', oid, dkey, iods: [{ akey, extents }] });
      if (holes.length > 0) writes.push({ kind: 'punchExtents', oid, dkey, akey, ranges: holes });
    }
  }
  return writes;
}
