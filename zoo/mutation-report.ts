import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Mutation scores per folder, from StrykerJS's JSON report (mutation-testing-report-schema): the
 * score is (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker computes
 * it; compile errors and ignored mutants do not count. The summary keeps one entry per folder, so
 * runs of different folders (the nightly matrix) add up to one table.
 */
export interface FolderScore {
  readonly folder: string;
  readonly mutants: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly scorePercent: number;
  readonly when: string;
}

interface Report { files: Record<string, { mutants: { status: string }[] }> }

export function scoreOf(folder: string, report: Report, when: string): FolderScore {
  const count: Record<string, number> = {};
  for (const f of Object.values(report.files)) for (const m of f.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  const killed = count.Killed ?? 0;
  const timeout = count.Timeout ?? 0;
  const survived = count.Survived ?? 0;
  const noCoverage = count.NoCoverage ?? 0;
  const valid = killed + timeout + survived + noCoverage;
  const scorePercent = valid === 0 ? 0 : Math.round((1000 * (killed + timeout)) / valid) / 10;
  return { folder, mutants: valid, killed, timeout, survived, noCoverage, scorePercent, when };
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-mutation-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function updateSummary(dir: string, score: FolderScore): FolderScore[] {
  const file = join(dir, 'summary.json');
  const old: FolderScore[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FolderScore[]) : [];
  const all = [...old.filter((s) => s.folder !== score.folder), score].sort((a, b) => (a.folder < b.folder ? -1 : 1));
  writeAtomic(file, `${JSON.stringify(all, null, 1)}\n`);
  const md = [
    '# Mutation score per folder (StrykerJS)',
    '',
    '| folder | score | mutants | killed | timeout | survived | no coverage | run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...all.map((s) => `| ${s.folder} | ${s.scorePercent} % | ${s.mutants} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.when} |`),
    '',
  ].join('\n');
  writeAtomic(join(dir, 'summary.md'), md);
  return all;
}
