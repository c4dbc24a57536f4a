import { describe, expect, it } from 'vitest';
import { formatDeclaredValues } from '../properties/declared-values.ts';
import { DOMAINS } from '../properties/generators/index.ts';
import { newStats } from '../properties/runner.ts';
import { renderChaosHtml } from './html-report.ts';
import { buildSummary, formatChaosSummary, type FailureRecord } from './summary.ts';

function summary(failures: FailureRecord[]) {
  const stats = newStats();
  stats.steps = 12_345;
  stats.errors = 10;
  Object.assign(stats.opKinds, { 'obj.update': 12_000, 'fault.failEngine': 300, 'pool.query': 45 });
  Object.assign(stats.rules, { 'KV-6': 40, 'ERR-7': 3 });
  return buildSummary({
    startedAt: '2026-01-01T00:00:00.000Z', elapsedSec: 10, stoppedBy: 'deadline', system: 'model', seed: 42, shard: '2/3',
    seedFormula: 'f', casesAssigned: 31, maxOps: 500,
    workers: [{ cases: 20, ops: 8000, restarts: 0 }, { cases: 10, ops: 4345, restarts: 1 }],
    stats, specRules: ['ERR-7', 'KV-6', 'TX-1'],
    // Two declared values and one key no domain declares (it counts as no declared value).
    domainCounts: { 'key=short': 40, 'aim=corrupt': 3, 'cond:obj.update=UNDECLARED': 1 },
    timeline: [{ tSec: 2, opsPerSecByWorker: [800, 400], totalOps: 2400 }, { tSec: 4, opsPerSecByWorker: [820, 450], totalOps: 4940 }],
    failures, events: [{ tSec: 3, worker: 1, kind: 'crash', k: 7, seed: 99, detail: 'died <mid-case>' }],
  });
}

const FAILURE: FailureRecord = {
  kind: 'divergence', worker: 0, k: 12, seed: -5, tSec: 4, isNew: true, signature: 'obj.listDkeys|KV-6|outcome|ok->ok',
  savedTo: 'corpus/chaos-abc-21ops.json', repro: 'npm run repro -- corpus/chaos-abc-21ops.json', message: 'expected ...',
  detail: { signature: 'obj.listDkeys|KV-6|outcome|ok->ok', savedTo: 'corpus/chaos-abc-21ops.json', stepIndex: 19, reason: 'outcome', opType: 'obj.listDkeys', message: 'm', rules: ['KV-6'], expected: '{"ok":["d0","d2"]}', actual: '{"ok":["d0"]}', originalOps: 888, shrunkOps: 21, shrinkRuns: 1005, shrinkBudgetSpent: false, path: '0:1' },
};

/** Every declared value, as `domain=value`, in declaration order (computed here, not by classify.ts). */
const DECLARED = DOMAINS.flatMap((d) => d.values.map((v) => `${d.name}=${v}`));

describe('campaign summary and report', () => {
  it('records the declared generator values: counts, how many were generated, and exactly the declared ones never generated', () => {
    const s = summary([]);
    expect(Object.keys(s.domainCounts)).toEqual(['aim=corrupt', 'cond:obj.update=UNDECLARED', 'key=short']);
    expect(s.declaredValues.declared).toBe(DECLARED.length);
    expect(s.declaredValues.generated).toBe(2);
    expect(s.declaredValues.neverGenerated).toEqual(DECLARED.filter((k) => k !== 'key=short' && k !== 'aim=corrupt'));
    const line = `declared generator values generated: 2 of ${DECLARED.length}; never generated (${DECLARED.length - 2}): ${s.declaredValues.neverGenerated.join(' ')}`;
    // The line conform prints (the same function formats both).
    expect(formatDeclaredValues(s.declaredValues)).toBe(line);
    expect(formatChaosSummary(s).split('\n')).toContain(`  ${line}`);
    const html = renderChaosHtml(s);
    expect(html).toContain(`<tr><th>declared generator values generated</th><td>2 of ${DECLARED.length}</td></tr>`);
    expect(html).toContain(`<p class="never">never generated (${DECLARED.length - 2}): ${s.declaredValues.neverGenerated.join(' ')}</p>`);
    const all = summary([]);
    const full = renderChaosHtml({ ...all, declaredValues: { declared: DECLARED.length, generated: DECLARED.length, neverGenerated: [] } });
    expect(full).toContain('every declared value was generated');
    expect(formatDeclaredValues({ declared: 3, generated: 3, neverGenerated: [] })).toBe('declared generator values generated: 3 of 3; never generated (0): -');
  });

  it('derives the figures: ops/s overall and per worker, kinds, rules reached and missing, exit code', () => {
    const s = summary([]);
    expect(s.opsChecked).toBe(12_345);
    expect(s.opsPerSec).toBe(1235);
    expect(s.perWorker.map((w) => w.opsPerSec)).toEqual([800, 435]);
    expect(s.cases).toBe(30);
    expect(s.faultKinds).toEqual({ 'fault.failEngine': 300 });
    expect(s.opKindsMissing).toContain('obj.fetch');
    expect(s.opKindsMissing).not.toContain('obj.update');
    expect(s.rulesReached).toEqual(['ERR-7', 'KV-6']);
    expect(s.rulesMissing).toEqual(['TX-1']);
    expect(s.exitCode).toBe(0);
    expect(summary([{ ...FAILURE, isNew: false }]).exitCode).toBe(0);
    expect(summary([FAILURE]).exitCode).toBe(1);
  });

  it('the text summary explains its words and lists the unreached rules', () => {
    const text = formatChaosSummary(summary([]));
    expect(text).toContain('spec rules not reached (1): TX-1');
    for (const word of ['passed', 'errors returned', 'outcome sets', 'skipped by FAULT-8', 'NEW / known']) expect(text).toContain(`  ${word}`);
    expect(text).toMatch(/^ {4}declared generator values +values of the op fields/m);
  });

  it('the JSON round-trips and the text summary names the failure with its replay command', () => {
    const s = summary([FAILURE]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    const text = formatChaosSummary(s);
    expect(text).toContain('1 NEW FAILURE');
    expect(text).toContain('ops checked: 12345');
    expect(text).toContain('shrunk 888 -> 21 ops');
    expect(text).toContain('replay: npm run repro -- corpus/chaos-abc-21ops.json');
    expect(text).toContain('fault kinds (1): fault.failEngine=300');
  });

  it('the HTML report is self-contained and holds the plots, the coverage and the failures', () => {
    const html = renderChaosHtml(summary([FAILURE]));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    expect(html.match(/<svg /g)?.length).toBe(3); // ops/s over time, op kinds, fault kinds
    expect(html).toContain('ops checked per second over time');
    expect(html).toContain('worker #1');
    expect(html).toContain('12345');
    expect(html).toContain('<span class="rule hit" title="KV-6: 40 ops">KV-6</span>');
    expect(html).toContain('<span class="rule miss" title="TX-1: 0 ops">TX-1 ✗</span>');
    // The chips have a legend, and the unreached rules are also listed in words.
    expect(html).toContain('never reached in this run');
    expect(html).toContain('not reached (1): TX-1');
    // Counts print as integers, op kinds never checked as one line rather than empty bars.
    expect(html).not.toMatch(/>\d+\.00</);
    expect(html).toMatch(/never checked \(\d+\): [a-z.]+/);
    // The glossary explains the summary's words.
    for (const word of ['passed', 'errors returned', 'outcome sets', 'skipped by FAULT-8', 'declared generator values']) expect(html).toContain(`<dt>${word}</dt>`);
    expect(html).toContain('npm run repro -- corpus/chaos-abc-21ops.json');
    expect(html).toContain('shrunk 888 → 21 ops');
    // Text from the run is escaped.
    expect(html).toContain('died &lt;mid-case&gt;');
    expect(html).toContain('{&quot;ok&quot;:[&quot;d0&quot;]}');
  });
});
