import { Bench } from 'tinybench';

/**
 * The shape every benchmark suite shares. A suite file in bench/suites/ exports
 * `suite: BenchSuite`; bench/run-suite.ts runs one suite in its own process and prints its figures.
 * Times are measured here and only here: tests never assert a duration.
 */
export interface BenchCase {
  readonly name: string;
  /** One call = one unit of work. Must not allocate unboundedly across calls. */
  readonly fn: () => void;
  /** Items of work per call (shard placements, keys, ...), reported as items/s. Default 1. */
  readonly itemsPerCall?: number;
  /** Bytes of payload per call; when given, the figure is reported in GB/s (1e9 bytes/s). */
  readonly bytesPerCall?: number;
  /** Unit label for items (default 'ops'). */
  readonly itemUnit?: string;
}

export interface BenchSuite {
  readonly name: string;
  /** Builds the cases (and their fixtures) once, before timing starts. */
  readonly cases: () => BenchCase[] | Promise<BenchCase[]>;
  /** Extra facts worth recording with the figures, e.g. which EC kernel the runtime chose. */
  readonly environment?: () => Record<string, string>;
}

export interface BenchFigure {
  readonly suite: string;
  readonly name: string;
  /** Throughput in `unit`, from the mean time per call (what the trend report plots). */
  readonly value: number;
  /**
   * Throughput in `unit` from the fastest call measured: the figure least disturbed by other
   * processes (a preempted call is slower, never faster), which `--compare` uses.
   */
  readonly best?: number;
  readonly unit: string;
  /** Relative margin of error of the mean, in percent, as tinybench reports it. */
  readonly rmePercent: number;
  readonly samples: number;
  /**
   * The calibration workload's rate (bench/calibration.ts) measured just before and just after
   * this benchmark, averaged: the machine's speed while it ran. Absent when not calibrated.
   */
  readonly calibration?: number;
}

export interface RunOptions {
  /** Minimum measuring time per case in milliseconds (tinybench `time`). Default 500. */
  readonly timeMs?: number;
  /** Warm-up time per case in milliseconds. Default 100. */
  readonly warmupMs?: number;
  /** Measures the machine's speed now; called between benchmarks, so each figure has its own. */
  readonly calibrate?: () => Promise<number>;
}

export async function runSuite(suite: BenchSuite, options: RunOptions = {}): Promise<BenchFigure[]> {
  const cases = await suite.cases();
  const figures: BenchFigure[] = [];
  // One case at a time, with the calibration measured between cases: on a machine whose load
  // changes by the second, a figure is divided by the speed measured around it, not minutes away.
  let calibrationBefore = await options.calibrate?.();
  for (const c of cases) {
    const bench = new Bench({ time: options.timeMs ?? 500, warmupTime: options.warmupMs ?? 100 });
    bench.add(c.name, c.fn);
    await bench.run();
    const calibrationAfter = await options.calibrate?.();
    const calibration = calibrationBefore !== undefined && calibrationAfter !== undefined ? (calibrationBefore + calibrationAfter) / 2 : undefined;
    calibrationBefore = calibrationAfter;
    const task = bench.getTask(c.name);
    const result = task?.result;
    if (!task || !result || !('throughput' in result)) throw new Error(`benchmark ${suite.name}/${c.name} produced no result`);
    const callsPerSec = result.throughput.mean;
    // latency is in milliseconds per call.
    const bestCallsPerSec = result.latency.min > 0 ? 1000 / result.latency.min : callsPerSec;
    const base = {
      suite: suite.name,
      name: c.name,
      rmePercent: result.latency.rme,
      samples: result.latency.samplesCount,
      ...(calibration !== undefined ? { calibration } : {}),
    };
    if (c.bytesPerCall !== undefined) {
      figures.push({ ...base, value: (callsPerSec * c.bytesPerCall) / 1e9, best: (bestCallsPerSec * c.bytesPerCall) / 1e9, unit: 'GB/s' });
    } else {
      figures.push({ ...base, value: callsPerSec * (c.itemsPerCall ?? 1), best: bestCallsPerSec * (c.itemsPerCall ?? 1), unit: `${c.itemUnit ?? 'ops'}/s` });
    }
  }
  return figures;
}

export function formatFigures(figures: readonly BenchFigure[]): string {
  const rows = figures.map((f) => [f.name, formatValue(f.value), f.unit, `±${f.rmePercent.toFixed(1)}%`, String(f.samples)]);
  const header = ['benchmark', 'value', 'unit', 'rme', 'samples'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatValue(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(2);
}
