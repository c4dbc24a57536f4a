import type { Op, OpValueMap } from './ops.ts';
import type { Outcome } from './outcome.ts';

/**
 * What the implementation under test offers the lockstep runner. The model is not a SystemUnderTest:
 * it is stepped purely (model/step.ts) and returns a set of allowed outcomes instead of one.
 */
export interface SystemUnderTest {
  apply<O extends Op>(op: O): Outcome<OpValueMap[O['type']]>;
  /** O(n) consistency checks over the whole system; throws on a broken invariant. */
  checkInvariants(): void;
}
