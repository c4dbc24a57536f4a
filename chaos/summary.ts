import { OP_KINDS } from '../contract/index.ts';
import { declaredValues, formatDeclaredValues, type DeclaredValues } from '../properties/declared-values.ts';
import type { DomainCounts } from '../properties/generators/index.ts';
import type { RunStats } from '../properties/runner.ts';
import { compareRuleIds, formatGlossary } from '../properties/report.ts';
import type { ChaosFailure } from './run-case.ts';

/**
 * The machine-readable result of a campaign (summary.json) and the figures derived from it.
 * Format "daos-chaos-summary/1".
 */
export const SUMMARY_FORMAT = 'daos-chaos-summary/1';

export type FailureKind = 'divergence' | 'hang' | 'crash' | 'error';

export interface FailureRecord {
  readonly kind: FailureKind;
  readonly worker: number;
  /** Case number within the shard (see chaos/seeds.ts) and its seed. */
  readonly k: number;
  readonly seed: number;
  readonly tSec: number;
  /** True when the signature was not in the corpus before (or earlier in) this run. */
  readonly isNew: boolean;
  readonly signature: string;
  readonly savedTo: string | null;
  readonly repro: string | null;
  readonly message: string;
  readonly detail: ChaosFailure | null;
  /** In a merged summary: the shards that found this signature. */
  readonly foundIn?: readonly string[];
}

export interface EventRecord {
  readonly tSec: number;
  readonly worker: number;
  readonly kind: 'crash' | 'crash-retry-passed' | 'restart' | 'interrupted' | 'restart-limit' | 'deadline-kill';
  readonly k: number | null;
  readonly seed: number | null;
  readonly detail: string;
}

export interface WorkerFigures {
  readonly worker: number;
  /** How reports name it: '#0', or 'shard 2/4 #0' in a merged summary. */
  readonly label?: string;
  readonly cases: number;
  /** Cases cut at an op boundary at the deadline (their checked ops count in `ops`). */
  readonly casesCut?: number;
  readonly ops: number;
  readonly opsPerSec: number;
  readonly restarts: number;
}

export interface TimelinePoint {
  readonly tSec: number;
  /** Ops checked per second by each worker since the previous point. */
  readonly opsPerSecByWorker: readonly number[];
  readonly totalOps: number;
}

export interface ChaosSummary {
  readonly format: typeof SUMMARY_FORMAT;
  readonly startedAt: string;
  readonly elapsedSec: number;
  readonly stoppedBy: 'deadline' | 'interrupt' | 'restart-limit' | 'cases';
  readonly system: string;
  readonly seed: number;
  readonly shard: string;
  readonly seedFormula: string;
  /** Cases handed out: the seeds are shardSeeds(seed, shard, casesAssigned) (chaos/seeds.ts). */
  readonly casesAssigned: number;
  readonly maxOps: number;
  readonly workers: number;
  /** Cases run to completion; cases cut at the deadline are counted apart. */
  readonly cases: number;
  readonly casesCut?: number;
  readonly opsChecked: number;
  readonly opsPerSec: number;
  readonly perWorker: readonly WorkerFigures[];
  readonly stats: RunStats;
  readonly opKinds: Readonly<Record<string, number>>;
  readonly opKindsMissing: readonly string[];
  readonly faultKinds: Readonly<Record<string, number>>;
  readonly rulesReached: readonly string[];
  readonly rulesMissing: readonly string[];
  readonly rulesTotal: number;
  /**
   * Declared generator values (properties/generators/domains.ts) used by the cases the workers
   * reported (passed, failed or cut; hung and crashed cases are not reported), `domain=value` ->
   * count, keys sorted. Shrink runs are not counted.
   */
  readonly domainCounts: DomainCounts;
  /** How many values are declared, how many domainCounts holds, and which it lacks. */
  readonly declaredValues: DeclaredValues;
  readonly timeline: readonly TimelinePoint[];
  readonly failures: readonly FailureRecord[];
  readonly newFailures: number;
  readonly events: readonly EventRecord[];
  readonly exitCode: 0 | 1;
  /** In a merged summary: the shard outputs it combines, in order. */
  readonly mergedFrom?: readonly { readonly dir: string; readonly shard: string; readonly seed: number; readonly elapsedSec: number }[];
}

export interface SummaryInput {
  readonly startedAt: string;
  readonly elapsedSec: number;
  readonly stoppedBy: ChaosSummary['stoppedBy'];
  readonly system: string;
  readonly seed: number;
  readonly shard: string;
  readonly seedFormula: string;
  readonly casesAssigned: number;
  readonly maxOps: number;
  readonly workers: readonly { readonly cases: number; readonly casesCut?: number; readonly ops: number; readonly restarts: number; readonly label?: string }[];
  readonly stats: RunStats;
  readonly specRules: readonly string[];
  readonly domainCounts: Readonly<DomainCounts>;
  readonly timeline: readonly TimelinePoint[];
  readonly failures: readonly FailureRecord[];
  readonly events: readonly EventRecord[];
}

export function buildSummary(input: SummaryInput): ChaosSummary {
  const seconds = Math.max(input.elapsedSec, 0.001);
  const opKinds = sortedByCount(input.stats.opKinds);
  const reached = Object.keys(input.stats.rules).sort(compareRuleIds);
  const reachedSet = new Set(reached);
  const newFailures = input.failures.filter((f) => f.isNew).length;
  return {
    format: SUMMARY_FORMAT,
    startedAt: input.startedAt,
    elapsedSec: round(input.elapsedSec, 1),
    stoppedBy: input.stoppedBy,
    system: input.system,
    seed: input.seed,
    shard: input.shard,
    seedFormula: input.seedFormula,
    casesAssigned: input.casesAssigned,
    maxOps: input.maxOps,
    workers: input.workers.length,
    cases: input.workers.reduce((n, w) => n + w.cases, 0),
    casesCut: input.workers.reduce((n, w) => n + (w.casesCut ?? 0), 0),
    opsChecked: input.stats.steps,
    opsPerSec: Math.round(input.stats.steps / seconds),
    perWorker: input.workers.map((w, i) => ({ worker: i, label: w.label ?? `#${i}`, cases: w.cases, casesCut: w.casesCut ?? 0, ops: w.ops, opsPerSec: Math.round(w.ops / seconds), restarts: w.restarts })),
    stats: input.stats,
    opKinds,
    opKindsMissing: OP_KINDS.filter((k) => !(k in opKinds)),
    faultKinds: Object.fromEntries(Object.entries(opKinds).filter(([k]) => k.startsWith('fault.'))),
    rulesReached: reached,
    rulesMissing: input.specRules.filter((r) => !reachedSet.has(r)),
    rulesTotal: input.specRules.length,
    domainCounts: Object.fromEntries(Object.entries(input.domainCounts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    declaredValues: declaredValues(input.domainCounts),
    timeline: input.timeline,
    failures: input.failures,
    newFailures,
    events: input.events,
    exitCode: newFailures > 0 ? 1 : 0,
  };
}

function sortedByCount(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Words only a chaos summary uses, explained under it and in the report. */
export const CHAOS_GLOSSARY: readonly (readonly [string, string])[] = [
  ['NEW / known', 'a failure whose signature the corpus did not / did already hold (as a case that still diverges)'],
  ['cut', 'a case still running at the deadline, stopped at an op boundary: its checked ops count, it neither passed nor failed'],
];

/** The end-of-run text summary. */
export function formatChaosSummary(s: ChaosSummary): string {
  const lines: string[] = [];
  lines.push(`chaos: ${s.exitCode === 0 ? 'no new failure' : `${s.newFailures} NEW FAILURE(S)`} — stopped by ${s.stoppedBy} after ${s.elapsedSec} s`);
  lines.push(`  system ${s.system}, seed ${s.seed}, shard ${s.shard}, ${s.casesAssigned} cases assigned, max ops ${s.maxOps}`);
  if (s.mergedFrom) lines.push(`  merged from ${s.mergedFrom.length} output(s): ${s.mergedFrom.map((m) => `${m.dir} (shard ${m.shard}, seed ${m.seed}, ${m.elapsedSec} s)`).join('; ')}`);
  lines.push(`  cases passed or failed: ${s.cases}${s.casesCut ? `, cut at the deadline: ${s.casesCut}` : ''}; ops checked: ${s.opsChecked} (${s.opsPerSec} ops/s; errors returned ${s.stats.errors}, outcome sets ${s.stats.outcomeSets}, skipped by FAULT-8 ${s.stats.skipped})`);
  lines.push(`  per worker: ${s.perWorker.map((w) => `${w.label ?? `#${w.worker}`} ${w.cases} cases${w.casesCut ? ` (+${w.casesCut} cut)` : ''} ${w.ops} ops ${w.opsPerSec} ops/s${w.restarts ? ` (${w.restarts} restarts)` : ''}`).join('; ')}`);
  const kinds = Object.entries(s.opKinds).filter(([k]) => !k.startsWith('fault.'));
  lines.push(`  op kinds (${kinds.length}): ${kinds.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (s.opKindsMissing.length) lines.push(`  op kinds never checked: ${s.opKindsMissing.join(' ')}`);
  lines.push(`  fault kinds (${Object.keys(s.faultKinds).length}): ${Object.entries(s.faultKinds).map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`);
  lines.push(`  spec rules reached: ${s.rulesReached.length} of ${s.rulesTotal}`);
  lines.push(`  spec rules not reached (${s.rulesMissing.length}): ${s.rulesMissing.join(' ') || '-'}`);
  lines.push(`  ${formatDeclaredValues(s.declaredValues)}`);
  for (const e of s.events) lines.push(`  event: worker #${e.worker} ${e.kind}${e.seed !== null ? ` (case ${e.k}, seed ${e.seed})` : ''}: ${e.detail}`);
  if (s.failures.length === 0) lines.push('  failures: none');
  for (const f of s.failures) {
    lines.push(`  ${f.isNew ? 'NEW' : 'known'} ${f.kind} (case ${f.k}, seed ${f.seed}): ${f.signature}`);
    if (f.detail) lines.push(`      step ${f.detail.stepIndex} ${f.detail.opType}: expected ${f.detail.expected}, got ${f.detail.actual}; shrunk ${f.detail.originalOps} -> ${f.detail.shrunkOps} ops in ${f.detail.shrinkRuns} runs`);
    else lines.push(`      ${f.message}`);
    if (f.repro) lines.push(`      replay: ${f.repro}`);
  }
  lines.push(formatGlossary(CHAOS_GLOSSARY));
  return lines.join('\n');
}
