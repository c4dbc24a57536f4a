import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { OP_KINDS, SystemError, type Op } from '../contract/index.ts';
import { isAdmissible } from './admissible.ts';
import { caseArb, type GeneratedCase } from './arbitraries.ts';
import { CASE_FORMAT, divergenceSignature, writeCaseFile, type CaseFile } from './case-file.ts';
import { projectInfo } from './project-info.ts';
import { fitTrace, traceFilter, type TraceFilter } from './capability-filter.ts';
import { mergeStats, newStats, runLockstep, runLockstepAsync, type Divergence, type LockstepOptions, type LockstepResult, type RunStats } from './runner.ts';
import { swarmArb } from './swarm.ts';
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
  /** Checked before each generated run; true ends the campaign early with what it has (Ctrl-C). */
  readonly shouldStop?: () => boolean;
}

export interface ConformFailure {
  readonly kase: GeneratedCase;
  readonly divergence: Divergence;
  readonly caseFile: CaseFile;
  /** Where it was saved, or null when saving was off. */
  readonly savedTo: string | null;
  readonly seed: number;
  readonly path: string;
  readonly shrinkSteps: number;
}

export interface ConformResult {
  readonly runs: number;
  /** True when shouldStop ended the campaign before its runs were done. */
  readonly interrupted: boolean;
  readonly stats: RunStats;
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
export function runCase(kase: { engineSeed: number; ops: readonly Op[] }, system: SystemFactory, options: Partial<ConformOptions> = {}): LockstepResult {
  return runLockstep(kase.ops, caseOptions(kase, system, options));
}

/** Runs one case on any system; a synchronous one stays synchronous op to op. */
export function runCaseAsync(kase: { engineSeed: number; ops: readonly Op[] }, system: SystemFactory, options: Partial<ConformOptions> = {}): Promise<LockstepResult> {
  return runLockstepAsync(kase.ops, caseOptions(kase, system, options));
}

/** The generated case cut down to the system's op kinds (properties/capability-filter.ts). */
export function fitCase(kase: GeneratedCase, filter: TraceFilter | null): GeneratedCase {
  const ops = fitTrace(kase.ops, filter);
  return ops === kase.ops ? kase : { ...kase, ops: ops as Op[] };
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

export async function runConformance(options: ConformOptions): Promise<ConformResult> {
  const stats = newStats();
  const filter = systemFilter(options.system);
  const fatal: { error: SystemError | null } = { error: null };
  let runsDone = 0;
  let failing = false;
  let interrupted = false;
  let lastYieldMs = Date.now();
  const property = fc.asyncProperty(caseArb(swarmArb(), { maxOps: options.maxOps }), async (generated) => {
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
    const result = await runGuarded(fatal, () => runCaseAsync(kase, options.system.factory, options));
    if (!failing) {
      // Only generated runs count towards the summary; shrinking re-runs do not.
      mergeStats(stats, result.stats);
      runsDone++;
      options.onRun?.(runsDone, stats, result.status === 'diverged');
    }
    if (result.status === 'diverged') failing = true;
    return result.status === 'conforms';
  });
  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs, ...(options.path ? { path: options.path } : {}) });
  if (fatal.error) throw fatal.error;
  if (!details.failed) return { runs: runsDone, interrupted, stats, failure: null };
  if (!details.counterexample) throw new Error(`fast-check failed without a counterexample: ${String(details.errorInstance)}`);
  const kase = fitCase(details.counterexample[0], filter);
  const rerun = await runCaseAsync(kase, options.system.factory, options);
  if (rerun.status !== 'diverged') throw new Error(`the shrunk counterexample no longer diverges when replayed: the system is not deterministic${options.system.capabilities.deterministic ? ' (though it says it is)' : ''}`);
  const divergence = rerun.divergence;
  const caseFile = toCaseFile(kase, divergence, options.by, details.seed, details.counterexamplePath ?? null, options.system.spec);
  let savedTo: string | null = null;
  if (options.save ?? true) {
    savedTo = join(options.corpusDir, caseFileName(caseFile));
    writeCaseFile(savedTo, caseFile);
  }
  return {
    runs: runsDone,
    interrupted,
    stats,
    failure: { kase, divergence, caseFile, savedTo, seed: details.seed, path: details.counterexamplePath ?? '', shrinkSteps: details.numShrinks },
  };
}

export function toCaseFile(kase: GeneratedCase, d: Divergence, by: string, seed: number | null, path: string | null, system: string): CaseFile {
  const divergence = { stepIndex: d.stepIndex, reason: d.reason, expected: d.expected, actual: d.actual, rules: d.rules, message: d.message };
  return {
    format: CASE_FORMAT,
    project: projectInfo(),
    found: { by, seed, path, swarm: kase.swarm },
    system,
    engineSeed: kase.engineSeed,
    ops: kase.ops,
    divergence,
    signature: divergenceSignature(divergence, d.op),
  };
}

/** Stable file name: who found it, the signature's hash, and the trace length. */
export function caseFileName(c: CaseFile): string {
  const hash = createHash('sha256').update(c.signature ?? '').update(JSON.stringify(c.ops)).digest('hex').slice(0, 10);
  return `${c.found.by}-${hash}-${c.ops.length}ops.json`;
}
