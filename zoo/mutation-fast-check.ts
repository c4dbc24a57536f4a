/**
 * fast-check as the impl/ tests see it during a mutation run, and only then: vitest.mutation.config.ts
 * aliases the bare 'fast-check' import to this module (`npm test` and every CLI keep the real one).
 * Everything is the real fast-check except that fc.assert and fc.check run at most
 * MUTATION_NUM_RUNS cases (default 25, env MUTATION_NUM_RUNS overrides) and stop at the first failing
 * case without shrinking it (endOnFailure). fc.configureGlobal alone
 * would not do: the impl/ tests pass an explicit numRuns (60 to 3000), which wins over the global
 * one. Seeds are kept, so a capped property runs the first cases of its usual sequence: the run
 * stays deterministic, and a mutant is killed by the same counterexample a full run finds first
 * whenever that one comes early (most do: a wrong mask or bound breaks nearly every case).
 */
import * as real from '../node_modules/fast-check/lib/fast-check.js';

export * from '../node_modules/fast-check/lib/fast-check.js';

function numRunsCap(): number {
  const raw = process.env.MUTATION_NUM_RUNS;
  if (raw === undefined || raw === '') return 25;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`MUTATION_NUM_RUNS must be a positive integer, not '${raw}'`);
  return n;
}

export const MUTATION_NUM_RUNS = numRunsCap();

type Params = { numRuns?: number; endOnFailure?: boolean } | undefined;

// endOnFailure: a mutant is killed by the first failing case; shrinking it would only cost time.
function capped<P extends Params>(params: P): P {
  const numRuns = Math.min(params?.numRuns ?? MUTATION_NUM_RUNS, MUTATION_NUM_RUNS);
  return { ...params, numRuns, endOnFailure: true } as P;
}

// Calls without their own numRuns (fast-check's default is 100) get the cap too.
real.configureGlobal({ ...real.readConfigureGlobal(), numRuns: MUTATION_NUM_RUNS, endOnFailure: true });

export const assert = ((property: unknown, params?: Params) =>
  (real.assert as (p: unknown, q: Params) => unknown)(property, capped(params))) as typeof real.assert;

export const check = ((property: unknown, params?: Params) =>
  (real.check as (p: unknown, q: Params) => unknown)(property, capped(params))) as typeof real.check;

const fc: typeof real.default = { ...real.default, assert, check };
export default fc;
