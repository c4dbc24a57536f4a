import { benchKey, type BenchRun, type BenchStat } from './results-file.ts';

/**
 * Baseline comparison. Every recorded unit is a throughput, so ratio = current median / baseline
 * median and below 1 is slower.
 *
 * Noise-aware threshold, per benchmark:
 *   noise     = max(spread% of baseline, spread% of current, rme% of baseline, rme% of current)
 *               where spread% = (max - min) / median over the R repeats (each in a fresh process),
 *               and rme% = tinybench's margin of error of the mean inside one process;
 *   tolerance = clamp(2 * noise, 10%, 50%).
 * A benchmark regresses when ratio < 1 - tolerance, and counts as improved when ratio > 1 + tolerance.
 * Twice the observed range keeps a benchmark that wobbles by 8% between processes from failing at
 * -12%; the 10% floor absorbs machine-to-machine drift within one machine class; the 50% cap keeps a
 * very noisy benchmark from hiding a halving.
 *
 * Does NOT judge absolute speed, compare different units, or correct for a different machine class
 * (it warns instead).
 */
export const TOLERANCE_FLOOR_PERCENT = 10;
export const TOLERANCE_CAP_PERCENT = 50;

export type Verdict = 'ok' | 'regressed' | 'improved' | 'new' | 'missing' | 'unit-changed';

export interface ComparisonRow {
  readonly key: string;
  readonly unit: string;
  readonly baseline: number | null;
  readonly current: number | null;
  readonly ratio: number | null;
  readonly tolerancePercent: number | null;
  readonly verdict: Verdict;
}

export interface Comparison {
  readonly rows: readonly ComparisonRow[];
  readonly regressions: number;
  readonly missing: number;
  readonly machineClassMatches: boolean;
}

export function tolerancePercent(baseline: BenchStat, current: BenchStat): number {
  const noise = Math.max(baseline.spreadPercent, current.spreadPercent, baseline.rmePercent, current.rmePercent);
  return Math.min(TOLERANCE_CAP_PERCENT, Math.max(TOLERANCE_FLOOR_PERCENT, 2 * noise));
}

export function compareRuns(baseline: BenchRun, current: BenchRun): Comparison {
  const base = new Map(baseline.benchmarks.map((b) => [benchKey(b), b]));
  const cur = new Map(current.benchmarks.map((b) => [benchKey(b), b]));
  const rows: ComparisonRow[] = [];
  for (const [key, c] of cur) {
    const b = base.get(key);
    if (!b) {
      rows.push({ key, unit: c.unit, baseline: null, current: c.median, ratio: null, tolerancePercent: null, verdict: 'new' });
      continue;
    }
    if (b.unit !== c.unit) {
      rows.push({ key, unit: `${b.unit} -> ${c.unit}`, baseline: b.median, current: c.median, ratio: null, tolerancePercent: null, verdict: 'unit-changed' });
      continue;
    }
    const ratio = b.median > 0 ? c.median / b.median : Number.POSITIVE_INFINITY;
    const tol = tolerancePercent(b, c);
    const verdict: Verdict = ratio < 1 - tol / 100 ? 'regressed' : ratio > 1 + tol / 100 ? 'improved' : 'ok';
    rows.push({ key, unit: c.unit, baseline: b.median, current: c.median, ratio, tolerancePercent: tol, verdict });
  }
  for (const [key, b] of base) if (!cur.has(key)) rows.push({ key, unit: b.unit, baseline: b.median, current: null, ratio: null, tolerancePercent: null, verdict: 'missing' });
  return {
    rows,
    regressions: rows.filter((r) => r.verdict === 'regressed' || r.verdict === 'unit-changed').length,
    missing: rows.filter((r) => r.verdict === 'missing').length,
    machineClassMatches: baseline.environment.machineClass === current.environment.machineClass,
  };
}

export function formatThroughput(x: number | null): string {
  if (x === null) return '-';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(2);
}

export function formatComparison(c: Comparison): string {
  const header = ['benchmark', 'baseline', 'current', 'unit', 'ratio', 'tolerance', 'verdict'];
  const rows = c.rows.map((r) => [
    r.key, formatThroughput(r.baseline), formatThroughput(r.current), r.unit, r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`,
    r.tolerancePercent === null ? '-' : `±${r.tolerancePercent.toFixed(0)}%`, r.verdict === 'regressed' ? 'REGRESSED' : r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([1, 2, 4, 5]);
  const line = (cells: string[]) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push(`${c.regressions} regression(s), ${c.missing} missing benchmark(s)${c.machineClassMatches ? '' : ' — WARNING: the baseline was recorded on a different machine class'}`);
  return out.join('\n');
}
