import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Op, TraceOp } from '../contract/index.ts';
import { isAdmissible } from './admissible.ts';
import { caseArb, countDomains, type DomainCounts, type GeneratedCase } from './generators/index.ts';
import { CASE_FORMAT, divergenceSignature, writeCaseFile, type CaseFile } from './case-file.ts';
import { projectInfo } from './project-info.ts';
import { mergeStats, newStats, runLockstep, type Divergence, type LockstepResult, type RunStats } from './runner.ts';
import { shrinkLiteral, type LiteralShrinkResult } from './shrink-literal.ts';
import { countPairs, steer } from './feedback.ts';
import { specRuleIds } from './spec-rules.ts';
import { swarmArb, type Category } from './swarm.ts';
import type { SystemFactory } from './systems.ts';

/**
 * A conformance campaign: fast-check generates cases (swarm configuration + symbolic trace), each is
 * run in lockstep against the model, and the first divergence is shrunk by fast-check, then as a
 * literal trace (shrink-literal.ts, setup prefix included), and saved atomically to the corpus with
 * its replay command. Aimed faults are stored as the literal ops they resolved to.
 */
export interface ConformOptions {
  readonly runs: number;
  readonly maxOps: number;
  readonly seed: number;
  /** fast-check replay path, to replay one counterexample of a previous run. */
  readonly path?: string;
  readonly system: SystemFactory;
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
  readonly epochs: readonly EpochReport[];
  /** Op pairs (kind > next kind) of the generated runs' literal traces. */
  readonly pairs: Readonly<Record<string, number>>;
  readonly stats: RunStats;
  /** Declared domain values (generators/domains.ts) used by the generated runs, `domain=value` -> count. */
  readonly domains: DomainCounts;
  readonly failure: ConformFailure | null;
}

export function runCase(kase: { engineSeed: number; ops: readonly TraceOp[] }, system: SystemFactory, options: Partial<ConformOptions> = {}): LockstepResult {
  return runLockstep(kase.ops, {
    makeImpl: () => system(kase.engineSeed),
    admissible: isAdmissible,
    invariantsEvery: options.invariantsEvery ?? 1,
    collectStates: options.collectStates ?? false,
  });
}

export const FAST_CHECK_SHRINK_BUDGET_OPS = 60_000;

export function runConformance(options: ConformOptions): ConformResult {
  const stats = newStats();
  const domains: DomainCounts = {};
  const pairs: Record<string, number> = {};
  const epochs: EpochReport[] = [];
  const epochCount = options.path ? 1 : Math.max(1, Math.min(options.epochs ?? 1, options.runs));
  let runsDone = 0;
  let boost: readonly Category[] = options.boost ?? [];
  for (let epoch = 0; epoch < epochCount; epoch++) {
    const runs = Math.floor(options.runs / epochCount) + (epoch < options.runs % epochCount ? 1 : 0);
    const seed = options.seed + epoch;
    let failing = false;
    let wanted: string | null = null;
    let shrinkOps = 0;
    const property = fc.property(caseArb(swarmArb(boost), { maxOps: options.maxOps }), (kase) => {
      if (failing) {
        // fast-check's shrinking redraws whole cases; past its budget it stops (keeping the last
        // failing case) and the literal shrinker, cheaper per step, takes over.
        shrinkOps += kase.ops.length;
        if (shrinkOps > (options.fastCheckShrinkBudgetOps ?? FAST_CHECK_SHRINK_BUDGET_OPS)) throw new fc.PreconditionFailure(true);
      }
      const result = runCase(kase, options.system, options);
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
    const details = fc.check(property, { seed, numRuns: runs, ...(options.path ? { path: options.path } : {}) });
    const report: EpochReport = {
      epoch, seed, boost, runs: runsDone, rulesReached: Object.keys(stats.rules).length, statesReached: Object.keys(stats.states).length, pairsReached: Object.keys(pairs).length,
    };
    epochs.push(report);
    options.onEpoch?.(report);
    if (details.failed) {
      const failure = failureOf(details, options, boost);
      return { runs: runsDone, epochs, pairs, stats, domains, failure };
    }
    boost = steer({ rules: stats.rules, states: stats.states, opKinds: stats.opKinds, pairs }, specRuleIds());
  }
  return { runs: runsDone, epochs, pairs, stats, domains, failure: null };
}

/** The failing case of a fast-check run: re-run, shrunk literally, saved. */
function failureOf(details: fc.RunDetails<[GeneratedCase]>, options: ConformOptions, boost: readonly Category[]): ConformFailure {
  if (!details.counterexample) throw new Error(`fast-check failed without a counterexample: ${String(details.errorInstance)}`);
  const generated = details.counterexample[0];
  const rerun = runCase(generated, options.system, options);
  if (rerun.status !== 'diverged') throw new Error('the shrunk counterexample no longer diverges when replayed: the implementation is not deterministic');
  const shrunk = shrinkFailure({ swarm: generated.swarm, engineSeed: generated.engineSeed, ops: rerun.literal }, rerun.divergence, options.system, options);
  const { kase, divergence } = shrunk;
  const caseFile = toCaseFile(kase, divergence, options.by, details.seed, details.counterexamplePath ?? null);
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
export function shrinkFailure(
  failing: LiteralCase, divergence: Divergence, system: SystemFactory, options: Partial<ConformOptions> = {},
): { kase: LiteralCase; divergence: Divergence; result: LiteralShrinkResult } {
  const signature = sameFailure;
  const wanted = signature(divergence);
  // A zero budget keeps the case exactly as it failed (chaos --shrink-budget 0).
  if (options.literalShrinkBudgetOps === 0) return { kase: failing, divergence, result: { ops: failing.ops, runs: 0, opsReplayed: 0, budgetSpent: true } };
  const result = shrinkLiteral(failing.ops.slice(0, divergence.stepIndex + 1), {
    budgetOps: options.literalShrinkBudgetOps,
    stillFails(ops) {
      const r = runCase({ engineSeed: failing.engineSeed, ops }, system, options);
      return r.status === 'diverged' && signature(r.divergence) === wanted ? r.divergence.stepIndex : undefined;
    },
  });
  // Every trace the shrinker keeps failed the same way; re-run it for its own divergence record.
  const final = runCase({ engineSeed: failing.engineSeed, ops: result.ops }, system, options);
  if (final.status !== 'diverged' || signature(final.divergence) !== wanted) throw new Error('the literally shrunk case no longer diverges the same way: the implementation is not deterministic');
  const [ops, d] = [result.ops, final.divergence];
  return { kase: { ...failing, ops }, divergence: d, result };
}

export function toCaseFile(kase: LiteralCase, d: Divergence, by: string, seed: number | null, path: string | null): CaseFile {
  const divergence = { stepIndex: d.stepIndex, reason: d.reason, expected: d.expected, actual: d.actual, rules: d.rules, message: d.message };
  return {
    format: CASE_FORMAT,
    project: projectInfo(),
    found: { by, seed, path, swarm: kase.swarm },
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
