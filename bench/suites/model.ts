/**
 * The model alone: ops stepped per second by model/step.ts (copy-on-write drafts, remembered views)
 * and by its slow twin model/step-reference.ts (immer drafts, the log folded on every read, which is
 * how the model was stepped before), on the same traces, so the two figures are comparable within
 * one run. The traces are the conform generator's (seeded), resolved once through the lockstep
 * runner against the model: each figure replays the recorded concrete ops, following the first
 * allowed outcome where FAULT-8 admits the op, so no runner or generator cost is included.
 */
import fc from 'fast-check';
import type { BenchCase, BenchSuite } from '../harness.ts';
import type { Op } from '../../contract/index.ts';
import { INITIAL_STATE, type ModelState } from '../../model/state.ts';
import { referenceStep } from '../../model/step-reference.ts';
import { step, type StepResult } from '../../model/step.ts';
import { isAdmissible } from '../../properties/admissible.ts';
import { caseArb } from '../../properties/arbitraries.ts';
import { ModelAsSystem } from '../../properties/model-sut.ts';
import { runLockstep } from '../../properties/runner.ts';
import { swarmArb } from '../../properties/swarm.ts';

const CASE_COUNT = 40;
const MAX_OPS = 200;
const SEED = 20261121;

interface Recorded {
  readonly ops: Op[];
  readonly admitted: boolean[];
}

function record(): Recorded[] {
  const cases = fc.sample(caseArb(swarmArb(), { maxOps: MAX_OPS }), { seed: SEED, numRuns: CASE_COUNT });
  return cases.map((kase) => {
    const trace: Recorded = { ops: [], admitted: [] };
    runLockstep(kase.ops, {
      makeImpl: () => new ModelAsSystem(),
      admissible: (before, op, after) => {
        const admitted = isAdmissible(before, op, after);
        trace.ops.push(op);
        trace.admitted.push(admitted);
        return admitted;
      },
    });
    return trace;
  });
}

const traces = record();
const opCount = traces.reduce((n, t) => n + t.ops.length, 0);

function replay(stepOnce: (state: ModelState, op: Op) => StepResult): void {
  for (const t of traces) {
    let state = INITIAL_STATE;
    for (let i = 0; i < t.ops.length; i++) {
      const result = stepOnce(state, t.ops[i]);
      if (t.admitted[i]) state = result.allowed[0].state;
    }
  }
}

export const suite: BenchSuite = {
  name: 'model',
  environment: () => ({ traces: `${CASE_COUNT} conform cases, max ${MAX_OPS} ops, seed ${SEED}: ${opCount} model ops` }),
  cases: (): BenchCase[] => [
    { name: 'model step', fn: () => replay(step), itemsPerCall: opCount, itemUnit: 'ops' },
    { name: 'model step reference (immer, folded log)', fn: () => replay(referenceStep), itemsPerCall: opCount, itemUnit: 'ops' },
  ],
};
