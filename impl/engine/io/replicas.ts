import { decodeOid, oidKey, REDUNDANCY_CODES, type ErrOutcome, type OkOutcome, type Oid, type Outcome } from '../../../contract/index.ts';
import { groupOfDkey, groupTargets, type PoolMap, type TargetState } from '../../placement/index.ts';
import { VosStore, type VosStoreApi } from '../../vos/index.ts';
import { assert } from '../assert.ts';
import type { Container, GroupState, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { unitKey } from './keys.ts';

/**
 * Replica bookkeeping and I/O fan-out for replicated classes (S and RP).
 *
 * Each object group (the dkeys hashed to it) is a VOS object `unit` stored on every target holding a
 * replica. For each group the engine tracks its *holders*: target -> validFrom, where 0 means the
 * holder has every write of the group (complete) and E > 0 means it has every write from epoch E on
 * (partial: a fallback target that started receiving writes after the group already had data).
 *
 *  - Writes go to the group's placed targets (placement: UPIN and DRAIN are in service) plus every
 *    holder still writable (UPIN, DRAIN, UP). A holder a write skips (DOWN, DOWNOUT) is stale and
 *    stops being a holder; a target that newly becomes a holder first discards its stale copy.
 *  - Reads use a complete holder that is alive and UPIN, DRAIN or UP, trying the next one when a
 *    checksum fails (CSUM-4); when every complete holder fails, CSUM, or DATA_LOSS when what a copy
 *    failed on was committed before the container last became UNCLEAN (DUR-3: its redundancy was
 *    exceeded, the value is lost). Without a complete holder the data of writes before the best
 *    partial holder's validFrom is gone (DUR-3): the read is answered from that holder when nothing
 *    older decides it, and DATA_LOSS otherwise.
 *  - Rebuild (rebuild/rebuild.ts) makes the placed targets complete again by copying from a complete
 *    holder, record by record from a copy that verifies.
 *
 * Does NOT handle EC classes beyond writeUnit and the shard table (ec/ does).
 */

export function groupState(cont: Container, unit: string): GroupState {
  let gs = cont.groups.get(unit);
  if (!gs) {
    gs = { holders: new Map(), firstWriteEpoch: 0 };
    cont.groups.set(unit, gs);
  }
  return gs;
}

export function objectInfoOf(oid: Oid): ObjectInfo {
  const f = decodeOid(oid);
  assert(f !== undefined, 'objectInfoOf: an invalid OID reached the data path');
  const code = REDUNDANCY_CODES.get(f.code);
  assert(code !== undefined, 'objectInfoOf: an unknown class code reached the data path');
  return { oid: { hi: oid.hi, lo: oid.lo }, key: oidKey(oid), groupSize: code.groupSize, groupCount: f.groups, toleratedFailures: code.toleratedFailures, family: code.family, code: code.code };
}

export function dkeyGroup(info: ObjectInfo, dkey: string): number {
  return groupOfDkey(dkey, info.groupCount);
}

/**
 * The map placement sees: the pool map, except that in-service targets which are not alive count as
 * DOWN. In a running pool that only happens for a pool created while some targets were down (its
 * map starts all UPIN, MAP-3, and no automatic exclusion runs for it); the engine routes around them
 * without changing the observable map. Cached per (pool map, cluster liveness version).
 */
export function placementMap(s: RunningState, pool: Pool): PoolMap {
  const cluster = s.cluster;
  const cache = pool.placementCache;
  if (cache && cache.base === pool.map && cache.liveness === cluster.livenessVersion) return cache.map;
  let states: TargetState[] | null = null;
  for (let g = 0; g < pool.map.states.length; g++) {
    const st = pool.map.states[g];
    if ((st === 'UPIN' || st === 'DRAIN' || st === 'UP') && !cluster.isAlive(g)) {
      states ??= pool.map.states.slice();
      states[g] = 'DOWN';
    }
  }
  const map: PoolMap = states ? Object.freeze({ ...pool.map, states: Object.freeze(states) }) : pool.map;
  pool.placementCache = { base: pool.map, liveness: cluster.livenessVersion, map };
  return map;
}

/** Placed target of each shard of group g, in shard order (-1: no in-service target). */
export function groupShardTargets(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number): number[] {
  assert(Number.isInteger(group) && group >= 0 && group < info.groupCount, 'placement asked for a group the object does not have');
  const level = cont.props.get('rd_lvl') === 1 ? 'rank' : 'node';
  const layout = pool.placer.layout(placementMap(s, pool), { oid: info.oid, groupSize: info.groupSize, groupCount: info.groupCount, level });
  const targets = groupTargets(layout, group);
  assert(targets.length === info.groupSize, 'placement gave a group the wrong number of shards');
  for (const t of targets) assert(Number.isInteger(t) && t >= -1 && t < s.cluster.targetCount, 'placement chose a target outside the cluster');
  return targets;
}

/** Distinct placed targets of group g (a shard with no in-service target is skipped). */
export function placedTargets(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number): number[] {
  // First occurrence order, as a Set would keep it; groups are a few shards, so includes() is cheap.
  const out: number[] = [];
  for (const t of groupShardTargets(s, pool, cont, info, group)) if (t >= 0 && !out.includes(t)) out.push(t);
  return out;
}

const WRITABLE = new Set(['UPIN', 'DRAIN', 'UP']);

export function isReadable(s: RunningState, pool: Pool, target: number, map: PoolMap = pool.map): boolean {
  return WRITABLE.has(map.states[target]) && s.cluster.isAlive(target);
}

/** Applies one write to every replica of a group, over the bus, and updates the holder table. */
export function writeGroup(
  s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, epoch: number,
  apply: (store: VosStoreApi, unit: string) => void,
): void {
  writeUnit(s, pool, cont, unitKey(info.key, group), placedTargets(s, pool, cont, info, group), epoch, apply);
}

/**
 * Applies one write to one unit (a replicated group, or one position of an EC group) on its placed
 * targets plus every holder still writable, and updates the unit's holder table.
 */
export function writeUnit(
  s: RunningState, pool: Pool, cont: Container, unit: string, placed: readonly number[], epoch: number,
  apply: (store: VosStoreApi, unit: string) => void,
): void {
  // What goes into VOS: epochs the container's clock handed out (io/vos-reads.ts checks the pair on the way out).
  assert(Number.isSafeInteger(epoch) && epoch >= 1 && epoch <= cont.latestEpoch, 'a write at an epoch the container clock did not hand out');
  const gs = groupState(cont, unit);
  const targets = [...placed];
  for (const h of gs.holders.keys()) if (isReadable(s, pool, h) && !targets.includes(h)) targets.push(h);
  for (const t of targets) {
    assert(s.cluster.isAlive(t), 'a write reached a target in service but not alive (pool not halted?)');
    const fresh = !gs.holders.has(t);
    s.bus.call(t, () => {
      const store = s.cluster.store(t, cont.id);
      if (fresh) store.discardObject(unit);
      apply(store, unit);
      return null;
    });
  }
  for (const h of [...gs.holders.keys()]) if (!targets.includes(h)) gs.holders.delete(h);
  for (const t of targets) if (!gs.holders.has(t)) gs.holders.set(t, gs.firstWriteEpoch === 0 ? 0 : epoch);
  if (gs.firstWriteEpoch === 0) gs.firstWriteEpoch = epoch;
}

/**
 * Why one read attempt failed: the copy fails its checksums (CSUM-4), or older data that could decide
 * the result is gone (DUR-3). Already spelled as the error outcome the read returns.
 */
export type ReadFail = ErrOutcome & { readonly err: 'CSUM' | 'DATA_LOSS' };
export const READ_CSUM: ReadFail = Object.freeze({ ok: false, err: 'CSUM' });
export const READ_LOST: ReadFail = Object.freeze({ ok: false, err: 'DATA_LOSS' });
/**
 * The copy fails its checksums on a value committed before the container last became UNCLEAN
 * (Container.atRiskThrough): unless another copy verifies, that value is lost (DUR-3), not merely
 * unverifiable. Its own object, so readGroup can tell it from data a partial replica never had.
 */
export const READ_UNVERIFIABLE_AT_RISK: ReadFail = Object.freeze({ ok: false, err: 'DATA_LOSS' });

/** One read attempt on one replica: a value, or why not. */
export type Attempt<T> = OkOutcome<T> | ReadFail;

const EMPTY_STORE: VosStoreApi = new VosStore();

/**
 * Reads group g from the best replica. `read(store, unit, validFrom)` runs on the target; with
 * validFrom > 0 it must answer READ_LOST if anything older than validFrom could decide its result.
 */
export function readGroup<T>(
  s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number,
  read: (store: VosStoreApi, unit: string, validFrom: number) => Attempt<T>,
): Outcome<T> {
  const unit = unitKey(info.key, group);
  const gs = cont.groups.get(unit);
  if (!gs || gs.firstWriteEpoch === 0) {
    const a = read(EMPTY_STORE, unit, 0);
    assert(a.ok, 'a read of an empty store failed');
    return a;
  }
  const placed = placedTargets(s, pool, cont, info, group);
  const readable = [...gs.holders.entries()].filter(([t]) => isReadable(s, pool, t));
  // Placed targets first (the layout's primary choice), then other holders, in ascending index.
  readable.sort(([a], [b]) => Number(!placed.includes(a)) - Number(!placed.includes(b)) || a - b);
  const complete = readable.filter(([, from]) => from === 0);
  if (complete.length > 0) {
    let atRisk = false;
    for (const [t] of complete) {
      const a = s.bus.call(t, () => read(s.cluster.store(t, cont.id), unit, 0));
      if (a.ok) return a;
      assert(a === READ_CSUM || a === READ_UNVERIFIABLE_AT_RISK, 'a complete replica reported lost data');
      atRisk ||= a === READ_UNVERIFIABLE_AT_RISK;
    }
    // No copy verifies. What one of them failed on decides part of the result (a complete replica's
    // newest records are every replica's): committed before the container became UNCLEAN, it is lost.
    return atRisk ? READ_LOST : READ_CSUM;
  }
  const partial = readable.sort(([, x], [, y]) => x - y);
  if (partial.length === 0) {
    // No replica is reachable: answer as a replica holding nothing, valid from "now" (DUR-3 decides).
    return read(EMPTY_STORE, unit, cont.latestEpoch + 1);
  }
  const [t, from] = partial[0];
  const a = s.bus.call(t, () => read(s.cluster.store(t, cont.id), unit, from));
  return a === READ_UNVERIFIABLE_AT_RISK ? READ_LOST : a;
}
