import { produce } from 'immer';
import type { Op } from '../contract/index.ts';
import { FOLDED_LOG } from './data.ts';
import type { Allowed } from './framework.ts';
import type { ModelState } from './state.ts';
import { stepWith, type StepResult } from './step.ts';

/**
 * The slow twin of `step` (model/step.ts), kept as its reference like impl/vos's slow store: the
 * same handlers, driven the way the model was first written, with an immer draft of the whole state
 * (`own` returns immer's drafts unchanged, model/cow.ts) and every read folding the container's log
 * from the start (FOLDED_LOG, model/data.ts). Obviously right and slow: a read after r rollbacks
 * re-folds the log about 2^r times. Used by properties/model-step-law.test.ts, which requires both
 * steps to allow the same outcomes and reach the same states on every op, and by the benchmarks.
 */
export function referenceStep(state: ModelState, op: Op): StepResult {
  return stepWith(state, op, FOLDED_LOG, (run) => {
    let allowed: Allowed | undefined;
    const next = produce(state, (draft) => {
      allowed = run(draft);
    });
    if (allowed === undefined) throw new Error('model invariant: the handler returned nothing');
    return { allowed, next };
  });
}
