import { own } from './cow.ts';
import type { StepContext } from './framework.ts';
import { applyTransitions, transitionOf } from './poolmap.ts';
import { verifyContainers } from './rf.ts';
import type { PoolState, SystemState } from './state.ts';
import { nodeOfTarget, targetsOfRank } from './topology.ts';

/**
 * Halt after too many failed fault domains (spec section 4): the HALT-1 count, exclusions (manual
 * and HALT-2 automatic), dead targets, and HALT-5's ways out of deadness. Whether a pool is halted
 * is `isHalted(pool)` in resolve.ts (HALT-4); which operations it blocks is each handler's step 3.
 *
 * What this file does NOT do: liveness (faults.ts), the transition table (poolmap.ts), container
 * verification itself (rf.ts). Functions that change a pool take one the step owns (model/cow.ts).
 */

/**
 * HALT-1: the number of nodes that would have at least one target in DOWN once the exclusion of
 * `selected` is applied. DOWNOUT does not count; dead targets are never DOWN (they stay UPIN, UP or
 * DRAIN), so they count only if this exclusion itself moves them to DOWN.
 */
export function downNodesAfterExclusion(system: SystemState, pool: PoolState, selected: readonly number[]): number {
  const nodes = new Set<number>();
  pool.targets.forEach((state, g) => {
    const after = selected.includes(g) ? (transitionOf('exclude', state) ?? state) : state;
    if (after === 'DOWN') nodes.add(nodeOfTarget(system, g));
  });
  return nodes.size;
}

/** HALT-1: refused if that count exceeds poolRf. */
export function halt1Refuses(system: SystemState, pool: PoolState, selected: readonly number[]): boolean {
  return downNodesAfterExclusion(system, pool, selected) > system.poolRf;
}

/**
 * Applies an exclusion that passed or skipped HALT-1: MAP-5 exclude row in ascending global index
 * (MAP-4, MAP-7). HALT-5: the targets it moves to DOWN stop being dead. RF-3: if at least one target
 * moved to DOWN, the pool's HEALTHY containers are verified. Returns the targets moved to DOWN.
 */
export function applyExclusion(system: SystemState, pool: PoolState, selected: readonly number[], ctx: StepContext): number[] {
  const moved = applyTransitions(system, pool, 'exclude', selected);
  ctx.cite('MAP-5');
  if (moved.length === 0) return moved;
  ctx.cite('MAP-4', 'MAP-7');
  for (const g of moved) {
    if (pool.dead[g]) {
      own(pool, 'dead')[g] = false; // HALT-5
      ctx.cite('HALT-5');
    }
  }
  verifyContainers(system, pool, ctx); // RF-3
  return moved;
}

/**
 * HALT-2: after a fault made `newlyUnavailable` targets unavailable, this pool attempts one
 * exclusion covering exactly those of them that are UPIN, UP or DRAIN in its map. If HALT-1 refuses
 * it, those targets become dead targets of this pool (never retried, HALT-5).
 */
export function autoExclude(system: SystemState, pool: PoolState, newlyUnavailable: readonly number[], ctx: StepContext): void {
  const covered = newlyUnavailable.filter((g) => pool.targets[g] === 'UPIN' || pool.targets[g] === 'UP' || pool.targets[g] === 'DRAIN');
  if (covered.length === 0) return;
  ctx.cite('HALT-2', 'HALT-1');
  if (halt1Refuses(system, pool, covered)) {
    for (const g of covered) own(pool, 'dead')[g] = true;
    return;
  }
  applyExclusion(system, pool, covered, ctx);
}

/** HALT-5 / FAULT-4: a restarted engine's targets stop being dead in every pool; the map is unchanged. */
export function reviveDeadTargetsOfRank(system: SystemState, pool: PoolState, rank: number, ctx: StepContext): void {
  for (const g of targetsOfRank(system, rank)) {
    if (!pool.dead[g]) continue;
    own(pool, 'dead')[g] = false;
    ctx.cite('HALT-5');
  }
}
