// StrykerJS configuration, scoped to one folder of impl/ so a run finishes on a 2-core machine.
// Run it through `npm run mutation -- <folder>` (zoo/mutation-cli.ts), which sets STRYKER_FOLDER
// (a folder or one file; STRYKER_TOP_LEVEL=1 for `--top-level`: the folder's own files, not its
// subfolders), checks
// the folder and writes the per-folder score summary; not part of `npm test`.
// Measured costs and scores: zoo/mutation-scores.md.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = process.env.STRYKER_FOLDER ?? 'impl/placement';
const topLevel = process.env.STRYKER_TOP_LEVEL === '1';
// Tests live beside the code of each top folder of impl/ (impl/engine's cover its rooms).
const testDir = folder.split('/').slice(0, 2).join('/');
const name = folder.replace(/\//g, '-') + (topLevel ? '-top' : '');
// A single file (`npm run mutation -- impl/vos/vos-store.ts`) splits a folder too big for one run.
const isFile = folder.endsWith('.ts');

// Where the time goes: a mutant runs every test that covers it (perTest coverage), and most of
// that time was the impl/ property tests, 60 to 3000 fast-check cases each (impl/placement's
// hash64 and jump-hash alone: 14,000). vitest.mutation.config.ts therefore resolves 'fast-check'
// to zoo/mutation-fast-check.ts, which caps every property at MUTATION_NUM_RUNS cases (seeds kept,
// so the first cases of each usual sequence) and stops at the first failure without shrinking.
// 25 cases: measured in zoo/mutation-scores.md against uncapped runs. impl/vos runs 100: its one
// big property is the differential test, whose every case is a whole trace of 20 to 120 store
// operations against the slow reference, so its cases are worth more than others'. (It ran
// uncapped, 400, while that test asserted 20,000 steps in all; it now expects as many cases as
// fast-check's global setting lets run.) An explicit MUTATION_NUM_RUNS in the environment wins.
const NUM_RUNS_BY_TOP_FOLDER = { 'impl/vos': 100 };
process.env.MUTATION_NUM_RUNS ??= String(NUM_RUNS_BY_TOP_FOLDER[testDir] ?? 25);

export default {
  testRunner: 'vitest',
  // The project's vitest config plus the fast-check cap above; `npm test` never reads this one.
  vitest: { configFile: 'vitest.mutation.config.ts', dir: testDir, related: false },
  mutate: [
    isFile ? folder : topLevel ? `${folder}/*.ts` : `${folder}/**/*.ts`,
    '!impl/**/*.test.ts',
    // Test support and the deliberately slow references are not the system under test.
    '!impl/**/test-support.ts', '!impl/**/test-helpers.ts', '!impl/**/*-arbitraries.ts',
    '!impl/placement/layout-reference.ts', '!impl/vos/reference-store.ts',
  ],
  coverageAnalysis: 'perTest',
  // Module-level constants would re-run every test per mutant: skipped to fit the budget.
  ignoreStatic: true,
  // One test runner per core of the 2-core machine (run it under `nice -n 19` on a shared one).
  concurrency: 2,
  // A mutant's time limit is timeoutFactor x its tests' time in the dry run + timeoutMS. Stryker's
  // hit counter already stops most infinite loops (perTest coverage), so 60 s of slack per hung
  // mutant was waste; factor 2 and 10 s still leave room for a niced run on a loaded machine
  // (a false timeout would count as killed).
  timeoutFactor: 2,
  timeoutMS: 10_000,
  // No type-checker plugin is installed: vitest strips types without checking them, so a mutant
  // that breaks a type still runs (and is usually killed). `// @ts-nocheck` in the sandbox copies
  // keeps the instrumented sources from being reported as type errors by anything that looks.
  disableTypeChecks: 'impl/**/*.ts',
  reporters: ['json', 'html', 'clear-text', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  // Sandboxes outside the project, so a concurrent `npm test` (vitest's **/*.test.ts, the
  // project-rules scan) never sees their copies of the tests and instrumented sources.
  tempDirName: join(tmpdir(), 'stryker-daos-harness'),
  cleanTempDir: true,
  ignorePatterns: ['chaos-out', 'reports', 'zoo/results', 'bench/results', 'corpus', 'coverage', 'properties/fixtures'],
};
