/**
 * Minimal inline-SVG charts for self-contained HTML reports (no dependency, no script): a line
 * chart with several series and a horizontal bar chart. Used by the chaos and bench reports.
 * Ticks fall on round values; integers print as integers; legends show each series' line style.
 * Does NOT do log scales, legends beyond one row, or interactivity.
 */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Fixed colour, so a series keeps its colour across reports; default: palette by position. */
  readonly color?: string;
  readonly dashed?: boolean;
  readonly widthPx?: number;
}

/** A shaded range between two curves sharing x values (e.g. min..max over repeats). */
export interface Band {
  readonly name: string;
  readonly lower: readonly (readonly [number, number])[];
  readonly upper: readonly (readonly [number, number])[];
  readonly color: string;
}

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly Series[];
  readonly band?: Band;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** Labels for x ticks instead of numbers (e.g. dates), indexed by x value; ticks then fall on integers only. */
  readonly xTickLabel?: (x: number) => string;
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** CSS color; defaults to the palette's first. */
  readonly color?: string;
}

/** Colour-blind-safe palette (Okabe-Ito), without red, which reports keep for failures. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The smallest of 1, 2, 2.5, 5 x 10^k that is >= x: a step a reader can add up in his head. */
export function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/** Round ticks covering [min, max]: about `count` intervals of a nice step, starting at a multiple of it. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const span = max > min ? max - min : Math.abs(max) || 1;
  const step = niceStep(span / count);
  const first = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t < max + step * 0.999 && ticks.length < 50; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Compact, plain-decimal numbers: integers stay integers (9, not 9.00), never scientific notation. */
export function formatNumber(x: number): string {
  const a = Math.abs(x);
  const trim = (t: string) => (t.includes('.') ? t.replace(/\.?0+$/, '') : t);
  if (a >= 1e9) return `${trim((x / 1e9).toFixed(1))}G`;
  if (a >= 1e6) return `${trim((x / 1e6).toFixed(1))}M`;
  if (a >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${trim((x / 1e3).toFixed(1))}k`;
  if (Number.isInteger(x)) return String(x);
  if (a >= 10) return x.toFixed(0);
  if (a >= 0.001) return trim(x.toFixed(Math.max(1, 2 - Math.floor(Math.log10(a)))));
  return trim(x.toFixed(6));
}

export function lineChart(o: LineChartOptions): string {
  const width = o.widthPx ?? 720;
  const height = o.heightPx ?? 260;
  const left = 64;
  const right = 24;
  const top = 44;
  const bottom = 44;
  const all = [...o.series.flatMap((s) => s.points), ...(o.band ? [...o.band.lower, ...o.band.upper] : [])];
  const xMin = all.length ? Math.min(...all.map((p) => p[0])) : 0;
  const xMaxRaw = all.length ? Math.max(...all.map((p) => p[0])) : 1;
  const xMax = xMaxRaw > xMin ? xMaxRaw : xMin + 1;
  const yTicks = niceTicks(0, all.length ? Math.max(...all.map((p) => p[1])) : 1);
  const yMax = yTicks[yTicks.length - 1] || 1;
  const sx = (x: number) => left + ((x - xMin) / (xMax - xMin)) * (width - left - right);
  const sy = (y: number) => height - bottom - (y / yMax) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}" font-family="system-ui,sans-serif">`);
  parts.push(`<text x="${left}" y="16" font-size="13" font-weight="bold">${escapeXml(o.title)}</text>`);
  for (const y of yTicks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${left - 6}" y="${(sy(y) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#444">${formatNumber(y)}</text>`);
  }
  const xTicks = o.xTickLabel ? integerTicks(xMin, xMax, Math.max(2, Math.floor((width - left - right) / 110))) : niceTicks(xMin, xMax, 6).filter((x) => x >= xMin && x <= xMax);
  xTicks.forEach((x, i) => {
    const label = o.xTickLabel ? o.xTickLabel(x) : formatNumber(x);
    // The first and last labels are anchored inwards so they are never cut at the edge.
    const anchor = xTicks.length > 1 && i === 0 && sx(x) - left < 40 ? 'start' : xTicks.length > 1 && i === xTicks.length - 1 && width - right - sx(x) < 40 ? 'end' : 'middle';
    parts.push(`<line x1="${sx(x).toFixed(1)}" x2="${sx(x).toFixed(1)}" y1="${height - bottom}" y2="${height - bottom + 4}" stroke="#888"/>`);
    parts.push(`<text x="${sx(x).toFixed(1)}" y="${height - bottom + 16}" font-size="11" text-anchor="${anchor}" fill="#444">${escapeXml(label)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#888"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" font-size="11" text-anchor="middle" fill="#444">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text x="12" y="${(top + height - bottom) / 2}" font-size="11" text-anchor="middle" fill="#444" transform="rotate(-90 12 ${(top + height - bottom) / 2})">${escapeXml(o.yLabel)}</text>`);
  const legend: string[] = [];
  let legendX = left;
  const legendItem = (swatch: string, name: string) => {
    legend.push(`<g transform="translate(${legendX} ${top - 16})">${swatch}<text x="22" y="4" font-size="11" fill="#222">${escapeXml(name)}</text></g>`);
    legendX += 30 + name.length * 6.5;
  };
  if (o.band && o.band.lower.length) {
    const upper = o.band.upper.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`);
    const lower = [...o.band.lower].reverse().map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`);
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${o.band.color}" fill-opacity="0.22" stroke="none"><title>${escapeXml(o.band.name)}</title></polygon>`);
    legendItem(`<rect x="0" y="-5" width="16" height="10" fill="${o.band.color}" fill-opacity="0.3"/>`, o.band.name);
  }
  o.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const w = s.widthPx ?? 2;
    legendItem(`<line x1="0" x2="16" y1="0" y2="0" stroke="${color}" stroke-width="${w + 1}"${dash}/>`, s.name);
    if (s.points.length === 0) return;
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${w}"${dash}><title>${escapeXml(s.name)}</title></path>`);
    if (!s.dashed) for (const p of s.points.length <= 60 ? s.points : []) parts.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="${w + 0.5}" fill="${color}"><title>${escapeXml(`${s.name}: ${formatNumber(p[1])}`)}</title></circle>`);
  });
  parts.push(...legend);
  parts.push('</svg>');
  return parts.join('');
}

/** Integer x positions from min to max, at most `count`, always including both ends. */
function integerTicks(min: number, max: number, count: number): number[] {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  if (hi < lo) return [];
  const step = Math.max(1, Math.ceil((hi - lo) / Math.max(1, count - 1)));
  const ticks: number[] = [];
  for (let x = lo; x <= hi; x += step) ticks.push(x);
  if (ticks[ticks.length - 1] !== hi && hi - ticks[ticks.length - 1] >= step / 2) ticks.push(hi);
  else if (ticks[ticks.length - 1] !== hi) ticks[ticks.length - 1] = hi;
  return ticks;
}

export function barChart(title: string, bars: readonly Bar[], widthPx = 720): string {
  const rowPx = 16;
  const labelPx = 200;
  const top = 24;
  const height = top + bars.length * rowPx + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const scale = (widthPx - labelPx - 70) / max;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${height}" viewBox="0 0 ${widthPx} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui,sans-serif">`);
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
