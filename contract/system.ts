import type { Oid } from './objclass.ts';
import type { PlacementInfo } from './aim.ts';
import type { Handle, Op, OpValueMap } from './ops.ts';
import type { Outcome } from './outcome.ts';

/**
 * What the implementation under test offers the lockstep runner. The model is not a SystemUnderTest:
 * it is stepped purely (model/step.ts) and returns a set of allowed outcomes instead of one.
 */
export interface SystemUnderTest {
  apply<O extends Op>(op: O): Outcome<OpValueMap[O['type']]>;
  /** O(n) consistency checks over the whole system; throws on a broken invariant. */
  checkInvariants(): void;
  /**
   * Optional introspection for aiming faults (contract/aim.ts): where the shards of `dkey` of `oid`
   * live, for the container open as `coh` (the system's own handle). Undefined when the handle or
   * OID is not valid. Must not change any state or consume randomness: a run with and without calls
   * to it gives the same outcomes.
   */
  placementOf?(coh: Handle, oid: Oid, dkey: string): PlacementInfo | undefined;
}
