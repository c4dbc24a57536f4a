import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AREAS } from './bug.ts';
import type { BugRun } from './run.ts';

/**
 * The zoo table: per bug found or not, at which run, the shrunk length; totals per area; overall
 * kill rate and median shrunk length. Written as JSON and markdown, each atomically.
 */
export interface AreaTotal { readonly area: string; readonly bugs: number; readonly found: number; readonly killRate: number }

export interface ZooReport {
  readonly format: 'daos-zoo-run/1';
  readonly tree: string;
  readonly runsPerBug: number | 'default';
  /** Bugs selected for the run; `bugs` of them have a result so far (an interrupted run has fewer). */
  readonly selected: number;
  readonly bugs: number;
  readonly found: number;
  readonly killRate: number;
  readonly medianShrunkOps: number | null;
  readonly areas: readonly AreaTotal[];
  readonly missed: readonly string[];
  readonly results: readonly BugRun[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const rate = (found: number, of: number) => (of === 0 ? 0 : Math.round((1000 * found) / of) / 10);

export function buildReport(tree: string, runsPerBug: number | undefined, results: readonly BugRun[], selected = results.length): ZooReport {
  const found = results.filter((r) => r.status === 'found');
  const areas = AREAS.map((area) => {
    const mine = results.filter((r) => r.area === area);
    const hit = mine.filter((r) => r.status === 'found').length;
    return { area, bugs: mine.length, found: hit, killRate: rate(hit, mine.length) };
  }).filter((a) => a.bugs > 0);
  return {
    format: 'daos-zoo-run/1',
    tree,
    runsPerBug: runsPerBug ?? 'default',
    selected,
    bugs: results.length,
    found: found.length,
    killRate: rate(found.length, results.length),
    medianShrunkOps: median(found.map((r) => r.shrunkOps!)),
    areas,
    missed: results.filter((r) => r.status !== 'found').map((r) => r.id),
    results,
  };
}

export function formatMarkdown(r: ZooReport): string {
  const lines = [
    `# Bug zoo run`,
    '',
    `Tree: \`${r.tree}\`; conform runs per bug: ${r.runsPerBug}; bugs run: ${r.bugs} of ${r.selected}.`,
    `Kill rate **${r.killRate} %** (${r.found}/${r.bugs}); median shrunk case **${r.medianShrunkOps ?? '-'} ops**.`,
    '',
    '| area | bugs | found | kill rate |',
    '| --- | ---: | ---: | ---: |',
    ...r.areas.map((a) => `| ${a.area} | ${a.bugs} | ${a.found} | ${a.killRate} % |`),
    '',
    '| bug | area | result | at run | shrunk ops | seconds | detail |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...r.results.map((b) => `| ${b.id} | ${b.area} | ${b.status} | ${b.run ?? '-'} | ${b.shrunkOps ?? '-'} | ${b.seconds} | ${b.detail.replace(/\|/g, '/')} |`),
    '',
    `Missed: ${r.missed.join(', ') || '-'}`,
    '',
  ];
  return lines.join('\n');
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-zoo-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeReport(outDir: string, r: ZooReport): { json: string; md: string } {
  const json = join(outDir, 'zoo-run.json');
  const md = join(outDir, 'zoo-run.md');
  writeAtomic(json, `${JSON.stringify(r, null, 1)}\n`);
  writeAtomic(md, formatMarkdown(r));
  return { json, md };
}
