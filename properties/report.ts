import type { Op } from '../contract/index.ts';
import { describeCanonical } from './normalize.ts';
import type { Divergence, RunStats } from './runner.ts';

/** Human-readable reports: a failure a person can act on, and the summary of a run. */

/**
 * What the words of a summary mean, printed under every conform and chaos summary (and in the chaos
 * report) so a reader does not need the source to interpret them.
 */
export const SUMMARY_GLOSSARY: readonly (readonly [string, string])[] = [
  ['passed', 'every checked op returned an outcome the spec allows (the model decides), and the implementation\'s invariants held'],
  ['ops checked', 'ops applied to both the model and the implementation and compared'],
  ['errors returned', 'checked ops whose correct answer was an error (NO_PERM, NONEXIST, ...): outcomes the spec allows, not failures'],
  ['outcome sets', 'checked ops where the spec allows several outcomes (e.g. the data or DATA_LOSS after a forced RF clear); the implementation returned one of them'],
  ['skipped by FAULT-8', 'generated ops outside the spec\'s generator constraints (FAULT-8: e.g. a fault that would leave fewer healthy nodes than a group needs); applied to neither side, not checked'],
  ['spec rules reached', 'rule IDs of docs/semantics.md cited by at least one checked op; the unreached ones are listed'],
  ['declared generator values', 'values of the op fields that matter (conditions, ACE and principal shapes, classes, sizes, keys, labels, aimed faults; properties/generators/domains.ts), as domain=value; those no generated case used are listed'],
];

export function formatGlossary(extra: readonly (readonly [string, string])[] = [], indent = '  '): string {
  const entries = [...SUMMARY_GLOSSARY, ...extra];
  const width = Math.max(...entries.map(([k]) => k.length));
  return [`${indent}what the figures mean:`, ...entries.map(([k, v]) => `${indent}  ${k.padEnd(width)}  ${v}`)].join('\n');
}

/** The spec rules no checked op cited, on one line. */
export function formatUnreachedRules(reached: Readonly<Record<string, number>>, all: readonly string[]): string {
  const unreached = all.filter((id) => !(id in reached));
  return `  spec rules not reached (${unreached.length}): ${unreached.join(' ') || '-'}`;
}

/** One op on one line; payloads and OIDs stay compact. */
export function formatOp(op: Op): string {
  const { type, ...args } = op as Op & Record<string, unknown>;
  const text = JSON.stringify(args, (_k, v: unknown) => v);
  return `${type} ${text === '{}' ? '' : text}`.trim();
}

export function formatDivergence(ops: readonly Op[], d: Divergence, replayCommand: string, contextSteps = 40): string {
  const lines: string[] = [];
  lines.push(`DIVERGENCE at step ${d.stepIndex} (${d.reason}) — ${d.op.type}`);
  lines.push(`  spec rules: ${d.rules.length ? d.rules.join(', ') : '(none cited)'}`);
  lines.push(`  expected (model allows): ${d.expected.length ? d.expected.map((e) => describeCanonical(e)).join('  |  ') : '-'}`);
  lines.push(`  actual (implementation): ${describeCanonical(d.actual)}`);
  lines.push(`  ${d.message}`);
  lines.push(`trace (${ops.length} ops${ops.length > contextSteps ? `, first ${contextSteps} after the setup shown` : ''}):`);
  const from = Math.max(0, d.stepIndex - contextSteps + 1);
  ops.forEach((op, i) => {
    if (i < from && i > 10) return;
    if (i === from && from > 11) lines.push('  ...');
    if (i > d.stepIndex) return;
    lines.push(`${String(i).padStart(5)}${i === d.stepIndex ? ' >>' : '   '} ${formatOp(op)}`);
  });
  lines.push(`replay: ${replayCommand}`);
  return lines.join('\n');
}

export function formatSummary(title: string, stats: RunStats, extra: Record<string, string | number>, totalRuleIds: number): string {
  const lines: string[] = [title];
  for (const [k, v] of Object.entries(extra)) lines.push(`  ${k}: ${v}`);
  lines.push(`  ops checked: ${stats.steps} (errors returned: ${stats.errors}, outcome sets: ${stats.outcomeSets}, skipped by FAULT-8: ${stats.skipped})`);
  const kinds = Object.entries(stats.opKinds).sort((a, b) => b[1] - a[1]);
  const faults = kinds.filter(([k]) => k.startsWith('fault.'));
  const others = kinds.filter(([k]) => !k.startsWith('fault.'));
  lines.push(`  op kinds (${others.length}): ${others.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  lines.push(`  fault kinds (${faults.length}): ${faults.map(([k, v]) => `${k}=${v}`).join(' ') || '-'}`);
  const states = Object.keys(stats.states).sort();
  if (states.length) lines.push(`  model states reached (${states.length}): ${states.join(' ')}`);
  const rules = Object.keys(stats.rules).sort(compareRuleIds);
  lines.push(`  spec rules reached: ${rules.length} of ${totalRuleIds}: ${rules.join(' ')}`);
  return lines.join('\n');
}

export function compareRuleIds(a: string, b: string): number {
  const [pa, na] = a.split('-');
  const [pb, nb] = b.split('-');
  return pa === pb ? Number(na) - Number(nb) : pa < pb ? -1 : 1;
}
