import { err, LIMITS, ok, ACCESS_MODES, type AccessMode, type OpOf, type OpValueMap, type Outcome, type PoolInfo } from '../../contract/index.ts';
import { applyRankOp, applyToTargets, createPoolMap, JumpMapPlacer, rebuildPoolMap, type TargetChange } from '../placement/index.ts';
import { DEFAULT_POOL_ACL, evaluateAcl, isValidPrincipal, parseAceList, PERM } from './acl.ts';
import { Cluster } from './cluster.ts';
import { VosStore, type VosStoreApi } from '../vos/index.ts';
import { isValidLabel } from './labels.ts';
import { findPool, findPoolHandle } from './lookup.ts';
import { invalidateContainer } from './container-service.ts';
import { rebuildPoolData } from './rebuild.ts';
import { nodesWithDown, verifyContainers } from './rf.ts';
import { CAP_POOL_CREATE, CAP_POOL_DELETE, CAP_POOL_READ, issueHandle, type EngineState, type Pool } from './state.ts';

/**
 * Pool service: system.create, pool create/destroy/query/connect/disconnect/list (POOL-*), pool-map
 * operations (MAP-4..10) with failure events (MAP-7), halt (HALT-1..5) and RF verification (RF-3).
 * Checks follow the error precedence of section 22 in order.
 */
type R<K extends keyof OpValueMap> = Outcome<OpValueMap[K]>;

export function systemCreate(s: EngineState, op: OpOf<'system.create'>): R<'system.create'> {
  const { nodes, enginesPerNode, targetsPerEngine } = op;
  for (const n of [nodes, enginesPerNode, targetsPerEngine]) if (!Number.isSafeInteger(n) || n < 1) return err('INVAL');
  // (choice) The topology is fixed for the system's lifetime (MAP-1): a second create is ALREADY,
  // the ERR-1 code for "this has been done", after argument validation (ERR-3).
  if (s.system) return err('ALREADY');
  const rf = op.poolRf;
  const poolRf = Number.isInteger(rf) && (rf as number) >= 0 && (rf as number) <= LIMITS.poolRfMax ? (rf as number) : LIMITS.poolRfDefault;
  s.system = { nodes, enginesPerNode, targetsPerEngine, poolRf };
  s.cluster = new Cluster<VosStoreApi>(s.system, () => new VosStore());
  return ok(null);
}

function validPoolProps(props: unknown, nodes: number): { rdFac: number; ecCellSz: number } | undefined {
  let rdFac = 0;
  let ecCellSz: number = LIMITS.ecCellBytesDefault;
  if (props === undefined) return { rdFac, ecCellSz };
  if (!Array.isArray(props)) return undefined;
  const seen = new Set<string>();
  for (const entry of props) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const [name, value] = entry as [unknown, unknown];
    if (typeof name !== 'string' || seen.has(name)) return undefined;
    seen.add(name);
    if (name === 'rd_fac') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 4) return undefined;
      if ((value as number) + 1 > nodes) return undefined;
      rdFac = value as number;
    } else if (name === 'ec_cell_sz') {
      const v = value as number;
      if (!Number.isInteger(v) || v < LIMITS.ecCellBytesMin || v > LIMITS.ecCellBytesMax || v % LIMITS.ecCellBytesAlign !== 0) return undefined;
      ecCellSz = v;
    } else return undefined;
  }
  return { rdFac, ecCellSz };
}

export function poolCreate(s: EngineState, op: OpOf<'pool.create'>): R<'pool.create'> {
  const system = s.system!;
  if (!isValidPrincipal(op.owner)) return err('INVAL');
  if (op.label !== undefined && !isValidLabel(op.label)) return err('INVAL');
  const acl = parseAceList(op.acl ?? DEFAULT_POOL_ACL);
  if (!acl) return err('INVAL');
  const props = validPoolProps(op.props, system.nodes);
  if (!props) return err('INVAL');
  if (op.label !== undefined) for (const p of s.pools.values()) if (p.label === op.label) return err('EXIST');
  const id = s.prng.uuid();
  const pool: Pool = {
    id,
    label: op.label,
    owner: op.owner.user,
    ownerGroup: op.owner.groups[0],
    acl,
    rdFac: props.rdFac,
    ecCellSz: props.ecCellSz,
    map: createPoolMap(system),
    placer: new JumpMapPlacer(),
    failureEvents: [],
    deadTargets: new Set(),
    rebuildChangedSomething: false,
    containers: new Map(),
    handles: new Set(),
  };
  s.pools.set(id, pool);
  return ok(id);
}

export function poolDestroy(s: EngineState, op: OpOf<'pool.destroy'>): R<'pool.destroy'> {
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  if (pool.containers.size > 0 && !op.recursive) return err('BUSY');
  if (pool.handles.size > 0 && !op.force) return err('BUSY');
  for (const cont of [...pool.containers.values()]) invalidateContainer(s, pool, cont);
  for (const poh of pool.handles) s.poolHandles.delete(poh);
  s.pools.delete(pool.id);
  return ok(null);
}

/** HALT-4 */
export function isHalted(pool: Pool): boolean {
  return pool.deadTargets.size > 0;
}

export function poolQuery(s: EngineState, op: OpOf<'pool.query'>): R<'pool.query'> {
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  const cluster = s.cluster!;
  const states = pool.map.states;
  let disabled = 0;
  let busy = false;
  for (const st of states) {
    if (st === 'DOWN' || st === 'DOWNOUT') disabled++;
    if (st === 'DOWN' || st === 'DRAIN' || st === 'UP') busy = true;
  }
  const disabledRanks: number[] = [];
  for (let rank = 0; rank < cluster.rankCount; rank++) {
    if (cluster.targetsOfRank(rank).every((g) => states[g] === 'DOWN' || states[g] === 'DOWNOUT')) disabledRanks.push(rank);
  }
  const deadRanks = [...new Set([...pool.deadTargets].map((g) => cluster.rankOf(g)))].sort((a, b) => a - b);
  const info: PoolInfo = {
    ntarget: states.length,
    disabled,
    version: pool.map.version,
    state: disabled > 0 ? 'TargetsExcluded' : 'Ready',
    rebuild: busy ? 'busy' : pool.rebuildChangedSomething ? 'done' : 'idle',
    disabledRanks,
    deadRanks,
  };
  return ok(info);
}

export function poolConnect(s: EngineState, op: OpOf<'pool.connect'>): R<'pool.connect'> {
  if (!isValidPrincipal(op.principal)) return err('INVAL');
  if (!ACCESS_MODES.includes(op.mode as AccessMode)) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  const mode = op.mode as AccessMode;
  // ACL-12
  const perms = evaluateAcl(pool.acl, op.principal, pool.owner, pool.ownerGroup);
  let caps = 0;
  if (perms & (PERM.r | PERM.t)) caps |= CAP_POOL_READ;
  if (perms & (PERM.w | PERM.c)) caps |= CAP_POOL_CREATE;
  if (perms & (PERM.w | PERM.d)) caps |= CAP_POOL_DELETE;
  if (mode === 'RO') caps &= CAP_POOL_READ;
  else if (!(caps & CAP_POOL_READ) || !(caps & (CAP_POOL_CREATE | CAP_POOL_DELETE))) caps = 0;
  if (!(caps & CAP_POOL_READ)) return err('NO_PERM');
  // POOL-4 EX conflicts
  const others = [...pool.handles].map((h) => s.poolHandles.get(h)!);
  if (mode === 'EX' && others.length > 0) return err('BUSY');
  if (others.some((h) => h.mode === 'EX')) return err('BUSY');
  const id = issueHandle(s);
  s.poolHandles.set(id, { id, poolId: pool.id, principal: op.principal, mode, caps, contHandles: new Set() });
  pool.handles.add(id);
  return ok(id);
}

export function poolDisconnect(s: EngineState, op: OpOf<'pool.disconnect'>): R<'pool.disconnect'> {
  const found = findPoolHandle(s, op.poh);
  if (!found.ok) return found.error;
  const poh = found.value;
  if (poh.contHandles.size > 0) return err('BUSY');
  s.poolHandles.delete(poh.id);
  s.pools.get(poh.poolId)!.handles.delete(poh.id);
  return ok(null);
}

export function poolListContainers(s: EngineState, op: OpOf<'pool.listContainers'>): R<'pool.listContainers'> {
  const found = findPoolHandle(s, op.poh);
  if (!found.ok) return found.error;
  const pool = s.pools.get(found.value.poolId)!;
  return ok([...pool.containers.values()].map((c) => ({ id: c.id, label: c.label ?? 'container_label_not_set' })));
}

// ---------------------------------------------------------------- pool map operations

/** MAP-7: failure events open when a target enters DOWN and close when it reaches DOWNOUT or UPIN. */
function recordChanges(pool: Pool, changes: readonly TargetChange[]): void {
  for (const c of changes) {
    if (c.to === 'DOWN') pool.failureEvents.push({ target: c.target, openedAt: c.version, closedAt: null });
    if (c.to === 'DOWNOUT' || c.to === 'UPIN') {
      for (const e of pool.failureEvents) if (e.target === c.target && e.closedAt === null) e.closedAt = c.version;
    }
  }
}

/** Applies an exclusion that passed (or skipped) HALT-1: map, events, dead targets, RF-3. */
function applyExclusion(s: EngineState, pool: Pool, targets: readonly number[]): void {
  const update = applyToTargets(pool.map, 'exclude', targets);
  if (!update.ok) throw new Error(`exclude cannot be ${update.error} (MAP-5)`);
  pool.map = update.map;
  recordChanges(pool, update.changes);
  for (const g of targets) if (pool.map.states[g] === 'DOWN' || pool.map.states[g] === 'DOWNOUT') pool.deadTargets.delete(g);
  if (update.changes.some((c) => c.to === 'DOWN')) verifyContainers(pool, s.cluster!);
}

/** HALT-1: would excluding `targets` leave more than poolRf nodes with a DOWN target? */
function haltRefuses(s: EngineState, pool: Pool, targets: readonly number[]): boolean {
  const update = applyToTargets(pool.map, 'exclude', targets);
  if (!update.ok) throw new Error('exclude cannot be BUSY (MAP-5)');
  return nodesWithDown(update.map.states, s.cluster!) > s.system!.poolRf;
}

/** Step 1 for exclude/drain/reintegrate: rank and target indices against the topology (MAP-6). */
function selectTargets(s: EngineState, rank: number, targets: readonly number[] | undefined): number[] | undefined {
  const cluster = s.cluster!;
  if (!Number.isInteger(rank) || rank < 0 || rank >= cluster.rankCount) return undefined;
  if (targets === undefined) return cluster.targetsOfRank(rank);
  if (!Array.isArray(targets) || targets.length === 0) return undefined;
  const seen = new Set<number>();
  for (const t of targets) {
    if (!Number.isInteger(t) || t < 0 || t >= s.system!.targetsPerEngine || seen.has(t)) return undefined;
    seen.add(t);
  }
  return targets.map((t) => rank * s.system!.targetsPerEngine + t);
}

export function poolExclude(s: EngineState, op: OpOf<'pool.exclude'>): R<'pool.exclude'> {
  const selected = selectTargets(s, op.rank, op.targets);
  if (!selected) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  if (!op.force && haltRefuses(s, pool, selected)) return err('RF');
  applyExclusion(s, pool, selected);
  return ok(null);
}

export function poolDrain(s: EngineState, op: OpOf<'pool.drain'>): R<'pool.drain'> {
  if (!selectTargets(s, op.rank, op.targets)) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  const update = applyRankOp(pool.map, 'drain', op.rank, op.targets);
  if (!update.ok) return err(update.error);
  pool.map = update.map;
  recordChanges(pool, update.changes);
  return ok(null);
}

export function poolReintegrate(s: EngineState, op: OpOf<'pool.reintegrate'>): R<'pool.reintegrate'> {
  const selected = selectTargets(s, op.rank, op.targets);
  if (!selected) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  // MAP-9: a DOWN or DOWNOUT target that is not alive cannot be reintegrated.
  for (const g of selected) {
    const st = pool.map.states[g];
    if ((st === 'DOWN' || st === 'DOWNOUT') && !s.cluster!.isAlive(g)) return err('BUSY');
  }
  const update = applyRankOp(pool.map, 'reintegrate', op.rank, op.targets);
  if (!update.ok) return err(update.error);
  pool.map = update.map;
  recordChanges(pool, update.changes);
  return ok(null);
}

export function poolRebuild(s: EngineState, op: OpOf<'pool.rebuild'>): R<'pool.rebuild'> {
  const found = findPool(s, op.pool);
  if (!found.ok) return found.error;
  const pool = found.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  const before = pool.map;
  const update = rebuildPoolMap(pool.map);
  if (!update.ok) throw new Error('rebuild is never BUSY');
  if (update.changes.length === 0) {
    // MAP-8: nothing observable changes, but replicas still converge onto their placed targets
    // (e.g. after a restart in a pool created while those targets were down).
    rebuildPoolData(s, pool, before);
    return ok(null);
  }
  pool.map = update.map;
  recordChanges(pool, update.changes);
  pool.rebuildChangedSomething = true;
  // CSUM-3: a corruption mark goes away when its target reaches DOWNOUT.
  for (const c of update.changes) if (c.to === 'DOWNOUT') for (const cont of pool.containers.values()) cont.marks.delete(c.target);
  rebuildPoolData(s, pool, before);
  return ok(null);
}

// ---------------------------------------------------------------- faults (section 19)

/** HALT-2: each pool attempts one exclusion of the newly unavailable targets it still has in service. */
export function autoExclude(s: EngineState, lost: readonly number[]): void {
  if (lost.length === 0) return;
  for (const pool of s.pools.values()) {
    const candidates = lost.filter((g) => {
      const st = pool.map.states[g];
      return st === 'UPIN' || st === 'UP' || st === 'DRAIN';
    });
    if (candidates.length === 0) continue;
    if (haltRefuses(s, pool, candidates)) {
      for (const g of candidates) pool.deadTargets.add(g);
      continue;
    }
    applyExclusion(s, pool, candidates);
  }
}

/** FAULT-4 / HALT-5: targets alive again stop being dead in every pool. */
export function reviveTargets(s: EngineState, back: readonly number[]): void {
  for (const pool of s.pools.values()) for (const g of back) pool.deadTargets.delete(g);
}
