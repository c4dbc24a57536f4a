import { LIMITS, ok, type OpOf } from '../../contract/index.ts';
import * as faults from '../faults.ts';
import { fail, type Allowed, type Draftable, type HandlerTable, type StepContext } from '../framework.ts';
import { applyExclusion, autoExclude, halt1Refuses, reviveDeadTargetsOfRank } from '../halt.ts';
import { allTargets, anyBusy, applyTransitions, poolInfo, selectTargets, type MapOp } from '../poolmap.ts';
import { own } from '../cow.ts';
import { referenceProblem } from '../labels.ts';
import { findPool, isHalted, ownContainer, ownPool, ownPools, ownSystem } from '../resolve.ts';
import type { PoolState, SystemState } from '../state.ts';
import { isTargetAlive } from '../topology.ts';

/**
 * System, pool map, halt, RF and faults (sections 3, 4, 18, 19). Owned by the map work.
 * Each handler checks in the order of section 22 (ERR-3) and mutates only once it has decided,
 * through the system and pools it owns (ownSystem, ownPool, ownPools: model/cow.ts).
 */

type MapKinds =
  | 'system.create' | 'pool.query' | 'pool.exclude' | 'pool.drain' | 'pool.reintegrate' | 'pool.rebuild'
  | 'fault.failTarget' | 'fault.failEngine' | 'fault.failNode' | 'fault.restartEngine' | 'fault.corrupt' | 'fault.dropMessages';

/** step.ts answers NONEXIST for every op but system.create before a system exists. */
function systemOf(draft: Draftable): SystemState {
  if (draft.system === null) throw new Error('model invariant: map op reached its handler without a system');
  return draft.system;
}

/** MAP-1: out-of-range (or absent) poolRf becomes the DAOS default 2. */
function normalizePoolRf(poolRf: number | undefined): number {
  if (poolRf !== undefined && Number.isInteger(poolRf) && poolRf >= 0 && poolRf <= LIMITS.poolRfMax) return poolRf;
  return LIMITS.poolRfDefault;
}

function systemCreate(draft: Draftable, op: OpOf<'system.create'>, ctx: StepContext): Allowed {
  // Step 1: MAP-1 validation.
  for (const count of [op.nodes, op.enginesPerNode, op.targetsPerEngine]) {
    if (!Number.isInteger(count) || count < 1) return fail(ctx, 'INVAL', 'MAP-1');
  }
  // (choice) The topology is fixed for the system's lifetime (MAP-1): a second system.create is
  // ALREADY, the ERR-1 code for "this has been done", after argument validation (ERR-3).
  if (draft.system !== null) return fail(ctx, 'ALREADY', 'MAP-1');
  const ranks = op.nodes * op.enginesPerNode;
  draft.system = {
    nodes: op.nodes,
    enginesPerNode: op.enginesPerNode,
    targetsPerEngine: op.targetsPerEngine,
    poolRf: normalizePoolRf(op.poolRf),
    engineRunning: new Array<boolean>(ranks).fill(true), // section 19: all engines running
    targetFailed: new Array<boolean>(ranks * op.targetsPerEngine).fill(false),
  };
  ctx.cite('MAP-1', 'MAP-2');
  return ok(null);
}

function poolQuery(draft: Draftable, op: OpOf<'pool.query'>, ctx: StepContext): Allowed {
  const system = systemOf(draft);
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const pool = findPool(draft, op.pool);
  if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5');
  ctx.cite('MAP-10');
  // HALT-4: pool.query still answers while halted and lists the dead ranks.
  if (isHalted(pool)) ctx.cite('HALT-4');
  return ok(poolInfo(system, pool));
}

type AdminOp = OpOf<'pool.exclude'> | OpOf<'pool.drain'> | OpOf<'pool.reintegrate'>;

/** Steps 1 and 2 shared by exclude, drain and reintegrate: MAP-6 selection, then the pool. */
function resolveAdmin(draft: Draftable, op: AdminOp, ctx: StepContext): { system: SystemState; pool: PoolState; selected: number[] } | Allowed {
  const system = systemOf(draft);
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const selected = selectTargets(system, op.rank, op.targets);
  if (selected === 'INVAL') return fail(ctx, 'INVAL', 'MAP-6');
  const pool = findPool(draft, op.pool);
  if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5');
  return { system, pool, selected };
}

function isResolved(r: ReturnType<typeof resolveAdmin>): r is { system: SystemState; pool: PoolState; selected: number[] } {
  return 'selected' in r;
}

function poolExclude(draft: Draftable, op: OpOf<'pool.exclude'>, ctx: StepContext): Allowed {
  const r = resolveAdmin(draft, op, ctx);
  if (!isResolved(r)) return r;
  const { system, pool, selected } = r;
  // The exclude row of MAP-5 has no BUSY cell, so only HALT-1 can refuse (step 7).
  if (op.force === true) {
    ctx.cite('HALT-3'); // force skips HALT-1
  } else if (halt1Refuses(system, pool, selected)) {
    return fail(ctx, 'RF', 'HALT-1', 'HALT-3');
  } else {
    ctx.cite('HALT-1');
  }
  applyExclusion(system, ownPool(draft, pool.id), selected, ctx);
  ctx.cite('MAP-6');
  return ok(null);
}

function drainOrReintegrate(kind: Extract<MapOp, 'drain' | 'reintegrate'>) {
  return (draft: Draftable, op: OpOf<'pool.drain'> | OpOf<'pool.reintegrate'>, ctx: StepContext): Allowed => {
    const r = resolveAdmin(draft, op, ctx);
    if (!isResolved(r)) return r;
    const { system, pool, selected } = r;
    // Step 7, all-or-nothing (MAP-6): a BUSY cell of MAP-5, or MAP-9's target that is not alive.
    if (anyBusy(pool, kind, selected)) return fail(ctx, 'BUSY', 'MAP-5', 'MAP-6');
    if (kind === 'reintegrate') {
      const unreachable = selected.some((g) => (pool.targets[g] === 'DOWN' || pool.targets[g] === 'DOWNOUT') && !isTargetAlive(system, g));
      if (unreachable) return fail(ctx, 'BUSY', 'MAP-9', 'MAP-6');
    }
    const changed = applyTransitions(system, ownPool(draft, pool.id), kind, selected);
    ctx.cite('MAP-5', 'MAP-6');
    if (changed.length > 0) ctx.cite('MAP-4', 'MAP-7');
    return ok(null);
  };
}

function poolRebuild(draft: Draftable, op: OpOf<'pool.rebuild'>, ctx: StepContext): Allowed {
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const found = findPool(draft, op.pool);
  if (!found) return fail(ctx, 'NONEXIST', 'LABEL-5');
  if (isHalted(found)) return fail(ctx, 'TIMEDOUT', 'HALT-4');
  const pool = ownPool(draft, found.id);
  // MAP-8: all pending work at once, ascending global index (MAP-4).
  const changed = applyTransitions(systemOf(draft), pool, 'rebuild', allTargets(pool));
  ctx.cite('MAP-8', 'MAP-5');
  if (changed.length > 0) {
    pool.rebuildEverChanged = true; // MAP-10 `rebuild: done`
    ctx.cite('MAP-4', 'MAP-7');
  }
  return ok(null);
}

/** HALT-2: one automatic exclusion per pool, each deciding independently, in creation order. */
function excludeEverywhere(draft: Draftable, system: SystemState, newly: readonly number[], ctx: StepContext): void {
  if (newly.length === 0) {
    ctx.cite('FAULT-7'); // failing something already stopped changes nothing else
    return;
  }
  for (const pool of ownPools(draft)) autoExclude(system, pool, newly, ctx);
}

function failTarget(draft: Draftable, op: OpOf<'fault.failTarget'>, ctx: StepContext): Allowed {
  if (!faults.validRank(systemOf(draft), op.rank) || !faults.validTargetIndex(systemOf(draft), op.target)) return fail(ctx, 'INVAL', 'FAULT-7', 'MAP-2');
  ctx.cite('FAULT-1');
  const system = ownSystem(draft);
  excludeEverywhere(draft, system, faults.failTarget(system, op.rank * system.targetsPerEngine + op.target), ctx);
  return ok(null);
}

function failEngine(draft: Draftable, op: OpOf<'fault.failEngine'>, ctx: StepContext): Allowed {
  if (!faults.validRank(systemOf(draft), op.rank)) return fail(ctx, 'INVAL', 'FAULT-7', 'MAP-2');
  ctx.cite('FAULT-2');
  const system = ownSystem(draft);
  excludeEverywhere(draft, system, faults.failEngine(system, op.rank), ctx);
  return ok(null);
}

function failNode(draft: Draftable, op: OpOf<'fault.failNode'>, ctx: StepContext): Allowed {
  if (!faults.validNode(systemOf(draft), op.node)) return fail(ctx, 'INVAL', 'FAULT-7', 'MAP-2');
  ctx.cite('FAULT-3');
  const system = ownSystem(draft);
  excludeEverywhere(draft, system, faults.failNode(system, op.node), ctx);
  return ok(null);
}

function restartEngine(draft: Draftable, op: OpOf<'fault.restartEngine'>, ctx: StepContext): Allowed {
  if (!faults.validRank(systemOf(draft), op.rank)) return fail(ctx, 'INVAL', 'FAULT-7', 'MAP-2');
  ctx.cite('FAULT-4');
  const system = ownSystem(draft);
  if (!faults.restartEngine(system, op.rank)) {
    ctx.cite('FAULT-7'); // restarting a running engine changes nothing
    return ok(null);
  }
  // HALT-5: dead targets return to service; the map is unchanged, excluded targets stay excluded.
  for (const pool of ownPools(draft)) reviveDeadTargetsOfRank(system, pool, op.rank, ctx);
  return ok(null);
}

function corrupt(draft: Draftable, op: OpOf<'fault.corrupt'>, ctx: StepContext): Allowed {
  const system = systemOf(draft);
  // Step 1: arguments; step 2: the container; then FAULT-5's state checks.
  if (typeof op.cont !== 'string') return fail(ctx, 'INVAL', 'FAULT-5');
  if (referenceProblem(op.cont)) return fail(ctx, 'INVAL', 'FAULT-5', 'LABEL-5');
  if (!faults.validRank(system, op.rank) || !faults.validTargetIndex(system, op.target)) return fail(ctx, 'INVAL', 'FAULT-5', 'FAULT-7');
  const found = faults.findContainerAnywhere(draft, op.cont);
  if (!found) return fail(ctx, 'NONEXIST', 'FAULT-5', 'LABEL-5');
  const { pool, cont } = found;
  if (cont.props['cksum'] === 'off' || cont.props['cksum'] === undefined) return fail(ctx, 'INVAL', 'FAULT-5');
  const g = op.rank * system.targetsPerEngine + op.target;
  if (!isTargetAlive(system, g) || pool.targets[g] !== 'UPIN') return fail(ctx, 'INVAL', 'FAULT-5');
  // CSUM-3: a mark is the pair (container, target); corrupting a marked target again keeps the
  // existing mark and its creation version (choice: the mark set is a set of pairs). A mark kept at
  // DOWNOUT (section 25) is not outstanding: the target, UPIN again, takes a new mark beside it.
  if (!cont.marks.some((m) => m.target === g && m.keptFor === undefined)) own(ownContainer(draft, cont), 'marks').push({ target: g, createdAtVersion: pool.version });
  ctx.cite('FAULT-5', 'CSUM-3');
  return ok(null);
}

function dropMessages(draft: Draftable, op: OpOf<'fault.dropMessages'>, ctx: StepContext): Allowed {
  const system = systemOf(draft);
  if (!faults.validRank(system, op.rank) || !faults.validTargetIndex(system, op.target)) return fail(ctx, 'INVAL', 'FAULT-6', 'FAULT-7');
  if (!faults.validDropCount(op.count, LIMITS.dropMessagesCountMax)) return fail(ctx, 'INVAL', 'FAULT-6');
  // FAULT-6: validation only; lost messages are never observable (ERR-4, DUR-5).
  ctx.cite('FAULT-6');
  return ok(null);
}

export const mapHandlers: HandlerTable<MapKinds> = {
  'system.create': systemCreate,
  'pool.query': poolQuery,
  'pool.exclude': poolExclude,
  'pool.drain': drainOrReintegrate('drain'),
  'pool.reintegrate': drainOrReintegrate('reintegrate'),
  'pool.rebuild': poolRebuild,
  'fault.failTarget': failTarget,
  'fault.failEngine': failEngine,
  'fault.failNode': failNode,
  'fault.restartEngine': restartEngine,
  'fault.corrupt': corrupt,
  'fault.dropMessages': dropMessages,
};
