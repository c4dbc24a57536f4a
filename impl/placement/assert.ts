/** Always-on assertion: a broken invariant is a bug, so it throws instead of returning an outcome. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`placement invariant broken: ${message}`);
}
