import type { PlacementInfo } from './aim.ts';
import type { Oid } from './objclass.ts';
import { OP_KINDS, type Handle, type Op, type OpKind, type OpValueMap } from './ops.ts';
import type { Outcome } from './outcome.ts';

/** A value now, or later: an in-process system answers synchronously, an adapter process does not. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * What the implementation under test offers the lockstep runner. The model is not a SystemUnderTest:
 * it is stepped purely (model/step.ts) and returns a set of allowed outcomes instead of one.
 *
 * `apply` and `checkInvariants` may return promises (a system in another process); the runner keeps
 * a synchronous path for systems that never do (the in-tree engine), so they pay nothing for it.
 */
export interface SystemUnderTest {
  apply<O extends Op>(op: O): MaybePromise<Outcome<OpValueMap[O['type']]>>;
  /**
   * Consistency checks; throws (or rejects) on a broken invariant. 'full' (the default) checks the
   * whole system (O(n)); 'touched' may check only what changed since the last check, as long as a
   * broken invariant the op caused is still reported by that op's check (a system may also run its
   * full check then, e.g. every N calls). The lockstep runner asks for 'touched' after ops and
   * 'full' at the end of every trace.
   */
  checkInvariants(scope?: InvariantScope): MaybePromise<void>;
  /**
   * Optional introspection for aiming faults (contract/aim.ts): where the shards of `dkey` of `oid`
   * live, for the container open as `coh` (the system's own handle). Undefined when the handle or
   * OID is not valid. Must not change any state or consume randomness: a run with and without calls
   * to it gives the same outcomes. A system offering it says so in its capabilities (placementHook).
   */
  placementOf?(coh: Handle, oid: Oid, dkey: string): MaybePromise<PlacementInfo | undefined>;
}

export type InvariantScope = 'touched' | 'full';

/**
 * What a system says it can do (issue 12, docs/adapter-protocol.md "hello"). The generators draw
 * only supported op kinds (properties/capability-filter.ts drops the rest from a generated trace).
 */
export interface SystemCapabilities {
  /** Op kinds the system implements, fault kinds included (a fault kind is an op kind `fault.*`). */
  readonly opKinds: readonly OpKind[];
  /** Same seed, same ops, same outcomes: a divergence replays exactly. False: repro retries a case. */
  readonly deterministic: boolean;
  /** checkInvariants does real work (false: it is a no-op, and the report says so). */
  readonly invariants: boolean;
  /** The system can say where a shard lives (the placement hook); none of the runner's checks need it yet. */
  readonly placementHook: boolean;
}

/** Builds a fresh system for one trace, seeded; an adapter's factory answers after its `start`. */
export type SystemFactory = (engineSeed: number) => MaybePromise<SystemUnderTest>;

/** A --system value resolved (properties/systems.ts): what it is, what it can do, how to make one. */
export interface ResolvedSystem {
  /** The --system value as given: recorded in case files and replay commands. */
  readonly spec: string;
  readonly capabilities: SystemCapabilities;
  readonly factory: SystemFactory;
  /** Stops an adapter process; a no-op for in-process systems. */
  close(): Promise<void>;
}

/** Everything: the in-tree engine and the model. */
export const ALL_CAPABILITIES: SystemCapabilities = { opKinds: OP_KINDS, deterministic: true, invariants: true, placementHook: true };

/**
 * A failure of the plumbing between the harness and a system (an adapter that died, printed
 * garbage, timed out, or speaks another protocol version; a module that exports no factory). It is
 * an error of the run, never a divergence: the runner rethrows it, nothing is shrunk or saved, and
 * the CLIs print its one line and exit 2.
 */
export class SystemError extends Error {
  override readonly name = 'SystemError';
}
