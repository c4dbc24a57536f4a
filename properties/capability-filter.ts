import type { Op, OpKind, SystemCapabilities } from '../contract/index.ts';

/**
 * Fits a generated trace to what a system supports (issue 12 item 4): ops of kinds the system does
 * not declare are dropped, at trace level, so the generators (properties/arbitraries.ts) stay one
 * set for every system. What is left is a trace in its own right: a symbolic reference to a handle
 * or entity whose creating op was dropped names nothing, and both sides answer NO_HDL or NONEXIST
 * (properties/symbolic.ts), exactly as for any other never-issued reference. Those dependants are
 * kept: they are cheap, and they exercise the system's error paths.
 *
 * Does NOT look inside ops: a supported kind is expected to be supported with every argument the
 * generators draw (the spec's step-1 invalids included).
 */
export interface TraceFilter {
  readonly supported: ReadonlySet<OpKind>;
  /** Op kinds the generators draw that this system does not support, for the report. */
  readonly leftOut: readonly OpKind[];
}

export function traceFilter(capabilities: SystemCapabilities, allKinds: readonly OpKind[]): TraceFilter | null {
  const supported = new Set(capabilities.opKinds);
  const leftOut = allKinds.filter((k) => !supported.has(k));
  return leftOut.length === 0 ? null : { supported, leftOut };
}

/** The trace without unsupported ops; the same array when nothing is dropped. */
export function fitTrace(ops: readonly Op[], filter: TraceFilter | null): readonly Op[] {
  if (filter === null) return ops;
  const kept = ops.filter((op) => filter.supported.has(op.type));
  return kept.length === ops.length ? ops : kept;
}
