import type { Oid } from './objclass.ts';
import type { Handle, Op } from './ops.ts';

/**
 * Faults aimed at data (issue 14). Placement is not observable (spec section 24), so a generator
 * cannot know which rank holds an object's dkey; it can say which shard it wants to hit instead, and
 * the lockstep runner resolves that against the system's optional placement hook
 * (SystemUnderTest.placementOf) when the op is reached. The resolved op is an ordinary fault or map
 * op, and it is what a case file records, so replays are literal and the model never sees an aim.
 *
 * Does NOT change what the model allows: the resolved op is checked like any other op.
 */
export type AimedFaultKind = 'failTarget' | 'failEngine' | 'failNode' | 'corrupt' | 'exclude' | 'drain' | 'reintegrate' | 'dropMessages' | 'restartEngine';

export interface AimedFault {
  readonly type: 'aim';
  readonly fault: AimedFaultKind;
  /** The object's container handle (symbolic, relative allowed), object and dkey. */
  readonly coh: Handle;
  readonly oid: Oid;
  readonly dkey: string;
  /** Shard position in the hook's order (taken modulo the number of shards). */
  readonly shard: number;
  /** What runs when the system has no hook or the hook knows no placement: a literal op. */
  readonly fallback: Op;
}

/** One op of a generated trace: a literal op, or a fault still to be aimed. */
export type TraceOp = Op | AimedFault;

export function isAimedFault(op: TraceOp): op is AimedFault {
  return op.type === 'aim';
}

/** Where one shard of a dkey's redundancy group lives: an engine rank and a target index within it. */
export interface ShardPlacement {
  readonly rank: number;
  readonly target: number;
}

/**
 * The answer of SystemUnderTest.placementOf. `shards` lists one entry per shard of the dkey's group:
 * for EC classes by role (the k data cells first, then the p parity cells), for replicated classes in
 * the order a read tries the replicas. A shard with no in-service target is left out.
 */
export interface PlacementInfo {
  readonly shards: readonly ShardPlacement[];
}

/** The trace a system without the placement hook runs: every aim replaced by its fallback. */
export function fallbackOps(ops: readonly TraceOp[]): Op[] {
  return ops.map((o) => (isAimedFault(o) ? o.fallback : o));
}
