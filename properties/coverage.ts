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
  if (state.system === null) return ['system:none'];
  const labels = new Set<string>();
  labels.add('system:running');
  if (state.system.engineRunning.some((r) => !r)) labels.add('system:engine-stopped');
  for (const pool of state.pools) for (const label of poolLabels(pool)) labels.add(label);
  for (const label of txLabels(state.txs)) labels.add(label);
  return [...labels];
}

/** A pool's labels: its map's (remembered per map) and its containers' (a few flags per container). */
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
  remembered = [...mapLabels(pool), ...CONTAINER_LABELS.filter(([flag]) => (flags & flag) !== 0).map(([, label]) => label)];
  labelsOfPool.set(pool, remembered);
  return remembered;
}

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
  remembered = [...labels];
  labelsOfTxs.set(txs, remembered);
  return remembered;
}
