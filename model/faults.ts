import { own } from './cow.ts';
import type { Draftable } from './framework.ts';
import { findContainer } from './resolve.ts';
import type { ContainerState, PoolState, SystemState } from './state.ts';
import { isTargetAlive, rankCount, targetsOfRank } from './topology.ts';

/**
 * The fault vocabulary (spec section 19): liveness of engines and targets, argument checks, and
 * FAULT-5's container lookup. Each fail* function changes liveness only and returns the targets
 * that stopped being alive because of it (HALT-2's "newly unavailable"), ascending; the handler
 * then runs one automatic exclusion per pool (halt.ts).
 *
 * What this file does NOT do: touch any pool map (halt.ts, poolmap.ts) or model message loss
 * (FAULT-6 is never observable, ERR-4, DUR-5). The fail* and restart functions change a system the
 * step owns (ownSystem, model/cow.ts).
 */

export function validRank(system: SystemState, rank: number): boolean {
  return Number.isInteger(rank) && rank >= 0 && rank < rankCount(system);
}

export function validTargetIndex(system: SystemState, target: number): boolean {
  return Number.isInteger(target) && target >= 0 && target < system.targetsPerEngine;
}

export function validNode(system: SystemState, node: number): boolean {
  return Number.isInteger(node) && node >= 0 && node < system.nodes;
}

/** FAULT-1: the target stops being alive. Failing a target that is not alive changes nothing (FAULT-7). */
export function failTarget(system: SystemState, g: number): number[] {
  if (!isTargetAlive(system, g)) return [];
  own(system, 'targetFailed')[g] = true;
  return [g];
}

/** FAULT-2: the engine stops; its targets that were alive are newly unavailable. */
export function failEngine(system: SystemState, rank: number): number[] {
  if (!system.engineRunning[rank]) return []; // FAULT-7
  const newly = targetsOfRank(system, rank).filter((g) => isTargetAlive(system, g));
  own(system, 'engineRunning')[rank] = false;
  return newly;
}

/** FAULT-3: every engine of the node stops. */
export function failNode(system: SystemState, node: number): number[] {
  const newly: number[] = [];
  for (let e = 0; e < system.enginesPerNode; e++) newly.push(...failEngine(system, node * system.enginesPerNode + e));
  return newly.sort((a, b) => a - b);
}

/**
 * FAULT-4: a stopped engine runs again and all its targets are alive. Returns false if the engine was
 * already running: (choice, FAULT-7 literally) restarting a running engine changes nothing, even if
 * one of its targets failed individually; such a target comes back only through an engine failure
 * and restart, as with DAOS, where starting a running rank is a no-op.
 */
export function restartEngine(system: SystemState, rank: number): boolean {
  if (system.engineRunning[rank]) return false;
  own(system, 'engineRunning')[rank] = true;
  for (const g of targetsOfRank(system, rank)) own(system, 'targetFailed')[g] = false;
  return true;
}

/**
 * FAULT-5's lookup: a UUID-form `cont` is an id looked up across all pools; anything else is a label
 * looked up in pools in creation order, first match (LABEL-5).
 */
export function findContainerAnywhere(draft: Draftable, ref: string): { pool: PoolState; cont: ContainerState } | undefined {
  if (typeof ref !== 'string') return undefined;
  for (const pool of draft.pools as PoolState[]) {
    const cont = findContainer(pool, ref); // LABEL-5: UUID form is an id, anything else a label
    if (cont) return { pool, cont };
  }
  return undefined;
}

/** FAULT-6: count 1..3 (LIMITS.dropMessagesCountMax). */
export function validDropCount(count: number, max: number): boolean {
  return Number.isInteger(count) && count >= 1 && count <= max;
}
