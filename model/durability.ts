import type { Outcome } from '../contract/index.ts';
import type { Allowed } from './framework.ts';
import { containerLevel } from './objects.ts';
import type { ContainerState, PoolState, SystemState } from './state.ts';
import { domainOfTarget } from './topology.ts';

/**
 * Allowed-outcome sets of reads (section 20 DUR, section 21 CSUM, section 22 step 8): DUR-3's
 * at-risk reads and CSUM-4's unverifiable reads. Pure functions of the model state.
 *
 * Does NOT check: which epochs decided a read (model/data.ts computes them), whether the container
 * is UNCLEAN or halted (reads then fail earlier with RF or TIMEDOUT, RF-4, HALT-4), or CSUM-3's
 * mark bookkeeping (the map area creates, keeps and removes marks, model/poolmap.ts, using
 * markedOrFailedDomains when a marked target reaches DOWNOUT).
 */

/** DUR-3: a read is at-risk if anything it returns was decided by a write or punch at or before atRiskThrough. */
export function isAtRisk(cont: Pick<ContainerState, 'atRiskThrough'>, decidedBy: readonly number[]): boolean {
  return decidedBy.some((epoch) => epoch > 0 && epoch <= cont.atRiskThrough);
}

/** PROP-1: cksum other than `off` (CSUM-4 applies only then). */
export function checksumOn(cont: ContainerState): boolean {
  const c = cont.props['cksum'];
  return c !== undefined && c !== 'off';
}

/**
 * CSUM-4's M ∪ F for the container's outstanding marks (those not kept, CSUM-3), at its rd_lvl:
 * M = the domains holding a marked target; F = the domains holding a target that is DOWN or UP now,
 * or whose failure event (MAP-7) was still open at a version after the oldest mark was created. That
 * is the spec's "entered DOWN after", plus a failure that had entered DOWN and was not yet rebuilt
 * when the mark was created (docs/semantics.md section 25: its copies were gone before the marked
 * one was damaged). Empty when no mark is outstanding.
 */
export function markedOrFailedDomains(system: SystemState, pool: PoolState, cont: ContainerState): Set<number> {
  const domains = new Set<number>();
  const outstanding = cont.marks.filter((m) => m.keptFor === undefined);
  if (outstanding.length === 0) return domains;
  const level = containerLevel(cont);
  for (const mark of outstanding) domains.add(domainOfTarget(system, mark.target, level)); // M
  const oldestMark = Math.min(...outstanding.map((m) => m.createdAtVersion));
  pool.targets.forEach((state, g) => {
    if (state === 'DOWN' || state === 'UP') domains.add(domainOfTarget(system, g, level));
  });
  // Open at some version after the mark: opened after it, or opened before and closed after (or never).
  for (const e of pool.events) if (e.closedAt === null || e.closedAt > oldestMark) domains.add(domainOfTarget(system, e.target, level));
  return domains;
}

/**
 * CSUM-4: with cksum on, CSUM is allowed iff |M ∪ F| > t, the object's tolerated failures
 * (markedOrFailedDomains; no outstanding mark, nothing beyond DUR). Also, as section 25 reads CSUM-3,
 * for 1 <= t <= keptFor of a mark kept when its target reached DOWNOUT: CSUM-4 allowed CSUM for those
 * objects just before, and the rebuild may have had only the marked copy to copy from.
 */
export function csumMayFail(system: SystemState, pool: PoolState, cont: ContainerState, toleratedFailures: number): boolean {
  if (!checksumOn(cont) || cont.marks.length === 0) return false;
  if (toleratedFailures >= 1 && cont.marks.some((m) => m.keptFor !== undefined && toleratedFailures <= m.keptFor)) return true;
  return markedOrFailedDomains(system, pool, cont).size > toleratedFailures;
}

/**
 * Section 22 step 8: the exact result, plus DATA_LOSS when DUR-3 applies and CSUM when CSUM-4 does.
 * Every member leaves the state as the exact read would (ERR-5).
 */
export function readOutcomes(exact: Outcome, atRisk: boolean, csum: boolean): Allowed {
  if (!atRisk && !csum) return exact;
  const set: Outcome[] = [exact];
  if (atRisk) set.push({ ok: false, err: 'DATA_LOSS' });
  if (csum) set.push({ ok: false, err: 'CSUM' });
  return { set };
}
