import {
  err, LIMITS, ok, ACCESS_MODES, POOL_GET_PROP_NAMES, POOL_LABEL_NOT_SET, type AccessMode, type OpOf, type PoolInfo, type PropValue,
} from '../../../contract/index.ts';
import { applyRankOp, applyToTargets, createPoolMap, JumpMapPlacer, rebuildPoolMap, type PoolMap, type TargetChange } from '../../placement/index.ts';
import { DEFAULT_POOL_ACL, isValidPrincipal, parseAceList } from '../args/acl.ts';
import { isValidLabel } from '../args/labels.ts';
import { checkPoolGetPropNames, checkPoolSetProps } from '../args/pool-props.ts';
import { assert } from '../assert.ts';
import { rebuildPoolData } from '../rebuild/rebuild.ts';
import { isHalted, type Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import * as aclOps from './acl-ops.ts';
import * as attributes from './attributes.ts';
import { poolCaps } from './capabilities.ts';
import { connectPool, disconnectPool, removePool } from './handle-table.ts';
import type { OpResult } from './handler.ts';
import { findPool, findPoolHandle } from './lookup.ts';
import { nodesWithDown, verifyContainers } from './rf.ts';

/**
 * Pool service: pool create/destroy/query/connect/disconnect/list (POOL-1..7); after create (rev. 2)
 * the pool ACL (POOL-8, through acl-ops.ts, which containers share), pool properties (POOL-9) and
 * pool attributes through a pool handle (POOL-10, through attributes.ts, which containers share);
 * pool-map operations (MAP-4..10) with failure events (MAP-7), halt (HALT-1..5) and RF
 * verification (RF-3). Checks follow the error precedence of section 22 in order. A `pool`
 * reference of neither UUID nor label form is INVAL (lookup.ts findPool, LABEL-5).
 * system.create is services/system.ts's.
 */

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

export function poolCreate(s: RunningState, op: OpOf<'pool.create'>): OpResult<'pool.create'> {
  const system = s.system;
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
    attrs: new Map(),
  };
  s.pools.set(id, pool);
  return ok(id);
}

export function poolDestroy(s: RunningState, op: OpOf<'pool.destroy'>): OpResult<'pool.destroy'> {
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  if (pool.containers.size > 0 && !op.recursive) return err('BUSY');
  if (pool.handles.size > 0 && !op.force) return err('BUSY');
  removePool(s, pool);
  return ok(null);
}

export function poolQuery(s: RunningState, op: OpOf<'pool.query'>): OpResult<'pool.query'> {
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  const cluster = s.cluster;
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

export function poolConnect(s: RunningState, op: OpOf<'pool.connect'>): OpResult<'pool.connect'> {
  if (!isValidPrincipal(op.principal)) return err('INVAL');
  if (!ACCESS_MODES.includes(op.mode as AccessMode)) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  const mode = op.mode as AccessMode;
  const caps = poolCaps(pool, op.principal, mode); // ACL-12
  if (caps === 0) return err('NO_PERM');
  // POOL-4 EX conflicts
  if (mode === 'EX' && pool.handles.size > 0) return err('BUSY');
  for (const h of pool.handles) if (s.poolHandles.get(h)?.mode === 'EX') return err('BUSY');
  return ok(connectPool(s, pool, op.principal, mode, caps));
}

export function poolDisconnect(s: RunningState, op: OpOf<'pool.disconnect'>): OpResult<'pool.disconnect'> {
  const found = findPoolHandle(s, op.poh);
  if (!found.ok) return found;
  const { handle, pool } = found.value;
  if (handle.contHandles.size > 0) return err('BUSY');
  disconnectPool(s, handle, pool);
  return ok(null);
}

export function poolListContainers(s: RunningState, op: OpOf<'pool.listContainers'>): OpResult<'pool.listContainers'> {
  const found = findPoolHandle(s, op.poh);
  if (!found.ok) return found;
  const { pool } = found.value;
  return ok([...pool.containers.values()].map((c) => ({ id: c.id, label: c.label ?? 'container_label_not_set' })));
}

// ---------------------------------------------------------------- pool ACL (POOL-8), administrator

/**
 * Steps 2 (and no 4: administrator operations, section 23) of a pool ACL operation. OWNER@ and
 * GROUP@ denote the pool's owner and owner group, as at connect (section 25).
 */
function poolAcl(s: RunningState, ref: string): aclOps.LocateAcl {
  return () => {
    const found = findPool(s, ref);
    if (!found.ok) return found;
    const pool = found.value;
    return ok({ acl: pool.acl, owner: pool.owner, group: pool.ownerGroup, replace: (acl) => void (pool.acl = acl) });
  };
}

export function poolGetAcl(s: RunningState, op: OpOf<'pool.getAcl'>): OpResult<'pool.getAcl'> {
  return aclOps.getAcl(poolAcl(s, op.pool));
}

export function poolOverwriteAcl(s: RunningState, op: OpOf<'pool.overwriteAcl'>): OpResult<'pool.overwriteAcl'> {
  return aclOps.overwriteAcl(op.aces, poolAcl(s, op.pool));
}

export function poolUpdateAcl(s: RunningState, op: OpOf<'pool.updateAcl'>): OpResult<'pool.updateAcl'> {
  return aclOps.updateAcl(op.aces, poolAcl(s, op.pool));
}

export function poolDeleteAcl(s: RunningState, op: OpOf<'pool.deleteAcl'>): OpResult<'pool.deleteAcl'> {
  return aclOps.deleteAcl(op.principal, poolAcl(s, op.pool));
}

// ---------------------------------------------------------------- pool properties (POOL-9), administrator

/** POOL-9, POOL-1, LABEL-3: the reported value of one pool property. */
function poolPropValue(pool: Pool, name: (typeof POOL_GET_PROP_NAMES)[number]): PropValue {
  switch (name) {
    case 'label': return pool.label ?? POOL_LABEL_NOT_SET;
    case 'rd_fac': return pool.rdFac;
    case 'ec_cell_sz': return pool.ecCellSz;
    case 'owner': return pool.owner;
    case 'group': return pool.ownerGroup;
  }
}

/** POOL-9: step 1 (names), step 2 (the pool); every reported property without names. */
export function poolGetProps(s: RunningState, op: OpOf<'pool.getProps'>): OpResult<'pool.getProps'> {
  const names = checkPoolGetPropNames(op.names);
  if (!names) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const out: Record<string, PropValue> = {};
  for (const name of names) out[name] = poolPropValue(found.value, name);
  return ok(out);
}

/**
 * POOL-9, LABEL-4: step 1 (names and values), step 2 (the pool), step 4 (rd_fac and ec_cell_sz
 * were fixed for the containers already created: NO_PERM), step 7 (a label another pool holds is
 * EXIST). Only the label ever changes.
 */
export function poolSetProps(s: RunningState, op: OpOf<'pool.setProps'>): OpResult<'pool.setProps'> {
  const check = checkPoolSetProps(op.entries);
  if (!check.ok) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  if (check.fixed) return err('NO_PERM');
  const label = check.label;
  if (label === undefined) return ok(null);
  for (const p of s.pools.values()) if (p !== pool && p.label === label) return err('EXIST');
  pool.label = label; // LABEL-4: re-setting its own label changes nothing; the old one is free (LABEL-5)
  return ok(null);
}

// ---------------------------------------------------------------- pool attributes (POOL-10)

/**
 * Steps 2 and 4 of a pool attribute operation: any valid pool handle reads; writing needs one
 * connected RW or EX (section 23). Unaffected by halt and health (POOL-10, ATTR-5).
 */
function poolAttrs(s: RunningState, poh: number): attributes.LocateAttrs {
  return (access) => {
    const found = findPoolHandle(s, poh);
    if (!found.ok) return found;
    if (access === 'write' && found.value.handle.mode === 'RO') return err('NO_PERM');
    return ok(found.value.pool.attrs);
  };
}

export function poolSetAttrs(s: RunningState, op: OpOf<'pool.setAttrs'>): OpResult<'pool.setAttrs'> {
  return attributes.setAttrs(op.entries, poolAttrs(s, op.poh));
}

export function poolGetAttrs(s: RunningState, op: OpOf<'pool.getAttrs'>): OpResult<'pool.getAttrs'> {
  return attributes.getAttrs(op.names, poolAttrs(s, op.poh));
}

export function poolDelAttrs(s: RunningState, op: OpOf<'pool.delAttrs'>): OpResult<'pool.delAttrs'> {
  return attributes.delAttrs(op.names, poolAttrs(s, op.poh));
}

export function poolListAttrs(s: RunningState, op: OpOf<'pool.listAttrs'>): OpResult<'pool.listAttrs'> {
  return attributes.listAttrs(poolAttrs(s, op.poh));
}

// ---------------------------------------------------------------- pool map operations

/**
 * Every change of a pool map goes through here: the new map, checked against the changes placement
 * reports (MAP-4: one version per changed target, in ascending target order), and MAP-7's failure
 * events, which open when a target enters DOWN and close when it reaches DOWNOUT or UPIN.
 */
function moveMap(pool: Pool, map: PoolMap, changes: readonly TargetChange[]): void {
  const base = pool.map.version;
  assert(map.version === base + changes.length, 'MAP-4: the map version moves by one per changed target');
  for (let i = 0; i < changes.length; i++) {
    assert(changes[i].version === base + i + 1 && (i === 0 || changes[i].target > changes[i - 1].target), 'MAP-4: changes in ascending target order, one version each');
  }
  pool.map = map;
  for (const c of changes) {
    if (c.to === 'DOWN') pool.failureEvents.push({ target: c.target, openedAt: c.version, closedAt: null });
    if (c.to === 'DOWNOUT' || c.to === 'UPIN') {
      for (const e of pool.failureEvents) if (e.target === c.target && e.closedAt === null) e.closedAt = c.version;
    }
  }
}

/** Applies an exclusion that passed (or skipped) HALT-1: map, events, dead targets, RF-3. */
function applyExclusion(s: RunningState, pool: Pool, targets: readonly number[]): void {
  const update = applyToTargets(pool.map, 'exclude', targets);
  assert(update.ok, 'exclude is never BUSY (MAP-5)');
  moveMap(pool, update.map, update.changes);
  for (const g of targets) if (pool.map.states[g] === 'DOWN' || pool.map.states[g] === 'DOWNOUT') pool.deadTargets.delete(g);
  if (update.changes.some((c) => c.to === 'DOWN')) verifyContainers(pool, s.cluster);
}

/** HALT-1: would excluding `targets` leave more than poolRf nodes with a DOWN target? */
function haltRefuses(s: RunningState, pool: Pool, targets: readonly number[]): boolean {
  const update = applyToTargets(pool.map, 'exclude', targets);
  assert(update.ok, 'exclude is never BUSY (MAP-5)');
  return nodesWithDown(update.map.states, s.cluster) > s.system.poolRf;
}

/** Step 1 for exclude/drain/reintegrate: rank and target indices against the topology (MAP-6). */
function selectTargets(s: RunningState, rank: number, targets: readonly number[] | undefined): number[] | undefined {
  const cluster = s.cluster;
  if (!Number.isInteger(rank) || rank < 0 || rank >= cluster.rankCount) return undefined;
  if (targets === undefined) return cluster.targetsOfRank(rank);
  if (!Array.isArray(targets) || targets.length === 0) return undefined;
  const seen = new Set<number>();
  for (const t of targets) {
    if (!Number.isInteger(t) || t < 0 || t >= s.system.targetsPerEngine || seen.has(t)) return undefined;
    seen.add(t);
  }
  return targets.map((t) => cluster.targetOf(rank, t));
}

export function poolExclude(s: RunningState, op: OpOf<'pool.exclude'>): OpResult<'pool.exclude'> {
  const selected = selectTargets(s, op.rank, op.targets);
  if (!selected) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  if (!op.force && haltRefuses(s, pool, selected)) return err('RF');
  applyExclusion(s, pool, selected);
  return ok(null);
}

export function poolDrain(s: RunningState, op: OpOf<'pool.drain'>): OpResult<'pool.drain'> {
  if (!selectTargets(s, op.rank, op.targets)) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  const update = applyRankOp(pool.map, 'drain', op.rank, op.targets);
  if (!update.ok) return err(update.error);
  moveMap(pool, update.map, update.changes);
  return ok(null);
}

export function poolReintegrate(s: RunningState, op: OpOf<'pool.reintegrate'>): OpResult<'pool.reintegrate'> {
  const selected = selectTargets(s, op.rank, op.targets);
  if (!selected) return err('INVAL');
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  // MAP-9: a DOWN or DOWNOUT target that is not alive cannot be reintegrated.
  for (const g of selected) {
    const st = pool.map.states[g];
    if ((st === 'DOWN' || st === 'DOWNOUT') && !s.cluster.isAlive(g)) return err('BUSY');
  }
  const update = applyRankOp(pool.map, 'reintegrate', op.rank, op.targets);
  if (!update.ok) return err(update.error);
  moveMap(pool, update.map, update.changes);
  return ok(null);
}

export function poolRebuild(s: RunningState, op: OpOf<'pool.rebuild'>): OpResult<'pool.rebuild'> {
  const found = findPool(s, op.pool);
  if (!found.ok) return found;
  const pool = found.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  const before = pool.map;
  const update = rebuildPoolMap(pool.map);
  assert(update.ok, 'rebuild is never BUSY (MAP-5)');
  if (update.changes.length === 0) {
    // MAP-8: nothing observable changes, but replicas still converge onto their placed targets
    // (e.g. after a restart in a pool created while those targets were down).
    rebuildPoolData(s, pool, before);
    return ok(null);
  }
  moveMap(pool, update.map, update.changes);
  pool.rebuildChangedSomething = true;
  rebuildPoolData(s, pool, before);
  return ok(null);
}

// ---------------------------------------------------------------- faults (section 19)

/** HALT-2: each pool attempts one exclusion of the newly unavailable targets it still has in service. */
export function autoExclude(s: RunningState, lost: readonly number[]): void {
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
export function reviveTargets(s: RunningState, back: readonly number[]): void {
  for (const pool of s.pools.values()) for (const g of back) pool.deadTargets.delete(g);
}
