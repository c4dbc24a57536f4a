import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.git/**'],
    // Lockstep properties run many ops; the default 5 s is too tight on a 2-core CI machine.
    testTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['contract/**/*.ts', 'model/**/*.ts', 'impl/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
