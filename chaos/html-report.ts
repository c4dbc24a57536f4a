import type { ChaosSummary } from './summary.ts';
import { barChart, escapeXml as esc, lineChart } from './svg.ts';

/**
 * The campaign's human report: one self-contained HTML file (inline CSS and SVG, no script, no
 * external resource) with the headline figures, ops/s over time per worker, coverage of op kinds,
 * fault kinds and spec rules, and every failure with its replay command.
 */
export function renderChaosHtml(s: ChaosSummary): string {
  const status = s.newFailures > 0 ? `${s.newFailures} new failure(s)` : 'no new failure';
  const figures: [string, string][] = [
    ['status', status], ['system', s.system], ['base seed', String(s.seed)], ['shard', s.shard],
    ['started', s.startedAt], ['elapsed', `${s.elapsedSec} s (stopped by ${s.stoppedBy})`],
    ['cases', `${s.cases} (${s.casesAssigned} assigned)`], ['ops checked', String(s.opsChecked)],
    ['ops/s', String(s.opsPerSec)], ['max ops per trace', String(s.maxOps)],
    ['errors returned / outcome sets / skipped (FAULT-8)', `${s.stats.errors} / ${s.stats.outcomeSets} / ${s.stats.skipped}`],
    ['spec rules reached', `${s.rulesReached.length} of ${s.rulesTotal}`],
  ];
  const perWorkerSeries = s.perWorker.map((w) => ({ name: `worker #${w.worker}`, points: s.timeline.map((p) => [p.tSec, p.opsPerSecByWorker[w.worker] ?? 0] as const) }));
  const totalSeries = { name: 'total', points: s.timeline.map((p) => [p.tSec, p.opsPerSecByWorker.reduce((a, b) => a + b, 0)] as const) };
  const opBars = [
    ...Object.entries(s.opKinds).filter(([k]) => !k.startsWith('fault.')).map(([label, value]) => ({ label, value })),
    ...s.opKindsMissing.filter((k) => !k.startsWith('fault.')).map((label) => ({ label: `${label} (never)`, value: 0 })),
  ];
  const faultBars = [
    ...Object.entries(s.faultKinds).map(([label, value]) => ({ label, value, color: '#d62728' })),
    ...s.opKindsMissing.filter((k) => k.startsWith('fault.')).map((label) => ({ label: `${label} (never)`, value: 0 })),
  ];
  const reached = new Set(s.rulesReached);
  const allRules = [...s.rulesReached, ...s.rulesMissing];
  const ruleCells = allRules
    .map((r) => `<span class="rule ${reached.has(r) ? 'hit' : 'miss'}" title="${esc(r)}: ${s.stats.rules[r] ?? 0} ops">${esc(r)}</span>`)
    .join(' ');
  const failureRows = s.failures
    .map((f) => `<tr class="${f.isNew ? 'new' : 'known'}"><td>${f.isNew ? 'NEW' : 'known'}</td><td>${esc(f.kind)}</td><td>${f.k}</td><td>${f.seed}</td><td><code>${esc(f.signature)}</code></td><td>${f.detail ? `step ${f.detail.stepIndex} ${esc(f.detail.opType)}: expected ${esc(f.detail.expected)}, got ${esc(f.detail.actual)}<br>shrunk ${f.detail.originalOps} → ${f.detail.shrunkOps} ops in ${f.detail.shrinkRuns} runs${f.detail.shrinkBudgetSpent ? ' (budget spent)' : ''}<br>rules: ${esc(f.detail.rules.join(', ') || '-')}` : esc(f.message)}</td><td>${f.repro ? `<code>${esc(f.repro)}</code>` : '-'}</td></tr>`)
    .join('\n');
  const eventRows = s.events.map((e) => `<li>${e.tSec} s — worker #${e.worker} ${esc(e.kind)}${e.seed !== null ? ` (case ${e.k}, seed ${e.seed})` : ''}: ${esc(e.detail)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chaos report — ${esc(status)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
.status-bad{color:#b00;font-weight:bold} .status-ok{color:#070;font-weight:bold}
.rule{display:inline-block;font:11px monospace;padding:1px 3px;margin:1px;border-radius:3px}
.hit{background:#c8e6c9} .miss{background:#eee;color:#999}
tr.new td{background:#fff0f0} code{font-size:12px}
</style></head><body>
<h1>Chaos campaign: <span class="${s.newFailures > 0 ? 'status-bad' : 'status-ok'}">${esc(status)}</span></h1>
<table>${figures.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<p>Seeds: ${esc(s.seedFormula)}; this run used k = 0..${Math.max(0, s.casesAssigned - 1)}.</p>
<h2>Throughput</h2>
<table><tr><th>worker</th><th>cases</th><th>ops</th><th>ops/s</th><th>restarts</th></tr>${s.perWorker.map((w) => `<tr><td>#${w.worker}</td><td>${w.cases}</td><td>${w.ops}</td><td>${w.opsPerSec}</td><td>${w.restarts}</td></tr>`).join('')}</table>
${lineChart({ title: 'ops checked per second over time', series: [...perWorkerSeries, totalSeries], xLabel: 'seconds since start', yLabel: 'ops/s' })}
<h2>Coverage</h2>
${barChart(`op kinds (${Object.keys(s.opKinds).length - Object.keys(s.faultKinds).length} reached)`, opBars)}
${barChart(`fault kinds (${Object.keys(s.faultKinds).length} reached)`, faultBars)}
<h3>Spec rules reached: ${s.rulesReached.length} of ${s.rulesTotal}</h3>
<div>${ruleCells}</div>
<h2>Failures (${s.failures.length}, ${s.newFailures} new)</h2>
${s.failures.length ? `<table><tr><th></th><th>kind</th><th>case</th><th>seed</th><th>signature</th><th>divergence</th><th>replay</th></tr>\n${failureRows}</table>` : '<p>none</p>'}
<h2>Events</h2>
${s.events.length ? `<ul>${eventRows}</ul>` : '<p>none</p>'}
</body></html>
`;
}
