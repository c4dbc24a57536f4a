import { domainOfTarget, type DomainLevel, type PoolMap } from '../../placement/index.ts';
import { unitKey } from '../io/keys.ts';
import { groupShardTargets, placementMap } from '../io/replicas.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { checkEcGroup, checkEcPlacement } from './ec-invariants.ts';
import { copiesOf } from './copies.ts';
import { WHOLE_GROUP, type GroupScope } from './group-scope.ts';

/**
 * O(n) consistency checks over the whole engine (the full sweep); each throws on a broken invariant.
 * The pieces are exported for the per-op check (incremental.ts), which runs them on what an op touched.
 *
 * Checks: handle tables agree with pools and containers in both directions; every transaction's
 * container handle exists; map states have one entry per target and the version is >= 1; open
 * failure events belong to DOWN or UP targets; dead targets are not alive and still in service in
 * the map; placement only chooses in-service, alive targets; every complete, readable replica of a
 * group holds the same records (epochs, keys, and bytes or their checksums; minors are per store:
 * fingerprint.ts); every VOS store's own checkInvariants(); EC objects as ec-invariants.ts says
 * (copies agree, parity matches the data cells it encodes).
 *
 * Does NOT check: that data equals the model's (the lockstep runner does that), partial replicas'
 * contents, the commit log's completeness, bus dedupe tables, or stores of containers on targets
 * that are no longer holders (garbage that is never read).
 */
function fail(message: string): never {
  throw new Error(`engine invariant: ${message}`);
}

export function checkEngineInvariants(s: RunningState): void {
  checkHandleTables(s);
  for (const pool of s.pools.values()) {
    checkPoolTables(s, pool);
    for (const cont of pool.containers.values()) {
      for (const info of cont.objects.values()) {
        for (let group = 0; group < info.groupCount; group++) {
          checkPlacement(s, pool, cont, info, group);
          checkGroup(s, pool, cont, info, group);
        }
      }
    }
  }
  const cluster = s.cluster;
  for (let t = 0; t < cluster.targetCount; t++) for (const store of cluster.storesOf(t).values()) store.checkInvariants();
}

/** Handle tables agree with each other in both directions (O(handles)). */
export function checkHandleTables(s: RunningState): void {
  // forEach, not `for (const [id, h] of ...)`: this runs after every op, and each entry pair is an allocation.
  s.poolHandles.forEach((h, id) => {
    const pool = s.pools.get(h.poolId) ?? fail(`pool handle ${id} names a missing pool`);
    if (!pool.handles.has(id)) fail(`pool ${pool.id} does not list handle ${id}`);
    for (const coh of h.contHandles) if (s.contHandles.get(coh)?.poh !== id) fail(`pool handle ${id} lists foreign container handle ${coh}`);
  });
  s.contHandles.forEach((h, id) => {
    const cont = s.pools.get(h.poolId)?.containers.get(h.contId) ?? fail(`container handle ${id} names a missing container`);
    if (!cont.handles.has(id)) fail(`container ${cont.id} does not list handle ${id}`);
    if (!s.poolHandles.get(h.poh)?.contHandles.has(id)) fail(`container handle ${id} is not listed by its pool handle`);
    for (const th of h.txs) if (s.txs.get(th)?.coh !== id) fail(`container handle ${id} lists foreign transaction ${th}`);
  });
  s.txs.forEach((tx, id) => {
    if (!s.contHandles.get(tx.coh)?.txs.has(id)) fail(`transaction ${id} has no container handle`);
  });
}

/** One pool's handle lists, map shape, failure events and dead targets (O(targets + handles)). */
export function checkPoolTables(s: RunningState, pool: Pool): void {
  const cluster = s.cluster;
  for (const h of pool.handles) if (s.poolHandles.get(h)?.poolId !== pool.id) fail(`pool ${pool.id} lists foreign handle ${h}`);
  const states = pool.map.states;
  if (states.length !== cluster.targetCount || pool.map.version < 1) fail(`pool ${pool.id} map shape`);
  for (const e of pool.failureEvents) {
    if (e.closedAt === null && states[e.target] !== 'DOWN' && states[e.target] !== 'UP') fail(`open failure event on ${states[e.target]} target ${e.target}`);
  }
  for (const g of pool.deadTargets) {
    if (cluster.isAlive(g)) fail(`dead target ${g} is alive`);
    if (states[g] === 'DOWN' || states[g] === 'DOWNOUT') fail(`dead target ${g} is excluded`);
  }
  for (const cont of pool.containers.values()) {
    for (const h of cont.handles) if (s.contHandles.get(h)?.contId !== cont.id) fail(`container ${cont.id} lists foreign handle ${h}`);
  }
}

/** Placement of one group chooses only in-service, alive targets. */
export function checkPlacement(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number): void {
  const targets = groupShardTargets(s, pool, cont, info, group);
  checkApart(placementMap(s, pool), cont.props.get('rd_lvl') === 1 ? 'rank' : 'node', targets);
  if (info.family === 'EC') {
    checkEcPlacement(s, pool, cont, info, group);
    return;
  }
  const states = pool.map.states;
  for (const t of targets) {
    if (t < 0) continue; // a shard with no in-service target
    if (states[t] !== 'UPIN' && states[t] !== 'DRAIN') fail(`placement chose ${states[t]} target ${t}`);
    if (!s.cluster.isAlive(t)) fail(`placement chose target ${t}, which is not alive`);
  }
}

/**
 * The shards of a group sit on distinct targets while at least as many targets serve as the group
 * has shards, and in distinct fault domains (of the container's rd_lvl) while at least as many
 * domains hold a serving target: shards that share a target or a domain are lost together, beyond
 * what the redundancy factor counts on (placement/layout.ts, "Remap"). `map` is the map placement
 * sees (dead targets DOWN).
 */
function checkApart(map: PoolMap, level: DomainLevel, targets: readonly number[]): void {
  const { targets: serving, domains: domainsServing } = servingCounts(map, level);
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] < 0) continue;
    const domain = domainOfTarget(map, targets[i], level);
    for (let j = 0; j < i; j++) {
      if (targets[j] < 0) continue;
      if (targets[i] === targets[j] && serving >= targets.length) fail(`placement put shards ${j} and ${i} of a group on target ${targets[i]} while ${serving} targets serve`);
      if (domain === domainOfTarget(map, targets[j], level) && domainsServing >= targets.length) fail(`placement put shards ${j} and ${i} of a group in ${level} ${domain} while ${domainsServing} ${level}s serve`);
    }
  }
}

/**
 * How many targets serve in `map`, and how many `level` domains hold one. Remembered per map object:
 * placementMap hands out the same object while the pool map and liveness stay, and this runs for
 * every group an op touched.
 */
function servingCounts(map: PoolMap, level: DomainLevel): { readonly targets: number; readonly domains: number } {
  let byLevel = servingByMap.get(map);
  if (byLevel === undefined) servingByMap.set(map, (byLevel = new Map()));
  let counts = byLevel.get(level);
  if (counts === undefined) {
    let targets = 0;
    const domains = new Set<number>();
    map.states.forEach((state, t) => {
      if (state !== 'UPIN' && state !== 'DRAIN') return;
      targets++;
      domains.add(domainOfTarget(map, t, level));
    });
    byLevel.set(level, (counts = { targets, domains: domains.size }));
  }
  return counts;
}

const servingByMap = new WeakMap<PoolMap, Map<DomainLevel, { readonly targets: number; readonly domains: number }>>();

/** The data of one group: complete readable replicas agree; EC groups as ec-invariants.ts says. */
export function checkGroup(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, scope: GroupScope = WHOLE_GROUP): void {
  if (info.family === 'EC') {
    checkEcGroup(s, pool, cont, info, group, scope);
    return;
  }
  const unit = unitKey(info.key, group);
  const gs = cont.groups.get(unit);
  if (!gs) return;
  copiesOf(s, pool, cont, unit, gs.holders, scope, 'replicas');
}
