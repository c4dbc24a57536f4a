import { escapeXml as esc, lineChart } from '../chaos/svg.ts';
import type { Comparison } from './compare.ts';
import { benchKey, type BenchRun } from './results-file.ts';

/**
 * The benchmark report: one self-contained HTML file with, per benchmark, a trend plot of its median
 * (and min..max band as two extra lines) over the stored history (bench/results/*.json, oldest
 * first), the baseline as a flat line when one was given, the latest environment, failed suites, and
 * the comparison table. Does NOT smooth or detect trends; it only draws what was recorded.
 */
export function renderBenchHtml(history: readonly BenchRun[], comparison: Comparison | null, baseline: BenchRun | null): string {
  const latest = history[history.length - 1] ?? null;
  const keys = [...new Set(history.flatMap((r) => r.benchmarks.map(benchKey)))].sort();
  const dates = history.map((r) => r.timestamp.slice(0, 16).replace('T', ' '));
  const charts = keys.map((key) => {
    const points = (pick: (b: BenchRun['benchmarks'][number]) => number) =>
      history.flatMap((r, i) => r.benchmarks.filter((b) => benchKey(b) === key).map((b) => [i, pick(b)] as const));
    const unit = history.flatMap((r) => r.benchmarks.filter((b) => benchKey(b) === key)).at(-1)?.unit ?? '';
    const series = [{ name: 'median', points: points((b) => b.median) }, { name: 'min', points: points((b) => b.min) }, { name: 'max', points: points((b) => b.max) }];
    const base = baseline?.benchmarks.find((b) => benchKey(b) === key);
    if (base && history.length > 0) series.push({ name: 'baseline', points: [[0, base.median], [Math.max(1, history.length - 1), base.median]] });
    return lineChart({ title: key, series, xLabel: 'run', yLabel: unit, heightPx: 220, xTickLabel: (x) => dates[Math.round(x)] ?? '' });
  });
  const envRows = latest
    ? Object.entries({ node: latest.environment.node, cpu: `${latest.environment.cpuModel} x${latest.environment.cpus}`, 'machine class': latest.environment.machineClass, commit: latest.commit ?? '-', repeats: String(latest.repeat) })
        .concat(Object.entries(latest.environment.suites).map(([suite, env]) => [`suite ${suite}`, Object.entries(env).map(([k, v]) => `${k}=${v}`).join(', ') || '-']))
    : [];
  const failed = latest?.failedSuites ?? [];
  const compareTable = comparison
    ? `<table><tr><th>benchmark</th><th>baseline</th><th>current</th><th>unit</th><th>ratio</th><th>tolerance</th><th>verdict</th></tr>${comparison.rows
        .map((r) => `<tr class="${r.verdict}"><td>${esc(r.key)}</td><td>${r.baseline?.toPrecision(4) ?? '-'}</td><td>${r.current?.toPrecision(4) ?? '-'}</td><td>${esc(r.unit)}</td><td>${r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`}</td><td>${r.tolerancePercent === null ? '-' : `±${r.tolerancePercent.toFixed(0)}%`}</td><td>${esc(r.verdict)}</td></tr>`)
        .join('')}</table>`
    : '<p>no baseline given (--compare)</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>benchmarks — ${history.length} run(s)</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
tr.regressed td{background:#ffe0e0} tr.improved td{background:#e0ffe0} tr.missing td{background:#fff4d0}
</style></head><body>
<h1>Benchmarks: ${history.length} run(s)${latest ? `, latest ${esc(latest.timestamp)}` : ''}</h1>
<h2>Environment (latest run)</h2>
<table>${envRows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Failed suites (latest run)</h2>
${failed.length ? `<ul>${failed.map((f) => `<li><b>${esc(f.suite)}</b>: ${esc(f.reason)}</li>`).join('')}</ul>` : '<p>none</p>'}
<h2>Against the baseline</h2>
${compareTable}
<h2>Trends</h2>
${charts.join('\n')}
</body></html>
`;
}
