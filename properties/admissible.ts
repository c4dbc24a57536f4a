import { REDUNDANCY_CODES, decodeOid, type Op } from '../contract/index.ts';
import type { ContainerState, ModelState, PoolState, SystemState, TargetStateName, WriteLog, WriteLogNode } from '../model/state.ts';

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

/**
 * Constraint 1 on `state`. Remembered per pools array: states are immutable (model/cow.ts), and an
 * op that changes no pool, map or written object leaves the array as it was, so most ops cost one
 * lookup. Otherwise each pool costs its map's healthy-node count (remembered per map) and the
 * largest group of its containers' logs (remembered per log node, so extending a log costs its new
 * writes only): nothing here grows with the trace.
 */
function respectsRedundancyFloor(state: ModelState): boolean {
  const system = state.system;
  if (!system) return true;
  let respects = floorRespected.get(state.pools);
  if (respects === undefined) {
    respects = state.pools.every((pool) => {
      const largest = largestGroupWritten(pool);
      return largest === 0 || healthyNodes(system, pool) >= largest;
    });
    floorRespected.set(state.pools, respects);
  }
  return respects;
}

const floorRespected = new WeakMap<readonly PoolState[], boolean>();

/** Nodes whose targets are all UPIN in this pool's map. */
function healthyNodes(system: SystemState, pool: PoolState): number {
  let count = healthyNodesOfMap.get(pool.targets);
  if (count !== undefined) return count;
  const targetsPerNode = system.enginesPerNode * system.targetsPerEngine;
  count = 0;
  for (let node = 0; node < system.nodes; node++) {
    let allUpin = true;
    for (let i = 0; i < targetsPerNode && allUpin; i++) allUpin = pool.targets[node * targetsPerNode + i] === 'UPIN';
    if (allUpin) count++;
  }
  healthyNodesOfMap.set(pool.targets, count);
  return count;
}

const healthyNodesOfMap = new WeakMap<readonly TargetStateName[], number>();

/** The largest redundancy group size of any object written in any container of the pool (0 = none). */
function largestGroupWritten(pool: PoolState): number {
  let largest = 0;
  for (const cont of pool.containers) largest = Math.max(largest, largestGroupInLog(cont.writes));
  return largest;
}

/** The same for one log: remembered per node, built from the newest remembered one forward. */
function largestGroupInLog(log: WriteLog): number {
  const missing: WriteLogNode[] = [];
  let largest = 0;
  for (let node: WriteLog = log; node.last !== null; node = node.prev) {
    const known = largestGroupOfLog.get(node);
    if (known !== undefined) {
      largest = known;
      break;
    }
    missing.push(node);
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    for (const e of missing[i].last.effects) if ('oid' in e) largest = Math.max(largest, groupSizeOfOidKey(e.oid));
    largestGroupOfLog.set(missing[i], largest);
  }
  return largest;
}

const largestGroupOfLog = new WeakMap<WriteLogNode, number>();

/** Group size of an object's class, by its oidKey; decoded once per distinct key. */
function groupSizeOfOidKey(key: string): number {
  let size = groupSizeByOidKey.get(key);
  if (size === undefined) {
    const [hi, lo] = key.split('.');
    const fields = decodeOid({ hi, lo });
    size = fields ? REDUNDANCY_CODES.get(fields.code)?.groupSize ?? 0 : 0;
    if (groupSizeByOidKey.size >= GROUP_SIZE_CACHE_MAX) groupSizeByOidKey.clear(); // a bound, not a policy
    groupSizeByOidKey.set(key, size);
  }
  return size;
}

const GROUP_SIZE_CACHE_MAX = 4096;
const groupSizeByOidKey = new Map<string, number>();

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
