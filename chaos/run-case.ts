import fc from 'fast-check';
import { fallbackOps, type Op } from '../contract/index.ts';
import type { GeneratedCase } from '../properties/generators/index.ts';
import { runCase, sameFailure, shrinkFailure, toCaseFile } from '../properties/conform.ts';
import type { CaseFile } from '../properties/case-file.ts';
import { describeCanonical } from '../properties/normalize.ts';
import { LITERAL_SHRINK_BUDGET_OPS } from '../properties/shrink-literal.ts';
import type { Divergence, RunStats } from '../properties/runner.ts';
import type { SystemFactory } from '../properties/systems.ts';
import { chaosCaseArb } from './chaos-arb.ts';

/**
 * One chaos case: fast-check draws a case for `seed` (chaos/chaos-arb.ts), runs it in lockstep, and
 * on a divergence shrinks it. Shrinking is bounded by a budget of ops replayed (deterministic, unlike
 * a time limit): once spent, fast-check is interrupted. The case kept is the shortest failing one
 * seen (shrinking a chained arbitrary can lengthen a trace).
 *
 * The shrunk case is offered to `save` (which de-duplicates by signature and writes the corpus file
 * atomically) before this function returns, so a failure is on disk before anyone is told about it.
 *
 * Does NOT catch hangs or crashes: a case that never returns is the caller's problem (the campaign
 * kills the worker process after a time budget).
 */
export interface ChaosCaseOptions {
  readonly seed: number;
  readonly maxOps: number;
  readonly system: SystemFactory;
  readonly invariantsEvery: number;
  /** Ops replayed while shrinking before shrinking stops (default 1,000,000). */
  readonly shrinkBudgetOps?: number;
  /** Wall-clock limit (epoch ms) for shrinking; the best failing case so far is kept. Default none. */
  readonly shrinkDeadlineMs?: number;
  /** Decides whether and where to save a shrunk failure; returns the path or null (known signature). */
  readonly save: (kase: CaseFile) => Promise<string | null> | string | null;
  /** Called after each shrink run, e.g. to keep a watchdog from declaring a hang. */
  readonly onShrinkRun?: (shrinkRuns: number, opsReplayed: number) => void;
}

export interface ChaosFailure {
  readonly signature: string;
  /** Path of the saved case, or null when the corpus already had this signature. */
  readonly savedTo: string | null;
  readonly stepIndex: number;
  readonly reason: string;
  readonly opType: string;
  readonly message: string;
  readonly rules: readonly string[];
  readonly expected: string;
  readonly actual: string;
  readonly originalOps: number;
  readonly shrunkOps: number;
  readonly shrinkRuns: number;
  readonly shrinkBudgetSpent: boolean;
  /** fast-check replay path of this exact counterexample ('' when the kept case is not fast-check's last). */
  readonly path: string;
}

export interface ChaosCaseResult {
  readonly seed: number;
  readonly status: 'conforms' | 'diverged';
  /** Length of the generated trace (before shrinking). */
  readonly traceOps: number;
  /** Stats of the generated run only (shrink runs are not counted). */
  readonly stats: RunStats;
  readonly failure: ChaosFailure | null;
}

export const SHRINK_BUDGET_OPS_DEFAULT = 1_000_000;

export async function runChaosCase(options: ChaosCaseOptions): Promise<ChaosCaseResult> {
  const budget = options.shrinkBudgetOps ?? SHRINK_BUDGET_OPS_DEFAULT;
  let generated: { kase: GeneratedCase; stats: RunStats } | null = null;
  let bestFailing: { kase: GeneratedCase; divergence: Divergence; literal: readonly Op[] } | null = null;
  let lastWasBest = false;
  let shrinkRuns = 0;
  let opsReplayed = 0;
  let budgetSpent = false;
  let wanted: string | null = null;

  const property = fc.property(chaosCaseArb(options.maxOps), (kase) => {
    if (generated !== null) {
      // A shrink candidate.
      if (opsReplayed >= budget || (options.shrinkDeadlineMs !== undefined && Date.now() > options.shrinkDeadlineMs)) {
        budgetSpent = true;
        // An interrupting precondition failure ends fast-check's run at once, keeping the last
        // failing case (declaring candidates passing would still enumerate the whole shrink tree).
        throw new fc.PreconditionFailure(true);
      }
      shrinkRuns++;
      opsReplayed += kase.ops.length;
    }
    const result = runCase(kase, options.system, { invariantsEvery: options.invariantsEvery });
    if (generated === null) generated = { kase, stats: result.stats };
    else options.onShrinkRun?.(shrinkRuns, opsReplayed);
    // A shrink candidate failing another way is another bug: it counts as passing, so the case kept
    // fails as the generated one did (the signature de-duplicates the corpus).
    if (result.status === 'diverged' && wanted === null) wanted = sameFailure(result.divergence);
    if (result.status === 'diverged' && sameFailure(result.divergence) !== wanted) return true;
    if (result.status === 'diverged') {
      // fast-check shrinks a chained arbitrary by redrawing its inner part, which can make a trace
      // longer: keep the shortest failing case seen, not merely the last one.
      lastWasBest = bestFailing === null || kase.ops.length <= bestFailing.kase.ops.length;
      if (lastWasBest) bestFailing = { kase, divergence: result.divergence, literal: result.literal };
    }
    return result.status === 'conforms';
  });
  const details = fc.check(property, { seed: options.seed, numRuns: 1 });
  const first = generated as { kase: GeneratedCase; stats: RunStats } | null;
  if (first === null) throw new Error(`fast-check ran no case for seed ${options.seed}: ${String(details.errorInstance)}`);
  if (!details.failed) return { seed: options.seed, status: 'conforms', traceOps: first.kase.ops.length, stats: first.stats, failure: null };

  const failing = bestFailing as { kase: GeneratedCase; divergence: Divergence; literal: readonly Op[] } | null;
  if (failing === null) throw new Error(`seed ${options.seed}: the property failed without a divergence: ${String(details.errorInstance)}`);
  // fast-check's replay path names its own final counterexample: only valid when that is the one kept.
  const path = lastWasBest ? (details.counterexamplePath ?? '') : '';
  // Then literal delta debugging (properties/shrink-literal.ts, shared with conform) on what is left of the budget.
  // The ops after the divergence never ran, so their aims never resolved: they keep their fallbacks.
  const unrun = fallbackOps(failing.kase.ops.slice(failing.literal.length));
  const literal = { swarm: failing.kase.swarm, engineSeed: failing.kase.engineSeed, ops: [...failing.literal, ...unrun] };
  const shrunk = shrinkFailure(literal, failing.divergence, options.system, { invariantsEvery: options.invariantsEvery, literalShrinkBudgetOps: budgetSpent ? 0 : Math.min(LITERAL_SHRINK_BUDGET_OPS, Math.max(0, budget - opsReplayed)) });
  const caseFile = toCaseFile(shrunk.kase, shrunk.divergence, 'chaos', options.seed, path || null);
  const savedTo = await options.save(caseFile);
  const d = shrunk.divergence;
  return {
    seed: options.seed,
    status: 'diverged',
    traceOps: first.kase.ops.length,
    stats: first.stats,
    failure: {
      signature: caseFile.signature ?? '',
      savedTo,
      stepIndex: d.stepIndex,
      reason: d.reason,
      opType: d.op?.type ?? '-',
      message: d.message,
      rules: d.rules,
      expected: d.expected.map((e) => describeCanonical(e)).join(' | ') || '-',
      actual: describeCanonical(d.actual),
      originalOps: first.kase.ops.length,
      shrunkOps: shrunk.kase.ops.length,
      shrinkRuns: shrinkRuns + shrunk.result.runs,
      shrinkBudgetSpent: budgetSpent,
      path,
    },
  };
}
