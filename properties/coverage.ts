import type { ModelState } from '../model/state.ts';

/**
 * Names the model states a run has reached, for the conformance summary: pool map and halt states,
 * target states, container health, transaction lifecycles. Derived from the model's plain data.
 */
export function modelStateLabels(state: ModelState): string[] {
  const labels = new Set<string>();
  if (state.system === null) return ['system:none'];
  labels.add('system:running');
  if (state.system.engineRunning.some((r) => !r)) labels.add('system:engine-stopped');
  for (const pool of state.pools) {
    const disabled = pool.targets.some((t) => t === 'DOWN' || t === 'DOWNOUT');
    labels.add(disabled ? 'pool:TargetsExcluded' : 'pool:Ready');
    if (pool.dead.some(Boolean)) labels.add('pool:halted');
    for (const t of new Set(pool.targets)) labels.add(`target:${t}`);
    for (const cont of pool.containers) {
      labels.add(`container:${cont.status}`);
      if (cont.marks.length > 0) labels.add('container:corrupt-marked');
      if (cont.atRiskThrough > 0) labels.add('container:at-risk-data');
      if (cont.snapshots.length > 0) labels.add('container:has-snapshots');
    }
  }
  for (const tx of Object.values(state.txs)) labels.add(`tx:${tx.state}${tx.snapshotToken !== null ? ':snapshot' : tx.readOnly ? ':read-only' : ''}`);
  return [...labels];
}
