import type { VosStoreApi } from '../../vos/index.ts';
import { assert } from '../assert.ts';
import { checksumMeta } from '../io/checksum.ts';
import { unitKey } from '../io/keys.ts';
import { dkeyGroup, groupShardTargets, writeUnit } from '../io/replicas.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { BufferedWrite } from '../state/tx.ts';
import { scratchAt } from './client-state.ts';
import { ecGeometry, encodeParity, parityAkey, positionOfRole, positionUnit, rotationOf, singleFrames, type EcGeometry } from './layout.ts';

/**
 * The EC write path: turns one validated write into per-position store operations (a plan) and sends
 * them to each position's placed target and writable holders (io/replicas.ts writeUnit, per position).
 *
 *  - Array extents are cut at stripe boundaries. A stripe the write covers completely (holes count as
 *    zeros) is encoded here, on the client: k data cells plus p parity cells, all at the write's epoch.
 *    A partially covered stripe sends its pieces to the data positions of the cells they fall in and
 *    replicates them, at absolute offsets, under the user's akey on every parity position, so they
 *    survive p failures without a read-modify-write of parity. Parity is folded again (partial
 *    replicas dropped, parity recomputed) when a rebuild rewrites the group
 *    (rebuild/ec-rebuild.ts); that is the aggregation step, triggered by pool.rebuild only.
 *  - Several writes at one epoch (transaction commit, rollback) that touch a stripe already written
 *    whole at that epoch are merged with it and the stripe is re-encoded (client-state.ts scratch).
 *  - Single values: frames per position (layout.ts). Punches go to every position; an akey punch
 *    also punches the akey's parity akey.
 *
 * Does NOT validate anything (services/object-client.ts did) or decide kinds (KV-3).
 */
export type PositionOps = ((store: VosStoreApi, unit: string) => void)[][];

export interface PlanOptions {
  readonly epoch: number;
  readonly cksum: boolean;
  /** Same-epoch merge buffer (client-state.ts), keyed under `scratchPrefix`; null: no merging. */
  readonly scratch: Map<string, Uint8Array> | null;
  readonly scratchPrefix: string;
}

function metaOf(bytes: Uint8Array, cksum: boolean, poison: boolean): Uint8Array | undefined {
  if (!cksum) return undefined;
  const meta = checksumMeta(bytes);
  // A poisoned record never verifies: rebuild writes it where corruption left nothing to rebuild from.
  if (poison) meta[0] ^= 0xff;
  return meta;
}

export function emptyPlan(g: EcGeometry): PositionOps {
  return Array.from({ length: g.n }, () => []);
}

export function planSingle(ops: PositionOps, g: EcGeometry, dkey: string, akey: string, value: Uint8Array, o: PlanOptions, poison = false): void {
  const frames = singleFrames(g, rotationOf(g, dkey), value, o.epoch);
  frames.forEach((frame, position) => {
    const meta = metaOf(frame, o.cksum, poison);
    ops[position].push((store, unit) => store.updateSingle(unit, dkey, akey, o.epoch, frame, meta));
  });
}

/** k data cells and p parity cells of one whole stripe. */
export function planFullStripe(ops: PositionOps, g: EcGeometry, dkey: string, akey: string, stripe: number, bytes: Uint8Array, o: PlanOptions, poison = false): void {
  assert(bytes.length === g.stripeBytes, 'planFullStripe: not a whole stripe');
  const rot = rotationOf(g, dkey);
  const data = Array.from({ length: g.k }, (_, c) => bytes.slice(c * g.cellBytes, (c + 1) * g.cellBytes));
  const parity = encodeParity(g, data);
  const offset = stripe * g.cellBytes;
  for (let role = 0; role < g.n; role++) {
    const cell = role < g.k ? data[role] : parity[role - g.k];
    const name = role < g.k ? akey : parityAkey(akey);
    const meta = metaOf(cell, o.cksum, poison);
    ops[positionOfRole(g, rot, role)].push((store, unit) => store.updateArray(unit, dkey, name, o.epoch, [{ offset, data: cell, meta }]));
  }
}

/** One piece of an array write: bytes, or a hole (extent punch) of `length` bytes. */
export interface Piece {
  readonly offset: number;
  readonly length: number;
  readonly data: Uint8Array | null;
}

function cut(piece: Piece, from: number, to: number): Piece {
  return { offset: from, length: to - from, data: piece.data === null ? null : piece.data.subarray(from - piece.offset, to - piece.offset) };
}

function storePiece(store: VosStoreApi, unit: string, dkey: string, akey: string, epoch: number, at: number, piece: Piece, cksum: boolean): void {
  if (piece.data === null) store.punchExtents(unit, dkey, akey, epoch, [{ offset: at, length: piece.length }]);
  else store.updateArray(unit, dkey, akey, epoch, [{ offset: at, data: piece.data, meta: metaOf(piece.data, cksum, false) }]);
}

function planPartialStripe(ops: PositionOps, g: EcGeometry, dkey: string, akey: string, stripe: number, pieces: readonly Piece[], o: PlanOptions): void {
  const rot = rotationOf(g, dkey);
  for (const piece of pieces) {
    // Data positions: the piece cut at cell boundaries, at shard-local offsets.
    for (let x = piece.offset; x < piece.offset + piece.length;) {
      const cell = Math.floor((x % g.stripeBytes) / g.cellBytes);
      const to = Math.min(piece.offset + piece.length, stripe * g.stripeBytes + (cell + 1) * g.cellBytes);
      const part = cut(piece, x, to);
      const local = stripe * g.cellBytes + (x % g.cellBytes);
      ops[positionOfRole(g, rot, cell)].push((store, unit) => storePiece(store, unit, dkey, akey, o.epoch, local, part, o.cksum));
      x = to;
    }
    // Parity positions: a replica at the absolute offset.
    for (let j = 0; j < g.p; j++) ops[positionOfRole(g, rot, g.k + j)].push((store, unit) => storePiece(store, unit, dkey, akey, o.epoch, piece.offset, piece, o.cksum));
  }
}

export function planArray(ops: PositionOps, g: EcGeometry, dkey: string, akey: string, pieces: readonly Piece[], o: PlanOptions): void {
  const byStripe = new Map<number, Piece[]>();
  for (const piece of pieces) {
    for (let x = piece.offset; x < piece.offset + piece.length;) {
      const stripe = Math.floor(x / g.stripeBytes);
      const to = Math.min(piece.offset + piece.length, (stripe + 1) * g.stripeBytes);
      let list = byStripe.get(stripe);
      if (!list) byStripe.set(stripe, (list = []));
      list.push(cut(piece, x, to));
      x = to;
    }
  }
  for (const [stripe, parts] of [...byStripe].sort(([a], [b]) => a - b)) {
    const key = `${o.scratchPrefix}\u0000${dkey}\u0000${akey}\u0000${stripe}`;
    const merged = o.scratch?.get(key);
    const covered = parts.reduce((n, x) => n + x.length, 0) === g.stripeBytes;
    if (!merged && !covered) {
      planPartialStripe(ops, g, dkey, akey, stripe, parts, o);
      continue;
    }
    const bytes = merged ? merged.slice() : new Uint8Array(g.stripeBytes);
    for (const part of parts) {
      const at = part.offset - stripe * g.stripeBytes;
      if (part.data === null) bytes.fill(0, at, at + part.length);
      else bytes.set(part.data, at);
    }
    o.scratch?.set(key, bytes);
    planFullStripe(ops, g, dkey, akey, stripe, bytes, o);
  }
}

function dropScratch(scratch: Map<string, Uint8Array>, prefix: string): void {
  for (const key of [...scratch.keys()]) if (key.startsWith(prefix)) scratch.delete(key);
}

/** The per-position operations of one write to one group. */
export function planWrite(g: EcGeometry, w: BufferedWrite, o: PlanOptions): PositionOps {
  const ops = emptyPlan(g);
  const all = (op: (store: VosStoreApi, unit: string) => void) => ops.forEach((list) => list.push(op));
  switch (w.kind) {
    case 'update':
      for (const iod of w.iods) {
        if ('single' in iod) planSingle(ops, g, w.dkey, iod.akey, iod.single, o);
        else planArray(ops, g, w.dkey, iod.akey, iod.extents.map((e) => ({ offset: e.offset, length: e.data.length, data: e.data })), o);
      }
      return ops;
    case 'punchExtents':
      planArray(ops, g, w.dkey, w.akey, w.ranges.map((r) => ({ offset: r.offset, length: r.length, data: null })), o);
      return ops;
    case 'punch':
      if (o.scratch) dropScratch(o.scratch, `${o.scratchPrefix}\u0000`);
      all((store, unit) => store.punchObject(unit, o.epoch));
      return ops;
    case 'punchDkey':
      if (o.scratch) dropScratch(o.scratch, `${o.scratchPrefix}\u0000${w.dkey}\u0000`);
      all((store, unit) => store.punchDkey(unit, w.dkey, o.epoch));
      return ops;
    case 'punchAkeys': {
      if (o.scratch) for (const a of w.akeys) dropScratch(o.scratch, `${o.scratchPrefix}\u0000${w.dkey}\u0000${a}\u0000`);
      const names = [...w.akeys, ...w.akeys.map(parityAkey)];
      all((store, unit) => store.punchAkeys(unit, w.dkey, names, o.epoch));
      return ops;
    }
  }
}

/** Sends a plan: each position's operations to its placed target and writable holders. */
export function sendPlan(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, epoch: number, ops: PositionOps): void {
  const targets = groupShardTargets(s, pool, cont, info, group);
  ops.forEach((list, position) => {
    if (list.length === 0) return;
    const placed = targets[position] >= 0 ? [targets[position]] : [];
    writeUnit(s, pool, cont, positionUnit(info.key, group, position), placed, epoch, (store, unit) => {
      for (const op of list) op(store, unit);
    });
  });
}

/** Applies one validated write at `epoch` to an EC object (services/object-client.ts applyWrite). */
export function ecApplyWrite(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, w: BufferedWrite, epoch: number): void {
  const g = ecGeometry(cont, info);
  const scratch = scratchAt(cont, epoch);
  const groups = w.kind === 'punch' ? [...Array(info.groupCount).keys()] : [dkeyGroup(info, w.dkey)];
  for (const group of groups) {
    const ops = planWrite(g, w, { epoch, cksum: cont.cksum, scratch, scratchPrefix: unitKey(info.key, group) });
    sendPlan(s, pool, cont, info, group, epoch, ops);
  }
}
