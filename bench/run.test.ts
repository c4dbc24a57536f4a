import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readBenchRun } from './results-file.ts';

/**
 * bench/run.ts end to end on throwaway suites: one that works, one that throws while building its
 * cases, one without a `suite` export. Short measuring time; no figure is asserted, only that the
 * runner records, compares and reports them.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function fixture(): { suites: string; results: string; baselines: string } {
  const suites = mkdtempSync(join(tmpdir(), 'bench-suites-'));
  writeFileSync(join(suites, 'good.ts'), `let sink = 0;
export const suite = {
  name: 'good',
  environment: () => ({ kernel: 'test-kernel' }),
  cases: () => [
    { name: 'sum 1000', fn: () => { for (let i = 0; i < 1000; i++) sink += i; }, itemsPerCall: 1000, itemUnit: 'adds' },
    { name: 'copy 4 KiB', fn: () => { sink += new Uint8Array(4096).slice().length; }, bytesPerCall: 4096 },
  ],
};
`);
  writeFileSync(join(suites, 'broken.ts'), `export const suite = { name: 'broken', cases: () => { throw new Error('fixture missing'); } };\n`);
  writeFileSync(join(suites, 'noexport.ts'), `export const notASuite = 1;\n`);
  return { suites, results: mkdtempSync(join(tmpdir(), 'bench-results-')), baselines: mkdtempSync(join(tmpdir(), 'bench-baseline-')) };
}

const bench = (args: string[]) => execa(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/run.ts'), '--time-ms', '40', ...args], { cwd: ROOT, reject: false, all: true });

describe('npm run bench', () => {
  it('runs each suite in its own process, keeps going past failing suites, records history, saves a baseline, exits 1', async () => {
    const dirs = fixture();
    const r = await bench(['--repeat', '2', '--suites-dir', dirs.suites, '--results-dir', dirs.results, '--baseline-dir', dirs.baselines, '--save-baseline']);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toMatch(/suite broken FAILED: exit code \d+: .*fixture missing/);
    expect(r.stdout).toMatch(/suite noexport FAILED: exit code 2/);
    const files = readdirSync(dirs.results).filter((n) => n.endsWith('.json'));
    expect(files).toHaveLength(1);
    const recorded = readBenchRun(join(dirs.results, files[0]));
    expect(recorded.environment.node).toBe(process.version);
    expect(recorded.environment.suites.good).toEqual({ kernel: 'test-kernel' });
    expect(recorded.failedSuites.map((f) => f.suite).sort()).toEqual(['broken', 'noexport']);
    expect(recorded.benchmarks.map((b) => `${b.name} ${b.unit} ${b.values.length}`).sort()).toEqual(['copy 4 KiB GB/s 2', 'sum 1000 adds/s 2']);
    const baselines = readdirSync(dirs.baselines);
    expect(baselines).toEqual([`${recorded.environment.machineClass}.json`]);
    const html = readFileSync(join(dirs.results, 'report.html'), 'utf8');
    expect(html).toContain('good / sum 1000');
    expect(html).toContain('<svg');
    expect(html).toContain('fixture missing');
  });

  it('--compare prints the ratio table and exits 1 on a regression, 0 when within tolerance; bad usage exits 2', async () => {
    const dirs = fixture();
    const first = await bench(['--repeat', '1', '--suites', 'good', '--suites-dir', dirs.suites, '--results-dir', dirs.results, '--baseline-dir', dirs.baselines, '--save-baseline']);
    expect(first.exitCode, first.all).toBe(0);
    const baselinePath = join(dirs.baselines, readdirSync(dirs.baselines)[0]);
    const base = readBenchRun(baselinePath);
    // Nothing runs 1000x faster by chance: against this baseline the run must regress.
    const inflated = join(dirs.baselines, 'inflated.json');
    const scaled = (factor: number) => JSON.stringify({ ...base, benchmarks: base.benchmarks.map((b) => ({ ...b, median: b.median * factor, calibrated: { ...b.calibrated!, median: b.calibrated!.median * factor } })) });
    writeFileSync(inflated, scaled(1000));
    const slow = await bench(['--repeat', '1', '--suites', 'good', '--suites-dir', dirs.suites, '--results-dir', dirs.results, '--compare', inflated]);
    expect(slow.exitCode, slow.all).toBe(1);
    expect(slow.stdout).toMatch(/good \/ sum 1000 .* REGRESSED/);
    expect(slow.stdout).toContain('2 regression(s), 0 missing benchmark(s)');
    expect(slow.stdout).toContain('verdict: REGRESSED: 2 benchmark(s)');
    // ...and 1000x slower baselines make every ratio an improvement.
    const deflated = join(dirs.baselines, 'deflated.json');
    writeFileSync(deflated, scaled(1 / 1000));
    const fast = await bench(['--repeat', '1', '--suites', 'good', '--suites-dir', dirs.suites, '--results-dir', dirs.results, '--compare', deflated]);
    expect(fast.exitCode, fast.all).toBe(0);
    expect(fast.stdout).toMatch(/good \/ copy 4 KiB .* improved/);
    // A baseline recorded before calibration cannot be judged against: exit 4 and one verdict line.
    const old = join(dirs.baselines, 'old.json');
    writeFileSync(old, JSON.stringify({ ...base, calibration: undefined, benchmarks: base.benchmarks.map(({ calibrated: _, ...b }) => b) }));
    const unjudged = await bench(['--repeat', '1', '--suites', 'good', '--suites-dir', dirs.suites, '--results-dir', dirs.results, '--compare', old]);
    expect(unjudged.exitCode, unjudged.all).toBe(4);
    expect(unjudged.stdout).toMatch(/verdict: NOT JUDGED: cannot judge: .*no calibration/);
    expect(readdirSync(dirs.results).filter((n) => n.endsWith('.json')).length).toBe(4);
    // Bad usage exits 2 with one line and writes no results file (an unknown suite is a typo, not a run).
    for (const args of [['--bogus'], ['--compare', join(dirs.baselines, 'nope.json')], ['--repeat', '0'], ['--suites', 'nope', '--suites-dir', dirs.suites, '--results-dir', dirs.results], ['--repeat=99999999999999999999']]) {
      const bad = await bench(args);
      expect(bad.exitCode, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(dirs.results).filter((n) => n.endsWith('.json')).length).toBe(4);
  });
});
