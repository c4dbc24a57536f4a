import { rememberBounded } from '../../../contract/remember.ts';
import type { PoolMap } from '../../placement/index.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { checkEngineInvariants, checkGroup, checkHandleTables, checkPlacement, checkPoolTables } from './engine-invariants.ts';

/**
 * The engine's invariant policy: after each op, check what it touched (`checkTouchedInvariants`);
 * the full O(state) sweep (engine-invariants.ts) on the cadence of `sweepDue` (after
 * FULL_SWEEP_EVERY checks, then at intervals that double) and whenever the caller asks for it (the
 * lockstep runner does at the end of every trace).
 *
 * What counts as touched, and what is then checked:
 *  - always: the handle tables and every pool's own tables (O(handles + targets), cheap);
 *  - every VOS object (unit) a target store wrote since the last check (sim/touch-log.ts sees every
 *    store mutation): that object's VOS structure on that store; its group's placement; replica and
 *    EC copies across every complete holder, compared on the dkeys written (whole units after an
 *    object punch, a discard or an import); and EC parity of the dkeys written, from the oldest epoch
 *    written (a write at E cannot change what a read at an older epoch sees);
 *  - every target whose pool-map state or liveness changed since the last check: every unit it
 *    stores, whole copies (a holder coming back must agree with the others; whole-unit fingerprints
 *    of replicas no op wrote come from the stores' caches), not parity (no data changed); and the
 *    placement of every group of every object in that target's pools (a map change moves placement
 *    everywhere).
 *
 * Does NOT check per op (the sweep does): stores' object indexes beyond the touched objects,
 * horizons of stores no op wrote, parity of dkeys no op wrote or older than the writes, dkeys no op
 * wrote of a holder made complete without a write or a target change, or anything the full sweep
 * does not check.
 */
export const FULL_SWEEP_EVERY = 64;

/**
 * Whether the periodic sweep is due, given the checks since the last sweep and since the engine
 * started. The first sweep comes after FULL_SWEEP_EVERY checks; after that the interval grows with
 * the history (a sweep whenever the checks since the last one equal those before it: at 64, 128,
 * 256, ...). Why: a sweep costs O(state) and the state grows with the trace, so a fixed interval makes
 * a trace's sweeps cost the square of its length; doubling keeps them linear in total. Per-op
 * detection does not rest on the sweep: the 'touched' check after each op sees what the op changed
 * (incremental.test.ts plants bugs only an invariant sees and finds each at its op).
 */
export function sweepDue(checksSinceSweep: number, checksTotal: number): boolean {
  return checksSinceSweep >= Math.max(FULL_SWEEP_EVERY, checksTotal - checksSinceSweep);
}

/** What the last check saw: each pool's map and each target's liveness. */
export interface CheckMemory {
  maps: Map<string, PoolMap>;
  alive: boolean[];
}

export function rememberState(s: RunningState): CheckMemory {
  const maps = new Map<string, PoolMap>();
  for (const pool of s.pools.values()) maps.set(pool.id, pool.map);
  const alive: boolean[] = [];
  for (let t = 0; t < s.cluster.targetCount; t++) alive.push(s.cluster.isAlive(t));
  return { maps, alive };
}

/** The full sweep; forgets what was touched, since the sweep covered it. */
export function checkAllInvariants(s: RunningState): CheckMemory {
  s.touched.drain();
  checkEngineInvariants(s);
  return rememberState(s);
}

/** Checks what changed since `memory` was taken; returns the memory for the next check. */
export function checkTouchedInvariants(s: RunningState, memory: CheckMemory): CheckMemory {
  checkHandleTables(s);
  for (const pool of s.pools.values()) checkPoolTables(s, pool);
  const touchedStores = s.touched.drain();
  // Most ops change no map and no liveness, and write at most a few stores: keep the memory and
  // build nothing then.
  const mapsOrLivenessChanged = !sameAsRemembered(s, memory);
  if (!mapsOrLivenessChanged && touchedStores.size === 0) return memory;
  const now = mapsOrLivenessChanged ? rememberState(s) : memory;
  const containers = new Map<string, [Pool, Container]>();
  for (const pool of s.pools.values()) for (const cont of pool.containers.values()) containers.set(cont.id, [pool, cont]);
  // container id -> unit -> what to check there.
  const units = new Map<string, Map<string, Scope>>();
  const touch = (contId: string, unit: string, parity: ReadonlyMap<string, number> | null, copies: Iterable<string> | null): void => {
    let byUnit = units.get(contId);
    if (byUnit === undefined) units.set(contId, (byUnit = new Map()));
    let known = byUnit.get(unit);
    if (known === undefined) byUnit.set(unit, (known = { parity: new Map(), copies: new Set(), cached: true }));
    widen(known, parity, copies);
  };

  for (const [store, written] of touchedStores) {
    if (!containers.has(store.contId)) continue; // destroyed with its container
    if (written === null) {
      store.checkInvariants();
      for (const unit of store.objectIds()) touch(store.contId, unit, null, null);
    } else {
      for (const [unit, dkeys] of written) {
        store.checkObjectInvariants(unit);
        touch(store.contId, unit, dkeys, dkeys === null ? null : dkeys.keys());
      }
    }
  }

  for (const pool of mapsOrLivenessChanged ? s.pools.values() : []) {
    const changed = changedTargets(s, pool, memory, now);
    if (changed.length === 0) continue;
    for (const cont of pool.containers.values()) {
      for (const info of cont.objects.values()) for (let group = 0; group < info.groupCount; group++) checkPlacement(s, pool, cont, info, group);
      for (const t of changed) {
        const store = s.cluster.storesOf(t).get(cont.id);
        // Whole copies and placement, not parity: no data changed.
        if (store !== undefined) for (const unit of store.objectIds()) touch(cont.id, unit, NO_DKEYS, null);
      }
    }
  }

  for (const [contId, byUnit] of units) {
    const [pool, cont] = containers.get(contId)!;
    // EC positions of one group merge into one check of the group.
    const groups = new Map<string, { info: ObjectInfo; group: number; scope: Scope }>();
    for (const [unit, scope] of byUnit) {
      const where = groupOfUnit(cont, unit);
      if (where === null) continue;
      const key = `${where.info.key}\u0000${where.group}`;
      const known = groups.get(key);
      if (known === undefined) groups.set(key, { ...where, scope });
      else widen(known.scope, scope.parity, scope.copies);
    }
    for (const { info, group, scope } of groups.values()) {
      checkPlacement(s, pool, cont, info, group);
      checkGroup(s, pool, cont, info, group, scope);
    }
  }
  return now;
}

/** Whether every pool's map and every target's liveness are what `memory` saw (allocates nothing). */
function sameAsRemembered(s: RunningState, memory: CheckMemory): boolean {
  if (memory.maps.size !== s.pools.size) return false;
  for (const pool of s.pools.values()) if (memory.maps.get(pool.id) !== pool.map) return false;
  const cluster = s.cluster;
  if (memory.alive.length !== cluster.targetCount) return false;
  for (let t = 0; t < cluster.targetCount; t++) if (memory.alive[t] !== cluster.isAlive(t)) return false;
  return true;
}

/** A GroupScope being gathered. */
interface Scope {
  parity: Map<string, number> | null;
  copies: Set<string> | null;
  readonly cached: boolean;
}

/** Widens `into` by a parity map and a copies set (null: everything). */
function widen(into: Scope, parity: ReadonlyMap<string, number> | null, copies: Iterable<string> | null): void {
  if (parity === null) into.parity = null;
  else if (into.parity !== null) mergeOldest(into.parity, parity);
  if (copies === null) into.copies = null;
  else if (into.copies !== null) for (const d of copies) into.copies.add(d);
}

const NO_DKEYS: ReadonlyMap<string, number> = new Map();

/** Adds `from`'s dkeys to `into`, keeping the older epoch of each. */
function mergeOldest(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [dkey, epoch] of from) into.set(dkey, Math.min(epoch, into.get(dkey) ?? epoch));
}

/** Targets of `pool` whose map state (a new map) or liveness differ from what the last check saw. */
function changedTargets(s: RunningState, pool: Pool, before: CheckMemory, now: CheckMemory): number[] {
  const oldMap = before.maps.get(pool.id);
  const out: number[] = [];
  for (let t = 0; t < s.cluster.targetCount; t++) {
    const stateChanged = oldMap !== undefined && oldMap !== pool.map && oldMap.states[t] !== pool.map.states[t];
    if (stateChanged || before.alive[t] !== now.alive[t]) out.push(t);
  }
  return out;
}

/**
 * The object and group a unit belongs to: `oidKey.g<group>` (io/keys.ts unitKey) or, for EC,
 * `oidKey.g<group>.s<position>` (ec/layout.ts positionUnit). Null for a unit of no known object.
 */
function groupOfUnit(cont: Container, unit: string): { info: ObjectInfo; group: number } | null {
  const parsed = parseUnit(unit);
  if (parsed === null) return null;
  const info = cont.objects.get(parsed.oidKey);
  if (info === undefined || parsed.group >= info.groupCount) return null;
  return { info, group: parsed.group };
}

/** A unit's object key and group, parsed once per unit name: the same units are touched op after op. */
const parseUnit = rememberBounded((unit: string): { readonly oidKey: string; readonly group: number } | null => {
  const m = /^(.*)\.g(\d+)(?:\.s\d+)?$/.exec(unit);
  return m === null ? null : { oidKey: m[1], group: Number(m[2]) };
}, 1 << 14);
