/**
 * npm run screenshots -- [--out DIR]
 * Renders the chaos and bench HTML reports from fixed fixtures (below: a campaign with two workers,
 * a failure, a cut case, events and some declared generator values never generated; a bench history of five runs with a comparison) and takes a
 * PNG of each with headless Chromium, so a developer can look at what a reader sees. Needs
 * /usr/bin/chromium (Debian: apt-get install -y chromium); no npm dependency.
 * Writes <out>/chaos-report.html|png and <out>/bench-report.html|png (default out: screenshots/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatHelp, HELP_FLAG, parseFlags, UsageError } from '../properties/args.ts';
import { writeFileAtomic } from '../properties/case-file.ts';
import { DOMAINS } from '../properties/generators/index.ts';
import { newStats } from '../properties/runner.ts';
import { specRuleIds } from '../properties/spec-rules.ts';
import { renderChaosHtml } from '../chaos/html-report.ts';
import { buildSummary, type FailureRecord, type TimelinePoint } from '../chaos/summary.ts';
import { prepareWritableDir } from '../chaos/writable-dir.ts';
import { compareRuns } from '../bench/compare.ts';
import { renderBenchHtml } from '../bench/report.ts';
import { RESULTS_FORMAT, type BenchRun, type BenchStat } from '../bench/results-file.ts';

const FLAGS = {
  out: { kind: 'string', value: 'DIR', help: 'where the HTML and PNG files go (default screenshots)' },
  chromium: { kind: 'string', value: 'PATH', help: 'the Chromium binary (default /usr/bin/chromium)' },
  help: HELP_FLAG,
} as const;

function chaosFixture(): string {
  const stats = newStats();
  stats.steps = 184_233;
  stats.errors = 61_020;
  stats.outcomeSets = 412;
  stats.skipped = 3_981;
  const kinds: Record<string, number> = { 'obj.update': 52_000, 'obj.fetch': 31_000, 'cont.open': 9, 'tx.open': 8_100, 'pool.query': 2_400, 'fault.failEngine': 2_100, 'fault.restartEngine': 1_900, 'fault.corrupt': 9, 'fault.dropMessages': 1_200 };
  Object.assign(stats.opKinds, kinds);
  const rules = specRuleIds();
  rules.slice(0, Math.floor(rules.length * 0.8)).forEach((r, i) => { stats.rules[r] = (i * 37) % 900 + 1; });
  // Every declared generator value but one in nine, so the report lists some never generated.
  const domainCounts = Object.fromEntries(DOMAINS.flatMap((d) => d.values.map((v) => `${d.name}=${v}`)).map((key, i) => [key, (i * 53) % 400 + 1] as const).filter((_, i) => i % 9 !== 4));
  const timeline: TimelinePoint[] = [];
  let total = 0;
  for (let t = 2; t <= 120; t += 2) {
    const a = 700 + ((t * 13) % 90);
    const b = t > 100 ? 0 : 640 + ((t * 7) % 120);
    total += (a + b) * 2;
    timeline.push({ tSec: t, opsPerSecByWorker: [a, b], totalOps: total });
  }
  const failure: FailureRecord = {
    kind: 'divergence', worker: 1, k: 31, seed: -1081709483, tSec: 74.2, isNew: true, signature: 'obj.fetch|KV-5|outcome|ok->err:DATA_LOSS',
    savedTo: 'corpus/chaos-5ead7830aa-21ops.json', repro: 'npm run repro -- corpus/chaos-5ead7830aa-21ops.json', message: 'expected ok, got DATA_LOSS',
    detail: { signature: 'obj.fetch|KV-5|outcome|ok->err:DATA_LOSS', savedTo: 'corpus/chaos-5ead7830aa-21ops.json', stepIndex: 19, reason: 'outcome', opType: 'obj.fetch', message: 'm', rules: ['KV-5', 'ARR-2'], expected: '{"ok":[{"ranges":["00"]}]}', actual: '{"err":"DATA_LOSS"}', originalOps: 734, shrunkOps: 21, shrinkRuns: 1480, shrinkBudgetSpent: false, path: '0:3:1' },
  };
  const summary = buildSummary({
    startedAt: '2026-03-01T02:17:05.000Z', elapsedSec: 121.4, stoppedBy: 'deadline', system: 'engine', seed: 1234, shard: '2/4',
    seedFormula: 'seed(k) = ...', casesAssigned: 96, maxOps: 1000,
    workers: [{ cases: 50, casesCut: 1, ops: 95_000, restarts: 0 }, { cases: 43, casesCut: 0, ops: 89_233, restarts: 1 }],
    stats, specRules: rules, domainCounts, timeline, failures: [failure, { ...failure, isNew: false, k: 77, seed: 99, signature: 'pool.exclude|RF-2|outcome|err:RF->ok', detail: null, repro: null, savedTo: null, message: 'known: corpus/conform-38003e3262-15ops.json' }],
    events: [{ tSec: 100.5, worker: 1, kind: 'crash', k: 80, seed: 4242, detail: 'worker died mid-case (signal SIGKILL); retrying the case once on a fresh worker' }],
  });
  return renderChaosHtml(summary);
}

function benchFixture(): string {
  const names: [string, string, number][] = [['ec', 'encode wasm-simd 4+2 128KiB', 8.2], ['ec', 'reconstruct(2 data) js-word 16+2 4KiB', 0.61], ['placement', 'layout EC_4P2G1 cold (cache miss)', 1.83e6], ['lockstep', 'engine vs model, 200-op traces', 2_450]];
  const run = (i: number, slow: number): BenchRun => ({
    format: RESULTS_FORMAT, timestamp: `2026-03-0${i + 1}T02:${String(17 + i).padStart(2, '0')}:00.000Z`, commit: `abc${i}def`, repeat: 3, timeMs: 500, failedSuites: [],
    environment: { node: 'v20.20.2', platform: 'linux', arch: 'x64', cpuModel: 'AMD EPYC', cpus: 2, machineClass: 'linux-x64-2cpu-amd-epyc-node20', suites: { ec: { kernel: 'wasm-simd' } } },
    calibration: { ec: { id: 'mix-v1', values: [6400, 6500, 6450], driftPercent: [4, 6, 5] } },
    benchmarks: names.map(([suite, name, v], j): BenchStat => {
      const median = v * (1 + 0.04 * Math.sin(i * 3 + j)) * (j === 2 ? slow : 1);
      const unit = suite === 'ec' ? 'GB/s' : suite === 'placement' ? 'shards/s' : 'ops/s';
      return { suite, name, unit, median, min: median * 0.95, max: median * 1.04, values: [median * 0.95, median, median * 1.04], spreadPercent: 9, rmePercent: 3, calibrated: { median: median / 6450, values: [median / 6450], spreadPercent: 6 } };
    }),
  });
  const history = [run(0, 1), run(1, 1), run(2, 1), run(3, 1), run(4, 0.55)];
  return renderBenchHtml(history, compareRuns(history[0], history[4]), history[0]);
}

function main(argv: string[]): number {
  const f = parseFlags(argv, FLAGS);
  if (f.help) {
    console.log(formatHelp('usage: npm run screenshots -- [flags]', FLAGS));
    return 0;
  }
  if (f._.length) throw new UsageError(`unexpected argument '${f._[0]}'`);
  const chromium = f.chromium ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new UsageError(`${chromium} not found: install it (Debian: apt-get install -y chromium) or pass --chromium PATH`);
  const out = resolve(f.out ?? 'screenshots');
  prepareWritableDir('--out', out);
  for (const [name, html, height] of [['chaos-report', chaosFixture(), 2200], ['bench-report', benchFixture(), 1900]] as const) {
    const htmlPath = join(out, `${name}.html`);
    const pngPath = join(out, `${name}.png`);
    writeFileAtomic(htmlPath, html);
    execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${pngPath}`, `--window-size=1200,${height}`, `file://${htmlPath}`], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    console.log(`screenshots: ${pngPath}`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`screenshots: ${e.message}`);
  process.exitCode = 2;
}
