import fc from 'fast-check';
import { fallbackOps, SystemError, type Op } from '../contract/index.ts';
import { countDomains, type DomainCounts, type GeneratedCase } from '../properties/generators/index.ts';
import { isAdmissible } from '../properties/admissible.ts';
import { fitCase, runCaseAsync, runGuarded, sameFailure, shrinkFailure, systemFilter, toCaseFile } from '../properties/conform.ts';
import type { CaseFile } from '../properties/case-file.ts';
import { describeCanonical } from '../properties/normalize.ts';
import { LITERAL_SHRINK_BUDGET_OPS } from '../properties/shrink-literal.ts';
import { newStats, runLockstepAsync, type Divergence, type LockstepResult, type RunStats, type StepRecord } from '../properties/runner.ts';
import type { ResolvedSystem } from '../properties/systems.ts';
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
 * The generated run reports progress (ops checked so far) and is cut at an op boundary once the
 * wall clock passes `cutAtMs` (the campaign's deadline): the result is then `cut`, with the stats
 * of the ops checked before the cut. Shrink runs are bounded by their own budget and deadline.
 *
 * A SystemError (the system's adapter failed) is thrown, never shrunk or saved.
 * Does NOT catch hangs or crashes: a case that never returns is the caller's problem (the campaign
 * kills the worker process after a time budget).
 */
export interface ChaosCaseOptions {
  readonly seed: number;
  readonly maxOps: number;
  readonly system: ResolvedSystem;
  readonly invariantsEvery: number;
  /** Ops replayed while shrinking before shrinking stops (default 1,000,000). */
  readonly shrinkBudgetOps?: number;
  /** Wall-clock limit (epoch ms) for shrinking; the best failing case so far is kept. Default none. */
  readonly shrinkDeadlineMs?: number;
  /** Decides whether and where to save a shrunk failure; returns the path or null (known signature). */
  readonly save: (kase: CaseFile) => Promise<string | null> | string | null;
  /** Called after each shrink run, e.g. to keep a watchdog from declaring a hang. */
  readonly onShrinkRun?: (shrinkRuns: number, opsReplayed: number) => void;
  /** Wall-clock time (epoch ms) after which the generated run stops at the next op boundary. */
  readonly cutAtMs?: number;
  /** Called during the generated run with the ops checked so far, at most every PROGRESS_EVERY_MS. */
  readonly onProgress?: (steps: number) => void;
}

/** How often a running case reports its progress (the campaign plots ops/s from these). */
export const PROGRESS_EVERY_MS = 1000;
/** The clock is read once per this many ops, not per op. */
const CLOCK_EVERY_OPS = 64;

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
  /** 'cut': stopped at an op boundary at the campaign deadline, neither passed nor failed. */
  readonly status: 'conforms' | 'diverged' | 'cut';
  /** Length of the generated trace (before shrinking). */
  readonly traceOps: number;
  /** Stats of the generated run only (shrink runs are not counted). */
  readonly stats: RunStats;
  /**
   * Declared generator values (properties/generators/domains.ts) the generated case uses, over its
   * whole trace as generated and fitted to the system, like conform counts them: a cut case counts
   * its ops past the cut too (they were generated). Shrink candidates are not counted.
   */
  readonly domains: DomainCounts;
  readonly failure: ChaosFailure | null;
}

export const SHRINK_BUDGET_OPS_DEFAULT = 1_000_000;

export async function runChaosCase(options: ChaosCaseOptions): Promise<ChaosCaseResult> {
  const budget = options.shrinkBudgetOps ?? SHRINK_BUDGET_OPS_DEFAULT;
  let generated: { kase: GeneratedCase; stats: RunStats } | null = null;
  let bestFailing: { kase: GeneratedCase; divergence: Divergence; literal: readonly Op[] } | null = null;
  let wanted: string | null = null;
  let lastWasBest = false;
  let shrinkRuns = 0;
  let opsReplayed = 0;
  let budgetSpent = false;
  const filter = systemFilter(options.system);
  const fatal: { error: SystemError | null } = { error: null };

  let cut: { kase: GeneratedCase; stats: RunStats } | null = null;
  let partial = newStats();
  /** The generated run, with progress reports and the deadline cut; 'cut' leaves its stats in `partial`. */
  const runGenerated = async (kase: GeneratedCase): Promise<LockstepResult | 'cut'> => {
    partial = newStats();
    let lastProgressMs = Date.now();
    const onStep = (r: StepRecord): void => {
      countStep(partial, r);
      if (partial.steps % CLOCK_EVERY_OPS !== 0) return;
      const now = Date.now();
      if (options.cutAtMs !== undefined && now >= options.cutAtMs) throw CUT;
      if (options.onProgress && now - lastProgressMs >= PROGRESS_EVERY_MS) {
        lastProgressMs = now;
        options.onProgress(partial.steps);
      }
    };
    try {
      return await runLockstepAsync(kase.ops, { makeImpl: () => options.system.factory(kase.engineSeed), admissible: isAdmissible, invariantsEvery: options.invariantsEvery, onStep });
    } catch (e) {
      if (e === CUT) return 'cut';
      throw e;
    }
  };

  const property = fc.asyncProperty(chaosCaseArb(options.maxOps), async (drawn) => {
    const kase = fitCase(drawn, filter);
    if (generated === null && cut === null) {
      const first = await runGuarded(fatal, async () => {
        const result = await runGenerated(kase);
        if (result !== 'cut') return result;
        cut = { kase, stats: partial };
        return { status: 'conforms', stats: partial, literal: [] } as const;
      });
      // Ends fast-check's run at once: a cut case is not a failure and is not shrunk.
      if (cut !== null) throw new fc.PreconditionFailure(true);
      return afterRun(kase, first);
    }
    {
      // A shrink candidate.
      // fast-check gets half of the budget; literal delta debugging (cheaper per step) the rest.
      if (opsReplayed >= budget / 2 || (options.shrinkDeadlineMs !== undefined && Date.now() > options.shrinkDeadlineMs)) {
        budgetSpent = true;
        // An interrupting precondition failure ends fast-check's run at once, keeping the last
        // failing case (declaring candidates passing would still enumerate the whole shrink tree).
        throw new fc.PreconditionFailure(true);
      }
      shrinkRuns++;
      opsReplayed += kase.ops.length;
    }
    const result = await runGuarded(fatal, () => runCaseAsync(kase, options.system.factory, { invariantsEvery: options.invariantsEvery }));
    options.onShrinkRun?.(shrinkRuns, opsReplayed);
    return afterRun(kase, result);
  });

  function afterRun(kase: GeneratedCase, result: LockstepResult): boolean {
    generated ??= { kase, stats: result.stats };
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
  }

  const details = await fc.check(property, { seed: options.seed, numRuns: 1 });
  if (fatal.error) throw fatal.error;
  const wasCut = cut as { kase: GeneratedCase; stats: RunStats } | null;
  if (wasCut !== null) return { seed: options.seed, status: 'cut', traceOps: wasCut.kase.ops.length, stats: wasCut.stats, domains: domainsOf(wasCut.kase), failure: null };
  const first = generated as { kase: GeneratedCase; stats: RunStats } | null;
  if (first === null) throw new Error(`fast-check ran no case for seed ${options.seed}: ${String(details.errorInstance)}`);
  if (!details.failed) return { seed: options.seed, status: 'conforms', traceOps: first.kase.ops.length, stats: first.stats, domains: domainsOf(first.kase), failure: null };

  const failing = bestFailing as { kase: GeneratedCase; divergence: Divergence; literal: readonly Op[] } | null;
  if (failing === null) throw new Error(`seed ${options.seed}: the property failed without a divergence: ${String(details.errorInstance)}`);
  // fast-check's replay path names its own final counterexample: only valid when that is the one kept.
  const path = lastWasBest ? (details.counterexamplePath ?? '') : '';
  // Then literal delta debugging (properties/shrink-literal.ts, shared with conform) on what is left
  // of the budget. The ops after the divergence never ran, so their aims keep their fallbacks.
  const literal = { swarm: failing.kase.swarm, engineSeed: failing.kase.engineSeed, ops: [...failing.literal, ...fallbackOps(failing.kase.ops.slice(failing.literal.length))] };
  const deadlinePassed = options.shrinkDeadlineMs !== undefined && Date.now() > options.shrinkDeadlineMs;
  const literalBudget = deadlinePassed ? 0 : Math.min(LITERAL_SHRINK_BUDGET_OPS, Math.max(0, budget - opsReplayed));
  const shrunk = await shrinkFailure(literal, failing.divergence, options.system.factory, { invariantsEvery: options.invariantsEvery, literalShrinkBudgetOps: literalBudget });
  const caseFile = toCaseFile(shrunk.kase, shrunk.divergence, 'chaos', options.seed, path || null, options.system.spec);
  const savedTo = await options.save(caseFile);
  const d = shrunk.divergence;
  return {
    seed: options.seed,
    status: 'diverged',
    traceOps: first.kase.ops.length,
    stats: first.stats,
    domains: domainsOf(first.kase),
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

/**
 * Does a saved case still diverge on this system? A case holding op kinds the system does not
 * support was not found on it: it counts as not diverging (its signature is not known here).
 */
export async function stillDivergesOn(system: ResolvedSystem, kase: CaseFile): Promise<boolean> {
  const supported = new Set(system.capabilities.opKinds);
  if (!kase.ops.every((op) => supported.has(op.type))) return false;
  return (await runCaseAsync(kase, system.factory)).status === 'diverged';
}

const CUT = new Error('case cut at the campaign deadline');

function domainsOf(kase: GeneratedCase): DomainCounts {
  const counts: DomainCounts = {};
  countDomains(kase.ops, counts);
  return counts;
}

/** The runner's per-step accounting, for a run stopped before it could return its own stats. */
function countStep(stats: RunStats, r: StepRecord): void {
  if (!r.conforms) return;
  stats.steps++;
  stats.opKinds[r.op.type] = (stats.opKinds[r.op.type] ?? 0) + 1;
  for (const rule of r.rules) stats.rules[rule] = (stats.rules[rule] ?? 0) + 1;
  if (r.expected.length > 1) stats.outcomeSets++;
  const a = r.actual;
  if (a !== null && typeof a === 'object' && !Array.isArray(a) && 'err' in a) stats.errors++;
  stats.skipped = r.index + 1 - stats.steps;
}
