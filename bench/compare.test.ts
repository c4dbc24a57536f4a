import { describe, expect, it } from 'vitest';
import { compareRuns, comparisonVerdict, formatComparison, formatThroughput, tolerancePercent } from './compare.ts';
import { median, RESULTS_FORMAT, summarizeRepeats, type BenchRun, type BenchStat } from './results-file.ts';

/** A benchmark whose calibrated figure equals its raw one, with the given spread between repeats. */
function stat(name: string, medianValue: number, spreadPercent = 2, rmePercent = 1, unit = 'ops/s'): BenchStat {
  return { suite: 's', name, unit, median: medianValue, min: medianValue, max: medianValue, values: [medianValue], spreadPercent, rmePercent, calibrated: { median: medianValue, values: [medianValue], spreadPercent } };
}

/** The same without calibration, as files written before it existed. */
function raw(s: BenchStat): BenchStat {
  const { calibrated: _, ...rest } = s;
  return rest;
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
  it('tolerance is twice the spread of the calibrated figures between repeats, at least 10%; rme no longer counts once calibrated', () => {
    expect(tolerancePercent(stat('a', 1, 1, 1), stat('a', 1, 2, 1))).toBe(10);
    expect(tolerancePercent(stat('a', 1, 8, 1), stat('a', 1, 2, 1))).toBe(16);
    // On a busy machine tinybench's rme balloons while the calibrated figure stays steady.
    expect(tolerancePercent(stat('a', 1, 1, 90), stat('a', 1, 2, 60))).toBe(10);
    // Files from before calibration fall back to raw spread and rme.
    expect(tolerancePercent(raw(stat('a', 1, 1, 14)), raw(stat('a', 1, 2, 1)))).toBe(28);
  });

  it('compares calibrated figures: a run that is slower only because the machine is busy is not a regression', () => {
    // Raw figures halved by load, calibrated figures unchanged.
    const baseline = run([stat('steady', 100)]);
    const busy = run([{ ...stat('steady', 100), median: 50, calibrated: { median: 100, values: [100], spreadPercent: 2 } }]);
    const c = compareRuns(baseline, busy);
    expect(c.rows[0]).toMatchObject({ verdict: 'ok', ratio: 1 });
    expect(c.refusal).toBeNull();
  });

  it('flags a drop beyond the tolerance as a regression, and lists new, missing, noisy and changed-unit benchmarks', () => {
    const baseline = run([stat('steady', 100), stat('slower', 100), stat('halved', 100, 19), stat('noisy', 100, 30), stat('faster', 100), stat('gone', 5), stat('unit', 1, 1, 1, 'GB/s')]);
    const current = run([stat('steady', 95), stat('slower', 85), stat('halved', 50), stat('noisy', 40), stat('faster', 130), stat('added', 7), stat('unit', 1, 1, 1, 'ops/s')]);
    const c = compareRuns(baseline, current);
    const verdict = Object.fromEntries(c.rows.map((r) => [r.key.replace('s / ', ''), r.verdict]));
    expect(verdict).toEqual({ steady: 'ok', slower: 'regressed', halved: 'regressed', noisy: 'noisy', faster: 'improved', added: 'new', gone: 'missing', unit: 'unit-changed' });
    expect(c.regressions).toBe(3);
    expect(c.missing).toBe(1);
    expect(c.noisy).toBe(1);
    expect(c.rows.find((r) => r.key === 's / slower')!.ratio).toBeCloseTo(0.85, 10);
    expect(c.machineClassMatches).toBe(true);
    const table = formatComparison(c);
    expect(table).toMatch(/s \/ slower\s+100\.0\s+85\.0\s+ops\/s\s+0\.850x\s+±10%\s+REGRESSED/);
    expect(table).toContain('3 regression(s), 1 missing benchmark(s), 1 too noisy to judge');
    expect(table).toContain('verdict: REGRESSED: 3 benchmark(s)');
  });

  it('refuses to judge, with one line saying why, when rows are too noisy or the baseline has no calibration', () => {
    const noisy = compareRuns(run([stat('a', 100, 30)]), run([stat('a', 100, 2)]));
    expect(noisy.regressions).toBe(0);
    expect(noisy.refusal).toMatch(/^cannot judge 1 benchmark\(s\): .*rerun on a quieter machine$/);
    expect(comparisonVerdict(noisy)).toMatch(/^NOT JUDGED: /);
    const old = compareRuns(run([raw(stat('a', 100))]), run([stat('a', 10)]));
    expect(old.regressions).toBe(0);
    expect(old.refusal).toMatch(/no calibration figures/);
    expect(comparisonVerdict(compareRuns(run([stat('a', 100)]), run([stat('a', 101)])))).toMatch(/^OK: /);
  });

  it('warns when the baseline comes from another machine class', () => {
    const c = compareRuns(run([stat('a', 1)], 'other'), run([stat('a', 1)]));
    expect(c.machineClassMatches).toBe(false);
    expect(formatComparison(c)).toContain('different machine class');
  });

  it('prints plain decimals, never scientific notation', () => {
    expect([1.897e6, 2464, 8.2, 0.6306, 0.00012].map(formatThroughput)).toEqual(['1.90 M', '2.5 k', '8.200', '0.631', '0.000120']);
  });
});
