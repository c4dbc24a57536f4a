import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The vitest configuration StrykerJS uses (stryker.config.mjs), never `npm test`: the project's own
 * vitest.config.ts plus two changes: no isolation between test files, and 'fast-check' resolved to zoo/mutation-fast-check.ts, which caps
 * every property at MUTATION_NUM_RUNS cases (default 25). A mutant runs the tests that cover it,
 * and the impl/ property tests (60 to 3000 cases each) were most of that time.
 */
export default mergeConfig(
  base,
  defineConfig({
    // isolate: false shares one module graph between the test files of a run (one mutant) instead
    // of importing impl/ again for every file: a third less time per mutant, measured on
    // impl/engine/sim/prng.ts (162 s against 110 s, the same 27 killed, 2 timeouts, 26 survived).
    // vitest still starts every run (every mutant) in a fresh worker context, so nothing a mutant
    // leaves in a module-level cache reaches the next mutant.
    test: { isolate: false },
    resolve: {
      alias: [{ find: /^fast-check$/, replacement: fileURLToPath(new URL('./zoo/mutation-fast-check.ts', import.meta.url)) }],
    },
  }),
);
