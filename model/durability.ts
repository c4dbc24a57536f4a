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
 * mark bookkeeping (the map area creates and removes marks).
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
 * CSUM-4: with cksum on, M = the rd_lvl domains holding a marked target; if M is empty nothing is
 * allowed beyond DUR. Otherwise F = the rd_lvl domains holding a target that is DOWN or UP now, or
 * that entered DOWN after the oldest outstanding mark was created. CSUM is allowed iff
 * |M ∪ F| > t, the object's tolerated failures.
 */
export function csumMayFail(system: SystemState, pool: PoolState, cont: ContainerState, toleratedFailures: number): boolean {
  if (!checksumOn(cont) || cont.marks.length === 0) return false;
  const level = containerLevel(cont);
  const domains = new Set<number>();
  for (const mark of cont.marks) domains.add(domainOfTarget(system, mark.target, level)); // M
  const oldestMark = Math.min(...cont.marks.map((m) => m.createdAtVersion));
  pool.targets.forEach((state, g) => {
    if (state === 'DOWN' || state === 'UP') domains.add(domainOfTarget(system, g, level));
  });
  // "Entered DOWN after the mark was created": a failure event opened at a later map version (MAP-7).
  for (const e of pool.events) if (e.openedAt > oldestMark) domains.add(domainOfTarget(system, e.target, level));
  return domains.size > toleratedFailures;
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
