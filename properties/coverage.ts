import type { ModelState, PoolState, TxState } from '../model/state.ts';

/**
 * Names the model states a run has reached, for the conformance summary: pool map and halt states,
 * target states, container health, transaction lifecycles. Derived from the model's plain data.
 *
 * States are immutable (model/cow.ts) and an op changes few parts of one, so the labels are
 * remembered per state, per pool and per transaction table: an op that fails (ERR-2: the state is
 * unchanged) or touches one pool costs lookups, not a scan of the whole state.
 */
export function modelStateLabels(state: ModelState): readonly string[] {
  let labels = labelsOfState.get(state);
  if (labels === undefined) labelsOfState.set(state, (labels = computeLabels(state)));
  return labels;
}

const labelsOfState = new WeakMap<ModelState, readonly string[]>();
const labelsOfPool = new WeakMap<PoolState, readonly string[]>();
const labelsOfTxs = new WeakMap<Readonly<Record<number, TxState>>, readonly string[]>();

function computeLabels(state: ModelState): readonly string[] {
  if (state.system === null) return NO_SYSTEM;
  const stopped = state.system.engineRunning.some((r) => !r);
  // Pool and transaction labels are interned (the same labels: the same array), so when every part
  // is the one the previous state had, as after most data ops, its answer is reused as it is.
  const parts: (readonly string[])[] = state.pools.map(poolLabels);
  parts.push(txLabels(state.txs));
  if (last !== null && last.stopped === stopped && sameParts(last.parts, parts)) return last.labels;
  const labels = new Set<string>();
  labels.add('system:running');
  if (stopped) labels.add('system:engine-stopped');
  for (const part of parts) for (const label of part) labels.add(label);
  last = { stopped, parts, labels: [...labels] };
  return last.labels;
}

const NO_SYSTEM: readonly string[] = ['system:none'];
let last: { readonly stopped: boolean; readonly parts: readonly (readonly string[])[]; readonly labels: readonly string[] } | null = null;

function sameParts(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A pool's labels: its map's (remembered per map) and its containers' (a few flags per container), interned. */
function poolLabels(pool: PoolState): readonly string[] {
  let remembered = labelsOfPool.get(pool);
  if (remembered !== undefined) return remembered;
  let flags = 0;
  for (const cont of pool.containers) {
    flags |= cont.status === 'HEALTHY' ? HEALTHY : UNCLEAN;
    if (cont.marks.length > 0) flags |= MARKED;
    if (cont.atRiskThrough > 0) flags |= AT_RISK;
    if (cont.snapshots.length > 0) flags |= SNAPSHOTS;
  }
  const ofMap = mapLabels(pool);
  let byFlags = poolLabelsByMapLabels.get(ofMap);
  if (byFlags === undefined) poolLabelsByMapLabels.set(ofMap, (byFlags = new Map()));
  remembered = byFlags.get(flags);
  if (remembered === undefined) byFlags.set(flags, (remembered = [...ofMap, ...CONTAINER_LABELS.filter(([flag]) => (flags & flag) !== 0).map(([, label]) => label)]));
  labelsOfPool.set(pool, remembered);
  return remembered;
}

const poolLabelsByMapLabels = new WeakMap<readonly string[], Map<number, readonly string[]>>();

const HEALTHY = 1;
const UNCLEAN = 2;
const MARKED = 4;
const AT_RISK = 8;
const SNAPSHOTS = 16;
const CONTAINER_LABELS: ReadonlyArray<readonly [number, string]> = [
  [HEALTHY, 'container:HEALTHY'], [UNCLEAN, 'container:UNCLEAN'], [MARKED, 'container:corrupt-marked'],
  [AT_RISK, 'container:at-risk-data'], [SNAPSHOTS, 'container:has-snapshots'],
];

/** The pool map's labels, remembered per targets array (with the dead-target array they were made with). */
function mapLabels(pool: PoolState): readonly string[] {
  const known = labelsOfMap.get(pool.targets);
  if (known !== undefined && known.dead === pool.dead) return known.labels;
  const labels: string[] = [];
  const disabled = pool.targets.some((t) => t === 'DOWN' || t === 'DOWNOUT');
  labels.push(disabled ? 'pool:TargetsExcluded' : 'pool:Ready');
  if (pool.dead.some(Boolean)) labels.push('pool:halted');
  for (const t of new Set(pool.targets)) labels.push(`target:${t}`);
  labelsOfMap.set(pool.targets, { dead: pool.dead, labels });
  return labels;
}

const labelsOfMap = new WeakMap<readonly string[], { readonly dead: readonly boolean[]; readonly labels: readonly string[] }>();

function txLabels(txs: Readonly<Record<number, TxState>>): readonly string[] {
  let remembered = labelsOfTxs.get(txs);
  if (remembered !== undefined) return remembered;
  const labels = new Set<string>();
  for (const tx of Object.values(txs)) labels.add(`tx:${tx.state}${tx.snapshotToken !== null ? ':snapshot' : tx.readOnly ? ':read-only' : ''}`);
  const key = [...labels].join('|');
  remembered = txLabelsByKey.get(key);
  if (remembered === undefined) txLabelsByKey.set(key, (remembered = [...labels]));
  labelsOfTxs.set(txs, remembered);
  return remembered;
}

/** Interned transaction label lists (a handful of distinct ones exist). */
const txLabelsByKey = new Map<string, readonly string[]>();
