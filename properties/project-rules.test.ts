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
