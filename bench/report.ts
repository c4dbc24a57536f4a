import { escapeXml as esc, lineChart, type Series } from '../chaos/svg.ts';
import { comparisonVerdict, formatThroughput, type Comparison } from './compare.ts';
import { benchKey, type BenchRun } from './results-file.ts';

/**
 * The benchmark report: one self-contained HTML file with, per benchmark, a trend plot of its median
 * (and min..max band as two extra lines) over the stored history (bench/results/*.json, oldest
 * first), the baseline as a flat line when one was given, the latest environment, failed suites, and
 * the comparison table under a one-line verdict. Does NOT smooth or detect trends; it only draws what
 * was recorded.
 */
const MEDIAN_COLOR = '#0072B2';
const BASELINE_COLOR = '#D55E00';

/** 'MM-DD HH:MM' from an ISO timestamp: short enough for an axis, distinct for nightly runs. */
function shortDate(iso: string): string {
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
export function renderBenchHtml(history: readonly BenchRun[], comparison: Comparison | null, baseline: BenchRun | null): string {
  const latest = history[history.length - 1] ?? null;
  const keys = [...new Set(history.flatMap((r) => r.benchmarks.map(benchKey)))].sort();
  const dates = history.map((r) => shortDate(r.timestamp));
  const charts = keys.map((key) => {
    const points = (pick: (b: BenchRun['benchmarks'][number]) => number) =>
      history.flatMap((r, i) => r.benchmarks.filter((b) => benchKey(b) === key).map((b) => [i, pick(b)] as const));
    const unit = history.flatMap((r) => r.benchmarks.filter((b) => benchKey(b) === key)).at(-1)?.unit ?? '';
    const series: Series[] = [{ name: 'median of repeats', color: MEDIAN_COLOR, widthPx: 2.5, points: points((b) => b.median) }];
    const base = baseline?.benchmarks.find((b) => benchKey(b) === key);
    if (base && history.length > 0) series.push({ name: 'baseline median', color: BASELINE_COLOR, widthPx: 1.5, dashed: true, points: [[0, base.median], [Math.max(1, history.length - 1), base.median]] });
    const band = { name: 'min..max of repeats', color: MEDIAN_COLOR, lower: points((b) => b.min), upper: points((b) => b.max) };
    return lineChart({ title: key, series, band, xLabel: 'run (date, UTC)', yLabel: unit, heightPx: 220, xTickLabel: (x) => dates[x] ?? '' });
  });
  const envRows = latest
    ? Object.entries({ node: latest.environment.node, cpu: `${latest.environment.cpuModel} x${latest.environment.cpus}`, 'machine class': latest.environment.machineClass, commit: latest.commit ?? '-', repeats: String(latest.repeat) })
        .concat(Object.entries(latest.environment.suites).map(([suite, env]) => [`suite ${suite}`, Object.entries(env).map(([k, v]) => `${k}=${v}`).join(', ') || '-']))
    : [];
  const failed = latest?.failedSuites ?? [];
  const compareTable = comparison
    ? `<table><tr><th>benchmark</th><th>baseline</th><th>current</th><th>unit</th><th>calibrated ratio</th><th>tolerance</th><th>verdict</th></tr>${comparison.rows
        .map((r) => `<tr class="${r.verdict}"><td>${esc(r.key)}</td><td class="n">${formatThroughput(r.baseline)}</td><td class="n">${formatThroughput(r.current)}</td><td>${esc(r.unit)}</td><td class="n">${r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`}</td><td class="n">${r.tolerancePercent === null ? '-' : `±${r.tolerancePercent.toFixed(0)}%`}</td><td>${esc(r.verdict === 'regressed' ? 'REGRESSED' : r.verdict)}${r.note ? ` <small>(${esc(r.note)})</small>` : ''}</td></tr>`)
        .join('')}</table>`
    : '<p>no baseline given (--compare)</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>benchmarks — ${history.length} run(s)</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.regressed td{background:#ffe0e0} tr.improved td{background:#e0ffe0} tr.missing td,tr.noisy td{background:#fff4d0}
.verdict{font-size:16px;font-weight:bold;padding:8px 12px;border-radius:4px;display:inline-block}
.v-bad{background:#ffe0e0;color:#b00} .v-ok{background:#e0f2e0;color:#064} .v-unknown{background:#fff4d0;color:#7a5a00}
</style></head><body>
<h1>Benchmarks: ${history.length} run(s)${latest ? `, latest ${esc(latest.timestamp.slice(0, 16).replace('T', ' '))} UTC` : ''}</h1>
<p class="verdict ${verdictClass(comparison, failed.length)}">${esc(verdictLine(comparison, failed.length))}</p>
<p>Ratios compare figures divided by a calibration workload measured around each benchmark in the same process, so a busy machine slows both alike (bench/compare.ts). Tolerance is twice the spread between repeats, at least 10%.</p>
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

function verdictLine(c: Comparison | null, failedSuites: number): string {
  const failed = failedSuites ? ` ${failedSuites} suite(s) FAILED.` : '';
  return c ? `${comparisonVerdict(c)}.${failed}` : `No baseline compared (run with --compare).${failed}`;
}

function verdictClass(c: Comparison | null, failedSuites: number): string {
  if (failedSuites > 0 || (c && (c.regressions > 0 || c.missing > 0))) return 'v-bad';
  return c && !c.refusal ? 'v-ok' : 'v-unknown';
}
