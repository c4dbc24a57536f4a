import { assert } from './assert.ts';
import { transition, type TargetOp, type TargetState } from './target-state.ts';

/**
 * The pool map of one pool (MAP-2..MAP-8): topology, per-target states, version.
 *
 * Immutable data: a PoolMap is a frozen plain object and every operation returns a new map (or an
 * error and no map), so an old map stays valid for comparison and a failed operation cannot leave
 * a half-applied map behind (ERR-2). There is no clone(): sharing is always safe.
 *
 * Not here on purpose: liveness, dead targets, halt (HALT-*), RF checks, failure events (MAP-7) and
 * MAP-9's "not alive" BUSY. The engine composes those from the `changes` each operation returns.
 * Pool extension is not supported (MAP-1), so NEW never occurs.
 */
export interface PoolTopology {
  readonly nodes: number;
  readonly enginesPerNode: number;
  readonly targetsPerEngine: number;
}

export interface PoolMap extends PoolTopology {
  readonly version: number;
  /** State of global target g = rank·targetsPerEngine + t (MAP-2). */
  readonly states: readonly TargetState[];
}

/** One target's state change, with the version it took (MAP-4). */
export interface TargetChange {
  readonly target: number;
  readonly from: TargetState;
  readonly to: TargetState;
  readonly version: number;
}

export type MapUpdate =
  | { readonly ok: true; readonly map: PoolMap; readonly changes: readonly TargetChange[] }
  | { readonly ok: false; readonly error: 'INVAL' | 'BUSY' };

/** Upper bound on targets, so every per-target loop and typed array here is bounded. */
export const POOL_TARGETS_MAX = 1 << 20;

/** MAP-3: a new pool map, every target UPIN, version 1. Throws on a topology MAP-1 rejects. */
export function createPoolMap(topology: PoolTopology): PoolMap {
  const { nodes, enginesPerNode, targetsPerEngine } = topology;
  for (const n of [nodes, enginesPerNode, targetsPerEngine]) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`topology field must be an integer >= 1, got ${n}`);
  }
  const total = nodes * enginesPerNode * targetsPerEngine;
  if (total > POOL_TARGETS_MAX) throw new RangeError(`topology has ${total} targets, more than ${POOL_TARGETS_MAX}`);
  const states: TargetState[] = new Array<TargetState>(total).fill('UPIN');
  return freezeMap({ nodes, enginesPerNode, targetsPerEngine }, 1, states);
}

export function targetCount(map: PoolTopology): number {
  return map.nodes * map.enginesPerNode * map.targetsPerEngine;
}

export function rankCount(map: PoolTopology): number {
  return map.nodes * map.enginesPerNode;
}

/** MAP-2: global index of target `t` of engine `rank`. */
export function globalTarget(map: PoolTopology, rank: number, t: number): number {
  assert(rank >= 0 && rank < rankCount(map) && t >= 0 && t < map.targetsPerEngine, `target ${rank}:${t} out of range`);
  return rank * map.targetsPerEngine + t;
}

export function rankOfTarget(map: PoolTopology, target: number): number {
  return Math.floor(target / map.targetsPerEngine);
}

export function nodeOfTarget(map: PoolTopology, target: number): number {
  return Math.floor(target / (map.targetsPerEngine * map.enginesPerNode));
}

/** MAP-6 for one rank: exclude, drain or reintegrate all its targets, or the listed indices. */
export function applyRankOp(map: PoolMap, op: Exclude<TargetOp, 'rebuild'>, rank: number, targets?: readonly number[]): MapUpdate {
  if (!Number.isInteger(rank) || rank < 0 || rank >= rankCount(map)) return { ok: false, error: 'INVAL' };
  const selected: number[] = [];
  if (targets === undefined) {
    for (let t = 0; t < map.targetsPerEngine; t++) selected.push(rank * map.targetsPerEngine + t);
  } else {
    if (targets.length === 0) return { ok: false, error: 'INVAL' };
    const seen = new Set<number>();
    for (const t of targets) {
      if (!Number.isInteger(t) || t < 0 || t >= map.targetsPerEngine || seen.has(t)) return { ok: false, error: 'INVAL' };
      seen.add(t);
      selected.push(rank * map.targetsPerEngine + t);
    }
  }
  return applyToTargets(map, op, selected);
}

/**
 * Applies `op` to a set of global targets (any ranks), all-or-nothing (MAP-6): if one selected
 * target's transition is BUSY, nothing changes. The engine uses this directly for automatic
 * exclusions that span ranks (FAULT-2, FAULT-3). An empty selection changes nothing. Indices out of
 * range or duplicated are a caller bug and throw (user input goes through applyRankOp).
 */
export function applyToTargets(map: PoolMap, op: TargetOp, targets: readonly number[]): MapUpdate {
  const total = targetCount(map);
  const sorted = [...targets].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    assert(Number.isInteger(sorted[i]) && sorted[i] >= 0 && sorted[i] < total, `target ${sorted[i]} out of range`);
    assert(i === 0 || sorted[i] !== sorted[i - 1], `duplicate target ${sorted[i]}`);
  }
  for (const g of sorted) if (transition(op, map.states[g]) === 'BUSY') return { ok: false, error: 'BUSY' };
  // MAP-4: ascending global index, each changed target takes the next version.
  const states = map.states.slice();
  const changes: TargetChange[] = [];
  let version = map.version;
  for (const g of sorted) {
    const to = transition(op, states[g]);
    assert(to !== 'BUSY', 'BUSY after the all-or-nothing check');
    if (to === states[g]) continue;
    version += 1;
    changes.push(Object.freeze({ target: g, from: states[g], to, version }));
    states[g] = to;
  }
  if (changes.length === 0) return { ok: true, map, changes: Object.freeze(changes) };
  return { ok: true, map: freezeMap(map, version, states), changes: Object.freeze(changes) };
}

/** MAP-8: completes all pending rebuild work at once; with nothing pending, changes nothing. */
export function rebuildPoolMap(map: PoolMap): MapUpdate {
  const all: number[] = [];
  for (let g = 0; g < map.states.length; g++) all.push(g);
  const update = applyToTargets(map, 'rebuild', all);
  assert(update.ok, 'rebuild is never BUSY (MAP-5)');
  return update;
}

/** Number of UPIN targets, which OBJ-4 uses to resolve GX. */
export function countUpin(map: PoolMap): number {
  let n = 0;
  for (const s of map.states) if (s === 'UPIN') n++;
  return n;
}

function freezeMap(topology: PoolTopology, version: number, states: TargetState[]): PoolMap {
  assert(states.length === targetCount(topology), 'states length matches topology');
  return Object.freeze({
    nodes: topology.nodes,
    enginesPerNode: topology.enginesPerNode,
    targetsPerEngine: topology.targetsPerEngine,
    version,
    states: Object.freeze(states),
  });
}
