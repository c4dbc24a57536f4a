/**
 * Minimal inline-SVG charts for self-contained HTML reports (no dependency, no script): a line
 * chart with several series and a horizontal bar chart. Used by the chaos and bench reports.
 * Does NOT do log scales, legends beyond one row, or interactivity.
 */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly Series[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** Labels for x ticks instead of numbers (e.g. dates), indexed by x value. */
  readonly xTickLabel?: (x: number) => string;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** CSS color; defaults to the palette's first. */
  readonly color?: string;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export function formatNumber(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  if (a >= 10 || x === 0) return x.toFixed(0);
  return x.toPrecision(3);
}

export function lineChart(o: LineChartOptions): string {
  const width = o.widthPx ?? 720;
  const height = o.heightPx ?? 260;
  const left = 64;
  const right = 16;
  const top = 28;
  const bottom = 44;
  const all = o.series.flatMap((s) => s.points);
  const xMin = all.length ? Math.min(...all.map((p) => p[0])) : 0;
  const xMaxRaw = all.length ? Math.max(...all.map((p) => p[0])) : 1;
  const xMax = xMaxRaw > xMin ? xMaxRaw : xMin + 1;
  const yMax = niceMax(all.length ? Math.max(...all.map((p) => p[1])) : 1);
  const sx = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (width - left - right);
  const sy = (y: number) => height - bottom - (y / yMax) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}">`);
  parts.push(`<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeXml(o.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${(sy(y) + 4).toFixed(1)}" font-size="11" text-anchor="end">${formatNumber(y)}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const x = xMin + ((xMax - xMin) * i) / 4;
    const label = o.xTickLabel ? o.xTickLabel(x) : formatNumber(x);
    parts.push(`<text x="${sx(x).toFixed(1)}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${escapeXml(label)}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" font-size="11" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text x="12" y="${(top + height - bottom) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(top + height - bottom) / 2})">${escapeXml(o.yLabel)}</text>`);
  o.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    if (s.points.length === 0) return;
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"><title>${escapeXml(s.name)}</title></path>`);
    for (const p of s.points.length <= 60 ? s.points : []) parts.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeXml(`${s.name}: ${formatNumber(p[1])}`)}</title></circle>`);
    parts.push(`<text x="${left + 8 + i * 130}" y="${top + 2}" font-size="11" fill="${color}">■ ${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function barChart(title: string, bars: readonly Bar[], widthPx = 720): string {
  const rowPx = 16;
  const labelPx = 200;
  const top = 24;
  const height = top + bars.length * rowPx + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const scale = (widthPx - labelPx - 70) / max;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${height}" viewBox="0 0 ${widthPx} ${height}" role="img" aria-label="${escapeXml(title)}">`);
  parts.push(`<text x="0" y="14" font-size="13" font-weight="bold">${escapeXml(title)}</text>`);
  bars.forEach((b, i) => {
    const y = top + i * rowPx;
    const w = Math.max(b.value > 0 ? 1 : 0, b.value * scale);
    parts.push(`<text x="${labelPx - 6}" y="${y + 11}" font-size="11" text-anchor="end">${escapeXml(b.label)}</text>`);
    parts.push(`<rect x="${labelPx}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowPx - 4}" fill="${b.color ?? PALETTE[0]}"><title>${escapeXml(`${b.label}: ${b.value}`)}</title></rect>`);
    parts.push(`<text x="${labelPx + w + 4}" y="${y + 11}" font-size="11">${formatNumber(b.value)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
