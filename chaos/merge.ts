import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../properties/args.ts';
import { addDomainCounts } from '../properties/declared-values.ts';
import type { DomainCounts } from '../properties/generators/index.ts';
import { mergeStats, newStats } from '../properties/runner.ts';
import { compareRuleIds } from '../properties/report.ts';
import { buildSummary, SUMMARY_FORMAT, type ChaosSummary, type EventRecord, type FailureRecord, type TimelinePoint } from './summary.ts';

/**
 * `npm run chaos -- merge <dir>...`: one summary and one report for the shards of a night. Each
 * input is a chaos output directory (summary.json, results.jsonl). The shards ran side by side, so
 * the merged elapsed time is the longest shard's and ops/s is the sum of theirs.
 *
 * Failures are de-duplicated by signature across shards: the first shard (in argument order) that
 * found a signature keeps the record, which lists every shard that found it; the signature is NEW
 * when any shard found it new (each shard only knew its own checkout's corpus).
 *
 * Declared generator values are counted over all shards: a value any shard generated is generated,
 * and the never-generated list is recomputed from the summed counts.
 *
 * Does NOT re-check that the shards belong to one campaign (same base seed, disjoint shards): it
 * says what it merged, and a mismatch of system or shard count is refused.
 */
export interface MergedOutput {
  readonly summary: ChaosSummary;
  /** Every input's results.jsonl line, with its shard added, in input order. */
  readonly resultsJsonl: string;
}

const TIMELINE_POINTS_MAX = 300;

export function mergeOutputs(dirs: readonly string[]): MergedOutput {
  const inputs = dirs.map((dir) => ({ dir, summary: readSummary(dir), results: readResults(dir) }));
  const first = inputs[0].summary;
  for (const { dir, summary } of inputs) {
    if (summary.system !== first.system) throw new UsageError(`merge: ${dir} ran system '${summary.system}', ${inputs[0].dir} ran '${first.system}'`);
    if (summary.shard.split('/')[1] !== first.shard.split('/')[1]) throw new UsageError(`merge: ${dir} is shard ${summary.shard}, ${inputs[0].dir} is shard ${first.shard}: not one campaign`);
  }
  const seen = new Set<string>();
  for (const { dir, summary } of inputs) {
    if (seen.has(summary.shard)) throw new UsageError(`merge: shard ${summary.shard} given twice (again in ${dir})`);
    seen.add(summary.shard);
  }
  const stats = newStats();
  for (const { summary } of inputs) mergeStats(stats, summary.stats);
  const domainCounts: DomainCounts = {};
  for (const { summary } of inputs) addDomainCounts(domainCounts, summary.domainCounts);
  const specRules = [...new Set(inputs.flatMap(({ summary }) => [...summary.rulesReached, ...summary.rulesMissing]))].sort(compareRuleIds);
  const summary = buildSummary({
    startedAt: inputs.map(({ summary: s }) => s.startedAt).sort()[0],
    elapsedSec: Math.max(...inputs.map(({ summary: s }) => s.elapsedSec)),
    stoppedBy: inputs.find(({ summary: s }) => s.stoppedBy !== 'deadline')?.summary.stoppedBy ?? 'deadline',
    system: first.system,
    seed: first.seed,
    shard: inputs.map(({ summary: s }) => s.shard).join(' + '),
    seedFormula: first.seedFormula,
    casesAssigned: inputs.reduce((n, { summary: s }) => n + s.casesAssigned, 0),
    maxOps: Math.max(...inputs.map(({ summary: s }) => s.maxOps)),
    workers: inputs.flatMap(({ summary: s }) => s.perWorker.map((w) => ({ cases: w.cases, casesCut: w.casesCut ?? 0, ops: w.ops, restarts: w.restarts, label: `shard ${s.shard} ${w.label ?? `#${w.worker}`}` }))),
    stats,
    specRules,
    domainCounts,
    timeline: mergeTimelines(inputs.map(({ summary: s }) => s)),
    failures: mergeFailures(inputs.map(({ summary: s }) => s)),
    events: inputs.flatMap(({ summary: s }) => s.events.map((e): EventRecord => ({ ...e, detail: `shard ${s.shard}: ${e.detail}` }))),
  });
  const mergedFrom = inputs.map(({ dir, summary: s }) => ({ dir, shard: s.shard, seed: s.seed, elapsedSec: s.elapsedSec }));
  const resultsJsonl = inputs.map(({ summary: s, results }) => results.map((line) => `${JSON.stringify({ shard: s.shard, ...line })}\n`).join('')).join('');
  return { summary: { ...summary, mergedFrom }, resultsJsonl };
}

function readSummary(dir: string): ChaosSummary {
  if (!existsSync(dir)) throw new UsageError(`merge: ${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`merge: ${dir}: not a directory (give chaos output directories)`);
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) throw new UsageError(`merge: ${dir}: no summary.json (not a chaos output directory, or its run did not finish)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`merge: ${path}: not valid JSON (${(e as Error).message})`);
  }
  const s = data as Partial<ChaosSummary>;
  if (s.format !== SUMMARY_FORMAT) throw new UsageError(`merge: ${path}: unknown format ${JSON.stringify(s.format)} (expected "${SUMMARY_FORMAT}")`);
  if (!s.stats || !Array.isArray(s.failures) || !Array.isArray(s.perWorker) || !Array.isArray(s.timeline)) throw new UsageError(`merge: ${path}: incomplete summary (stats, failures, perWorker or timeline missing)`);
  // Without its counts a shard's generated values would read as never generated in the merge.
  if (typeof s.domainCounts !== 'object' || s.domainCounts === null || Array.isArray(s.domainCounts)) throw new UsageError(`merge: ${path}: no domainCounts (written by a chaos older than its declared-value counts; rerun the shard)`);
  return s as ChaosSummary;
}

/** results.jsonl lines; a missing file is no lines, a torn last line (killed writer) is dropped. */
function readResults(dir: string): Record<string, unknown>[] {
  const path = join(dir, 'results.jsonl');
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const out: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      if (i !== lines.length - 1) throw new UsageError(`merge: ${path}: line ${i + 1} is not JSON`);
    }
  });
  return out;
}

/** One record per signature; `foundIn` names every shard that hit it. */
function mergeFailures(summaries: readonly ChaosSummary[]): FailureRecord[] {
  const bySignature = new Map<string, { record: FailureRecord; shards: string[]; isNew: boolean }>();
  for (const s of summaries) {
    for (const f of s.failures) {
      const entry = bySignature.get(f.signature);
      if (!entry) {
        bySignature.set(f.signature, { record: f, shards: [s.shard], isNew: f.isNew });
        continue;
      }
      if (!entry.shards.includes(s.shard)) entry.shards.push(s.shard);
      // Keep a record that points at a saved case, so the merged report has a replay command.
      if (f.isNew && !entry.isNew) entry.record = f;
      entry.isNew ||= f.isNew;
    }
  }
  return [...bySignature.values()].map(({ record, shards, isNew }) => ({ ...record, isNew, foundIn: shards }));
}

/**
 * The shards' timelines on one time axis: at each sample time of any shard, every worker's latest
 * rate (0 before its shard's first sample), workers concatenated in input order.
 */
function mergeTimelines(summaries: readonly ChaosSummary[]): TimelinePoint[] {
  const times = [...new Set(summaries.flatMap((s) => s.timeline.map((p) => p.tSec)))].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(times.length / TIMELINE_POINTS_MAX));
  const picked = times.filter((_, i) => i % step === 0 || i === times.length - 1);
  return picked.map((t) => {
    const rates: number[] = [];
    let totalOps = 0;
    for (const s of summaries) {
      const at = [...s.timeline].reverse().find((p) => p.tSec <= t);
      for (let w = 0; w < s.perWorker.length; w++) rates.push(at?.opsPerSecByWorker[w] ?? 0);
      totalOps += at?.totalOps ?? 0;
    }
    return { tSec: t, opsPerSecByWorker: rates, totalOps };
  });
}
