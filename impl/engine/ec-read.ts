import type { Segment, Stamp, VosStoreApi } from '../vos/index.ts';
import { compareStamp } from '../vos/index.ts';
import { verifyMeta } from './checksum.ts';
import {
  decodeFrame, FORM_FRAGMENT, FORM_STUB, FORM_WHOLE, joinFragments, parityAkey, positionOfRole, positionUnit, roleOfPosition,
  rotationOf, userAkey, type EcGeometry,
} from './ec-layout.ts';
import { groupShardTargets, isReadable } from './replicas.ts';
import type { Container, EngineState, ObjectInfo, Pool } from './state.ts';

/**
 * Reading EC groups (see ec-layout.ts for where things are stored).
 *
 *  - A data cell is read from its data position when a holder of it can answer: a complete holder
 *    whose records verify, or a partial holder (a fallback target that started receiving writes at
 *    validFrom, see replicas.ts) when every byte asked for is decided by something at or after
 *    validFrom.
 *  - Otherwise (degraded) from a parity position: replicas of partial-stripe writes newer than the
 *    stripe's parity decide their bytes; the rest is reconstructed from any k cells of the stripe as
 *    of the parity's epoch P (the engine keeps "parity at P = encode(data cells at P)", ec-write.ts).
 *    A cell whose checksum fails is an erasure (CSUM-4).
 *  - Single values: whole copies on data role 0 and the parity roles, or k of n fragments.
 *  - Listings: the union over positions that have a complete holder (every position's visible keys
 *    are a subset of the true ones, and with at most p positions missing, every visible key is on a
 *    remaining one); with more than p missing the answer is lost.
 * A failed read is 'csum' when it would have succeeded without the checksum failures, else 'lost'
 * (data that no longer exists: DATA_LOSS, DUR-3).
 *
 * Does NOT apply the lost marks of a lossy rebuild (ec-client.ts does) or decide outcomes.
 */
export type Fail = { readonly ok: false; readonly why: 'csum' | 'lost' };
export type Got<T> = { readonly ok: true; readonly value: T; readonly decider: number } | Fail;

/** Decider of a result that depends on no stored state (bytes past the largest end ever written). */
export const DECIDED_BY_NOTHING_STORED = Number.MAX_SAFE_INTEGER;

/** Offsets the store can address (as object-io.ts). */
export const STORE_END_MAX = Number.MAX_SAFE_INTEGER;

export interface EcCtx {
  readonly s: EngineState;
  readonly pool: Pool;
  readonly cont: Container;
  readonly info: ObjectInfo;
  readonly group: number;
  readonly geom: EcGeometry;
  /** Which holders may serve (live reads: alive and UPIN/DRAIN/UP; rebuild: the map before it). */
  readonly readable: (target: number) => boolean;
  /** Reconstructed stripes of this operation, by dkey/akey/stripe/epoch. */
  readonly cache: Map<string, Uint8Array[] | Fail>;
}

export function ecCtx(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, group: number, geom: EcGeometry, readable?: (t: number) => boolean): EcCtx {
  return { s, pool, cont, info, group, geom, readable: readable ?? ((t) => isReadable(s, pool, t)), cache: new Map() };
}

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
  return ctx.s.bus.call(target, () => read(ctx.s.cluster!.store(target, ctx.cont.id), unit));
}

function mustRead<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error('VOS refused a read: the engine never aggregates');
  return r as Extract<T, { ok: true }>;
}

/** Something older than validFrom may decide this result (as object-io.ts olderMayDecide). */
function olderMayDecide(firstEpoch: number | undefined, validFrom: number, epoch: number): boolean {
  return validFrom > 0 && firstEpoch !== undefined && firstEpoch < validFrom && firstEpoch <= epoch;
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

/** 'lost' when more than p positions were unavailable for reasons other than checksums. */
export function failOf(g: EcGeometry, unavailable: number): Fail {
  return { ok: false, why: unavailable > g.p ? 'lost' : 'csum' };
}

// ---------------------------------------------------------------- arrays

/** The k data cells of stripe s as of epoch P (the epoch of a parity record), or why not. */
function stripeAt(ctx: EcCtx, dkey: string, akey: string, rot: number, stripe: number, P: number): Uint8Array[] | Fail {
  const key = `${dkey}\u0000${akey}\u0000${stripe}\u0000${P}`;
  const hit = ctx.cache.get(key);
  if (hit) return hit;
  const g = ctx.geom;
  const shards: (Uint8Array | null)[] = new Array(g.n).fill(null);
  let have = 0;
  let unavailable = 0;
  for (let role = 0; role < g.n && have < g.k; role++) {
    const position = positionOfRole(g, rot, role);
    if (role < g.k && neverWritten(ctx, position)) {
      shards[role] = new Uint8Array(g.cellBytes);
      have++;
      continue;
    }
    let csum = false;
    for (const src of sourcesOf(ctx, position)) {
      if (src.validFrom > P) continue;
      const read = onTarget(ctx, src.target, position, (store, unit) =>
        mustRead(store.fetchArray(unit, dkey, role < g.k ? akey : parityAkey(akey), P, stripe * g.cellBytes, g.cellBytes)));
      if (!segmentsVerify(read.segments)) {
        csum = true;
        continue;
      }
      // A parity cell is always written whole, together with every data cell of its stripe.
      if (role >= g.k && !(read.segments.length === 1 && read.segments[0].record.epoch === P && read.segments[0].length === g.cellBytes)) continue;
      shards[role] = assemble(read.segments, stripe * g.cellBytes, g.cellBytes);
      have++;
      break;
    }
    if (shards[role] === null && !csum) unavailable++;
  }
  let out: Uint8Array[] | Fail;
  if (have < g.k) out = failOf(g, unavailable);
  else {
    g.codec.reconstruct(shards);
    out = shards.slice(0, g.k) as Uint8Array[];
  }
  ctx.cache.set(key, out);
  return out;
}

function assemble(segments: readonly Segment[], offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (const seg of segments) {
    if (seg.record.data === null) continue;
    const from = seg.offset - seg.record.offset;
    out.set(seg.record.data.subarray(from, from + seg.length), seg.offset - offset);
  }
  return out;
}

/**
 * Bytes [lo, hi) of data cell c of stripe s of one array akey at epoch E, with the oldest epoch that
 * decided any of them (0 when some byte was decided by nothing: never written).
 */
export function readCell(ctx: EcCtx, dkey: string, akey: string, firstEpoch: number | undefined, stripe: number, cell: number, lo: number, hi: number, E: number): Got<Uint8Array> {
  const g = ctx.geom;
  const rot = rotationOf(g, dkey);
  const dataPosition = positionOfRole(g, rot, cell);
  const local = stripe * g.cellBytes;
  // A position that never received a write holds nothing: its cells were never written.
  if (neverWritten(ctx, dataPosition)) return { ok: true, value: new Uint8Array(hi - lo), decider: 0 };
  let dataUnavailable = 1;
  for (const src of sourcesOf(ctx, dataPosition)) {
    const read = onTarget(ctx, src.target, dataPosition, (store, unit) => mustRead(store.fetchArray(unit, dkey, akey, E, local + lo, hi - lo)));
    if (!segmentsVerify(read.segments)) {
      dataUnavailable = 0;
      continue;
    }
    let covered = 0;
    let decider = Infinity;
    for (const seg of read.segments) {
      covered += seg.length;
      decider = Math.min(decider, seg.record.epoch);
    }
    if (covered < hi - lo) decider = Math.min(decider, read.punch?.epoch ?? 0);
    if (src.validFrom > 0) {
      if (read.segments.some((seg) => seg.record.epoch < src.validFrom)) continue;
      const holesKnown = (read.punch !== null && read.punch.epoch >= src.validFrom) || !olderMayDecide(firstEpoch, src.validFrom, E);
      if (covered < hi - lo && !holesKnown) continue;
    }
    return { ok: true, value: assemble(read.segments, local + lo, hi - lo), decider: decider === Infinity ? 0 : decider };
  }
  // Degraded: a parity position's replicas and parity.
  let unavailable = dataUnavailable;
  const absolute = stripe * g.stripeBytes + cell * g.cellBytes;
  for (let j = 0; j < g.p; j++) {
    const position = positionOfRole(g, rot, g.k + j);
    let csum = false;
    for (const src of sourcesOf(ctx, position)) {
      if (src.validFrom > 0) continue;
      const [parity, replica] = onTarget(ctx, src.target, position, (store, unit) => [
        mustRead(store.fetchArray(unit, dkey, parityAkey(akey), E, local, g.cellBytes)),
        mustRead(store.fetchArray(unit, dkey, akey, E, absolute + lo, hi - lo)),
      ] as const);
      if (!segmentsVerify(parity.segments) || !segmentsVerify(replica.segments)) {
        csum = true;
        continue;
      }
      if (parity.segments.length > 1 || (parity.segments.length === 1 && parity.segments[0].length !== g.cellBytes)) throw new Error('EC: a parity cell was stored in pieces');
      const parityRecord: Stamp | null = parity.segments.length === 1 ? parity.segments[0].record : null;
      const out = new Uint8Array(hi - lo);
      const fromReplica = new Uint8Array(hi - lo);
      let decider = Infinity;
      for (const seg of replica.segments) {
        if (parityRecord !== null && compareStamp(seg.record, parityRecord) <= 0) continue;
        const at = seg.offset - (absolute + lo);
        if (seg.record.data !== null) out.set(seg.record.data.subarray(seg.offset - seg.record.offset, seg.offset - seg.record.offset + seg.length), at);
        fromReplica.fill(1, at, at + seg.length);
        decider = Math.min(decider, seg.record.epoch);
      }
      if (fromReplica.includes(0)) {
        if (parityRecord === null) decider = Math.min(decider, replica.punch?.epoch ?? 0);
        else {
          const cells = stripeAt(ctx, dkey, akey, rot, stripe, parityRecord.epoch);
          if (!Array.isArray(cells)) return cells as Fail;
          for (let i = 0; i < out.length; i++) if (!fromReplica[i]) out[i] = cells[cell][lo + i];
          decider = Math.min(decider, parityRecord.epoch);
        }
      }
      return { ok: true, value: out, decider: decider === Infinity ? 0 : decider };
    }
    if (!csum) unavailable++;
  }
  return failOf(g, unavailable);
}

/**
 * ARR-3 for one range of an EC array akey: the bytes and the oldest decider (MAX_SAFE_INTEGER when
 * every byte lies past the largest end ever written).
 */
export function readRangeEc(ctx: EcCtx, dkey: string, akey: string, firstEpoch: number | undefined, maxEnd: number, offset: number, length: number, E: number, written?: readonly (readonly [number, number])[]): Got<Uint8Array> {
  const out = new Uint8Array(length);
  // Bytes at or past the largest end ever written, or outside every range ever written or punched,
  // were never written: zeros known for certain (not even a lossy rebuild can have lost them), so
  // they do not lower the decider. Only the written parts are read.
  const end = Math.min(offset + length, maxEnd, STORE_END_MAX);
  const parts = written ? written.filter(([a, b]) => a < end && b > offset).map(([a, b]) => [Math.max(a, offset), Math.min(b, end)] as const) : [[offset, end] as const];
  let decider = Infinity;
  for (const [from, to] of parts) {
    const got = readSpan(ctx, dkey, akey, firstEpoch, offset, from, to, E, out);
    if (!got.ok) return got;
    decider = Math.min(decider, got.decider);
  }
  return { ok: true, value: out, decider: decider === Infinity ? DECIDED_BY_NOTHING_STORED : decider };
}

/** Reads bytes [from, to) of an EC array akey into out (which starts at byte `base`). */
function readSpan(ctx: EcCtx, dkey: string, akey: string, firstEpoch: number | undefined, base: number, from: number, to: number, E: number, out: Uint8Array): Got<null> {
  const g = ctx.geom;
  const end = to;
  const offset = base;
  let decider = Infinity;
  for (let x = from; x < end;) {
    const stripe = Math.floor(x / g.stripeBytes);
    const cell = Math.floor((x % g.stripeBytes) / g.cellBytes);
    const lo = x % g.cellBytes;
    const hi = Math.min(g.cellBytes, lo + (end - x));
    const got = readCell(ctx, dkey, akey, firstEpoch, stripe, cell, lo, hi, E);
    if (!got.ok) return got;
    out.set(got.value, x - offset);
    decider = Math.min(decider, got.decider);
    x += hi - lo;
  }
  return { ok: true, value: null, decider };
}

// ---------------------------------------------------------------- single values

export function readSingleEc(ctx: EcCtx, dkey: string, akey: string, firstEpoch: number | undefined, E: number): Got<Uint8Array | null> {
  const g = ctx.geom;
  const rot = rotationOf(g, dkey);
  // Whole copies first (data role 0, then parity roles), then the other fragments.
  const roles = [0, ...Array.from({ length: g.p }, (_, j) => g.k + j), ...Array.from({ length: g.k - 1 }, (_, c) => c + 1)];
  const fragments: (Uint8Array | null)[] = new Array(g.n).fill(null);
  let fragmentCount = 0;
  let version: { lengthBytes: number; writeEpoch: number; epoch: number } | null = null;
  let unavailable = 0;
  for (const role of roles) {
    const position = positionOfRole(g, rot, role);
    let csum = false;
    let answered = false;
    for (const src of sourcesOf(ctx, position)) {
      const read = onTarget(ctx, src.target, position, (store, unit) => mustRead(store.fetchSingle(unit, dkey, akey, E)));
      if (read.record === null) {
        const known = src.validFrom === 0 || (read.punch !== null && read.punch.epoch >= src.validFrom) || !olderMayDecide(firstEpoch, src.validFrom, E);
        if (!known) continue;
        return { ok: true, value: null, decider: read.punch?.epoch ?? 0 };
      }
      if (!verifyMeta(read.record.value, read.record.meta)) {
        csum = true;
        continue;
      }
      if (read.record.epoch < src.validFrom) continue;
      const frame = decodeFrame(read.record.value);
      answered = true;
      if (frame.form === FORM_WHOLE) return { ok: true, value: frame.payload.slice(), decider: read.record.epoch };
      if (frame.form === FORM_STUB) break;
      if (frame.form !== FORM_FRAGMENT) throw new Error('EC: unknown frame form');
      if (version && version.writeEpoch !== frame.writeEpoch) throw new Error(`EC: fragments of different versions (${version.writeEpoch}, ${frame.writeEpoch})`);
      version ??= { lengthBytes: frame.lengthBytes, writeEpoch: frame.writeEpoch, epoch: read.record.epoch };
      fragments[role] = frame.payload.slice();
      fragmentCount++;
      break;
    }
    if (fragmentCount === g.k && version) return { ok: true, value: joinFragments(g, fragments, version.lengthBytes), decider: version.epoch };
    if (!answered && !csum) unavailable++;
  }
  return failOf(g, unavailable);
}

// ---------------------------------------------------------------- keys

/**
 * Union of the visible keys (dkeys, or akeys of one dkey) over every serving holder. A partial holder
 * (writes since validFrom) only shows keys written since then, which are visible: a subset of the
 * truth, like any position's keys. Complete when at most p written positions lack a complete holder.
 */
export function listKeysEc(ctx: EcCtx, dkey: string | null, E: number): Got<string[]> {
  const g = ctx.geom;
  const keys = new Set<string>();
  let unavailable = 0;
  for (let position = 0; position < g.n; position++) {
    const sources = sourcesOf(ctx, position);
    // A position that never received anything holds nothing: it answers "no keys" exactly.
    if (!neverWritten(ctx, position) && !sources.some((x) => x.validFrom === 0)) unavailable++;
    const src = sources[0];
    if (!src) continue;
    const read = onTarget(ctx, src.target, position, (store, unit) => mustRead(dkey === null ? store.listDkeys(unit, E) : store.listAkeys(unit, dkey, E)));
    for (const k of read.keys) keys.add(dkey === null ? k : userAkey(k));
  }
  if (unavailable > g.p) return { ok: false, why: 'lost' };
  return { ok: true, value: [...keys], decider: 0 };
}

/**
 * Existence of a dkey (akey null) or akey at E (KV-6), for conditions and for rebuild: true from any
 * serving holder (a subset of the truth, as above), false once enough positions said so.
 */
export function existsEc(ctx: EcCtx, dkey: string, akey: string | null, E: number): Got<boolean> {
  const g = ctx.geom;
  let unavailable = 0;
  for (let position = 0; position < g.n; position++) {
    const sources = sourcesOf(ctx, position);
    if (!neverWritten(ctx, position) && !sources.some((x) => x.validFrom === 0)) unavailable++;
    const src = sources[0];
    if (!src) continue;
    const there = onTarget(ctx, src.target, position, (store, unit) =>
      akey === null
        ? mustRead(store.dkeyExists(unit, dkey, E)).exists
        : mustRead(store.akeyExists(unit, dkey, akey, E)).exists || mustRead(store.akeyExists(unit, dkey, parityAkey(akey), E)).exists);
    if (there) return { ok: true, value: true, decider: 0 };
  }
  if (unavailable > g.p) return { ok: false, why: 'lost' };
  return { ok: true, value: false, decider: 0 };
}

export { roleOfPosition };
