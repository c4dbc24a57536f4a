import { benchKey, type BenchRun, type BenchStat } from './results-file.ts';

/**
 * Baseline comparison, robust to a shared machine. Every recorded unit is a throughput; below 1 is
 * slower.
 *
 * Calibrated ratios: each figure's `best` throughput (from its fastest call: a call preempted by
 * another process is slower, never faster, so the fastest is the least disturbed) is divided by the
 * best rate of a fixed calibration workload measured around it in the same process
 * (bench/calibration.ts), which absorbs what still moves both (CPU frequency, a neighbour sharing
 * caches). ratio = current calibrated median / baseline calibrated median stays near 1 on a busy
 * machine, and a real slowdown of the code still shows.
 *
 * Noise-aware threshold, per benchmark:
 *   noise     = max(spread% of baseline, spread% of current)
 *               where spread% = (max - min) / median of the calibrated figures over the R repeats
 *               (each repeat is a fresh process);
 *   tolerance = max(2 * noise, 10%).
 * tinybench's rme (margin of error of the mean inside one process) is not part of the noise: on a
 * busy machine preempted samples inflate it to ±30-90% while the mean over a 500 ms window, and so
 * the calibrated figure, stays steady; the spread between fresh processes is the noise that matters.
 * Uncalibrated files (older) fall back to max(spread%, rme%) of the raw figures.
 * A benchmark regresses when ratio < 1 - tolerance and counts as improved when ratio > 1 + tolerance.
 * When the tolerance would exceed 40%, or its suite's calibration moved by more than 100% (between
 * repeats, or between the start and end of one repeat: the load changed while it ran), the row is
 * `noisy`: not judged. A comparison with noisy rows and no regression refuses to judge as a whole
 * (bench/run.ts exits 4 with one clear line), rather than pass or fail on noise. A 40% cap keeps a
 * halving (ratio 0.5) visible whenever a row is judged at all.
 *
 * Does NOT judge absolute speed, compare different units, or correct for a different machine class
 * (it warns instead). A baseline without calibration (older files) is refused: re-record it.
 */
export const TOLERANCE_FLOOR_PERCENT = 10;
export const TOLERANCE_MAX_PERCENT = 40;
export const CALIBRATION_MOVE_MAX_PERCENT = 100;

export type Verdict = 'ok' | 'regressed' | 'improved' | 'noisy' | 'new' | 'missing' | 'unit-changed';

export interface ComparisonRow {
  readonly key: string;
  readonly unit: string;
  readonly baseline: number | null;
  readonly current: number | null;
  /** Calibrated ratio (raw when either side lacks calibration). */
  readonly ratio: number | null;
  readonly tolerancePercent: number | null;
  readonly verdict: Verdict;
  /** Why a row is noisy. */
  readonly note?: string;
}

export interface Comparison {
  readonly rows: readonly ComparisonRow[];
  readonly regressions: number;
  readonly missing: number;
  /** Rows too noisy to judge. */
  readonly noisy: number;
  readonly machineClassMatches: boolean;
  /** Set when the comparison as a whole cannot be judged; the one line that says why. */
  readonly refusal: string | null;
}

function noiseOf(s: BenchStat): number {
  return s.calibrated ? s.calibrated.spreadPercent : Math.max(s.spreadPercent, s.rmePercent);
}

export function tolerancePercent(baseline: BenchStat, current: BenchStat): number {
  return Math.max(TOLERANCE_FLOOR_PERCENT, 2 * Math.max(noiseOf(baseline), noiseOf(current)));
}

/** Suites of `run` whose calibration moved too much to trust their figures, with the reason. */
export function unsteadySuites(run: BenchRun): Map<string, string> {
  const out = new Map<string, string>();
  for (const [suite, c] of Object.entries(run.calibration ?? {})) {
    const values = c.values;
    const between = values.length > 1 ? ((Math.max(...values) - Math.min(...values)) / Math.min(...values)) * 100 : 0;
    const within = Math.max(0, ...c.driftPercent);
    if (between > CALIBRATION_MOVE_MAX_PERCENT) out.set(suite, `machine speed varied ${between.toFixed(0)}% between repeats`);
    else if (within > CALIBRATION_MOVE_MAX_PERCENT) out.set(suite, `machine speed changed ${within.toFixed(0)}% during a repeat`);
  }
  return out;
}

export function compareRuns(baseline: BenchRun, current: BenchRun): Comparison {
  const base = new Map(baseline.benchmarks.map((b) => [benchKey(b), b]));
  const cur = new Map(current.benchmarks.map((b) => [benchKey(b), b]));
  const unsteady = new Map([...unsteadySuites(baseline)].map(([s, why]) => [s, `baseline: ${why}`]));
  for (const [s, why] of unsteadySuites(current)) unsteady.set(s, why);
  const ids = new Set([...Object.values(baseline.calibration ?? {}), ...Object.values(current.calibration ?? {})].map((c) => c.id));
  // Figures calibrated by different workloads are not comparable.
  const calibrated = ids.size <= 1 && baseline.benchmarks.every((b) => b.calibrated) && current.benchmarks.every((b) => b.calibrated);
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
    const [bv, cv] = b.calibrated && c.calibrated ? [b.calibrated.median, c.calibrated.median] : [b.median, c.median];
    const ratio = bv > 0 ? cv / bv : Number.POSITIVE_INFINITY;
    const tol = tolerancePercent(b, c);
    const why = unsteady.get(c.suite) ?? (tol > TOLERANCE_MAX_PERCENT ? `noise ±${(tol / 2).toFixed(0)}% between repeats` : undefined);
    const verdict: Verdict = why ? 'noisy' : ratio < 1 - tol / 100 ? 'regressed' : ratio > 1 + tol / 100 ? 'improved' : 'ok';
    rows.push({ key, unit: c.unit, baseline: b.median, current: c.median, ratio, tolerancePercent: tol, verdict, ...(why ? { note: why } : {}) });
  }
  for (const [key, b] of base) if (!cur.has(key)) rows.push({ key, unit: b.unit, baseline: b.median, current: null, ratio: null, tolerancePercent: null, verdict: 'missing' });
  const noisy = rows.filter((r) => r.verdict === 'noisy').length;
  const refusal = !calibrated
    ? 'cannot judge: the baseline or this run has no calibration figures (recorded before calibration existed); record the baseline again with --save-baseline'
    : noisy > 0
      ? `cannot judge ${noisy} benchmark(s): the machine's speed moved too much while they ran (${[...new Set(rows.filter((r) => r.note).map((r) => r.note))].slice(0, 3).join('; ')}); rerun on a quieter machine`
      : null;
  return {
    rows,
    regressions: calibrated ? rows.filter((r) => r.verdict === 'regressed' || r.verdict === 'unit-changed').length : 0,
    missing: rows.filter((r) => r.verdict === 'missing').length,
    noisy,
    machineClassMatches: baseline.environment.machineClass === current.environment.machineClass,
    refusal,
  };
}

/** Plain decimal figures, three significant digits at least, never scientific notation. */
export function formatThroughput(x: number | null): string {
  if (x === null) return '-';
  if (x >= 1e9) return `${(x / 1e9).toFixed(2)} G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  if (x >= 10) return x.toFixed(1);
  if (x >= 0.01) return x.toFixed(3);
  return x.toFixed(6);
}

/** The one-line verdict printed after the table and at the top of the report. */
export function comparisonVerdict(c: Comparison): string {
  const head = c.regressions > 0 ? `REGRESSED: ${c.regressions} benchmark(s) slower than the baseline beyond their tolerance`
    : c.refusal ? `NOT JUDGED: ${c.refusal}`
      : c.missing > 0 ? `MISSING: ${c.missing} benchmark(s) of the baseline were not measured`
        : `OK: no benchmark slower than the baseline beyond its tolerance (${c.rows.filter((r) => r.verdict === 'improved').length} improved)`;
  return `${head}${c.machineClassMatches ? '' : ' — WARNING: the baseline was recorded on a different machine class'}`;
}

export function formatComparison(c: Comparison): string {
  const header = ['benchmark', 'baseline', 'current', 'unit', 'calibrated ratio', 'tolerance', 'verdict'];
  const rows = c.rows.map((r) => [
    r.key, formatThroughput(r.baseline), formatThroughput(r.current), r.unit, r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`,
    r.tolerancePercent === null ? '-' : `±${r.tolerancePercent.toFixed(0)}%`, `${r.verdict === 'regressed' ? 'REGRESSED' : r.verdict}${r.note ? ` (${r.note})` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([1, 2, 4, 5]);
  const line = (cells: string[]) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push(`${c.regressions} regression(s), ${c.missing} missing benchmark(s), ${c.noisy} too noisy to judge`);
  out.push(`verdict: ${comparisonVerdict(c)}`);
  return out.join('\n');
}
