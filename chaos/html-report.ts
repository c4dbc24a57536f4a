import { SUMMARY_GLOSSARY } from '../properties/report.ts';
import { CHAOS_GLOSSARY, type ChaosSummary } from './summary.ts';
import { barChart, escapeXml as esc, lineChart, PALETTE, type Series } from './svg.ts';

/** Workers beyond this many are drawn as one total line (a merged night has 2 per shard). */
const WORKER_LINES_MAX = 4;
const TOTAL_COLOR = '#222222';
const FAULT_COLOR = '#c62828';

/**
 * The campaign's human report: one self-contained HTML file (inline CSS and SVG, no script, no
 * external resource) with the headline figures, ops/s over time per worker, coverage of op kinds,
 * fault kinds, spec rules and declared generator values, and every failure with its replay command.
 */
export function renderChaosHtml(s: ChaosSummary): string {
  const status = s.newFailures > 0 ? `${s.newFailures} new failure(s)` : 'no new failure';
  const figures: [string, string][] = [
    ['status', status], ['system', s.system], ['base seed', String(s.seed)], ['shard', s.shard],
    ['started', s.startedAt], ['elapsed', `${s.elapsedSec} s (stopped by ${s.stoppedBy})`],
    ['cases', `${s.cases} finished${s.casesCut ? `, ${s.casesCut} cut at the deadline` : ''} (${s.casesAssigned} assigned)`], ['ops checked', String(s.opsChecked)],
    ['ops/s', String(s.opsPerSec)], ['max ops per trace', String(s.maxOps)],
    ['errors returned / outcome sets / skipped (FAULT-8)', `${s.stats.errors} / ${s.stats.outcomeSets} / ${s.stats.skipped}`],
    ['spec rules reached', `${s.rulesReached.length} of ${s.rulesTotal}`],
    ['declared generator values generated', `${s.declaredValues.generated} of ${s.declaredValues.declared}`],
    ...(s.mergedFrom ? [['merged from', s.mergedFrom.map((m) => `${m.dir} (shard ${m.shard})`).join(', ')] as [string, string]] : []),
  ];
  // Colours are fixed per worker index and for the total, so two reports read the same way.
  const workerLines: Series[] = s.perWorker.length <= WORKER_LINES_MAX
    ? s.perWorker.map((w, i) => ({ name: `worker ${w.label ?? `#${w.worker}`}`, color: PALETTE[i % PALETTE.length], points: s.timeline.map((p) => [p.tSec, p.opsPerSecByWorker[i] ?? 0] as const) }))
    : [];
  const totalSeries: Series = { name: 'all workers', color: TOTAL_COLOR, widthPx: 2.5, points: s.timeline.map((p) => [p.tSec, p.opsPerSecByWorker.reduce((a, b) => a + b, 0)] as const) };
  const opBars = Object.entries(s.opKinds).filter(([k]) => !k.startsWith('fault.')).map(([label, value]) => ({ label, value }));
  const faultBars = Object.entries(s.faultKinds).map(([label, value]) => ({ label, value, color: FAULT_COLOR }));
  const neverOps = s.opKindsMissing.filter((k) => !k.startsWith('fault.'));
  const neverFaults = s.opKindsMissing.filter((k) => k.startsWith('fault.'));
  const reached = new Set(s.rulesReached);
  const never = s.declaredValues.neverGenerated;
  const allRules = [...s.rulesReached, ...s.rulesMissing];
  const ruleCells = allRules
    .map((r) => `<span class="rule ${reached.has(r) ? 'hit' : 'miss'}" title="${esc(r)}: ${s.stats.rules[r] ?? 0} ops">${esc(r)}${reached.has(r) ? '' : ' ✗'}</span>`)
    .join(' ');
  const failureRows = s.failures
    .map((f) => `<tr class="${f.isNew ? 'new' : 'known'}"><td>${f.isNew ? 'NEW' : 'known'}${f.foundIn ? `<br><small>shards ${esc(f.foundIn.join(', '))}</small>` : ''}</td><td>${esc(f.kind)}</td><td>${f.k}</td><td>${f.seed}</td><td><code>${esc(f.signature)}</code></td><td>${f.detail ? `step ${f.detail.stepIndex} ${esc(f.detail.opType)}: expected ${esc(f.detail.expected)}, got ${esc(f.detail.actual)}<br>shrunk ${f.detail.originalOps} → ${f.detail.shrunkOps} ops in ${f.detail.shrinkRuns} runs${f.detail.shrinkBudgetSpent ? ' (budget spent)' : ''}<br>rules: ${esc(f.detail.rules.join(', ') || '-')}` : esc(f.message)}</td><td>${f.repro ? `<code>${esc(f.repro)}</code>` : '-'}</td></tr>`)
    .join('\n');
  const eventRows = s.events.map((e) => `<li>${e.tSec} s — worker #${e.worker} ${esc(e.kind)}${e.seed !== null ? ` (case ${e.k}, seed ${e.seed})` : ''}: ${esc(e.detail)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chaos report — ${esc(status)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top} td.n{text-align:right}
.status-bad{color:#b00;font-weight:bold} .status-ok{color:#070;font-weight:bold}
.rule{display:inline-block;font:12px monospace;padding:2px 5px;margin:2px;border-radius:3px;border:1px solid}
.hit{background:#1b5e20;color:#fff;border-color:#1b5e20} .miss{background:#fff;color:#b71c1c;border-color:#b71c1c;border-style:dashed}
.legend{margin:6px 0;font-size:13px} .legend .rule{margin-right:6px}
.never{color:#555;font-size:13px} dl.glossary dt{font-weight:bold;float:left;clear:left;width:170px} dl.glossary dd{margin-left:180px;margin-bottom:4px}
tr.new td{background:#fff0f0} code{font-size:12px}
</style></head><body>
<h1>Chaos campaign: <span class="${s.newFailures > 0 ? 'status-bad' : 'status-ok'}">${esc(status)}</span></h1>
<table>${figures.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<p>Seeds: ${esc(s.seedFormula)}; this run used k = 0..${Math.max(0, s.casesAssigned - 1)}.</p>
<h2>Throughput</h2>
<table><tr><th>worker</th><th>cases</th><th>cut</th><th>ops</th><th>ops/s</th><th>restarts</th></tr>${s.perWorker.map((w) => `<tr><td>${esc(w.label ?? `#${w.worker}`)}</td><td class="n">${w.cases}</td><td class="n">${w.casesCut ?? 0}</td><td class="n">${w.ops}</td><td class="n">${w.opsPerSec}</td><td class="n">${w.restarts}</td></tr>`).join('')}</table>
${lineChart({ title: 'ops checked per second over time (reported by workers while cases run)', series: [...workerLines, totalSeries], xLabel: 'seconds since start', yLabel: 'ops/s' })}
<h2>Coverage</h2>
${barChart(`op kinds checked (${opBars.length} of ${opBars.length + neverOps.length} kinds)`, opBars)}
${neverOps.length ? `<p class="never">never checked (${neverOps.length}): ${esc(neverOps.join(', '))}</p>` : ''}
${barChart(`fault kinds injected (${faultBars.length} of ${faultBars.length + neverFaults.length} kinds)`, faultBars)}
${neverFaults.length ? `<p class="never">never injected (${neverFaults.length}): ${esc(neverFaults.join(', '))}</p>` : ''}
<h3>Spec rules reached: ${s.rulesReached.length} of ${s.rulesTotal}</h3>
<div class="legend"><span class="rule hit">ID</span> reached: cited by at least one checked op (hover for how many) &nbsp; <span class="rule miss">ID ✗</span> never reached in this run</div>
<div>${ruleCells}</div>
${s.rulesMissing.length ? `<p class="never">not reached (${s.rulesMissing.length}): ${esc(s.rulesMissing.join(' '))}</p>` : ''}
<h3>Declared generator values generated: ${s.declaredValues.generated} of ${s.declaredValues.declared}</h3>
<p class="never">${never.length ? `never generated (${never.length}): ${esc(never.join(' '))}` : 'every declared value was generated'}</p>
<h2>Failures (${s.failures.length}, ${s.newFailures} new)</h2>
${s.failures.length ? `<table><tr><th></th><th>kind</th><th>case</th><th>seed</th><th>signature</th><th>divergence</th><th>replay</th></tr>\n${failureRows}</table>` : '<p>none</p>'}
<h2>Events</h2>
${s.events.length ? `<ul>${eventRows}</ul>` : '<p>none</p>'}
<h2>What the figures mean</h2>
<dl class="glossary">${[...SUMMARY_GLOSSARY, ...CHAOS_GLOSSARY].map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
</body></html>
`;
}
