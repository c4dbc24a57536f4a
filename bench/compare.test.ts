import { describe, expect, it } from 'vitest';
import { compareRuns, formatComparison, tolerancePercent } from './compare.ts';
import { median, RESULTS_FORMAT, summarizeRepeats, type BenchRun, type BenchStat } from './results-file.ts';

function stat(name: string, medianValue: number, spreadPercent = 2, rmePercent = 1, unit = 'ops/s'): BenchStat {
  return { suite: 's', name, unit, median: medianValue, min: medianValue, max: medianValue, values: [medianValue], spreadPercent, rmePercent };
}

function run(benchmarks: BenchStat[], machineClass = 'linux-x64-2cpu-test-node20'): BenchRun {
  return {
    format: RESULTS_FORMAT, timestamp: '2026-01-01T00:00:00.000Z', commit: null, repeat: 3, timeMs: null, failedSuites: [], benchmarks,
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpuModel: 'test', cpus: 2, machineClass, suites: {} },
  };
}

describe('repeats and medians', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('folds R repeats into median, range, spread and median rme per benchmark', () => {
    const f = (value: number, rmePercent: number) => ({ suite: 'ec', name: 'encode', unit: 'GB/s', value, rmePercent });
    const [s] = summarizeRepeats([[f(10, 1)], [f(8, 3)], [f(9, 2)]]);
    expect(s).toMatchObject({ suite: 'ec', name: 'encode', unit: 'GB/s', median: 9, min: 8, max: 10, values: [10, 8, 9], rmePercent: 2 });
    expect(s.spreadPercent).toBeCloseTo((2 / 9) * 100, 10);
    expect(() => summarizeRepeats([[f(1, 1)], [{ ...f(1, 1), unit: 'ops/s' }]])).toThrow(/unit changed/);
  });
});

describe('baseline comparison', () => {
  it('tolerance is twice the worst observed noise, between 10% and 50%', () => {
    expect(tolerancePercent(stat('a', 1, 1, 1), stat('a', 1, 2, 1))).toBe(10);
    expect(tolerancePercent(stat('a', 1, 8, 1), stat('a', 1, 2, 1))).toBe(16);
    expect(tolerancePercent(stat('a', 1, 1, 1), stat('a', 1, 2, 14))).toBe(28);
    expect(tolerancePercent(stat('a', 1, 40, 1), stat('a', 1, 2, 1))).toBe(50);
  });

  it('flags a drop beyond the tolerance as a regression, and lists new, missing and changed-unit benchmarks', () => {
    const baseline = run([stat('steady', 100), stat('slower', 100), stat('noisy', 100, 20), stat('faster', 100), stat('gone', 5), stat('unit', 1, 1, 1, 'GB/s')]);
    const current = run([stat('steady', 95), stat('slower', 85), stat('noisy', 70), stat('faster', 130), stat('added', 7), stat('unit', 1, 1, 1, 'ops/s')]);
    const c = compareRuns(baseline, current);
    const verdict = Object.fromEntries(c.rows.map((r) => [r.key.replace('s / ', ''), r.verdict]));
    expect(verdict).toEqual({ steady: 'ok', slower: 'regressed', noisy: 'ok', faster: 'improved', added: 'new', gone: 'missing', unit: 'unit-changed' });
    expect(c.regressions).toBe(2);
    expect(c.missing).toBe(1);
    expect(c.rows.find((r) => r.key === 's / slower')!.ratio).toBeCloseTo(0.85, 10);
    expect(c.machineClassMatches).toBe(true);
    const table = formatComparison(c);
    expect(table).toMatch(/s \/ slower\s+100\.00\s+85\.00\s+ops\/s\s+0\.850x\s+±10%\s+REGRESSED/);
    expect(table).toContain('2 regression(s), 1 missing benchmark(s)');
  });

  it('warns when the baseline comes from another machine class', () => {
    const c = compareRuns(run([stat('a', 1)], 'other'), run([stat('a', 1)]));
    expect(c.machineClassMatches).toBe(false);
    expect(formatComparison(c)).toContain('different machine class');
  });
});
