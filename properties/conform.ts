import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fallbackOps, OP_KINDS, SystemError, type Op, type TraceOp } from '../contract/index.ts';
import { isAdmissible } from './admissible.ts';
import { caseArb, countDomains, type DomainCounts, type GeneratedCase } from './generators/index.ts';
import { CASE_FORMAT, divergenceSignature, writeCaseFile, type CaseFile } from './case-file.ts';
import { projectInfo } from './project-info.ts';
import { fitTrace, traceFilter, type TraceFilter } from './capability-filter.ts';
import { mergeStats, newStats, runLockstep, runLockstepAsync, type Divergence, type LockstepOptions, type LockstepResult, type RunStats } from './runner.ts';
import { countPairs, steer } from './feedback.ts';
import { shrinkLiteral, type LiteralShrinkResult } from './shrink-literal.ts';
import { specRuleIds } from './spec-rules.ts';
import { swarmArb, type Category } from './swarm.ts';
import type { ResolvedSystem, SystemFactory } from './systems.ts';

/**
 * A conformance campaign: fast-check generates cases (swarm configuration + symbolic trace), each is
 * cut to the op kinds the system supports (properties/capability-filter.ts), run in lockstep
 * against the model (an async fast-check property: a system may answer with promises), and the
 * first divergence is shrunk by fast-check to a minimal trace, which is saved atomically to the
 * corpus with the system it was found on. A SystemError (the system's plumbing failed) stops the
 * campaign and is thrown: it is never shrunk or saved.
 */
export interface ConformOptions {
  readonly runs: number;
  readonly maxOps: number;
  readonly seed: number;
  /** fast-check replay path, to replay one counterexample of a previous run. */
  readonly path?: string;
  readonly system: ResolvedSystem;
  readonly corpusDir: string;
  /** Who found it, recorded in the case file. */
  readonly by: 'conform' | 'chaos' | 'test';
  readonly invariantsEvery?: number;
  readonly collectStates?: boolean;
  /** Called after each generated (not shrinking) run; `failed` is true for the first failing run. */
  readonly onRun?: (runsDone: number, stats: RunStats, failed: boolean) => void;
  /** Save failures to the corpus (default true). */
  readonly save?: boolean;
  /**
   * Epochs of one campaign (default 1): the runs are split evenly; epoch e runs fast-check with seed
   * `seed + e` and the categories properties/feedback.ts steers toward after the epochs before it.
   */
  readonly epochs?: number;
  /** Categories boosted in the first epoch (a replay passes the boost its epoch had). */
  readonly boost?: readonly Category[];
  /** Called after each epoch with what the campaign has reached so far. */
  readonly onEpoch?: (epoch: EpochReport) => void;
  /** Ops replayed by fast-check's shrinking before it stops (default FAST_CHECK_SHRINK_BUDGET_OPS). */
  readonly fastCheckShrinkBudgetOps?: number;
  /** Ops replayed by the literal shrinker after fast-check's (default shrink-literal.ts; 0 = off). */
  readonly literalShrinkBudgetOps?: number;
  /** Checked before each generated run; true ends the campaign early with what it has (Ctrl-C). */
  readonly shouldStop?: () => boolean;
}

/** A case as stored: literal ops only (aims resolved). */
export interface LiteralCase {
  readonly swarm: GeneratedCase['swarm'];
  readonly engineSeed: number;
  readonly ops: readonly Op[];
}

export interface ConformFailure {
  /** The shrunk literal case (what the corpus file holds). */
  readonly kase: LiteralCase;
  /** Length of fast-check's shrunk case, before literal shrinking. */
  readonly fastCheckOps: number;
  readonly literalShrink: LiteralShrinkResult;
  readonly divergence: Divergence;
  readonly caseFile: CaseFile;
  /** Where it was saved, or null when saving was off. */
  readonly savedTo: string | null;
  /** fast-check seed and path of the failing epoch, and the boost it ran with: together they replay it. */
  readonly seed: number;
  readonly boost: readonly Category[];
  readonly path: string;
  readonly shrinkSteps: number;
}

/** What a campaign had reached after one epoch (cumulative), and the boost that epoch ran with. */
export interface EpochReport {
  readonly epoch: number;
  readonly seed: number;
  readonly boost: readonly Category[];
  readonly runs: number;
  readonly rulesReached: number;
  readonly statesReached: number;
  readonly pairsReached: number;
}

export interface ConformResult {
  readonly runs: number;
  /** True when shouldStop ended the campaign before its runs were done. */
  readonly interrupted: boolean;
  readonly stats: RunStats;
  readonly epochs: readonly EpochReport[];
  /** Op pairs (kind > next kind) of the generated runs' literal traces. */
  readonly pairs: Readonly<Record<string, number>>;
  /** Declared domain values (generators/domains.ts) used by the generated runs, `domain=value` -> count. */
  readonly domains: DomainCounts;
  readonly failure: ConformFailure | null;
}

function caseOptions(kase: { engineSeed: number }, system: SystemFactory, options: Partial<ConformOptions>): LockstepOptions {
  return {
    makeImpl: () => system(kase.engineSeed),
    admissible: isAdmissible,
    invariantsEvery: options.invariantsEvery ?? 1,
    collectStates: options.collectStates ?? false,
  };
}

/** Runs one case on an in-process, synchronous system (the fast path). */
export function runCase(kase: { engineSeed: number; ops: readonly TraceOp[] }, system: SystemFactory, options: Partial<ConformOptions> = {}): LockstepResult {
  return runLockstep(kase.ops, caseOptions(kase, system, options));
}

/** Runs one case on any system; a synchronous one stays synchronous op to op. */
export function runCaseAsync(kase: { engineSeed: number; ops: readonly TraceOp[] }, system: SystemFactory, options: Partial<ConformOptions> = {}): Promise<LockstepResult> {
  return runLockstepAsync(kase.ops, caseOptions(kase, system, options));
}

/** The generated case cut down to the system's op kinds (properties/capability-filter.ts). */
export function fitCase(kase: GeneratedCase, filter: TraceFilter | null): GeneratedCase {
  if (filter === null) return kase;
  // A system lacking some op kinds gets every aim's fallback, then the filter (aims name no kind).
  const ops = fitTrace(fallbackOps(kase.ops), filter);
  return { ...kase, ops: ops as Op[] };
}

/** The trace filter for a system: null when it supports every op kind. */
export function systemFilter(system: ResolvedSystem): TraceFilter | null {
  return traceFilter(system.capabilities, OP_KINDS);
}

/**
 * Runs a case inside a fast-check property. A SystemError (the plumbing failed) is not a failure
 * of the property: it is kept in `fatal` and interrupts fast-check at once (nothing is shrunk), and
 * the caller rethrows it after fc.check returns.
 */
export async function runGuarded(fatal: { error: SystemError | null }, run: () => Promise<LockstepResult>): Promise<LockstepResult> {
  if (fatal.error) throw new fc.PreconditionFailure(true);
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof SystemError)) throw e;
    fatal.error = e;
    throw new fc.PreconditionFailure(true);
  }
}

/** How often a campaign yields to the event loop, so a Ctrl-C handler gets to run. */
const YIELD_EVERY_MS = 100;

export const FAST_CHECK_SHRINK_BUDGET_OPS = 60_000;

export async function runConformance(options: ConformOptions): Promise<ConformResult> {
  const stats = newStats();
  const domains: DomainCounts = {};
  const pairs: Record<string, number> = {};
  const epochs: EpochReport[] = [];
  const filter = systemFilter(options.system);
  const fatal: { error: SystemError | null } = { error: null };
  const epochCount = options.path ? 1 : Math.max(1, Math.min(options.epochs ?? 1, options.runs));
  let runsDone = 0;
  let interrupted = false;
  let lastYieldMs = Date.now();
  let boost: readonly Category[] = options.boost ?? [];
  for (let epoch = 0; epoch < epochCount && !interrupted; epoch++) {
    const runs = Math.floor(options.runs / epochCount) + (epoch < options.runs % epochCount ? 1 : 0);
    const seed = options.seed + epoch;
    let failing = false;
    let wanted: string | null = null;
    let shrinkOps = 0;
    const property = fc.asyncProperty(caseArb(swarmArb(boost), { maxOps: options.maxOps }), async (generated) => {
      // A synchronous system never yields on its own: without this a SIGINT handler would not run.
      if (!failing && Date.now() - lastYieldMs >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYieldMs = Date.now();
      }
      if (!failing && options.shouldStop?.()) {
        interrupted = true;
        // An interrupting precondition failure ends fast-check's run at once.
        throw new fc.PreconditionFailure(true);
      }
      const kase = fitCase(generated, filter);
      if (failing) {
        // fast-check's shrinking redraws whole cases; past its budget it stops (keeping the last
        // failing case) and the literal shrinker, cheaper per step, takes over.
        shrinkOps += kase.ops.length;
        if (shrinkOps > (options.fastCheckShrinkBudgetOps ?? FAST_CHECK_SHRINK_BUDGET_OPS)) throw new fc.PreconditionFailure(true);
      }
      const result = await runGuarded(fatal, () => runCaseAsync(kase, options.system.factory, options));
      // While shrinking, a candidate failing another way is another bug: it counts as passing.
      if (failing && result.status === 'diverged' && sameFailure(result.divergence) !== wanted) return true;
      if (!failing) {
        // Only generated runs count towards the summary; shrinking re-runs do not.
        mergeStats(stats, result.stats);
        countDomains(kase.ops, domains);
        countPairs(result.literal, pairs);
        runsDone++;
        options.onRun?.(runsDone, stats, result.status === 'diverged');
      }
      if (result.status === 'diverged' && !failing) {
        failing = true;
        wanted = sameFailure(result.divergence);
      }
      return result.status === 'conforms';
    });
    const details = await fc.check(property, { seed, numRuns: runs, ...(options.path ? { path: options.path } : {}) });
    if (fatal.error) throw fatal.error;
    const report: EpochReport = { epoch, seed, boost, runs: runsDone, rulesReached: Object.keys(stats.rules).length, statesReached: Object.keys(stats.states).length, pairsReached: Object.keys(pairs).length };
    epochs.push(report);
    options.onEpoch?.(report);
    if (details.failed && !interrupted) {
      const failure = await failureOf(details, options, filter, boost);
      return { runs: runsDone, interrupted, stats, epochs, pairs, domains, failure };
    }
    boost = steer({ rules: stats.rules, states: stats.states, opKinds: stats.opKinds, pairs }, specRuleIds());
  }
  return { runs: runsDone, interrupted, stats, epochs, pairs, domains, failure: null };
}

/** The failing case of a fast-check run: re-run, shrunk literally, saved. */
async function failureOf(details: fc.RunDetails<[GeneratedCase]>, options: ConformOptions, filter: TraceFilter | null, boost: readonly Category[]): Promise<ConformFailure> {
  if (!details.counterexample) throw new Error(`fast-check failed without a counterexample: ${String(details.errorInstance)}`);
  const generated = fitCase(details.counterexample[0], filter);
  const rerun = await runCaseAsync(generated, options.system.factory, options);
  if (rerun.status !== 'diverged') throw new Error(`the shrunk counterexample no longer diverges when replayed: the system is not deterministic${options.system.capabilities.deterministic ? ' (though it says it is)' : ''}`);
  const shrunk = await shrinkFailure({ swarm: generated.swarm, engineSeed: generated.engineSeed, ops: rerun.literal }, rerun.divergence, options.system.factory, options);
  const { kase, divergence } = shrunk;
  const caseFile = toCaseFile(kase, divergence, options.by, details.seed, details.counterexamplePath ?? null, options.system.spec);
  let savedTo: string | null = null;
  if (options.save ?? true) {
    savedTo = join(options.corpusDir, caseFileName(caseFile));
    writeCaseFile(savedTo, caseFile);
  }
  return {
    kase, fastCheckOps: generated.ops.length, literalShrink: shrunk.result, divergence, caseFile, savedTo,
    seed: details.seed, boost, path: details.counterexamplePath ?? '', shrinkSteps: details.numShrinks,
  };
}

/** What makes two failures the same bug for shrinking and de-duplication: the case-file signature. */
export function sameFailure(d: Divergence): string {
  return divergenceSignature(d, d.op);
}

/**
 * Shrinks a failing literal case by delta debugging (shrink-literal.ts), keeping only candidates
 * that diverge with the same signature; returns the shortest case and its divergence.
 */
export async function shrinkFailure(
  failing: LiteralCase, divergence: Divergence, system: SystemFactory, options: Partial<ConformOptions> = {},
): Promise<{ kase: LiteralCase; divergence: Divergence; result: LiteralShrinkResult }> {
  const wanted = sameFailure(divergence);
  // A zero budget keeps the case exactly as it failed (chaos --shrink-budget 0).
  if (options.literalShrinkBudgetOps === 0) return { kase: failing, divergence, result: { ops: failing.ops, runs: 0, opsReplayed: 0, budgetSpent: true } };
  const result = await shrinkLiteral(failing.ops.slice(0, divergence.stepIndex + 1), {
    budgetOps: options.literalShrinkBudgetOps,
    async stillFails(ops) {
      const r = await runCaseAsync({ engineSeed: failing.engineSeed, ops }, system, options);
      return r.status === 'diverged' && sameFailure(r.divergence) === wanted ? r.divergence.stepIndex : undefined;
    },
  });
  // Every trace the shrinker keeps failed the same way; re-run it for its own divergence record.
  const final = await runCaseAsync({ engineSeed: failing.engineSeed, ops: result.ops }, system, options);
  if (final.status !== 'diverged' || sameFailure(final.divergence) !== wanted) throw new Error('the literally shrunk case no longer diverges the same way: the system is not deterministic');
  return { kase: { ...failing, ops: result.ops }, divergence: final.divergence, result };
}

export function toCaseFile(kase: LiteralCase, d: Divergence, by: string, seed: number | null, path: string | null, system: string): CaseFile {
  const divergence = { stepIndex: d.stepIndex, reason: d.reason, expected: d.expected, actual: d.actual, rules: d.rules, message: d.message };
  return {
    format: CASE_FORMAT,
    project: projectInfo(),
    found: { by, seed, path, swarm: kase.swarm },
    system,
    engineSeed: kase.engineSeed,
    ops: [...kase.ops],
    divergence,
    signature: divergenceSignature(divergence, d.op),
  };
}

/** Stable file name: who found it, the signature's hash, and the trace length. */
export function caseFileName(c: CaseFile): string {
  const hash = createHash('sha256').update(c.signature ?? '').update(JSON.stringify(c.ops)).digest('hex').slice(0, 10);
  return `${c.found.by}-${hash}-${c.ops.length}ops.json`;
}
