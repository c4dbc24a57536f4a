import { own } from './cow.ts';
import type { StepContext } from './framework.ts';
import type { ContainerState, FailureEvent, PoolState, SystemState } from './state.ts';
import { domainOfTarget, type DomainLevel } from './topology.ts';

/**
 * Redundancy and container health (spec section 18): the RF-2 verification formula exactly as
 * written, and RF-3's marking of broken containers (with DUR-3's at-risk marking step).
 *
 * Exported helpers: containerRdFac(cont), containerRdLvl(cont), isBroken(...), verifyContainers(...).
 *
 * What this file does NOT do: it does not refuse operations on UNCLEAN containers (RF-4, data and
 * access areas), does not clear UNCLEAN (RF-5/PROP-6, cont.setProps), and does not decide which
 * exclusions happen (halt.ts).
 */

/** RF-1: the container's effective rd_fac (PROP-3 stores the effective value in props). */
export function containerRdFac(cont: ContainerState): number {
  const f = cont.props['rd_fac'];
  if (typeof f !== 'number' || !Number.isInteger(f) || f < 0 || f > 4) {
    throw new Error(`model invariant: container ${cont.id} has no valid effective rd_fac`);
  }
  return f;
}

/** PROP-1: rd_lvl 1 (rank) or 2 (node); the effective value is stored in props. */
export function containerRdLvl(cont: ContainerState): DomainLevel {
  const l = cont.props['rd_lvl'];
  if (l !== 1 && l !== 2) throw new Error(`model invariant: container ${cont.id} has no valid effective rd_lvl`);
  return l;
}

/** The version through which an event counts: its close, or the current version while open. */
function eventEnd(e: FailureEvent, currentVersion: number): number {
  return e.closedAt ?? currentVersion;
}

/** RF-2: distinct L-domains holding the target of some event open at v (o <= v <= c). */
export function failedDomainsAt(system: SystemState, events: readonly FailureEvent[], currentVersion: number, v: number, level: DomainLevel): number {
  const domains = new Set<number>();
  for (const e of events) {
    if (e.openedAt <= v && v <= eventEnd(e, currentVersion)) domains.add(domainOfTarget(system, e.target, level));
  }
  return domains.size;
}

/**
 * RF-2, literally: broken iff some event e with o(e) > s has a version v in [o(e), c(e) or current]
 * at which the number of distinct L-domains with an open event exceeds f.
 */
export function isBroken(
  system: SystemState,
  pool: PoolState,
  rdFac: number,
  level: DomainLevel,
  statusStamp: number,
): boolean {
  for (const e of pool.events) {
    if (e.openedAt <= statusStamp) continue;
    const end = eventEnd(e, pool.version);
    if (end < e.openedAt || end > pool.version) throw new Error('model invariant: failure event outside the map history');
    for (let v = e.openedAt; v <= end; v++) {
      if (failedDomainsAt(system, pool.events, pool.version, v, level) > rdFac) return true;
    }
  }
  return false;
}

/**
 * RF-3: called after an exclusion that moved at least one target to DOWN. Each HEALTHY container of
 * the pool is verified with its own rd_fac, rd_lvl and status stamp; a broken one becomes UNCLEAN,
 * stamped with the current map version, and (DUR-3) every write committed in it so far becomes
 * at-risk permanently: atRiskThrough = its last epoch.
 */
export function verifyContainers(system: SystemState, pool: PoolState, ctx: StepContext): void {
  for (let i = 0; i < pool.containers.length; i++) {
    if (pool.containers[i].status !== 'HEALTHY') continue;
    ctx.cite('RF-2', 'RF-3');
    const checked = pool.containers[i];
    if (!isBroken(system, pool, containerRdFac(checked), containerRdLvl(checked), checked.statusVersion)) continue;
    const cont = own(own(pool, 'containers'), i); // `pool` is owned by the step (model/cow.ts)
    cont.status = 'UNCLEAN';
    cont.statusVersion = pool.version;
    cont.atRiskThrough = cont.epoch; // DUR-3
    ctx.cite('DUR-3');
  }
}
