import { current, isDraft, type Draft } from 'immer';
import { expandPayload, payloadLength, type Payload } from '../contract/index.ts';
import { writesOldestFirst, type CommittedWrite, type ContainerState, type WriteEffect, type WriteLog } from './state.ts';

/**
 * Reading the committed log (ContainerState.writes): the view of a container at an epoch, and
 * fetches and listings against a view.
 *
 * Handlers read the log through a LogReader (StepContext.log). Two exist and must agree:
 *  - FOLDED_LOG, here: deliberately slow, every read folds the log from the start (and a rollback
 *    re-folds up to its token). The reference, used by model/step-reference.ts.
 *  - REMEMBERED_LOG (model/views.ts): the view after each write is built once from the view
 *    before it and remembered, so a read does not redo work that grows with the trace. Used by
 *    model/step.ts. properties/model-step-law.test.ts compares the two.
 *
 * Each element of a view remembers the epoch of the write or punch that decided it, which DUR-3
 * needs ("decided by an at-risk write or punch"). A rollback decides everything it restores.
 *
 * Does NOT check: argument validity, conditions, kinds of updates, permissions or durability
 * outcome sets (those live in ops/data-*.ts, cond.ts and durability.ts).
 */

export interface LogReader {
  /** The view of `cont` at `epoch`: every committed write with epoch <= `epoch`, in order. */
  viewAt(cont: ContainerState, epoch: number): ContView;
  /**
   * DUR-3 for listings: the epoch of the earliest write or punch on the object (or, with `dkey`,
   * on that dkey, an object punch included) committed up to `epoch` and since the last rollback,
   * or of that rollback (SNAP-7: it decides the whole view it restores); 0 when there is none.
   * The earliest suffices: a read is at-risk if any of its deciders is at or before
   * atRiskThrough, and every other decider is later than the earliest.
   */
  listingDecidedSince(cont: ContainerState, epoch: number, oid: string, dkey?: string): number;
}

/** One array write or extent punch (data null = hole), kept in application order. */
export interface ExtentView {
  readonly offset: number;
  readonly length: number;
  readonly data: Payload | null;
  readonly epoch: number;
}

export interface AkeyView {
  /** KV-6: a write newer than the newest punch covering it. */
  visible: boolean;
  /** Epoch of the newest write or punch of this akey (DUR-3 for a single value). */
  decidedAt: number;
  /** Newest single value since the last punch (KV-5); null = none. */
  single: Payload | null;
  /** Epoch of the newest punch (or rollback) that emptied the array; bytes under no extent read as zero decided by it (0 = never). */
  floor: number;
  /** Array writes and extent punches since `floor`, oldest first (ARR-2: the newest covering wins). */
  extents: ExtentView[];
}

export type DkeyView = ReadonlyMap<string, AkeyView>;
export type ObjView = ReadonlyMap<string, DkeyView>;
/** oidKey -> dkey -> akey -> value. Views handed to readers are never changed afterwards. */
export type ContView = ReadonlyMap<string, ObjView>;

/** A view being built: folded here, restamped here and in model/views.ts. */
export type BuildingView = Map<string, Map<string, Map<string, AkeyView>>>;

/** Key of container.kinds (KV-3). JSON keeps the three components apart whatever bytes keys hold. */
export function akeyPath(oid: string, dkey: string, akey: string): string {
  return JSON.stringify([oid, dkey, akey]);
}

/**
 * Under immer (model/step-reference.ts) handlers pass drafts; reading the log through draft proxies
 * is slow, so read the plain value (the base itself when the draft is unmodified, which is always
 * the case for a read). Under model/step.ts everything is plain already.
 */
function plain<T>(value: T): T {
  return isDraft(value) ? (current(value as Draft<T>) as T) : value;
}

/** The reference reader: folds the log from the start on every read (see LogReader). */
export const FOLDED_LOG: LogReader = {
  viewAt: (cont, epoch) => foldView(plain(cont.writes), epoch),
  listingDecidedSince(cont, epoch, oid, dkey) {
    const deciders = listingDeciders(plain(cont.writes), epoch, oid, dkey);
    return deciders.length === 0 ? 0 : Math.min(...deciders);
  },
};

/** Work done by the reference fold, counted for tests and benchmarks (never reset here). */
export const foldWork = { writesFolded: 0 };

/** The view at `epoch`: every committed write with epoch <= `epoch`, folded in order. */
export function foldView(log: WriteLog, epoch: number): ContView {
  return foldWrites(writesOldestFirst(log), epoch);
}

function foldWrites(writes: readonly CommittedWrite[], epoch: number): ContView {
  const view: BuildingView = new Map();
  let previous = 0;
  for (const w of writes) {
    if (!(w.epoch > previous)) throw new Error(`model invariant: writes not in increasing epoch order (${previous}, ${w.epoch})`);
    previous = w.epoch;
    if (w.epoch > epoch) break;
    foldWork.writesFolded++;
    for (const effect of w.effects) applyEffect(view, effect, w.epoch, writes);
  }
  return view;
}

export function entry(view: BuildingView, oid: string, dkey: string, akey: string): AkeyView {
  let obj = view.get(oid);
  if (!obj) view.set(oid, (obj = new Map()));
  let dk = obj.get(dkey);
  if (!dk) obj.set(dkey, (dk = new Map()));
  let ak = dk.get(akey);
  if (!ak) dk.set(akey, (ak = { visible: false, decidedAt: 0, single: null, floor: 0, extents: [] }));
  return ak;
}

/** PUNCH-1, PUNCH-2: a punch hides the value and everything written before it. */
export function punchEntry(ak: AkeyView, epoch: number): void {
  ak.visible = false;
  ak.decidedAt = epoch;
  ak.single = null;
  ak.floor = epoch;
  ak.extents = [];
}

function applyEffect(view: BuildingView, effect: WriteEffect, epoch: number, writes: readonly CommittedWrite[]): void {
  switch (effect.op) {
    case 'single': {
      // KV-2: replaced as a whole.
      const ak = entry(view, effect.oid, effect.dkey, effect.akey);
      ak.visible = true;
      ak.decidedAt = epoch;
      ak.single = effect.value;
      return;
    }
    case 'extent':
    case 'punchExtent': {
      // ARR-2; PUNCH-3: an extent punch counts as an array write for visibility (KV-6).
      const ak = entry(view, effect.oid, effect.dkey, effect.akey);
      ak.visible = true;
      ak.decidedAt = epoch;
      const length = effect.op === 'extent' ? payloadLength(effect.data) : effect.length;
      ak.extents.push({ offset: effect.offset, length, data: effect.op === 'extent' ? effect.data : null, epoch });
      return;
    }
    case 'punchAkey': {
      const ak = view.get(effect.oid)?.get(effect.dkey)?.get(effect.akey);
      if (ak) punchEntry(ak, epoch);
      return;
    }
    case 'punchDkey': {
      for (const ak of view.get(effect.oid)?.get(effect.dkey)?.values() ?? []) punchEntry(ak, epoch);
      return;
    }
    case 'punchObj': {
      for (const dk of view.get(effect.oid)?.values() ?? []) for (const ak of dk.values()) punchEntry(ak, epoch);
      return;
    }
    case 'rollback': {
      // SNAP-7: the view becomes the snapshot's view, as one new write decided at this epoch.
      if (!(effect.token < epoch)) throw new Error(`model invariant: rollback at ${epoch} to a later token ${effect.token}`);
      const restored = restamp(view, foldWrites(writes, effect.token), epoch);
      view.clear();
      for (const [oid, obj] of restored) view.set(oid, obj);
      return;
    }
  }
}

/** Every key in `current` or `snap`, with the snapshot's content, all decided at `epoch`. */
export function restamp(current: ContView, snap: ContView, epoch: number): BuildingView {
  const out: BuildingView = new Map();
  const keys = <K, V>(a: ReadonlyMap<K, V> | undefined, b: ReadonlyMap<K, V> | undefined) => new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])]);
  for (const oid of keys(current, snap)) {
    for (const dkey of keys(current.get(oid), snap.get(oid))) {
      for (const akey of keys(current.get(oid)?.get(dkey), snap.get(oid)?.get(dkey))) {
        const ak = entry(out, oid, dkey, akey);
        const old = snap.get(oid)?.get(dkey)?.get(akey);
        punchEntry(ak, epoch);
        if (!old) continue;
        ak.visible = old.visible;
        ak.single = old.single;
        ak.extents = old.extents.map((x) => ({ ...x, epoch }));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- visibility and listings (KV-6, KV-7)

export function akeyVisible(view: ContView, oid: string, dkey: string, akey: string): boolean {
  return view.get(oid)?.get(dkey)?.get(akey)?.visible === true;
}

/** KV-6: a dkey is visible when it has at least one visible akey. */
export function dkeyVisible(view: ContView, oid: string, dkey: string): boolean {
  for (const ak of view.get(oid)?.get(dkey)?.values() ?? []) if (ak.visible) return true;
  return false;
}

/** KV-7: the set of visible dkeys (sorted; order is not observable). */
export function visibleDkeys(view: ContView, oid: string): string[] {
  return [...(view.get(oid)?.keys() ?? [])].filter((d) => dkeyVisible(view, oid, d)).sort();
}

/** KV-7: the set of visible akeys of a dkey (sorted; order is not observable). */
export function visibleAkeys(view: ContView, oid: string, dkey: string): string[] {
  return [...(view.get(oid)?.get(dkey)?.entries() ?? [])].filter(([, ak]) => ak.visible).map(([a]) => a).sort();
}

// ---------------------------------------------------------------- fetch (KV-5, ARR-2..4)

/** A fetched value with the epochs of the writes and punches that decided it (DUR-3; 0 = nothing). */
export interface Decided<T> {
  readonly value: T;
  readonly decidedBy: readonly number[];
}

type Kinds = ContainerState['kinds'];

/**
 * The bytes of a stored payload, expanded once: payloads in the state are frozen and never change,
 * so each is expanded on its first read only. Callers must not change the bytes (readSingle copies).
 */
const expanded = new WeakMap<Payload, Uint8Array>();
function expandOnce(payload: Payload): Uint8Array {
  let bytes = expanded.get(payload);
  if (bytes === undefined) expanded.set(payload, (bytes = expandPayload(payload)));
  return bytes;
}

/** KV-5: the newest visible single value, or null (none). KV-3: an array akey reads as none. */
export function readSingle(view: ContView, draftKinds: Kinds, oid: string, dkey: string, akey: string): Decided<Uint8Array | null> {
  const kinds = plain(draftKinds);
  const ak = view.get(oid)?.get(dkey)?.get(akey);
  if (!ak || kinds[akeyPath(oid, dkey, akey)] !== 'single') return { value: null, decidedBy: [] };
  return { value: ak.single === null ? null : expandOnce(ak.single).slice(), decidedBy: [ak.decidedAt] };
}

/**
 * ARR-2, ARR-3, ARR-4: exactly `length` bytes per range; never-written and punched bytes are zero.
 * KV-3: a single-value akey reads as holding no array data (zeros).
 */
export function readRanges(
  view: ContView,
  draftKinds: Kinds,
  oid: string,
  dkey: string,
  akey: string,
  ranges: readonly { readonly offset: number; readonly length: number }[],
): Decided<Uint8Array[]> {
  const kinds = plain(draftKinds);
  const ak = view.get(oid)?.get(dkey)?.get(akey);
  const isArray = ak !== undefined && kinds[akeyPath(oid, dkey, akey)] === 'array';
  const decided = new Set<number>();
  const value = ranges.map(({ offset, length }) => {
    const out = new Uint8Array(length);
    if (!isArray) return out;
    // The epoch that decided each byte (a typed array: ranges span whole cells and stripes).
    const decider = new Float64Array(length).fill(ak.floor);
    for (const x of ak.extents) {
      const from = Math.max(offset, x.offset);
      const to = Math.min(offset + length, x.offset + x.length);
      if (from >= to) continue;
      // Bytes from..to of the range come from this extent (zeros where it is a punch or its data ends).
      out.fill(0, from - offset, to - offset);
      if (x.data !== null) out.set(expandOnce(x.data).subarray(from - x.offset, to - x.offset), from - offset);
      decider.fill(x.epoch, from - offset, to - offset);
    }
    let previous = NaN;
    for (let i = 0; i < length; i++) if (decider[i] !== previous) decided.add((previous = decider[i]));
    return out;
  });
  return { value, decidedBy: [...decided] };
}

// ---------------------------------------------------------------- listings' deciders (DUR-3)

/**
 * DUR-3 for listings, folded: the epochs of every write or punch on the object (or on the dkey, for
 * listAkeys) up to `epoch`. A rollback decides the whole view it restores (SNAP-7), so it replaces
 * everything before it and counts itself.
 */
export function listingDeciders(log: WriteLog, epoch: number, oid: string, dkey?: string): number[] {
  const out: number[] = [];
  for (const w of writesOldestFirst(log)) {
    if (w.epoch > epoch) break;
    if (w.effects.some((e) => e.op === 'rollback')) out.length = 0;
    if (w.effects.some((e) => effectTouches(e, oid, dkey))) out.push(w.epoch);
  }
  return out;
}

export function effectTouches(effect: WriteEffect, oid: string, dkey: string | undefined): boolean {
  if (effect.op === 'rollback') return true;
  if (effect.oid !== oid) return false;
  if (dkey === undefined || effect.op === 'punchObj') return true;
  return effect.dkey === dkey;
}
