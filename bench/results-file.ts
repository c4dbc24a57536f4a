import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, arch, platform } from 'node:os';
import { join } from 'node:path';

/**
 * The nightly benchmark record (bench/results/<timestamp>.json, and bench/baseline/<machine>.json),
 * format "daos-bench-results/1": every benchmark's median over R repeats (each repeat = one fresh
 * process per suite), its range, and the environment the figures came from.
 */
export const RESULTS_FORMAT = 'daos-bench-results/1';

export interface BenchStat {
  readonly suite: string;
  readonly name: string;
  readonly unit: string;
  /** Median of the per-repeat throughputs (higher is better for every unit we record). */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
  /** (max - min) / median over the repeats, in percent: the noise between processes. */
  readonly spreadPercent: number;
  /** Median of tinybench's relative margin of error inside each process, in percent. */
  readonly rmePercent: number;
  /**
   * The same figure divided by its process's calibration (bench/calibration.ts), per repeat, and
   * their median and spread: what `--compare` compares. Absent in files from before calibration.
   */
  readonly calibrated?: { readonly median: number; readonly values: readonly number[]; readonly spreadPercent: number };
}

/** Per suite, per repeat: the calibration measured in that suite's process. */
export interface SuiteCalibration {
  readonly id: string;
  /** Mean of the before and after measurements, calibration workloads per second. */
  readonly values: readonly number[];
  /** |before - after| / mean, in percent: how much the machine's speed changed during the suite. */
  readonly driftPercent: readonly number[];
}

export interface SuiteFailure {
  readonly suite: string;
  readonly reason: string;
}

export interface BenchEnvironment {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly machineClass: string;
  /** What each suite's environment() reported (e.g. ec: the SIMD kernel chosen). */
  readonly suites: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface BenchRun {
  readonly format: typeof RESULTS_FORMAT;
  readonly timestamp: string;
  readonly commit: string | null;
  readonly environment: BenchEnvironment;
  readonly repeat: number;
  readonly timeMs: number | null;
  readonly benchmarks: readonly BenchStat[];
  readonly failedSuites: readonly SuiteFailure[];
  readonly calibration?: Readonly<Record<string, SuiteCalibration>>;
  /** os.loadavg() (1, 5, 15 min) at the start and at the end of the run: context, not a correction. */
  readonly loadAverage?: { readonly start: readonly number[]; readonly end: readonly number[] };
}

export function benchKey(b: { suite: string; name: string }): string {
  return `${b.suite} / ${b.name}`;
}

export function hostEnvironment(): Omit<BenchEnvironment, 'suites'> {
  const cpuList = cpus();
  const cpuModel = (cpuList[0]?.model ?? 'unknown').trim();
  const slug = cpuModel.toLowerCase().replace(/\(r\)|\(tm\)|cpu|processor|@.*$/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'cpu';
  const nodeMajor = process.versions.node.split('.')[0];
  return {
    node: process.version, platform: platform(), arch: arch(), cpuModel, cpus: cpuList.length,
    machineClass: `${platform()}-${arch()}-${cpuList.length}cpu-${slug}-node${nodeMajor}`,
  };
}

export class ResultsFileError extends Error {}

export function readBenchRun(path: string): BenchRun {
  if (!existsSync(path)) throw new ResultsFileError(`${path}: no such file`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ResultsFileError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const run = data as Partial<BenchRun>;
  if (run.format !== RESULTS_FORMAT) throw new ResultsFileError(`${path}: unknown format ${JSON.stringify(run.format)} (expected "${RESULTS_FORMAT}")`);
  if (!Array.isArray(run.benchmarks)) throw new ResultsFileError(`${path}: "benchmarks" must be an array`);
  return run as BenchRun;
}

/** Every readable results file in `dir` that holds figures, oldest first; others are skipped. */
export function readHistory(dir: string): BenchRun[] {
  if (!existsSync(dir)) return [];
  const runs: BenchRun[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    try {
      const run = readBenchRun(join(dir, name));
      // A run whose every suite failed measured nothing: it is not a point of any trend.
      if (run.benchmarks.length > 0) runs.push(run);
    } catch {
      // A foreign or older-format file is not history we can plot.
    }
  }
  return runs.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Folds the figures of R repeats of a suite into one BenchStat per benchmark. */
export function summarizeRepeats(repeats: readonly { suite: string; name: string; unit: string; value: number; rmePercent: number; calibrated?: number }[][]): BenchStat[] {
  const groups = new Map<string, { suite: string; name: string; unit: string; values: number[]; rmes: number[]; calibrated: number[] }>();
  for (const figures of repeats) {
    for (const f of figures) {
      const key = benchKey(f);
      const g = groups.get(key) ?? { suite: f.suite, name: f.name, unit: f.unit, values: [], rmes: [], calibrated: [] };
      if (g.unit !== f.unit) throw new Error(`${key}: unit changed between repeats (${g.unit} vs ${f.unit})`);
      g.values.push(f.value);
      g.rmes.push(f.rmePercent);
      if (f.calibrated !== undefined) g.calibrated.push(f.calibrated);
      groups.set(key, g);
    }
  }
  return [...groups.values()].map((g) => {
    const m = median(g.values);
    const min = Math.min(...g.values);
    const max = Math.max(...g.values);
    const stat: BenchStat = { suite: g.suite, name: g.name, unit: g.unit, median: m, min, max, values: g.values, spreadPercent: spread(g.values), rmePercent: median(g.rmes) };
    return g.calibrated.length === g.values.length ? { ...stat, calibrated: { median: median(g.calibrated), values: g.calibrated, spreadPercent: spread(g.calibrated) } } : stat;
  });
}

/** (max - min) / median, in percent. */
export function spread(values: readonly number[]): number {
  const m = median(values);
  return m > 0 ? ((Math.max(...values) - Math.min(...values)) / m) * 100 : 0;
}
