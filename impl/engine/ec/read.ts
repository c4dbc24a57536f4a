import { compareStamp, type Segment, type Stamp, type VosStoreApi } from '../../vos/index.ts';
import { assert } from '../assert.ts';
import { verifyMeta } from '../io/checksum.ts';
import { olderMayDecide } from '../io/object-io.ts';
import { groupShardTargets, isReadable, READ_CSUM, READ_LOST, type ReadFail } from '../io/replicas.ts';
import { mustRead, readArray, readSingleValue, segmentBytes, STORE_END_MAX } from '../io/vos-reads.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import {
  decodeFrame, FORM_FRAGMENT, FORM_STUB, FORM_WHOLE, joinFragments, parityAkey, positionOfRole, positionUnit, reconstructShards,
  rotationOf, userAkey, type EcGeometry, type Frame,
} from './layout.ts';

/**
 * Reading EC groups (see layout.ts for where things are stored).
 *
 *  - A data cell is read from its data position when a holder of it can answer: a complete holder
 *    whose records verify, or a partial holder (a fallback target that started receiving writes at
 *    validFrom, see io/replicas.ts) when every byte asked for is decided by something at or after
 *    validFrom.
 *  - Otherwise (degraded) from a parity position: replicas of partial-stripe writes newer than the
 *    stripe's parity decide their bytes; the rest is reconstructed from any k cells of the stripe as
 *    of the parity's epoch (the engine keeps "parity at P = encode(data cells at P)", write.ts).
 *    A cell whose checksum fails is an erasure (CSUM-4).
 *  - Single values: whole copies on data role 0 and the parity roles, or k of n fragments.
 *  - Listings: the union over positions that have a complete holder (every position's visible keys
 *    are a subset of the true ones, and with at most p positions missing, every visible key is on a
 *    remaining one); with more than p missing the answer is lost.
 * A failed read is CSUM when it would have succeeded without the checksum failures, else DATA_LOSS
 * (data that no longer exists, DUR-3).
 *
 * Array reads are requests (`CellRead`, `RangeRead`) checked on entry and answers checked on exit:
 * the bytes asked for, decided no later than the read epoch.
 *
 * Does NOT apply the lost marks of a lossy rebuild (view.ts does) or decide outcomes.
 */

/** A value with the oldest epoch that decided any part of it (lost marks compare it, view.ts). */
export interface DecidedValue<T> {
  readonly ok: true;
  readonly value: T;
  readonly decider: number;
}

export type Decided<T> = DecidedValue<T> | ReadFail;

/**
 * The two deciders that are not an epoch. Bytes that no stored record decides but that lie inside
 * what was written (holes) are DECIDED_BY_NO_RECORD, older than every write: a lossy rebuild may have
 * lost what was there. Bytes outside everything ever written are DECIDED_BY_NOTHING_STORED, newer
 * than every write: known zeros that nothing can have lost.
 */
export const DECIDED_BY_NO_RECORD = 0;
export const DECIDED_BY_NOTHING_STORED = Number.MAX_SAFE_INTEGER;

export interface EcCtx {
  readonly s: RunningState;
  readonly pool: Pool;
  readonly cont: Container;
  readonly info: ObjectInfo;
  readonly group: number;
  readonly geom: EcGeometry;
  /** Which holders may serve (live reads: alive and UPIN/DRAIN/UP; rebuild: the map before it). */
  readonly readable: (target: number) => boolean;
  /** Reconstructed stripes of this operation, by dkey/akey/stripe/parity epoch. */
  readonly cache: Map<string, Uint8Array[] | ReadFail>;
}

export function ecCtx(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, geom: EcGeometry, readable?: (t: number) => boolean): EcCtx {
  return { s, pool, cont, info, group, geom, readable: readable ?? ((t) => isReadable(s, pool, t)), cache: new Map() };
}

/** One array akey of the group, read at `epoch`. */
export interface AkeyRead {
  readonly dkey: string;
  readonly akey: string;
  /** The akey's first write epoch (KV-3 metadata); undefined when never written. */
  readonly firstEpoch: number | undefined;
  readonly epoch: number;
}

/** Bytes [fromByte, toByte) of data cell `cell` of stripe `stripe`. */
export interface CellRead extends AkeyRead {
  readonly stripe: number;
  readonly cell: number;
  readonly fromByte: number;
  readonly toByte: number;
}

/** Bytes [offset, offset + length), with what the container recorded as ever written there. */
export interface RangeRead extends AkeyRead {
  readonly offset: number;
  readonly length: number;
  /** The largest extent end ever written. */
  readonly maxEnd: number;
  /** The byte ranges ever written or punched (AkeyInfo.written); undefined: all of [0, maxEnd). */
  readonly written: readonly (readonly [number, number])[] | undefined;
}

/** Why a holder gave no answer: its copy fails its checksums (CSUM-4), or it is partial and older writes may decide (DUR-3). */
type NoAnswer = 'checksums-fail' | 'partial';

interface Source {
  readonly target: number;
  readonly validFrom: number;
}

/** Holders of a position that may serve: complete ones first, the placed target first, then by index. */
export function sourcesOf(ctx: EcCtx, position: number): Source[] {
  const gs = ctx.cont.groups.get(positionUnit(ctx.info.key, ctx.group, position));
  if (!gs) return [];
  const placed = groupShardTargets(ctx.s, ctx.pool, ctx.cont, ctx.info, ctx.group)[position];
  const out: Source[] = [];
  for (const [target, validFrom] of gs.holders) if (ctx.readable(target)) out.push({ target, validFrom });
  out.sort((a, b) => Number(a.validFrom > 0) - Number(b.validFrom > 0) || Number(a.target !== placed) - Number(b.target !== placed) || a.target - b.target);
  return out;
}

function neverWritten(ctx: EcCtx, position: number): boolean {
  const gs = ctx.cont.groups.get(positionUnit(ctx.info.key, ctx.group, position));
  return !gs || gs.firstWriteEpoch === 0;
}

function onTarget<T>(ctx: EcCtx, target: number, position: number, read: (store: VosStoreApi, unit: string) => T): T {
  const unit = positionUnit(ctx.info.key, ctx.group, position);
  return ctx.s.bus.call(target, () => read(ctx.s.cluster.store(target, ctx.cont.id), unit));
}

function segmentsVerify(segments: readonly Segment[]): boolean {
  const seen = new Set<Segment['record']>();
  for (const seg of segments) {
    if (seg.record.data === null || seen.has(seg.record)) continue;
    if (!verifyMeta(seg.record.data, seg.record.meta)) return false;
    seen.add(seg.record);
  }
  return true;
}

function assemble(segments: readonly Segment[], offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (const seg of segments) {
    const bytes = segmentBytes(seg);
    if (bytes !== null) out.set(bytes, seg.offset - offset);
  }
  return out;
}

/** DATA_LOSS when more than p positions were unavailable for reasons other than checksums, else CSUM. */
export function failOf(geom: EcGeometry, unavailable: number): ReadFail {
  return unavailable > geom.p ? READ_LOST : READ_CSUM;
}

/** The exit check of every read: the bytes asked for, decided no later than the read (or by nothing stored). */
function assertDecided(got: Decided<Uint8Array | null>, lengthBytes: number | null, epoch: number): void {
  if (!got.ok) {
    assert(got.err === 'CSUM' || got.err === 'DATA_LOSS', 'EC read failed with an error reads do not return');
    return;
  }
  if (lengthBytes !== null) assert(got.value !== null && got.value.length === lengthBytes, 'EC read answered the wrong number of bytes');
  const byEpoch = Number.isSafeInteger(got.decider) && got.decider >= DECIDED_BY_NO_RECORD && got.decider <= epoch;
  assert(byEpoch || got.decider === DECIDED_BY_NOTHING_STORED, 'EC read decided by an epoch newer than the read');
}

// ---------------------------------------------------------------- arrays: one cell

/** Bytes of one data cell, with the oldest epoch that decided any of them. */
export function readCell(ctx: EcCtx, req: CellRead): Decided<Uint8Array> {
  const geom = ctx.geom;
  assert(Number.isSafeInteger(req.stripe) && req.stripe >= 0, 'EC cell read: not a stripe');
  assert(Number.isInteger(req.cell) && req.cell >= 0 && req.cell < geom.k, 'EC cell read: not a data cell');
  assert(Number.isInteger(req.fromByte) && req.fromByte >= 0 && req.fromByte < req.toByte && req.toByte <= geom.cellBytes, 'EC cell read: bytes outside the cell');
  assert(Number.isSafeInteger(req.epoch) && req.epoch >= 1, 'EC cell read: not an epoch');
  const got = readCellOnce(ctx, req);
  assertDecided(got, req.toByte - req.fromByte, req.epoch);
  return got;
}

function readCellOnce(ctx: EcCtx, req: CellRead): Decided<Uint8Array> {
  const rot = rotationOf(ctx.geom, req.dkey);
  const position = positionOfRole(ctx.geom, rot, req.cell);
  // A position that never received a write holds nothing: its cells were never written.
  if (neverWritten(ctx, position)) return { ok: true, value: new Uint8Array(req.toByte - req.fromByte), decider: DECIDED_BY_NO_RECORD };
  let checksumsFailed = false;
  for (const src of sourcesOf(ctx, position)) {
    const answer = cellFromDataHolder(ctx, req, position, src);
    if (answer === 'checksums-fail') checksumsFailed = true;
    else if (answer !== 'partial') return answer;
  }
  // Degraded. A data position whose copies all fail their checksums counts as available (CSUM-4).
  return readCellDegraded(ctx, req, rot, checksumsFailed ? 0 : 1);
}

/** The cell from one holder of its data position; a partial holder answers only what it can decide. */
function cellFromDataHolder(ctx: EcCtx, req: CellRead, position: number, src: Source): DecidedValue<Uint8Array> | NoAnswer {
  const lengthBytes = req.toByte - req.fromByte;
  const local = req.stripe * ctx.geom.cellBytes + req.fromByte;
  const read = onTarget(ctx, src.target, position, (store, unit) => readArray(store, unit, req.dkey, req.akey, req.epoch, local, lengthBytes));
  if (!segmentsVerify(read.segments)) return 'checksums-fail';
  let covered = 0;
  let decider = req.epoch;
  for (const seg of read.segments) {
    covered += seg.length;
    decider = Math.min(decider, seg.record.epoch);
  }
  const holes = covered < lengthBytes;
  if (holes) decider = Math.min(decider, read.punch?.epoch ?? DECIDED_BY_NO_RECORD);
  if (src.validFrom > 0) {
    if (read.segments.some((seg) => seg.record.epoch < src.validFrom)) return 'partial';
    const holesKnown = (read.punch !== null && read.punch.epoch >= src.validFrom) || !olderMayDecide(req.firstEpoch, src.validFrom, req.epoch);
    if (holes && !holesKnown) return 'partial';
  }
  return { ok: true, value: assemble(read.segments, local, lengthBytes), decider };
}

/** The cell from the first parity position with a complete holder whose copy verifies. */
function readCellDegraded(ctx: EcCtx, req: CellRead, rot: number, unavailableBefore: number): Decided<Uint8Array> {
  const geom = ctx.geom;
  let unavailable = unavailableBefore;
  for (let j = 0; j < geom.p; j++) {
    const position = positionOfRole(geom, rot, geom.k + j);
    let checksumsFailed = false;
    for (const src of sourcesOf(ctx, position)) {
      if (src.validFrom > 0) continue;
      const answer = cellFromParityHolder(ctx, req, rot, position, src.target);
      if (answer !== 'checksums-fail') return answer;
      checksumsFailed = true;
    }
    if (!checksumsFailed) unavailable++;
  }
  return failOf(geom, unavailable);
}

/**
 * The cell from a complete holder of a parity position: the bytes of partial-stripe replicas newer
 * than the stripe's parity, the rest reconstructed from k cells of the stripe as of the parity's epoch.
 */
function cellFromParityHolder(ctx: EcCtx, req: CellRead, rot: number, position: number, target: number): Decided<Uint8Array> | 'checksums-fail' {
  const geom = ctx.geom;
  const lengthBytes = req.toByte - req.fromByte;
  const absolute = req.stripe * geom.stripeBytes + req.cell * geom.cellBytes + req.fromByte;
  const [parity, replica] = onTarget(ctx, target, position, (store, unit) => [
    readArray(store, unit, req.dkey, parityAkey(req.akey), req.epoch, req.stripe * geom.cellBytes, geom.cellBytes),
    readArray(store, unit, req.dkey, req.akey, req.epoch, absolute, lengthBytes),
  ] as const);
  if (!segmentsVerify(parity.segments) || !segmentsVerify(replica.segments)) return 'checksums-fail';
  const parityRecord = parityRecordOf(geom, parity.segments);
  const out = new Uint8Array(lengthBytes);
  const fromReplica = new Uint8Array(lengthBytes);
  let decider = req.epoch;
  for (const seg of replica.segments) {
    if (parityRecord !== null && compareStamp(seg.record, parityRecord) <= 0) continue;
    const bytes = segmentBytes(seg);
    if (bytes !== null) out.set(bytes, seg.offset - absolute);
    fromReplica.fill(1, seg.offset - absolute, seg.offset - absolute + seg.length);
    decider = Math.min(decider, seg.record.epoch);
  }
  if (!fromReplica.includes(0)) return { ok: true, value: out, decider };
  if (parityRecord === null) return { ok: true, value: out, decider: Math.min(decider, replica.punch?.epoch ?? DECIDED_BY_NO_RECORD) };
  const cells = stripeAt(ctx, req, rot, parityRecord.epoch);
  if (!Array.isArray(cells)) return cells;
  const cell = cells[req.cell];
  for (let i = 0; i < lengthBytes; i++) if (!fromReplica[i]) out[i] = cell[req.fromByte + i];
  return { ok: true, value: out, decider: Math.min(decider, parityRecord.epoch) };
}

/** The parity record of a cell (null: none), which is always written whole (write.ts). */
function parityRecordOf(geom: EcGeometry, segments: readonly Segment[]): Stamp | null {
  assert(segments.length <= 1 && (segments.length === 0 || segments[0].length === geom.cellBytes), 'EC: a parity cell was stored in pieces');
  return segments.length === 1 ? segments[0].record : null;
}

/** The k data cells of the stripe of `req` as of `parityEpoch` (the epoch of a parity record), or why not. */
function stripeAt(ctx: EcCtx, req: CellRead, rot: number, parityEpoch: number): Uint8Array[] | ReadFail {
  const key = `${req.dkey}\u0000${req.akey}\u0000${req.stripe}\u0000${parityEpoch}`;
  const hit = ctx.cache.get(key);
  if (hit) return hit;
  const geom = ctx.geom;
  const local = req.stripe * geom.cellBytes;
  const shards: (Uint8Array | null)[] = new Array(geom.n).fill(null);
  let have = 0;
  let unavailable = 0;
  for (let role = 0; role < geom.n && have < geom.k; role++) {
    const position = positionOfRole(geom, rot, role);
    if (role < geom.k && neverWritten(ctx, position)) {
      shards[role] = new Uint8Array(geom.cellBytes);
      have++;
      continue;
    }
    let checksumsFailed = false;
    for (const src of sourcesOf(ctx, position)) {
      if (src.validFrom > parityEpoch) continue;
      const read = onTarget(ctx, src.target, position, (store, unit) =>
        readArray(store, unit, req.dkey, role < geom.k ? req.akey : parityAkey(req.akey), parityEpoch, local, geom.cellBytes));
      if (!segmentsVerify(read.segments)) {
        checksumsFailed = true;
        continue;
      }
      // A parity cell is always written whole, together with every data cell of its stripe.
      if (role >= geom.k && !(read.segments.length === 1 && read.segments[0].record.epoch === parityEpoch && read.segments[0].length === geom.cellBytes)) continue;
      shards[role] = assemble(read.segments, local, geom.cellBytes);
      have++;
      break;
    }
    if (shards[role] === null && !checksumsFailed) unavailable++;
  }
  const out = have < geom.k ? failOf(geom, unavailable) : reconstructShards(geom, shards).slice(0, geom.k);
  ctx.cache.set(key, out);
  return out;
}

// ---------------------------------------------------------------- arrays: ranges

/** ARR-3 for one range of an EC array akey: the bytes and the oldest decider. */
export function readRangeEc(ctx: EcCtx, req: RangeRead): Decided<Uint8Array> {
  assert(Number.isSafeInteger(req.offset) && req.offset >= 0 && Number.isSafeInteger(req.length) && req.length >= 1, 'EC range read of an empty or negative range');
  const out = new Uint8Array(req.length);
  // Bytes at or past the largest end ever written, or outside every range ever written or punched,
  // were never written: zeros known for certain (not even a lossy rebuild can have lost them), so
  // they do not lower the decider. Only the written parts are read.
  const end = Math.min(req.offset + req.length, req.maxEnd, STORE_END_MAX);
  const parts = req.written
    ? req.written.filter(([a, b]) => a < end && b > req.offset).map(([a, b]) => [Math.max(a, req.offset), Math.min(b, end)] as const)
    : [[req.offset, end] as const];
  let decider = DECIDED_BY_NOTHING_STORED;
  for (const [from, to] of parts) {
    const got = readSpan(ctx, req, from, to, out);
    if (!got.ok) return got;
    decider = Math.min(decider, got.decider);
  }
  const got: Decided<Uint8Array> = { ok: true, value: out, decider };
  assertDecided(got, req.length, req.epoch);
  return got;
}

/** Reads bytes [from, to) of the range into `out` (which starts at byte req.offset), cell by cell. */
function readSpan(ctx: EcCtx, req: RangeRead, from: number, to: number, out: Uint8Array): Decided<null> {
  const geom = ctx.geom;
  let decider = DECIDED_BY_NOTHING_STORED;
  for (let x = from; x < to;) {
    const fromByte = x % geom.cellBytes;
    const cellRead: CellRead = {
      dkey: req.dkey, akey: req.akey, firstEpoch: req.firstEpoch, epoch: req.epoch,
      stripe: Math.floor(x / geom.stripeBytes),
      cell: Math.floor((x % geom.stripeBytes) / geom.cellBytes),
      fromByte,
      toByte: Math.min(geom.cellBytes, fromByte + (to - x)),
    };
    const got = readCell(ctx, cellRead);
    if (!got.ok) return got;
    out.set(got.value, x - req.offset);
    decider = Math.min(decider, got.decider);
    x += cellRead.toByte - cellRead.fromByte;
  }
  return { ok: true, value: null, decider };
}

// ---------------------------------------------------------------- single values

/** What one holder of a position says about a single value: an answer, a fragment, a stub, or none. */
type SingleReply = DecidedValue<Uint8Array | null> | { readonly fragment: Frame; readonly epoch: number } | 'stub' | NoAnswer;

/** Roles in the order a single value is read: whole copies first (data role 0, then parity), then the other fragments. */
function singleReadOrder(geom: EcGeometry): number[] {
  return [0, ...Array.from({ length: geom.p }, (_, j) => geom.k + j), ...Array.from({ length: geom.k - 1 }, (_, c) => c + 1)];
}

export function readSingleEc(ctx: EcCtx, req: AkeyRead): Decided<Uint8Array | null> {
  const got = readSingleOnce(ctx, req);
  assertDecided(got, null, req.epoch);
  return got;
}

function readSingleOnce(ctx: EcCtx, req: AkeyRead): Decided<Uint8Array | null> {
  const geom = ctx.geom;
  const rot = rotationOf(geom, req.dkey);
  const fragments: (Uint8Array | null)[] = new Array(geom.n).fill(null);
  let fragmentCount = 0;
  let version: { lengthBytes: number; writeEpoch: number; epoch: number } | null = null;
  let unavailable = 0;
  for (const role of singleReadOrder(geom)) {
    const position = positionOfRole(geom, rot, role);
    let checksumsFailed = false;
    let answered = false;
    for (const src of sourcesOf(ctx, position)) {
      const reply = singleFromHolder(ctx, req, position, src);
      if (reply === 'checksums-fail') checksumsFailed = true;
      if (reply === 'checksums-fail' || reply === 'partial') continue;
      answered = true;
      if (reply === 'stub') break;
      if ('ok' in reply) return reply;
      const frame = reply.fragment;
      assert(version === null || version.writeEpoch === frame.writeEpoch, 'EC: fragments of different versions');
      version ??= { lengthBytes: frame.lengthBytes, writeEpoch: frame.writeEpoch, epoch: reply.epoch };
      fragments[role] = frame.payload.slice();
      fragmentCount++;
      break;
    }
    if (fragmentCount === geom.k && version) return { ok: true, value: joinFragments(geom, fragments, version.lengthBytes), decider: version.epoch };
    if (!answered && !checksumsFailed) unavailable++;
  }
  return failOf(geom, unavailable);
}

function singleFromHolder(ctx: EcCtx, req: AkeyRead, position: number, src: Source): SingleReply {
  const read = onTarget(ctx, src.target, position, (store, unit) => readSingleValue(store, unit, req.dkey, req.akey, req.epoch));
  if (read.record === null) {
    const known = src.validFrom === 0 || (read.punch !== null && read.punch.epoch >= src.validFrom) || !olderMayDecide(req.firstEpoch, src.validFrom, req.epoch);
    return known ? { ok: true, value: null, decider: read.punch?.epoch ?? DECIDED_BY_NO_RECORD } : 'partial';
  }
  if (!verifyMeta(read.record.value, read.record.meta)) return 'checksums-fail';
  if (read.record.epoch < src.validFrom) return 'partial';
  const frame = decodeFrame(read.record.value);
  if (frame.form === FORM_WHOLE) return { ok: true, value: frame.payload.slice(), decider: read.record.epoch };
  if (frame.form === FORM_STUB) return 'stub';
  assert(frame.form === FORM_FRAGMENT, 'EC: unknown frame form');
  return { fragment: frame, epoch: read.record.epoch };
}

// ---------------------------------------------------------------- keys

/**
 * Union of the visible keys (dkeys, or akeys of one dkey) over every serving holder. A partial holder
 * (writes since validFrom) only shows keys written since then, which are visible: a subset of the
 * truth, like any position's keys. Complete when at most p written positions lack a complete holder.
 * Listings carry no decider (lost marks apply to them whole, view.ts listingLost).
 */
export function listKeysEc(ctx: EcCtx, dkey: string | null, epoch: number): Decided<string[]> {
  const geom = ctx.geom;
  const keys = new Set<string>();
  let unavailable = 0;
  for (let position = 0; position < geom.n; position++) {
    const sources = sourcesOf(ctx, position);
    // A position that never received anything holds nothing: it answers "no keys" exactly.
    if (!neverWritten(ctx, position) && !sources.some((x) => x.validFrom === 0)) unavailable++;
    const src = sources[0];
    if (!src) continue;
    const read = onTarget(ctx, src.target, position, (store, unit) => mustRead(dkey === null ? store.listDkeys(unit, epoch) : store.listAkeys(unit, dkey, epoch)));
    for (const k of read.keys) keys.add(dkey === null ? k : userAkey(k));
  }
  if (unavailable > geom.p) return READ_LOST;
  return { ok: true, value: [...keys], decider: DECIDED_BY_NO_RECORD };
}

/**
 * Existence of a dkey (akey null) or akey at `epoch` (KV-6), for conditions and for rebuild: true from
 * any serving holder (a subset of the truth, as above), false once enough positions said so.
 */
export function existsEc(ctx: EcCtx, dkey: string, akey: string | null, epoch: number): Decided<boolean> {
  const geom = ctx.geom;
  let unavailable = 0;
  for (let position = 0; position < geom.n; position++) {
    const sources = sourcesOf(ctx, position);
    if (!neverWritten(ctx, position) && !sources.some((x) => x.validFrom === 0)) unavailable++;
    const src = sources[0];
    if (!src) continue;
    const there = onTarget(ctx, src.target, position, (store, unit) =>
      akey === null
        ? mustRead(store.dkeyExists(unit, dkey, epoch)).exists
        : mustRead(store.akeyExists(unit, dkey, akey, epoch)).exists || mustRead(store.akeyExists(unit, dkey, parityAkey(akey), epoch)).exists);
    if (there) return { ok: true, value: true, decider: DECIDED_BY_NO_RECORD };
  }
  if (unavailable > geom.p) return READ_LOST;
  return { ok: true, value: false, decider: DECIDED_BY_NO_RECORD };
}
