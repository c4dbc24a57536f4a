import type { Cluster } from '../sim/cluster.ts';
import type { Container } from '../state/container.ts';
import type { FailureEvent, Pool } from '../state/pool.ts';

/**
 * Redundancy-factor verification (RF-2, RF-3) and the halt count (HALT-1).
 *
 * Does NOT decide which data is actually lost: that is the replica bookkeeping's job (io/replicas.ts).
 */

/** rd_lvl 1 = rank, 2 = node (PROP-1). */
export function domainOf(cluster: Cluster<unknown>, target: number, rdLvl: number): number {
  return rdLvl === 1 ? cluster.rankOf(target) : cluster.nodeOf(target);
}

function eventEnd(e: FailureEvent, currentVersion: number): number {
  return e.closedAt ?? currentVersion;
}

/** Number of distinct domains holding the target of some event open at version v. */
function domainsOpenAt(events: readonly FailureEvent[], v: number, currentVersion: number, cluster: Cluster<unknown>, rdLvl: number): number {
  const domains = new Set<number>();
  for (const e of events) if (e.openedAt <= v && v <= eventEnd(e, currentVersion)) domains.add(domainOf(cluster, e.target, rdLvl));
  return domains.size;
}

/** RF-2: is the container broken? */
export function isBroken(pool: Pool, cont: Container, cluster: Cluster<unknown>): boolean {
  const f = cont.props.get('rd_fac') as number;
  const rdLvl = cont.props.get('rd_lvl') as number;
  const current = pool.map.version;
  const events = pool.failureEvents;
  for (const e of events) {
    if (e.openedAt <= cont.statusVersion) continue;
    const end = eventEnd(e, current);
    // The open-domain count only rises at an opening, so the openings inside [o(e), end] suffice.
    const candidates = new Set<number>([e.openedAt]);
    for (const other of events) if (other.openedAt >= e.openedAt && other.openedAt <= end) candidates.add(other.openedAt);
    for (const v of candidates) if (domainsOpenAt(events, v, current, cluster, rdLvl) > f) return true;
  }
  return false;
}

/**
 * RF-3: after an exclusion that moved a target to DOWN, HEALTHY containers that are broken turn UNCLEAN;
 * everything they committed so far becomes at-risk (DUR-3).
 */
export function verifyContainers(pool: Pool, cluster: Cluster<unknown>): void {
  for (const cont of pool.containers.values()) {
    if (cont.status !== 'HEALTHY') continue;
    if (!isBroken(pool, cont, cluster)) continue;
    cont.status = 'UNCLEAN';
    cont.statusVersion = pool.map.version;
    cont.atRiskThrough = cont.latestEpoch;
  }
}

/** HALT-1: nodes with at least one DOWN target in `states`. */
export function nodesWithDown(states: readonly string[], cluster: Cluster<unknown>): number {
  const nodes = new Set<number>();
  for (let g = 0; g < states.length; g++) if (states[g] === 'DOWN') nodes.add(cluster.nodeOf(g));
  return nodes.size;
}
