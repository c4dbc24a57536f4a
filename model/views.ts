import { payloadLength } from '../contract/index.ts';
import { restamp, type AkeyView, type ContView, type DkeyView, type LogReader, type ObjView } from './data.ts';
import type { CommittedWrite, WriteEffect, WriteLog, WriteLogNode } from './state.ts';

/**
 * Remembered views: the LogReader model/step.ts uses (model/data.ts explains the two readers).
 *
 * The view after each committed write is built once, from the view after the write before it, and
 * remembered for as long as its log node lives (a WeakMap keyed by the node: a node names exactly
 * one prefix of one container's history, because logs only grow by appending new nodes). Building
 * it copies only the maps on the paths the write changes, so views share structure and none is
 * ever changed after it is built. A rollback (SNAP-7) restamps the remembered view at its token
 * instead of re-folding the log, so r rollbacks cost r restamps, not 2^r folds.
 *
 * The result must be exactly FOLDED_LOG's: the same keys, visibility, values, deciding epochs and
 * extents in the same order, and the same earliest listing decider. model/data.ts's fold is the
 * specification; properties/model-step-law.test.ts compares the two on every op of its traces.
 *
 * Does NOT check: the log's epoch order (appendWrite in model/state.ts refuses a write out of
 * order), kinds (KV-3, cont.kinds) or anything about durability beyond returning deciding epochs.
 */

/** What is remembered after one write: the view, and DUR-3's earliest deciders of listings. */
interface Remembered {
  readonly view: ContView;
  /** Epoch of the newest rollback so far, 0 if none: it decides every listing (SNAP-7). */
  readonly rolledBackAt: number;
  /** Since that rollback: the first write with an effect on the object (listDkeys). */
  readonly firstOnObject: ReadonlyMap<string, number>;
  /** Since that rollback: the first write with an effect on the dkey, object punches aside (listAkeys). */
  readonly firstOnDkey: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Since that rollback: the first object punch, which touches every dkey (listAkeys). */
  readonly firstObjectPunch: ReadonlyMap<string, number>;
}

const NOTHING_YET: Remembered = { view: new Map(), rolledBackAt: 0, firstOnObject: new Map(), firstOnDkey: new Map(), firstObjectPunch: new Map() };

const rememberedAfter = new WeakMap<WriteLogNode, Remembered>();

/** Answers of `nodeAtEpoch` asked of a log node, by epoch, so repeated reads at an old epoch do not walk again. */
const nodeAtEpochAnswers = new WeakMap<WriteLogNode, Map<number, WriteLog>>();

/**
 * Work done, counted for tests and benchmarks (the model stays linear in the history it holds):
 * writes folded into a new remembered view, effects applied, entries restamped by rollbacks, and
 * log nodes walked to find a write. Never reset here; read differences.
 */
export const viewWork = { writesFolded: 0, effectsApplied: 0, entriesRestamped: 0, logNodesWalked: 0 };

export const REMEMBERED_LOG: LogReader = {
  viewAt: (cont, epoch) => remembered(nodeAtEpoch(cont.writes, epoch)).view,
  listingDecidedSince(cont, epoch, oid, dkey) {
    const r = remembered(nodeAtEpoch(cont.writes, epoch));
    if (r.rolledBackAt > 0) return r.rolledBackAt; // every later decider is later
    if (dkey === undefined) return r.firstOnObject.get(oid) ?? 0;
    const onDkey = r.firstOnDkey.get(oid)?.get(dkey) ?? 0;
    const punch = r.firstObjectPunch.get(oid) ?? 0;
    return onDkey === 0 ? punch : punch === 0 ? onDkey : Math.min(onDkey, punch);
  },
};

/** The longest prefix of `log` whose writes all have epoch <= `epoch`. */
function nodeAtEpoch(log: WriteLog, epoch: number): WriteLog {
  if (log.last === null || log.last.epoch <= epoch) return log;
  const answers = nodeAtEpochAnswers.get(log);
  const known = answers?.get(epoch);
  if (known !== undefined) return known;
  let node: WriteLog = log.prev;
  while (node.last !== null && node.last.epoch > epoch) {
    viewWork.logNodesWalked++;
    const earlier = nodeAtEpochAnswers.get(node)?.get(epoch);
    if (earlier !== undefined) {
      node = earlier;
      break;
    }
    node = node.prev;
  }
  if (answers) answers.set(epoch, node);
  else nodeAtEpochAnswers.set(log, new Map([[epoch, node]]));
  return node;
}

/** The remembered view after the last write of `log`, building the missing ones oldest first. */
function remembered(log: WriteLog): Remembered {
  const missing: WriteLogNode[] = [];
  let base = NOTHING_YET;
  for (let node: WriteLog = log; node.last !== null; node = node.prev) {
    const known = rememberedAfter.get(node);
    if (known) {
      base = known;
      break;
    }
    missing.push(node);
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    const node = missing[i];
    base = applyWrite(base, node.last, node.prev);
    rememberedAfter.set(node, base);
  }
  return base;
}

/** `before` with one committed write applied; `logBefore` is the log it follows (for a rollback's token). */
function applyWrite(before: Remembered, write: CommittedWrite, logBefore: WriteLog): Remembered {
  viewWork.writesFolded++;
  const epoch = write.epoch;
  const view = new ViewEditor(before.view);
  for (const effect of write.effects) {
    viewWork.effectsApplied++;
    if (effect.op === 'rollback') {
      // SNAP-7: the view becomes the snapshot's view, as one new write decided at this epoch.
      if (!(effect.token < epoch)) throw new Error(`model invariant: rollback at ${epoch} to a later token ${effect.token}`);
      const restored = restamp(view.current(), remembered(nodeAtEpoch(logBefore, effect.token)).view, epoch);
      for (const obj of restored.values()) for (const dk of obj.values()) viewWork.entriesRestamped += dk.size;
      view.replace(restored);
    } else {
      applyEffect(view, effect, epoch);
    }
  }
  if (write.effects.some((e) => e.op === 'rollback')) {
    // A rollback replaces every earlier decider and decides every listing itself.
    return { view: view.current(), rolledBackAt: epoch, firstOnObject: new Map(), firstOnDkey: new Map(), firstObjectPunch: new Map() };
  }
  return { ...firstDeciders(before, write.effects, epoch), view: view.current(), rolledBackAt: before.rolledBackAt };
}

/** The fold's applyEffect (model/data.ts) without changing any remembered object. */
function applyEffect(view: ViewEditor, effect: Exclude<WriteEffect, { op: 'rollback' }>, epoch: number): void {
  switch (effect.op) {
    case 'single': {
      // KV-2: replaced as a whole.
      const old = view.akey(effect.oid, effect.dkey, effect.akey) ?? NEVER_WRITTEN;
      view.setAkey(effect.oid, effect.dkey, effect.akey, { ...old, visible: true, decidedAt: epoch, single: effect.value });
      return;
    }
    case 'extent':
    case 'punchExtent': {
      // ARR-2; PUNCH-3: an extent punch counts as an array write for visibility (KV-6).
      const old = view.akey(effect.oid, effect.dkey, effect.akey) ?? NEVER_WRITTEN;
      const length = effect.op === 'extent' ? payloadLength(effect.data) : effect.length;
      const extent = { offset: effect.offset, length, data: effect.op === 'extent' ? effect.data : null, epoch };
      view.setAkey(effect.oid, effect.dkey, effect.akey, { ...old, visible: true, decidedAt: epoch, extents: [...old.extents, extent] });
      return;
    }
    case 'punchAkey': {
      if (view.akey(effect.oid, effect.dkey, effect.akey)) view.setAkey(effect.oid, effect.dkey, effect.akey, punched(epoch));
      return;
    }
    case 'punchDkey': {
      for (const akey of view.akeysOf(effect.oid, effect.dkey)) view.setAkey(effect.oid, effect.dkey, akey, punched(epoch));
      return;
    }
    case 'punchObj': {
      for (const dkey of view.dkeysOf(effect.oid)) for (const akey of view.akeysOf(effect.oid, dkey)) view.setAkey(effect.oid, dkey, akey, punched(epoch));
      return;
    }
  }
}

const NEVER_WRITTEN: AkeyView = { visible: false, decidedAt: 0, single: null, floor: 0, extents: [] };

/** PUNCH-1, PUNCH-2: a punch hides the value and everything written before it. */
function punched(epoch: number): AkeyView {
  return { visible: false, decidedAt: epoch, single: null, floor: epoch, extents: [] };
}

/** The first-decider maps after a write without rollback: an entry is added only where none was. */
function firstDeciders(before: Remembered, effects: readonly WriteEffect[], epoch: number): Pick<Remembered, 'firstOnObject' | 'firstOnDkey' | 'firstObjectPunch'> {
  let { firstOnObject, firstOnDkey, firstObjectPunch } = before;
  for (const e of effects) {
    if (e.op === 'rollback') continue;
    if (!firstOnObject.has(e.oid)) firstOnObject = new Map(firstOnObject).set(e.oid, epoch);
    if (e.op === 'punchObj') {
      if (!firstObjectPunch.has(e.oid)) firstObjectPunch = new Map(firstObjectPunch).set(e.oid, epoch);
      continue;
    }
    const dkeys = firstOnDkey.get(e.oid);
    if (dkeys?.has(e.dkey)) continue;
    firstOnDkey = new Map(firstOnDkey).set(e.oid, new Map(dkeys ?? []).set(e.dkey, epoch));
  }
  return { firstOnObject, firstOnDkey, firstObjectPunch };
}

/**
 * Builds one new view from a remembered one by path copying: a map is copied the first time this
 * write changes something under it, and every copy is new, so the remembered view is untouched.
 */
class ViewEditor {
  private view: ContView;
  private readonly fresh = new Set<ReadonlyMap<string, unknown>>();

  constructor(view: ContView) {
    this.view = view;
  }

  current(): ContView {
    return this.view;
  }

  replace(view: ContView): void {
    this.view = view;
    this.fresh.clear();
  }

  akey(oid: string, dkey: string, akey: string): AkeyView | undefined {
    return this.view.get(oid)?.get(dkey)?.get(akey);
  }

  dkeysOf(oid: string): string[] {
    return [...(this.view.get(oid)?.keys() ?? [])];
  }

  akeysOf(oid: string, dkey: string): string[] {
    return [...(this.view.get(oid)?.get(dkey)?.keys() ?? [])];
  }

  setAkey(oid: string, dkey: string, akey: string, value: AkeyView): void {
    const top = this.writable(this.view);
    this.view = top;
    const obj = this.writable(top.get(oid));
    top.set(oid, obj);
    const dk = this.writable(obj.get(dkey));
    obj.set(dkey, dk);
    dk.set(akey, value);
  }

  /** `map` if this write made it, else a new copy (or a new empty map) that this write owns. */
  private writable<V>(map: ReadonlyMap<string, V> | undefined): Map<string, V> {
    if (map !== undefined && this.fresh.has(map)) return map as Map<string, V>;
    const copy = new Map(map ?? []);
    this.fresh.add(copy);
    return copy;
  }
}

export type { DkeyView, ObjView };
