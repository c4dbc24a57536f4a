import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specRuleIds } from './spec-rules.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', '.git', 'coverage', 'corpus']);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const files = tsFiles(ROOT).map((p) => relative(ROOT, p));
const sources = files.filter((f) => !f.endsWith('.test.ts'));
const tests = files.filter((f) => f.endsWith('.test.ts'));
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('spec traceability', () => {
  it('docs/semantics.md has rule IDs (sanity: the parser finds them)', () => {
    const ids = specRuleIds();
    expect(ids).toContain('ERR-1');
    expect(ids).toContain('TX-10');
    expect(ids.length).toBeGreaterThan(100);
  });

  it('every rule ID in docs/semantics.md is cited by at least one test file', () => {
    const cited = new Set<string>();
    // This file names IDs only to check the parser; it does not count as citing them.
    for (const f of tests.filter((t) => !t.endsWith('project-rules.test.ts'))) for (const m of read(f).matchAll(/\b([A-Z]+-\d+)\b/g)) cited.add(m[1]);
    const missing = specRuleIds().filter((id) => !cited.has(id));
    expect(missing, `rule IDs cited by no test: ${missing.join(', ')}`).toEqual([]);
  });
});

/** Which top-level areas each area may import (DESIGN.md "Import rules"). */
function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'impl' && parts.length > 2) return `impl/${parts[1]}`;
  return parts[0];
}

const ALLOWED: Record<string, readonly string[]> = {
  contract: ['contract'],
  model: ['contract', 'model'],
  'impl/ec': ['contract', 'impl/ec'],
  'impl/placement': ['contract', 'impl/placement'],
  'impl/vos': ['contract', 'impl/vos'],
  'impl/engine': ['contract', 'impl/engine', 'impl/ec', 'impl/placement', 'impl/vos'],
};

function relativeImports(file: string): string[] {
  const text = read(file);
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out.map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)));
}

/**
 * impl/engine's rooms from the top down, as its README.md lists them: a file imports only from its
 * own room or rooms below ('' is the folder itself: engine.ts and the test driver).
 */
const ENGINE_ROOMS = ['', 'services', 'invariants', 'rebuild', 'ec', 'io', 'state', 'sim', 'args', 'assert.ts'];

function engineRoom(file: string): number {
  const rest = file.slice('impl/engine/'.length);
  const room = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest === 'assert.ts' ? rest : '';
  return ENGINE_ROOMS.indexOf(room);
}

/** Every file's imports of other files of the project. */
function importGraph(): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((f) => [f, relativeImports(f).filter((target) => known.has(target))]));
}

/**
 * The import cycles of `graph`: its strongly connected components of two or more files, and files
 * that import themselves (Tarjan's algorithm). Each cycle is sorted, and so is the list.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe('architecture boundaries (DESIGN.md)', () => {
  it('contract, model and impl areas import only what DESIGN.md allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const allowed = ALLOWED[areaOf(file)];
      if (!allowed) continue;
      for (const target of relativeImports(file)) {
        if (!allowed.includes(areaOf(target))) violations.push(`${file} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the boundary check itself sees imports (sanity)', () => {
    expect(relativeImports('model/step.ts')).toContain('contract/index.ts');
  });

  it('the import graph has no cycles (file level, whole project, type-only and dynamic imports included)', () => {
    const cycles = importCycles(importGraph()).map((cycle) => cycle.join(', '));
    expect(cycles, 'groups of files that import each other in a loop').toEqual([]);
  });

  it('the cycle check itself finds cycles (sanity)', () => {
    const graph = new Map([['a', ['b']], ['b', ['c', 'd']], ['c', ['a']], ['d', []], ['e', ['e']], ['f', ['a']]]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('impl/engine imports only downward, room by room (impl/engine/README.md)', () => {
    const violations: string[] = [];
    for (const file of sources.filter((f) => f.startsWith('impl/engine/'))) {
      for (const target of relativeImports(file).filter((t) => t.startsWith('impl/engine/'))) {
        const [from, to] = [engineRoom(file), engineRoom(target)];
        if (from < 0 || to < 0) violations.push(`${from < 0 ? file : target} is in no room of the list`);
        else if (to < from) violations.push(`${file} imports ${target}, a room above it`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('impl/engine/state/ holds types: its modules import only types, so every room of the engine can stand on them', () => {
    const offenders: string[] = [];
    for (const file of sources.filter((f) => f.startsWith('impl/engine/state/'))) {
      for (const m of read(file).matchAll(/^import\s+(?!type\s)[^;]*;/gm)) offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('no ambient randomness, wall-clock time or timers in contract, model or impl', () => {
    const pattern = /\b(Math\.random|Date\.now|new Date\(|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime)\b/;
    const offenders = sources.filter((f) => /^(contract|model|impl)\//.test(f) && pattern.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('no skipped or focused tests', () => {
    const offenders = tests.filter((f) => /\b(it|test|describe)\.(only|skip|todo)\(/.test(read(f)) && !f.endsWith('project-rules.test.ts'));
    expect(offenders).toEqual([]);
  });
});
