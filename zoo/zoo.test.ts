import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { areaOfFile, AREAS, TRACE_OPS_MAX, TRACE_OPS_MIN } from './bug.ts';
import { ZOO } from './catalog.ts';
import { median } from './report.ts';
import { parseConformText } from './run.ts';
import { occurrences, patchedText, PatchError } from './scratch.ts';

/**
 * Zoo integrity, cheap: every patch applies to the current tree (its find text occurs exactly once
 * in its file), ids are unique, areas known and matching the file, traces within bounds. Whether
 * each trace exposes its bug is `npm run zoo -- validate` (a lockstep replay per bug, kept out of
 * npm test), and whether the generators find it is `npm run zoo -- run`.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('bug zoo integrity', () => {
  it('holds at least 50 bugs with unique ids', () => {
    expect(ZOO.length).toBeGreaterThanOrEqual(50);
    const ids = ZOO.map((b) => b.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every area of impl/ holds a bug, and each bug is in the area of its file', () => {
    for (const area of AREAS) expect(ZOO.some((b) => b.area === area), area).toBe(true);
    const wrong = ZOO.filter((b) => areaOfFile(b.file) !== b.area).map((b) => `${b.id}: ${b.file} is not in ${b.area}`);
    expect(wrong).toEqual([]);
  });

  it('every patch is one line whose find text occurs exactly once in its file, and changes it', () => {
    const problems: string[] = [];
    for (const bug of ZOO) {
      const text = readFileSync(join(ROOT, bug.file), 'utf8');
      const n = occurrences(text, bug.find);
      if (n !== 1) problems.push(`${bug.id}: find occurs ${n} times in ${bug.file}`);
      else if (patchedText(text, bug) === text) problems.push(`${bug.id}: the patch changes nothing`);
      if (bug.find.includes('\n') || bug.replace.includes('\n')) problems.push(`${bug.id}: more than one line`);
    }
    expect(problems).toEqual([]);
  });

  it('every exposing trace starts with system.create and has 5 to 18 ops', () => {
    const wrong = ZOO.filter((b) => b.trace[0]?.type !== 'system.create' || b.trace.length < TRACE_OPS_MIN || b.trace.length > TRACE_OPS_MAX);
    expect(wrong.map((b) => `${b.id} (${b.trace.length} ops)`)).toEqual([]);
  });

  it('a patch that does not apply is refused with a reason, not planted silently', () => {
    const bug = ZOO[0];
    expect(() => patchedText('nothing to see', bug)).toThrow(PatchError);
    expect(() => patchedText(`${bug.find}\n${bug.find}`, bug)).toThrow(/occurs 2 times/);
  });

  it('reads conform\'s text output when a tree has no --json-summary', () => {
    const found = '  divergence found in run 17 after 3.0 s; shrinking...\ndetected after 3.0 s (run 17); shrunk in 40 steps (1.2 s) to 9 ops; fast-check replay: ...';
    expect(parseConformText(found)).toMatchObject({ found: true, failure: { run: 17, shrunkOps: 9 } });
    expect(parseConformText('  progress: 1000/1000 runs, 5 ops\nconform: passed')).toMatchObject({ found: false, runs: 1000 });
    expect(parseConformText('crashed')).toBeNull();
    expect(median([5, 1, 9])).toBe(5);
    expect(median([4, 8])).toBe(6);
    expect(median([])).toBeNull();
  });
});
