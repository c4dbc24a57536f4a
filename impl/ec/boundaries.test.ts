import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The project's rules for impl/ec source files (tests excluded): imports stay inside this
 * directory or contract/, and nothing reads ambient time or randomness. A textual check; it does
 * NOT see imports built at run time.
 */
const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-support.ts');

describe('impl/ec boundaries', () => {
  it('has sources to check', () => {
    expect(sources).toContain('index.ts');
  });

  it.each(sources)('%s imports only ./ and contract/', (file) => {
    const text = readFileSync(join(here, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const spec of specifiers) {
      expect(spec.startsWith('./') || spec.startsWith('../../contract/'), `${file} imports ${spec}`).toBe(true);
      expect(spec.endsWith('.ts') || spec.endsWith('.json'), `${file} imports ${spec} without an extension`).toBe(true);
    }
  });

  it.each(sources)('%s uses no ambient time, randomness or timers', (file) => {
    const text = readFileSync(join(here, file), 'utf8');
    for (const banned of ['Math.random', 'Date.now', 'new Date(', 'performance.now', 'setTimeout', 'setInterval', 'hrtime']) {
      expect(text.includes(banned), `${file} uses ${banned}`).toBe(false);
    }
  });
});
