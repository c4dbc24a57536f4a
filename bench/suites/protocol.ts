/**
 * The cost of checking any system (issue 12), on the same chaos-style generated traces as the
 * lockstep suite (seeded), engine against model, invariants every 8 ops:
 *  - `engine sync, runner before issue 12`: the frozen pre-refactor runner (bench/legacy/), the
 *    reference for "no loss of throughput";
 *  - `engine sync driver`: runLockstep, the in-process fast path after the refactor;
 *  - `engine async driver, in-process`: runLockstepAsync on the same in-process engine (what the
 *    CLIs use; it awaits only what is a promise);
 *  - `engine over the protocol`: the engine served by adapters/engine-adapter.ts in a child process,
 *    one JSON line each way per op (and per invariant check).
 * Compare the figures of one run with each other (ratios), not across machines. The child process
 * competes for the same cores: note the machine's load with the figures.
 */
import type { BenchCase, BenchSuite } from '../harness.ts';
import { fallbackOps, type Op } from '../../contract/index.ts';
import { isAdmissible } from '../../properties/admissible.ts';
import { runCase } from '../../properties/conform.ts';
import { runLockstep, runLockstepAsync, type LockstepOptions } from '../../properties/runner.ts';
import { loadSystem, resolveSystem, type SystemFactory } from '../../properties/systems.ts';
import { sampleChaosCase } from '../../chaos/chaos-arb.ts';
import { caseSeed } from '../../chaos/seeds.ts';
import { runLockstep as runLockstepBefore } from '../legacy/runner-before-issue-12.ts';
import { Engine } from '../../impl/engine/engine.ts';

const CASE_COUNT = 4;
const MAX_OPS = 250;
const BASE_SEED = 20261121;
const INVARIANTS_EVERY = 8;
const PIPE_COMMAND = 'cmd:node --import tsx adapters/engine-adapter.ts';

const engine = loadSystem('engine');

/** Each case cut to the prefix that conforms on the engine, so every driver checks the same ops. */
function prepare(): { engineSeed: number; ops: Op[]; steps: number }[] {
  const out: { engineSeed: number; ops: Op[]; steps: number }[] = [];
  for (let k = 0; k < CASE_COUNT; k++) {
    const kase = sampleChaosCase(caseSeed(BASE_SEED, { index: 1, count: 1 }, k), MAX_OPS);
    let ops = fallbackOps(kase.ops);
    let result = runCase({ engineSeed: kase.engineSeed, ops }, engine, { invariantsEvery: INVARIANTS_EVERY });
    if (result.status === 'diverged') {
      ops = ops.slice(0, Math.max(1, result.divergence.stepIndex));
      result = runCase({ engineSeed: kase.engineSeed, ops }, engine, { invariantsEvery: INVARIANTS_EVERY });
    }
    if (result.status === 'conforms' && result.stats.steps > 0) out.push({ engineSeed: kase.engineSeed, ops, steps: result.stats.steps });
  }
  return out;
}

const cases = prepare();
const opsChecked = cases.reduce((n, c) => n + c.steps, 0);
const options = (factory: SystemFactory, engineSeed: number): LockstepOptions => ({ makeImpl: () => factory(engineSeed), admissible: isAdmissible, invariantsEvery: INVARIANTS_EVERY });

export const suite: BenchSuite = {
  name: 'protocol',
  environment: () => ({ cases: `${cases.length} chaos cases, max ${MAX_OPS} ops, seed ${BASE_SEED}, ${opsChecked} ops checked per call`, adapter: PIPE_COMMAND }),
  cases: async (): Promise<BenchCase[]> => {
    const pipe = await resolveSystem(PIPE_COMMAND);
    const perCall = { itemsPerCall: opsChecked, itemUnit: 'ops' };
    const all: BenchCase[] = [
      {
        name: 'protocol engine sync, runner before issue 12',
        fn: () => {
          for (const c of cases) runLockstepBefore(c.ops, { makeImpl: () => new Engine({ seed: c.engineSeed }), admissible: isAdmissible, invariantsEvery: INVARIANTS_EVERY });
        },
        ...perCall,
      },
      {
        name: 'protocol engine sync driver',
        fn: () => {
          for (const c of cases) runLockstep(c.ops, options(engine, c.engineSeed));
        },
        ...perCall,
      },
      {
        name: 'protocol engine async driver, in-process',
        fn: async () => {
          for (const c of cases) await runLockstepAsync(c.ops, options(engine, c.engineSeed));
        },
        ...perCall,
      },
      {
        name: 'protocol engine over the protocol',
        fn: async () => {
          for (const c of cases) {
            const result = await runLockstepAsync(c.ops, options(pipe.factory, c.engineSeed));
            if (result.status !== 'conforms') throw new Error(`the engine over the protocol diverged where in-process it conforms: ${result.divergence.message}`);
          }
        },
        ...perCall,
      },
    ];
    // Every variant shares the model and the engine: warm them all up before any is timed, so the
    // first case measured does not pay the JIT for the others.
    for (let round = 0; round < 3; round++) for (const c of all) await c.fn();
    return all;
  },
};
