import type { PoolInfo } from '../contract/index.ts';
import { own } from './cow.ts';
import { markedOrFailedDomains } from './durability.ts';
import { containerLevel, containerRdFac } from './objects.ts';
import type { ContainerState, CorruptionMark, PoolState, SystemState, TargetStateName } from './state.ts';
import { domainOfTarget, rankCount, rankOfTarget, targetCount, targetsOfRank } from './topology.ts';

/**
 * The pool map (spec section 3): the MAP-5 transition table, MAP-6 target selection, MAP-4 version
 * counting, MAP-7 failure events, MAP-8 rebuild and the MAP-10 query.
 *
 * Pure query helpers other areas use (they read the pool as state.ts documents it):
 *  - upinTargetCount(pool): OBJ-4's U, the number of UPIN targets.
 *  - targetsInStates(pool, states): global indices of targets in the given states (CSUM-4's "DOWN or
 *    UP now" is targetsInStates(pool, ['DOWN', 'UP'])).
 *  - targetsEnteredDownAfter(pool, version): targets with a failure event opened at a version
 *    greater than `version` (CSUM-4's "entered DOWN after C's oldest outstanding mark was created").
 *  - poolInfo(system, pool): the MAP-10 answer.
 *
 * What this file does NOT do: it does not decide whether an exclusion is allowed (HALT-1, halt.ts),
 * does not touch container health (RF-3, rf.ts) and does not know about liveness (faults.ts), except
 * that CSUM-3's marks are dropped (or kept, markAtDownout) here because that happens when a target
 * reaches DOWNOUT.
 * Functions that change a pool take one the step owns (ownPool, model/cow.ts).
 */

export type MapOp = 'exclude' | 'drain' | 'reintegrate' | 'rebuild';

/** MAP-5 cell: the next state, 'BUSY', or null for "— (unchanged, still ok)". */
export type Transition = TargetStateName | 'BUSY' | null;

/** MAP-5, written as the spec's table: rows are operations, columns current states. */
export const MAP5_TABLE: Readonly<Record<MapOp, Readonly<Record<TargetStateName, Transition>>>> = {
  exclude: { UPIN: 'DOWN', UP: 'DOWN', DRAIN: 'DOWN', DOWN: null, DOWNOUT: null },
  drain: { UPIN: 'DRAIN', UP: 'BUSY', DRAIN: null, DOWN: null, DOWNOUT: null },
  reintegrate: { UPIN: null, UP: null, DRAIN: 'BUSY', DOWN: 'UP', DOWNOUT: 'UP' },
  rebuild: { UPIN: null, UP: 'UPIN', DRAIN: 'DOWNOUT', DOWN: 'DOWNOUT', DOWNOUT: null },
};

export function transitionOf(op: MapOp, state: TargetStateName): Transition {
  return MAP5_TABLE[op][state];
}

/**
 * MAP-6: all targets of `rank`, or the listed indices of that rank, as ascending global indices.
 * A rank or index out of range (or not an integer), a duplicate index or an empty list is INVAL.
 */
export function selectTargets(system: SystemState, rank: number, indices: readonly number[] | undefined): number[] | 'INVAL' {
  if (!Number.isInteger(rank) || rank < 0 || rank >= rankCount(system)) return 'INVAL';
  const all = targetsOfRank(system, rank);
  if (indices === undefined) return all;
  if (!Array.isArray(indices) || indices.length === 0) return 'INVAL';
  const seen = new Set<number>();
  for (const t of indices) {
    if (!Number.isInteger(t) || t < 0 || t >= system.targetsPerEngine) return 'INVAL';
    if (seen.has(t)) return 'INVAL';
    seen.add(t);
  }
  return [...seen].map((t) => all[t]).sort((a, b) => a - b);
}

/** MAP-6 all-or-nothing: true if any selected target's MAP-5 transition is BUSY. */
export function anyBusy(pool: PoolState, op: MapOp, selected: readonly number[]): boolean {
  return selected.some((g) => transitionOf(op, pool.targets[g]) === 'BUSY');
}

/**
 * Changes one target's state: MAP-4 (the version takes the next number), MAP-7 (entering DOWN opens
 * an event at that version; reaching DOWNOUT or UPIN closes all open events of the target at that
 * version) and CSUM-3 (reaching DOWNOUT removes the target's outstanding corruption marks in this
 * pool's containers, or keeps them: markAtDownout).
 */
export function setTargetState(system: SystemState, pool: PoolState, g: number, next: TargetStateName): void {
  const prev = pool.targets[g];
  if (prev === undefined) throw new Error(`model invariant: target ${g} out of range`);
  if (prev === next) throw new Error(`model invariant: no-op transition of target ${g} (${prev})`);
  pool.version += 1; // MAP-4
  own(pool, 'targets')[g] = next;
  if (next === 'DOWN') own(pool, 'events').push({ target: g, openedAt: pool.version, closedAt: null }); // MAP-7
  if (next === 'DOWNOUT' || next === 'UPIN') {
    for (let i = 0; i < pool.events.length; i++) {
      const e = pool.events[i];
      if (e.target === g && e.closedAt === null) own(own(pool, 'events'), i).closedAt = pool.version; // MAP-7
    }
  }
  if (next === 'DOWNOUT') {
    for (let i = 0; i < pool.containers.length; i++) {
      const k = pool.containers[i].marks.findIndex((m) => m.target === g && m.keptFor === undefined);
      if (k < 0) continue;
      const cont = own(own(pool, 'containers'), i);
      const kept = markAtDownout(system, pool, cont, cont.marks[k]);
      cont.marks = kept === null ? cont.marks.filter((_, j) => j !== k) : cont.marks.map((m, j) => (j === k ? kept : m)); // CSUM-3
    }
  }
}

/**
 * CSUM-3 as docs/semantics.md section 25 reads it, for an outstanding mark whose target has just
 * reached DOWNOUT: removed (null), unless the rebuild may have had only the marked copy to draw
 * from. n = the number of rd_lvl domains other than the mark's own in CSUM-4's M ∪ F (the map already
 * shows the DOWNOUT). An object tolerating t failures, 1 <= t <= n, had another copy, and all its
 * other copies may lie in those domains: CSUM-4 allowed it CSUM just before, and a rebuild copying the
 * marked copy cannot make that value verifiable again (DAOS's rebuild fetch verifies, and a record
 * that no replica verifies stays unverifiable). The mark is then kept with keptFor n, if any object
 * the container admits can have such a t (OBJ-6: t >= rd_fac).
 */
export function markAtDownout(system: SystemState, pool: PoolState, cont: ContainerState, mark: CorruptionMark): CorruptionMark | null {
  const others = markedOrFailedDomains(system, pool, cont);
  others.delete(domainOfTarget(system, mark.target, containerLevel(cont)));
  return others.size >= Math.max(1, containerRdFac(cont)) ? { ...mark, keptFor: others.size } : null;
}

/**
 * Applies `op` to the selected targets in ascending global index (MAP-4), skipping "—" cells.
 * Callers check BUSY first (MAP-6); a BUSY cell here is a bug. Returns the targets that changed.
 */
export function applyTransitions(system: SystemState, pool: PoolState, op: MapOp, selected: readonly number[]): number[] {
  const changed: number[] = [];
  const ascending = [...selected].sort((a, b) => a - b);
  for (const g of ascending) {
    const next = transitionOf(op, pool.targets[g]);
    if (next === 'BUSY') throw new Error(`model invariant: ${op} applied to a BUSY target ${g}`);
    if (next === null) continue;
    setTargetState(system, pool, g, next);
    changed.push(g);
  }
  return changed;
}

/** MAP-8: every target, so rebuild completes all pending work in one step. */
export function allTargets(pool: PoolState): number[] {
  return pool.targets.map((_, g) => g);
}

export function upinTargetCount(pool: PoolState): number {
  return pool.targets.filter((s) => s === 'UPIN').length;
}

export function targetsInStates(pool: PoolState, states: readonly TargetStateName[]): number[] {
  const out: number[] = [];
  pool.targets.forEach((s, g) => {
    if (states.includes(s)) out.push(g);
  });
  return out;
}

export function targetsEnteredDownAfter(pool: PoolState, version: number): number[] {
  const out = new Set<number>();
  for (const e of pool.events) if (e.openedAt > version) out.add(e.target);
  return [...out].sort((a, b) => a - b);
}

/** HALT-2: ranks owning a dead target, ascending. */
export function deadRanks(system: SystemState, pool: PoolState): number[] {
  const ranks = new Set<number>();
  pool.dead.forEach((d, g) => {
    if (d) ranks.add(rankOfTarget(system, g));
  });
  return [...ranks].sort((a, b) => a - b);
}

/** MAP-10 */
export function poolInfo(system: SystemState, pool: PoolState): PoolInfo {
  const ntarget = targetCount(system);
  if (pool.targets.length !== ntarget) throw new Error('model invariant: pool map size differs from the topology');
  const disabledState = (s: TargetStateName) => s === 'DOWN' || s === 'DOWNOUT';
  const disabled = pool.targets.filter(disabledState).length;
  const busy = pool.targets.some((s) => s === 'DOWN' || s === 'DRAIN' || s === 'UP');
  const disabledRanks: number[] = [];
  for (let r = 0; r < rankCount(system); r++) {
    if (targetsOfRank(system, r).every((g) => disabledState(pool.targets[g]))) disabledRanks.push(r);
  }
  return {
    ntarget,
    disabled,
    version: pool.version,
    state: disabled > 0 ? 'TargetsExcluded' : 'Ready',
    rebuild: busy ? 'busy' : pool.rebuildEverChanged ? 'done' : 'idle',
    disabledRanks,
    deadRanks: deadRanks(system, pool),
  };
}
