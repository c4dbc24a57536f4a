import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SystemUnderTest } from '../../contract/index.ts';
import { isAdmissible } from '../admissible.ts';
import { ModelAsSystem } from '../model-sut.ts';
import { canonical, describeCanonical, type Canonical } from '../normalize.ts';
import { runLockstep, type LockstepResult } from '../runner.ts';
import type { Check, Expect, Scenario } from './scenario.ts';

/**
 * Runs one DAOS scenario and says what is wrong with it, if anything:
 *  1. conformance: the engine, in lockstep with the model (properties/runner.ts), conforms at every step;
 *  2. DAOS agreement: at each checked step the model's outcome is DAOS's, or, for a recorded
 *     difference, our recorded outcome, whose rule exists in docs/semantics.md and carries a "(choice";
 *     or, for a finding (DAOS against an explicit rule), our recorded outcome under a rule that exists;
 *  3. shape: the trace starts with system.create and no op falls outside FAULT-8 (a skipped op
 *     would make the checks meaningless).
 * The DAOS comparison uses a model-only lockstep pass, so it is reported even when the engine
 * diverges early. It does NOT check anything DAOS does that the scenario does not state.
 */
export interface CheckResult {
  readonly check: Check;
  readonly passed: boolean;
  /** The model's allowed outcomes at the step (canonical), or undefined if the step was not reached. */
  readonly model: readonly Canonical[] | undefined;
  readonly message: string;
}

export interface ScenarioResult {
  readonly conformance: LockstepResult;
  readonly checks: readonly CheckResult[];
  /** Every failure, one line each; empty when the scenario passes. */
  readonly problems: readonly string[];
}

export function runScenario(s: Scenario, makeEngine: (seed: number) => SystemUnderTest): ScenarioResult {
  const problems: string[] = [...shapeProblems(s)];

  const conformance = runLockstep(s.ops, { makeImpl: () => makeEngine(s.engineSeed ?? 1), admissible: isAdmissible });
  if (conformance.status === 'diverged') {
    const d = conformance.divergence;
    problems.push(`engine diverges from the model at step ${d.stepIndex} (${d.op?.type}, ${d.reason}): ${d.message}`);
  }
  if (conformance.stats.skipped > 0) problems.push(`${conformance.stats.skipped} op(s) skipped as outside FAULT-8: the trace is not a valid scenario`);

  const modelOutcomes = new Map<number, readonly Canonical[]>();
  const modelRun = runLockstep(s.ops, {
    makeImpl: () => new ModelAsSystem(),
    admissible: isAdmissible,
    onStep: (r) => modelOutcomes.set(r.index, r.expected),
  });
  const stop = modelRun.status === 'diverged' ? modelRun.divergence : undefined;
  const whyMissing = (step: number): string | undefined => {
    if (!stop || stop.stepIndex > step) return undefined;
    return stop.stepIndex === step ? stop.message : `not reached: the model stopped at step ${stop.stepIndex} (${stop.op?.type})`;
  };

  const checks = s.checks.map((c) => evaluate(s, c, modelOutcomes.get(c.step), whyMissing(c.step)));
  for (const r of checks) if (!r.passed) problems.push(r.message);
  return { conformance, checks, problems };
}

function evaluate(s: Scenario, check: Check, model: readonly Canonical[] | undefined, stopped: string | undefined): CheckResult {
  const where = `step ${check.step} (${s.ops[check.step]?.type ?? 'outside the trace'})`;
  const fail = (message: string): CheckResult => ({ check, passed: false, model, message: `${where}: ${message}` });
  if (model === undefined) return fail(stopped ?? 'not reached');

  const ours = check.differs ?? check.finding;
  const target = ours ? ours.ours : check.daos;
  const whose = check.differs ? `our recorded outcome (${check.differs.rule})` : check.finding ? `our outcome under finding ${check.finding.rule}` : 'DAOS';
  const shown = model.map((m) => describeCanonical(m)).join(' or ');
  if (check.differs) {
    const ruleProblem = choiceRuleProblem(check.differs.rule);
    if (ruleProblem) return fail(ruleProblem);
  }
  if (check.finding) {
    const ruleProblem = findingRuleProblem(check.finding.rule);
    if (ruleProblem) return fail(ruleProblem);
    if (describeExpect(check.finding.ours) === describeExpect(check.daos)) return fail('a finding records an answer that differs from DAOS\'s');
  }
  const hit = check.among ? model.some((m) => matches(target, m)) : model.length === 1 && matches(target, model[0]);
  if (!hit) {
    const many = !check.among && model.length > 1 ? ' (the model allows a set here: mark the check `among` if the spec allows one)' : '';
    return fail(`${whose} answers ${describeExpect(target)}, the model ${shown}${many}`);
  }
  return { check, passed: true, model, message: `${where}: model agrees with ${whose}` };
}

/** Whether a canonical outcome ({ok: v} or {err: name}) is the expected one. */
export function matches(expect: Expect, actual: Canonical): boolean {
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  if (expect === 'ok') return 'ok' in actual;
  if ('err' in expect) return actual.err === expect.err;
  if (!('ok' in actual)) return false;
  if ('ok' in expect) return same(canonical(expect.ok), actual.ok);
  return subset(canonical(expect.okWith), actual.ok);
}

/** Whether `part` is contained in `whole`: objects field by field (recursively), everything else exactly. */
function subset(part: Canonical, whole: Canonical): boolean {
  if (part === null || typeof part !== 'object' || Array.isArray(part)) return same(part, whole);
  if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return false;
  return Object.entries(part).every(([k, v]) => k in whole && subset(v, whole[k]));
}

function same(a: Canonical, b: Canonical): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeExpect(e: Expect): string {
  if (e === 'ok') return 'ok';
  if ('err' in e) return e.err;
  if ('ok' in e) return `ok ${describeCanonical(canonical(e.ok))}`;
  return `ok with ${describeCanonical(canonical(e.okWith))}`;
}

function shapeProblems(s: Scenario): string[] {
  const out: string[] = [];
  if (s.ops[0]?.type !== 'system.create') out.push('the trace must start with system.create');
  if (s.checks.length === 0) out.push('a scenario needs at least one checked step');
  for (const c of s.checks) {
    if (c.step < 0 || c.step >= s.ops.length) out.push(`check at step ${c.step} is outside the trace`);
    if (c.differs && c.finding) out.push(`step ${c.step}: a recorded difference cannot also be a finding`);
    if ((c.differs || c.finding) && c.among) out.push(`step ${c.step}: a difference or a finding names one outcome, never \`among\``);
  }
  return out;
}

// ---------------------------------------------------------------- the project's spec (docs/semantics.md)

let ruleTexts: Map<string, string> | undefined;

/** Each rule's paragraph in docs/semantics.md, by ID. */
export function specRuleTexts(): ReadonlyMap<string, string> {
  if (ruleTexts) return ruleTexts;
  const path = fileURLToPath(new URL('../../docs/semantics.md', import.meta.url));
  const lines = readFileSync(path, 'utf8').split('\n');
  ruleTexts = new Map();
  let current: string | undefined;
  for (const line of lines) {
    const m = /^- \*\*([A-Z]+-\d+)\*\*/.exec(line);
    if (m) {
      current = m[1];
      ruleTexts.set(current, line);
    } else if (current && line.startsWith('  ')) {
      // A rule's continuation (a table, a "(choice: ...)" paragraph) is indented; blank lines may separate them.
      ruleTexts.set(current, `${ruleTexts.get(current)}\n${line}`);
    } else if (line.trim() !== '') {
      current = undefined;
    }
  }
  return ruleTexts;
}

/** Why `rule` cannot be the rule of a finding (it must exist), or undefined if it can. */
export function findingRuleProblem(rule: string): string | undefined {
  return specRuleTexts().has(rule) ? undefined : `a finding cites ${rule}, which docs/semantics.md does not define`;
}

/** One difference from DAOS, as the suite and README.md list it. */
export interface ListedDifference {
  readonly scenario: string;
  readonly step: number;
  readonly op: string;
  readonly rule: string;
  readonly daos: string;
  readonly ours: string;
  readonly why: string;
}

function listed(scenarios: readonly Scenario[], pick: (c: Check) => { rule: string; ours: Expect; why: string } | undefined): ListedDifference[] {
  const out: ListedDifference[] = [];
  for (const s of scenarios) {
    for (const c of s.checks) {
      const d = pick(c);
      if (d) out.push({ scenario: s.id, step: c.step, op: s.ops[c.step]?.type ?? '?', rule: d.rule, daos: describeExpect(c.daos), ours: describeExpect(d.ours), why: d.why });
    }
  }
  return out;
}

/** Every finding (DAOS against an explicit rule), for the spec's authors. */
export function findingsOf(scenarios: readonly Scenario[]): ListedDifference[] {
  return listed(scenarios, (c) => c.finding);
}

/** Every recorded deliberate difference (a rule with "(choice"). */
export function differencesOf(scenarios: readonly Scenario[]): ListedDifference[] {
  return listed(scenarios, (c) => c.differs);
}

/** One line of a listed difference. */
export function describeDifference(d: ListedDifference): string {
  return `${d.scenario} step ${d.step} (${d.op}), ${d.rule}: DAOS ${d.daos}, ours ${d.ours}. ${d.why}`;
}

/** Why `rule` cannot explain a deliberate difference, or undefined if it can. */
export function choiceRuleProblem(rule: string): string | undefined {
  const text = specRuleTexts().get(rule);
  if (text === undefined) return `recorded difference cites ${rule}, which docs/semantics.md does not define`;
  if (!text.includes('(choice')) return `recorded difference cites ${rule}, whose text in docs/semantics.md has no "(choice"`;
  return undefined;
}
