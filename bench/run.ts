/**
 * npm run bench -- [flags]   (flags below, or --help)
 *
 * Runs every suite in bench/suites/*.ts R times (default 3), each time in its own process
 * (`bench/run-suite.ts <suite> --json <tmp>`, so JIT state of one cannot skew another), repeats
 * interleaved (suite A, B, C, then A, B, C again) so slow drift of the machine spreads over all.
 * Writes bench/results/<timestamp>.json (medians, ranges, environment incl. each suite's
 * environment(), e.g. the EC kernel) and bench/results/report.html (trend plot per benchmark over
 * every stored results file). A suite that fails is reported and skipped; the exit code is then 1.
 * --compare prints a calibrated ratio table (bench/compare.ts) and a verdict line: exit 1 on a
 * regression, 4 when the machine was too unsteady to judge; `--compare auto` picks
 * bench/baseline/<this machine class>.json. --save-baseline writes bench/baseline/<machine class>.json.
 * Bad usage (an unknown suite, an unreadable baseline, a bad DAOS_EC_KERNEL) exits 2 before any
 * suite runs and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { formatHelp, HELP_FLAG, parseFlags, UsageError } from '../properties/args.ts';
import { writeFileAtomic } from '../properties/case-file.ts';
import { checkEnvironment, SetupError } from '../properties/preflight.ts';
import { prepareWritableDir } from '../chaos/writable-dir.ts';
import { CALIBRATION_ID } from './calibration.ts';
import { compareRuns, formatComparison, formatThroughput, type Comparison } from './compare.ts';
import type { BenchFigure } from './harness.ts';
import { renderBenchHtml } from './report.ts';
import { hostEnvironment, readBenchRun, readHistory, RESULTS_FORMAT, ResultsFileError, summarizeRepeats, type BenchRun, type SuiteCalibration, type SuiteFailure } from './results-file.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPEAT_DEFAULT = 3;

/** What bench/run-suite.ts --json writes. */
interface SuiteOutput {
  readonly suite: string;
  readonly environment: Record<string, string>;
  readonly figures: BenchFigure[];
  readonly calibration: { readonly id: string };
}

/** Exit code when --compare cannot judge (machine too unsteady, or an uncalibrated baseline). */
const EXIT_NOT_JUDGED = 4;

const FLAGS = {
  compare: { kind: 'string', value: 'FILE|auto', help: 'compare with a baseline results file; auto = bench/baseline/<this machine class>.json' },
  'save-baseline': { kind: 'bool', help: 'also save this run as bench/baseline/<machine class>.json' },
  repeat: { kind: 'int', value: 'R', help: `fresh processes per suite, interleaved, 1..50 (default ${REPEAT_DEFAULT})` },
  'time-ms': { kind: 'int', value: 'N', help: 'measuring time per benchmark in milliseconds (default 500)' },
  suites: { kind: 'string', value: 'a,b', help: 'run only these suites (file names in the suites directory, without .ts)' },
  'suites-dir': { kind: 'string', value: 'DIR', help: 'where suites are (default bench/suites)' },
  'results-dir': { kind: 'string', value: 'DIR', help: 'where results files and the report go (default bench/results)' },
  'baseline-dir': { kind: 'string', value: 'DIR', help: 'where baselines are read and saved (default bench/baseline)' },
  report: { kind: 'string', value: 'FILE', help: 'where the HTML report goes (default <results-dir>/report.html)' },
  help: HELP_FLAG,
} as const;

const USAGE = formatHelp('usage: npm run bench -- [flags]', FLAGS, `Exit 0: done (and no regression); 1: a suite failed, a regression, or a benchmark missing;
2: bad usage or setup, nothing written; ${EXIT_NOT_JUDGED}: --compare could not judge (the machine was too busy or unsteady).`);
/** A suite process taking longer than this is killed and reported as failed. */
const SUITE_TIMEOUT_MS = 20 * 60_000;

async function main(argv: string[]): Promise<number> {
  const f = parseFlags(argv, FLAGS);
  if (f.help) {
    console.log(USAGE);
    return 0;
  }
  if (f._.length) throw new UsageError(`unexpected argument '${f._[0]}'`);
  const repeat = f.repeat ?? REPEAT_DEFAULT;
  if (repeat < 1 || repeat > 50) throw new UsageError(`--repeat must be in 1..50, got ${repeat}`);
  if (f['time-ms'] !== undefined && f['time-ms'] < 1) throw new UsageError('--time-ms must be positive');
  // Read the baseline first: a bad path should fail before minutes of benchmarking.
  const baselineDir = resolve(f['baseline-dir'] ?? join(ROOT, 'bench', 'baseline'));
  const comparePath = f.compare === 'auto' ? autoBaseline(baselineDir) : f.compare;
  const baseline = comparePath ? readBenchRun(comparePath) : null;
  const suitesDir = resolve(f['suites-dir'] ?? join(ROOT, 'bench', 'suites'));
  const resultsDir = resolve(f['results-dir'] ?? join(ROOT, 'bench', 'results'));
  if (!existsSync(suitesDir)) throw new UsageError(`--suites-dir ${suitesDir}: no such directory`);
  const files = readdirSync(suitesDir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort();
  const wanted = f.suites ? new Set(f.suites.split(',').filter((s) => s !== '')) : null;
  const known = files.map((n) => basename(n, '.ts'));
  // An unknown suite name is a typo, not a failed run: refuse before measuring or writing anything.
  for (const w of wanted ?? []) if (!known.includes(w)) throw new UsageError(`--suites: no suite '${w}' in ${suitesDir} (known: ${known.join(', ')})`);
  if (wanted?.size === 0) throw new UsageError('--suites needs at least one suite name');
  const suites = files.filter((n) => !wanted || wanted.has(basename(n, '.ts')));
  if (suites.length === 0) throw new UsageError(`no suite in ${suitesDir}`);
  checkEnvironment();
  prepareWritableDir('--results-dir', resultsDir);
  const failures: SuiteFailure[] = [];
  const loadStart = loadavg();

  const env = hostEnvironment();
  console.log(`bench: ${suites.length} suite(s) x ${repeat} repeat(s) on node ${env.node}, ${env.cpuModel} x${env.cpus} (${env.machineClass})`);
  const figures = new Map<string, BenchFigure[][]>();
  const suiteEnv: Record<string, Record<string, string>> = {};
  const failed = new Set<string>();
  const calibration = new Map<string, { values: number[]; driftPercent: number[] }>();
  const tmp = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    for (let r = 0; r < repeat; r++) {
      for (const file of suites) {
        const name = basename(file, '.ts');
        if (failed.has(name)) continue;
        const out = join(tmp, `${name}-${r}.json`);
        const args = ['--import', 'tsx', join(ROOT, 'bench', 'run-suite.ts'), join(suitesDir, file), '--json', out, ...(f['time-ms'] ? ['--time-ms', String(f['time-ms'])] : [])];
        process.stdout.write(`bench: ${name} (repeat ${r + 1}/${repeat}) ... `);
        const result = await execa(process.execPath, args, { cwd: ROOT, reject: false, all: true, timeout: SUITE_TIMEOUT_MS });
        let parsed: SuiteOutput | null = null;
        try {
          if (result.exitCode === 0) parsed = JSON.parse(readFileSync(out, 'utf8')) as SuiteOutput;
        } catch {
          parsed = null;
        }
        if (!parsed || parsed.figures.length === 0) {
          // The thrown error's own line says more than the stack frames that end the output.
          const lines = String(result.all ?? '').trim().split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
          const tail = lines.find((l) => /^\s*\w*Error\b/.test(l))?.trim() ?? lines.slice(-3).join(' | ');
          const reason = result.timedOut ? `timed out after ${SUITE_TIMEOUT_MS / 1000} s` : `${result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`}${parsed ? ', no figures' : ''}: ${tail.slice(0, 400)}`;
          failures.push({ suite: name, reason });
          failed.add(name);
          figures.delete(name);
          console.log(`FAILED (${reason})`);
          continue;
        }
        const rates = parsed.figures.map((fig) => fig.calibration ?? Number.NaN);
        if (rates.some((r) => !(r > 0))) throw new Error(`suite ${name}: a figure without calibration`);
        const calMean = rates.reduce((a, b) => a + b, 0) / rates.length;
        const moved = ((Math.max(...rates) - Math.min(...rates)) / Math.min(...rates)) * 100;
        console.log(`${parsed.figures.length} figure(s), calibration ${Math.round(calMean)}/s (machine speed moved ${moved.toFixed(0)}% during the suite)`);
        suiteEnv[name] = parsed.environment;
        const c = calibration.get(name) ?? { values: [], driftPercent: [] };
        c.values.push(calMean);
        c.driftPercent.push(moved);
        calibration.set(name, c);
        const list = figures.get(name) ?? [];
        // Each figure divided by the machine speed measured around it: what --compare compares.
        list.push(parsed.figures.map((fig) => ({ ...fig, calibrated: (fig.best ?? fig.value) / fig.calibration! })));
        figures.set(name, list);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const run: BenchRun = {
    format: RESULTS_FORMAT,
    timestamp: new Date().toISOString(),
    commit: gitCommit(),
    environment: { ...env, suites: suiteEnv },
    repeat,
    timeMs: f['time-ms'] ?? null,
    benchmarks: [...figures.values()].flatMap((repeats) => summarizeRepeats(repeats)),
    failedSuites: failures,
    calibration: Object.fromEntries([...calibration].filter(([name]) => figures.has(name)).map(([name, c]): [string, SuiteCalibration] => [name, { id: CALIBRATION_ID, ...c }])),
    loadAverage: { start: loadStart.map((x) => Math.round(x * 100) / 100), end: loadavg().map((x) => Math.round(x * 100) / 100) },
  };
  mkdirSync(resultsDir, { recursive: true });
  const resultsPath = join(resultsDir, `${run.timestamp.replace(/[:.]/g, '-')}.json`);
  writeFileAtomic(resultsPath, `${JSON.stringify(run, null, 1)}\n`);
  console.log(`bench: wrote ${resultsPath}`);
  printMedians(run);

  let comparison: Comparison | null = null;
  if (baseline) {
    comparison = compareRuns(baseline, run);
    console.log(`\nagainst ${comparePath} (${baseline.timestamp}, ${baseline.environment.machineClass}):`);
    console.log(formatComparison(comparison));
  }
  if (f['save-baseline']) {
    const baselinePath = join(baselineDir, `${env.machineClass}.json`);
    writeFileAtomic(baselinePath, `${JSON.stringify(run, null, 1)}\n`);
    console.log(`bench: saved baseline ${baselinePath}`);
  }
  const reportPath = resolve(f.report ?? join(resultsDir, 'report.html'));
  writeFileAtomic(reportPath, renderBenchHtml(readHistory(resultsDir), comparison, baseline));
  console.log(`bench: wrote ${reportPath}`);
  for (const s of failures) console.log(`bench: suite ${s.suite} FAILED: ${s.reason}`);
  console.log(`bench: load average ${run.loadAverage!.start.join(' ')} at the start, ${run.loadAverage!.end.join(' ')} at the end (${env.cpus} CPUs)`);
  if (comparison) console.log(`bench: ${formatComparison(comparison).split('\n').at(-1)}`);
  const bad = failures.length > 0 || (comparison !== null && (comparison.regressions > 0 || comparison.missing > 0));
  if (bad) return 1;
  return comparison?.refusal ? EXIT_NOT_JUDGED : 0;
}

function printMedians(run: BenchRun): void {
  const rows = run.benchmarks.map((b) => [`${b.suite} / ${b.name}`, formatThroughput(b.median), b.unit, `${b.spreadPercent.toFixed(1)}%`, `±${b.rmePercent.toFixed(1)}%`]);
  const header = ['benchmark', 'median', 'unit', 'spread', 'rme'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
}

/** `--compare auto`: this machine class's baseline, else the first one stored (with a warning). */
function autoBaseline(dir: string): string {
  const own = join(dir, `${hostEnvironment().machineClass}.json`);
  if (existsSync(own)) return own;
  const stored = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : [];
  if (stored.length === 0) throw new UsageError(`--compare auto: no baseline in ${dir} (record one with --save-baseline)`);
  console.log(`bench: WARNING no baseline for ${hostEnvironment().machineClass}; comparing with ${stored[0]} from another machine class`);
  return join(dir, stored[0]);
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof ResultsFileError || e instanceof SetupError) {
      console.error(`bench: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
