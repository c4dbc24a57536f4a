import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSystem } from '../systems.ts';
import { ALL_SCENARIOS } from './all.ts';
import { describeDifference, describeExpect, differencesOf, findingsOf, runScenario, type ScenarioResult } from './run-scenario.ts';
import { REV2_OP_KINDS, type GroupName, type Scenario } from './scenario.ts';

/**
 * DAOS's own tests as scenarios (properties/daos-scenarios/README.md). One test per scenario: the
 * engine conforms to the model at every step, and at every checked step the model gives DAOS's
 * outcome, or the outcome recorded for a deliberate difference ("(choice: ...)" in
 * docs/semantics.md). Scenarios marked rev. 2 exercise rules of spec revision 2 and fail until the
 * model and engine implement it. A `finding` records DAOS disagreeing with a rule that is explicit (no
 * "(choice"): the model must give the recorded answer of the spec, and the catalogue prints every
 * finding, with every recorded difference, for the spec's authors (README.md lists both). Nothing
 * is skipped.
 *
 * Rules cited by the scenarios include CONT-4, ERR-7, PROP-4, PROP-5, COND-7, TX-4, TX-7, SNAP-5,
 * SNAP-6, SNAP-7, ARR-3, KV-2, KV-3, COND-3, LABEL-5, POOL-8, POOL-9, POOL-10, ACL-10 and CSUM-4.
 */
const GROUPS: readonly GroupName[] = ['container', 'pool', 'acl', 'object', 'array', 'transactions', 'snapshots', 'mvcc', 'checksum', 'rebuild'];

function report(s: Scenario, r: ScenarioResult): string {
  const lines = [`${s.id} (${s.source.file}: ${s.source.test})${s.rev2 ? ' [rev. 2]' : ''}`];
  for (const p of r.problems) lines.push(`  - ${p}`);
  for (const c of r.checks.filter((x) => !x.passed && (x.check.differs || x.check.finding))) {
    const d = c.check.differs ?? c.check.finding!;
    lines.push(`  (step ${c.check.step}: DAOS answers ${describeExpect(c.check.daos)}; ${d.rule}: ${d.why})`);
  }
  return lines.join('\n');
}

describe('DAOS scenarios: DAOS\'s tests replayed on the model and the engine', () => {
  for (const s of ALL_SCENARIOS) {
    it(`${s.id}${s.rev2 ? ' [rev. 2]' : ''}: ${s.title} — ${s.source.file}: ${s.source.test}`, async () => {
      const engine = await loadSystem('engine');
      const result = runScenario(s, engine);
      expect(result.problems, report(s, result)).toEqual([]);
    });
  }
});

describe('DAOS scenario catalogue', () => {
  it('has at least 60 scenarios, spread over every group', () => {
    expect(ALL_SCENARIOS.length).toBeGreaterThanOrEqual(60);
    for (const g of GROUPS) expect(ALL_SCENARIOS.filter((s) => s.group === g).length, g).toBeGreaterThanOrEqual(4);
    const checks = ALL_SCENARIOS.reduce((n, s) => n + s.checks.length, 0);
    const differences = ALL_SCENARIOS.reduce((n, s) => n + s.checks.filter((c) => c.differs).length, 0);
    const findings = findingsOf(ALL_SCENARIOS);
    const perGroup = GROUPS.map((g) => `${g} ${ALL_SCENARIOS.filter((s) => s.group === g).length}`).join(', ');
    console.log(
      `DAOS scenarios: ${ALL_SCENARIOS.length} (${ALL_SCENARIOS.filter((s) => s.rev2).length} rev. 2; ${perGroup}), ${checks} checked steps, ` +
      `${differences} recorded differences, ${findings.length} findings:\n${findings.map((f) => `  finding ${describeDifference(f)}`).join('\n')}`,
    );
  });

  it('README.md lists every finding and every recorded difference (scenario, step, rule)', () => {
    const readme = readFileSync(fileURLToPath(new URL('./README.md', import.meta.url)), 'utf8');
    const section = (title: string) => readme.split(`## ${title}`)[1]?.split('\n## ')[0] ?? '';
    const rows = (text: string) => new Set(text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario')).map((l) => l.split('|').slice(1, 4).map((c) => c.trim()).join(' ')));
    const key = (d: { scenario: string; step: number; rule: string }) => `${d.scenario} ${d.step} ${d.rule}`;
    expect([...rows(section('Findings'))].sort()).toEqual(findingsOf(ALL_SCENARIOS).map(key).sort());
    expect([...rows(section('Recorded differences'))].sort()).toEqual(differencesOf(ALL_SCENARIOS).map(key).sort());
  });

  it('scenario ids are unique and every scenario cites a DAOS source and checks at least one step', () => {
    const ids = ALL_SCENARIOS.map((s) => s.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const s of ALL_SCENARIOS) {
      expect(s.source.file, s.id).toMatch(/^src\//);
      expect(s.source.test.length, s.id).toBeGreaterThan(0);
      expect(s.checks.length, s.id).toBeGreaterThan(0);
      expect(s.ops[0].type, s.id).toBe('system.create');
      for (const r of s.rules) expect(r, s.id).toMatch(/^[A-Z]+-\d+$/);
    }
  });

  it('every scenario using a revision-2 operation is marked rev. 2', () => {
    const unmarked = ALL_SCENARIOS.filter((s) => !s.rev2 && s.ops.some((op) => REV2_OP_KINDS.has(op.type))).map((s) => s.id);
    expect(unmarked).toEqual([]);
  });

  it('a recorded difference explains itself and a finding says what disagrees', () => {
    for (const s of ALL_SCENARIOS) {
      for (const c of s.checks) {
        if (c.differs) expect(c.differs.why.length, `${s.id} step ${c.step}`).toBeGreaterThan(20);
        if (c.finding) expect(c.finding.why.length, `${s.id} step ${c.step}`).toBeGreaterThan(20);
      }
    }
  });
});
