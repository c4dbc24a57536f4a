// StrykerJS configuration, scoped to one folder of impl/ so a run finishes on a 2-core machine.
// Run it through `npm run mutation -- <folder>` (zoo/mutation-cli.ts), which sets STRYKER_FOLDER,
// checks the folder and writes the per-folder score summary; not part of `npm test`.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = process.env.STRYKER_FOLDER ?? 'impl/placement';
// Tests live beside the code of each top folder of impl/ (impl/engine's cover its rooms).
const testDir = folder.split('/').slice(0, 2).join('/');
const name = folder.replace(/\//g, '-');

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', dir: testDir, related: false },
  mutate: [
    `${folder}/**/*.ts`,
    `!${folder}/**/*.test.ts`,
    // Test support and the deliberately slow references are not the system under test.
    '!impl/**/test-support.ts', '!impl/**/test-helpers.ts', '!impl/**/*-arbitraries.ts',
    '!impl/placement/layout-reference.ts', '!impl/vos/reference-store.ts',
  ],
  coverageAnalysis: 'perTest',
  // Module-level constants would re-run every test per mutant: skipped to fit the budget.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  // Sandboxes outside the project, so a concurrent `npm test` (vitest's **/*.test.ts, the
  // project-rules scan) never sees their copies of the tests and instrumented sources.
  tempDirName: join(tmpdir(), 'stryker-daos-harness'),
  cleanTempDir: true,
  ignorePatterns: ['chaos-out', 'reports', 'zoo/results', 'bench/results', 'corpus', 'coverage', 'properties/fixtures'],
};
