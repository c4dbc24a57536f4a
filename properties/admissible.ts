import { REDUNDANCY_CODES, decodeOid, type Op } from '../contract/index.ts';
import { writesOldestFirst, type ContainerState, type ModelState, type PoolState } from '../model/state.ts';

/**
 * FAULT-8: outside these generator constraints the contract predicts nothing, so the runner skips
 * (applies to neither side) an op that would break one. Decided on the model's state only, so the
 * decision is the same for every implementation and every replay.
 *  1. In every pool, the number of nodes whose targets are all UPIN never drops below the largest
 *     group size of any class written in that pool.
 *  2. Corruption only as FAULT-5 permits: the model already answers INVAL otherwise, nothing to do.
 *  3. Once a container has been UNCLEAN, no conditional update or punch, kind change, or rollback
 *     depends on at-risk state; no rollback while the container has corruption marks.
 * One more, a harness choice where the spec is silent: pool.create only while every target is alive.
 * MAP-3 gives a new pool every target UPIN, so a pool created over a stopped engine would place
 * data on a target that cannot hold it; DAOS itself refuses to create a pool on unavailable ranks.
 * Constraint 3 is applied conservatively: on a container that has at-risk data, every conditional
 * update/punch, every kind-changing update and every rollback is skipped.
 * It does NOT skip anything for reasons other than FAULT-8.
 */
export function isAdmissible(before: ModelState, op: Op, after: ModelState): boolean {
  if (op.type === 'pool.create' && !allTargetsAlive(before)) return false;
  if (!respectsRedundancyFloor(after)) return false;
  return respectsAtRiskRule(before, op);
}

function allTargetsAlive(state: ModelState): boolean {
  const system = state.system;
  if (!system) return true;
  return system.engineRunning.every(Boolean) && !system.targetFailed.some(Boolean);
}

function respectsRedundancyFloor(state: ModelState): boolean {
  const system = state.system;
  if (!system) return true;
  const targetsPerNode = system.enginesPerNode * system.targetsPerEngine;
  for (const pool of state.pools) {
    const largest = largestGroupWritten(pool);
    if (largest === 0) continue;
    let healthyNodes = 0;
    for (let node = 0; node < system.nodes; node++) {
      let allUpin = true;
      for (let i = 0; i < targetsPerNode && allUpin; i++) allUpin = pool.targets[node * targetsPerNode + i] === 'UPIN';
      if (allUpin) healthyNodes++;
    }
    if (healthyNodes < largest) return false;
  }
  return true;
}

function largestGroupWritten(pool: PoolState): number {
  let largest = 0;
  for (const cont of pool.containers) {
    for (const w of writesOldestFirst(cont.writes)) {
      for (const e of w.effects) {
        if (!('oid' in e)) continue;
        largest = Math.max(largest, groupSizeOfOidKey(e.oid));
      }
    }
  }
  return largest;
}

function groupSizeOfOidKey(key: string): number {
  const [hi, lo] = key.split('.');
  const fields = decodeOid({ hi, lo });
  return fields ? REDUNDANCY_CODES.get(fields.code)?.groupSize ?? 0 : 0;
}

function respectsAtRiskRule(before: ModelState, op: Op): boolean {
  if (!('coh' in op)) return true;
  const cont = containerOfHandle(before, op.coh);
  if (!cont) return true;
  if (op.type === 'cont.rollback') return cont.atRiskThrough === 0 && cont.marks.length === 0;
  if (cont.atRiskThrough === 0) return true;
  switch (op.type) {
    case 'obj.update':
      if (op.cond) return false;
      return op.iods.every((iod) => {
        const kind = cont.kinds[kindKey(op.oid, op.dkey, iod.akey)];
        return kind === undefined || kind === ('single' in iod ? 'single' : 'array');
      });
    case 'obj.punchExtents': case 'obj.punchDkey': case 'obj.punchAkeys':
      return !op.cond;
    default:
      return true;
  }
}

/**
 * The key model/state.ts uses for ContainerState.kinds. Must match the data model's akeyPath();
 * a unit test pairs the two.
 */
export function kindKey(oid: { hi: string; lo: string }, dkey: string, akey: string): string {
  return JSON.stringify([`${oid.hi}.${oid.lo}`, dkey, akey]);
}

function containerOfHandle(state: ModelState, coh: number): ContainerState | undefined {
  const handle = state.contHandles[coh];
  if (!handle) return undefined;
  return state.pools.find((p) => p.id === handle.poolId)?.containers.find((c) => c.id === handle.contId);
}
