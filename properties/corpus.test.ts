import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCaseFile } from './case-file.ts';
import { runCase } from './conform.ts';
import { loadSystem } from './systems.ts';

/**
 * Regression: every minimized failure ever saved to corpus/ is replayed against the engine and must
 * now conform. A case that diverges again means a fixed bug came back.
 */
const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();

describe('corpus regression', () => {
  it('every corpus file is a valid case', () => {
    for (const f of files) expect(() => readCaseFile(join(CORPUS, f))).not.toThrow();
  });

  for (const f of files) {
    it(`replays ${f} and conforms`, async () => {
      const kase = readCaseFile(join(CORPUS, f));
      const engine = await loadSystem('engine');
      const result = runCase(kase, engine);
      const detail = result.status === 'diverged' ? `${result.divergence.stepIndex}: ${result.divergence.message}` : '';
      expect(result.status, detail).toBe('conforms');
    });
  }
});
