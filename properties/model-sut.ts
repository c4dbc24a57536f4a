import type { Op, Outcome, SystemUnderTest } from '../contract/index.ts';
import { INITIAL_STATE, type ModelState } from '../model/state.ts';
import { step } from '../model/step.ts';

/**
 * The model itself as a system under test, following its first allowed outcome. Used to test the
 * runner (a model must conform to itself) and, wrapped by a mutator, to prove the runner notices a
 * divergence. Not a substitute for the engine.
 */
export class ModelAsSystem implements SystemUnderTest {
  private state: ModelState = INITIAL_STATE;

  apply(op: Op): Outcome<never> {
    const result = step(this.state, op);
    const first = result.allowed[0];
    this.state = first.state;
    return first.outcome as Outcome<never>;
  }

  checkInvariants(): void {}

  /** The model state it has followed so far (for tests). */
  current(): ModelState {
    return this.state;
  }
}
