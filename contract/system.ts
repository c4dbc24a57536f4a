import type { Op, OpValueMap } from './ops.ts';
import type { Outcome } from './outcome.ts';

/**
 * What the implementation under test offers the lockstep runner. The model is not a SystemUnderTest:
 * it is stepped purely (model/step.ts) and returns a set of allowed outcomes instead of one.
 */
export interface SystemUnderTest {
  apply<O extends Op>(op: O): Outcome<OpValueMap[O['type']]>;
  /**
   * Consistency checks; throws on a broken invariant. 'full' (the default) checks the whole system
   * (O(n)); 'touched' may check only what changed since the last check, as long as a broken
   * invariant the op caused is still reported by that op's check (a system may also run its full
   * check then, e.g. every N calls). The lockstep runner asks for 'touched' after ops and 'full' at
   * the end of every trace.
   */
  checkInvariants(scope?: InvariantScope): void;
}

export type InvariantScope = 'touched' | 'full';
