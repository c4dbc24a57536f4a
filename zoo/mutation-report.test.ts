import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreOf, updateSummary } from './mutation-report.ts';

const report = (statuses: string[]) => ({ files: { 'a.ts': { mutants: statuses.map((status) => ({ status })) } } });

describe('mutation score per folder', () => {
  it('counts killed and timed-out mutants over those that compiled and ran, as Stryker does', () => {
    const s = scoreOf('impl/x', report(['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored']), 'then');
    expect(s).toMatchObject({ mutants: 5, killed: 2, timeout: 1, survived: 1, noCoverage: 1, scorePercent: 60 });
    expect(scoreOf('impl/y', report([]), 'then').scorePercent).toBe(0);
  });

  it('keeps one entry per folder across runs, sorted, in JSON and markdown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutation-summary-'));
    try {
      updateSummary(dir, scoreOf('impl/vos', report(['Killed']), 't1'));
      updateSummary(dir, scoreOf('impl/placement', report(['Survived']), 't1'));
      const all = updateSummary(dir, scoreOf('impl/vos', report(['Killed', 'Survived']), 't2'));
      expect(all.map((s) => [s.folder, s.scorePercent])).toEqual([['impl/placement', 0], ['impl/vos', 50]]);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| impl/vos | 50 % | 2 | 1 | 0 | 1 | 0 | t2 |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
