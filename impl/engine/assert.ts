/**
 * Always-on assertions (TigerBeetle style): a broken invariant is a bug, so it throws instead of
 * returning an outcome, and the lockstep runner reports it as the implementation throwing. Each
 * boundary of the engine asserts what crosses it, paired across the boundary: what goes into VOS,
 * placement, the codec and the bus, and what comes back out. Keep every condition O(1) or O(what the
 * call already touches): these run on every op.
 */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`engine invariant: ${message}`);
}
