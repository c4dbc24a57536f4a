/**
 * Runs one benchmark suite in this process and prints its figures:
 *   npx tsx bench/run-suite.ts bench/suites/<name>.ts [--json OUT] [--time-ms N]
 * The nightly runner starts one process per suite so JIT state from one cannot skew another. The
 * calibration workload (bench/calibration.ts) is measured before and after the suite, in this same
 * process, and written with the figures. Bad usage or a missing/invalid suite file exits 2.
 */
import { existsSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatHelp, HELP_FLAG, parseFlags, UsageError } from '../properties/args.ts';
import { checkEnvironment, SetupError } from '../properties/preflight.ts';
import { CALIBRATION_ID, measureCalibration } from './calibration.ts';
import { formatFigures, runSuite, type BenchSuite } from './harness.ts';

const FLAGS = {
  json: { kind: 'string', value: 'OUT', help: 'also write the figures and calibration as JSON to OUT (atomically)' },
  'time-ms': { kind: 'int', value: 'N', help: 'measuring time per benchmark in milliseconds (default 500)' },
  help: HELP_FLAG,
} as const;
const USAGE = formatHelp('usage: npx tsx bench/run-suite.ts <suite-file.ts> [flags]', FLAGS);
const CALIBRATION_MS_MAX = 100;

async function main(argv: string[]): Promise<number> {
  const f = parseFlags(argv, FLAGS);
  if (f.help) {
    console.log(USAGE);
    return 0;
  }
  if (f._.length !== 1) throw new UsageError(`expected one suite file, got ${f._.length} (see --help)`);
  const file = f._[0];
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new UsageError(`${file}: not a file`);
  const timeMs = f['time-ms'];
  if (timeMs !== undefined && timeMs < 1) throw new UsageError('--time-ms must be positive');
  checkEnvironment();
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { suite?: BenchSuite };
  if (!mod.suite) throw new UsageError(`${file} does not export 'suite'`);
  const env = mod.suite.environment?.() ?? {};
  console.log(`suite ${mod.suite.name} on node ${process.version}${Object.entries(env).map(([k, v]) => `, ${k}=${v}`).join('')}`);
  const calibrationMs = Math.min(CALIBRATION_MS_MAX, Math.max(20, Math.round((timeMs ?? 500) / 5)));
  const figures = await runSuite(mod.suite, { ...(timeMs ? { timeMs } : {}), calibrate: () => measureCalibration(calibrationMs) });
  console.log(formatFigures(figures));
  const rates = figures.map((fig) => fig.calibration ?? 0);
  console.log(`calibration (${CALIBRATION_ID}, measured between benchmarks): ${Math.round(Math.min(...rates))}..${Math.round(Math.max(...rates))}/s`);
  if (f.json) {
    const tmp = `${f.json}.tmp`;
    writeFileSync(tmp, JSON.stringify({ suite: mod.suite.name, environment: env, figures, calibration: { id: CALIBRATION_ID } }, null, 2));
    renameSync(tmp, f.json);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof SetupError) {
      console.error(`run-suite: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
