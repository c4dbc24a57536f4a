import { assert } from '../assert.ts';
import { akeyId, unitKey } from '../io/keys.ts';
import { dkeyGroup, READ_LOST } from '../io/replicas.ts';
import type { EcLostMarks } from '../state/container.ts';
import { emptyMarks } from './client-state.ts';
import { DECIDED_BY_NO_RECORD, DECIDED_BY_NOTHING_STORED, existsEc, listKeysEc, readCell, readSingleEc, type Decided, type EcCtx } from './read.ts';
import { planArray, planFullStripe, planSingle, type PlanOptions, type PositionOps } from './write.ts';

/**
 * The logical view of one EC group at an epoch, as items a rebuild or a rollback writes back, and the
 * lost marks of a lossy rebuild (client-state.ts) applied to reads.
 *
 * Candidates are the akeys the container service recorded as ever written (KV-3 kinds) in this
 * group, so an akey whose visibility cannot be established is known and marked lost, not dropped.
 * Items: every visible single value; every stripe of every visible array akey that holds a non-zero
 * byte (as a whole stripe, so writing it back always encodes parity: partial replicas are folded);
 * and, for a visible array akey with no such stripe, a one-byte hole at offset 0 that keeps it
 * visible (KV-6: an extent punch is a write). A value or stripe whose read fails on checksums is kept
 * as a poisoned item (written back with checksums that never verify, so reads keep answering CSUM),
 * unless it is at-risk (DUR-3: committed before the container last became UNCLEAN, so its redundancy
 * was exceeded): then, like one whose data is gone, it is left out and marked lost.
 *
 * Does NOT read at epochs other than the one asked, or check the view against the model.
 */
export type ViewItem =
  | { readonly kind: 'single'; readonly dkey: string; readonly akey: string; readonly value: Uint8Array; readonly poison: boolean }
  | { readonly kind: 'stripe'; readonly dkey: string; readonly akey: string; readonly stripe: number; readonly bytes: Uint8Array; readonly poison: boolean }
  | { readonly kind: 'visible'; readonly dkey: string; readonly akey: string };

/**
 * The marks that apply to a read at `epoch`, and from which epoch on a decider is trustworthy again:
 * after the rebuild for reads at or after it, never for reads at a read point it rewrote.
 */
function marksAt(ctx: EcCtx, epoch: number): { marks: EcLostMarks; validFrom: number } | null {
  const lost = ctx.cont.ec?.lost.get(unitKey(ctx.info.key, ctx.group));
  if (!lost) return null;
  if (epoch >= lost.rebuiltAt) {
    const marks = lost.points.get(lost.rebuiltAt);
    return marks ? { marks, validFrom: lost.rebuiltAt + 1 } : null;
  }
  const marks = lost.points.get(epoch);
  return marks ? { marks, validFrom: Number.POSITIVE_INFINITY } : null;
}

/** A value read at `epoch`: lost when a lossy rebuild lost it and nothing newer than that rebuild decided it. */
export function applyLostMarks<T>(ctx: EcCtx, dkey: string, akey: string, epoch: number, got: Decided<T>): Decided<T> {
  if (!got.ok) return got;
  const m = marksAt(ctx, epoch);
  if (!m) return got;
  const marked = m.marks.akeys.has(`${dkey}\u0000${akey}`);
  return marked && got.decider < m.validFrom && got.decider !== DECIDED_BY_NOTHING_STORED ? READ_LOST : got;
}

/** Listings of a group a lossy rebuild lost something of (dkey null: listDkeys). */
export function listingLost(ctx: EcCtx, dkey: string | null, epoch: number): boolean {
  const m = marksAt(ctx, epoch);
  if (!m) return false;
  if (dkey === null) return m.marks.akeys.size > 0;
  for (const a of m.marks.akeys) if (a.startsWith(`${dkey}\u0000`)) return true;
  return false;
}

export function listKeys(ctx: EcCtx, dkey: string | null, epoch: number): Decided<string[]> {
  if (listingLost(ctx, dkey, epoch)) return READ_LOST;
  return listKeysEc(ctx, dkey, epoch);
}

function akeyInfo(ctx: EcCtx, dkey: string, akey: string) {
  return ctx.cont.akeys.get(akeyId(ctx.info.key, dkey, akey));
}

/** A whole stripe of an array akey at `epoch`, with its oldest decider. */
function readStripe(ctx: EcCtx, dkey: string, akey: string, stripe: number, epoch: number): Decided<Uint8Array> {
  const g = ctx.geom;
  const bytes = new Uint8Array(g.stripeBytes);
  const firstEpoch = akeyInfo(ctx, dkey, akey)?.firstEpoch;
  let decider = epoch;
  for (let cell = 0; cell < g.k; cell++) {
    const got = readCell(ctx, { dkey, akey, firstEpoch, epoch, stripe, cell, fromByte: 0, toByte: g.cellBytes });
    if (!got.ok) return got;
    bytes.set(got.value, cell * g.cellBytes);
    decider = Math.min(decider, got.decider);
  }
  return applyLostMarks(ctx, dkey, akey, epoch, { ok: true, value: bytes, decider });
}

/**
 * DUR-3: everything of the akey visible at `point` was committed before the container last became
 * UNCLEAN (every value of the akey is at most `lastEpoch` old, and none is newer than the point).
 */
function atRiskAt(ctx: EcCtx, lastEpoch: number, point: number): boolean {
  return Math.min(lastEpoch, point) <= ctx.cont.atRiskThrough;
}

/** The view of the group at read point `point`. */
export function collectView(ctx: EcCtx, point: number): { items: ViewItem[]; marks: EcLostMarks } {
  const items: ViewItem[] = [];
  const marks = emptyMarks();
  const prefix = `${ctx.info.key}\u0000`;
  const candidates: [string, string][] = [];
  for (const [id, info] of ctx.cont.akeys) {
    if (!id.startsWith(prefix) || info.firstEpoch > point) continue;
    const [dkey, akey] = id.slice(prefix.length).split('\u0000');
    if (dkeyGroup(ctx.info, dkey) === ctx.group) candidates.push([dkey, akey]);
  }
  candidates.sort(([a, b], [c, d]) => (a < c ? -1 : a > c ? 1 : b < d ? -1 : b > d ? 1 : 0));
  for (const [dkey, akey] of candidates) {
    const info = akeyInfo(ctx, dkey, akey);
    assert(info !== undefined, 'EC view: a candidate akey without its record');
    const visible = existsEc(ctx, dkey, akey, point);
    // An akey a previous rebuild lost is absent from every copy: it stays lost, not absent.
    const lostBefore = !applyLostMarks(ctx, dkey, akey, point, { ok: true, value: null, decider: DECIDED_BY_NO_RECORD }).ok;
    if (!visible.ok || (!visible.value && lostBefore)) {
      marks.akeys.add(`${dkey}\u0000${akey}`);
      continue;
    }
    if (!visible.value) continue;
    if (info.kind === 'single') {
      const got = applyLostMarks(ctx, dkey, akey, point, readSingleEc(ctx, { dkey, akey, firstEpoch: info.firstEpoch, epoch: point }));
      if (got.ok && got.value !== null) items.push({ kind: 'single', dkey, akey, value: got.value, poison: false });
      else if (!got.ok && got.err === 'CSUM' && !atRiskAt(ctx, info.lastEpoch, point)) items.push({ kind: 'single', dkey, akey, value: new Uint8Array(1), poison: true });
      else if (!got.ok) marks.akeys.add(`${dkey}\u0000${akey}`);
      continue;
    }
    const stripes = Math.ceil((info.maxEnd ?? 0) / ctx.geom.stripeBytes);
    let any = false;
    for (let stripe = 0; stripe < stripes; stripe++) {
      const got = readStripe(ctx, dkey, akey, stripe, point);
      if (!got.ok && (got.err === 'DATA_LOSS' || atRiskAt(ctx, info.lastEpoch, point))) {
        marks.akeys.add(`${dkey}\u0000${akey}`);
        break;
      }
      const poison = !got.ok;
      const bytes = got.ok ? got.value : new Uint8Array(ctx.geom.stripeBytes);
      if (!poison && !bytes.some((b) => b !== 0)) continue;
      items.push({ kind: 'stripe', dkey, akey, stripe, bytes, poison });
      any = true;
    }
    if (!any && !marks.akeys.has(`${dkey}\u0000${akey}`)) items.push({ kind: 'visible', dkey, akey });
  }
  return { items, marks };
}

/** Adds the store operations that write `items` back at o.epoch. */
export function planItems(ops: PositionOps, ctx: EcCtx, items: readonly ViewItem[], o: PlanOptions): void {
  for (const item of items) {
    if (item.kind === 'single') planSingle(ops, ctx.geom, item.dkey, item.akey, item.value, o, item.poison);
    else if (item.kind === 'stripe') planFullStripe(ops, ctx.geom, item.dkey, item.akey, item.stripe, item.bytes, o, item.poison);
    else planArray(ops, ctx.geom, item.dkey, item.akey, [{ offset: 0, length: 1, data: null }], o);
  }
}
