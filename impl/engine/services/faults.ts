import { err, LIMITS, ok, type OpOf } from '../../../contract/index.ts';
import { isReference, isUuidForm } from '../args/labels.ts';
import type { Container } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { OpResult } from './handler.ts';
import { findContainer } from './lookup.ts';
import { autoExclude, reviveTargets } from './pool-service.ts';

/**
 * Fault operations (FAULT-1..7): liveness changes feed the pool service's automatic exclusion
 * (HALT-2); corruption flips stored value bytes through the VOS fault hook; lost messages are queued
 * on the bus (FAULT-6).
 */
function validTarget(s: RunningState, rank: number, target: number): boolean {
  return Number.isInteger(rank) && rank >= 0 && rank < s.cluster.rankCount && Number.isInteger(target) && target >= 0 && target < s.system.targetsPerEngine;
}

export function failTarget(s: RunningState, op: OpOf<'fault.failTarget'>): OpResult<'fault.failTarget'> {
  if (!validTarget(s, op.rank, op.target)) return err('INVAL');
  autoExclude(s, s.cluster.failTarget(s.cluster.targetOf(op.rank, op.target)));
  return ok(null);
}

export function failEngine(s: RunningState, op: OpOf<'fault.failEngine'>): OpResult<'fault.failEngine'> {
  if (!Number.isInteger(op.rank) || op.rank < 0 || op.rank >= s.cluster.rankCount) return err('INVAL');
  autoExclude(s, s.cluster.failEngine(op.rank));
  return ok(null);
}

export function failNode(s: RunningState, op: OpOf<'fault.failNode'>): OpResult<'fault.failNode'> {
  const sys = s.system;
  if (!Number.isInteger(op.node) || op.node < 0 || op.node >= sys.nodes) return err('INVAL');
  const lost: number[] = [];
  for (let e = 0; e < sys.enginesPerNode; e++) lost.push(...s.cluster.failEngine(op.node * sys.enginesPerNode + e));
  autoExclude(s, lost);
  return ok(null);
}

export function restartEngine(s: RunningState, op: OpOf<'fault.restartEngine'>): OpResult<'fault.restartEngine'> {
  if (!Number.isInteger(op.rank) || op.rank < 0 || op.rank >= s.cluster.rankCount) return err('INVAL');
  reviveTargets(s, s.cluster.restartEngine(op.rank));
  return ok(null);
}

/** FAULT-5's container argument: an id, or a label looked up in pools in creation order. */
function findAnyContainer(s: RunningState, ref: string): { pool: Pool; cont: Container } | undefined {
  for (const pool of s.pools.values()) {
    const found = findContainer(pool, ref);
    if (found.ok) return { pool, cont: found.value };
    if (isUuidForm(ref)) continue;
  }
  return undefined;
}

/**
 * FAULT-5: step 1 (the container reference, LABEL-5, then rank and target), the container, then
 * checksums on and the target alive and UPIN. The damage is the only trace: reads find it through
 * the checksums (CSUM-4); no corruption mark is kept, since nothing here would read one (CSUM-3's
 * marks decide only which outcomes the model allows).
 */
export function corrupt(s: RunningState, op: OpOf<'fault.corrupt'>): OpResult<'fault.corrupt'> {
  if (!isReference(op.cont) || !validTarget(s, op.rank, op.target)) return err('INVAL');
  const found = findAnyContainer(s, op.cont);
  if (!found) return err('NONEXIST');
  const { pool, cont } = found;
  const g = s.cluster.targetOf(op.rank, op.target);
  if (!cont.cksum) return err('INVAL');
  if (!s.cluster.isAlive(g) || pool.map.states[g] !== 'UPIN') return err('INVAL');
  const store = s.cluster.store(g, cont.id);
  // Flip a handful of value bytes per stored record on average; xor twice on one byte undoes itself,
  // which only makes the damage smaller (never observable beyond CSUM-4).
  let records = 0;
  for (const r of store.records()) if (r.type === 'single' || (r.type === 'extent' && r.record.data !== null)) records++;
  store.corrupt((bound) => s.prng.nextInt(bound), records * 2);
  return ok(null);
}

export function dropMessages(s: RunningState, op: OpOf<'fault.dropMessages'>): OpResult<'fault.dropMessages'> {
  if (!validTarget(s, op.rank, op.target)) return err('INVAL');
  if (!Number.isInteger(op.count) || op.count < 1 || op.count > LIMITS.dropMessagesCountMax) return err('INVAL');
  s.bus.dropNext(s.cluster.targetOf(op.rank, op.target), op.count);
  return ok(null);
}
