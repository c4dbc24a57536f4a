/**
 * A bounded memo for pure functions of one key (a string or a number): what both sides and the
 * harness ask again and again on the hot path (an OID's fields, a key's shape, a unit's group).
 * Bounded so that a long campaign of distinct keys cannot grow it without end: past `limit`
 * entries it forgets everything and starts over. `undefined` results are remembered too.
 */
export function rememberBounded<K extends string | number, V>(compute: (key: K) => V, limit: number): (key: K) => V {
  const known = new Map<K, V>();
  return (key: K): V => {
    let value = known.get(key);
    if (value === undefined && !known.has(key)) {
      if (known.size >= limit) known.clear();
      known.set(key, (value = compute(key)));
    }
    return value as V;
  };
}

/**
 * Joins two strings with `separator`, building each distinct pair's string once: counters on the hot
 * path (domain=value, kind>kind) then index their tables with a string already built and hashed.
 * The pairs are the few names of declared domains and op kinds, so the table stays small.
 */
export function pairJoiner(separator: string): (a: string, b: string) => string {
  const joined = new Map<string, Map<string, string>>();
  return (a: string, b: string): string => {
    let byB = joined.get(a);
    if (byB === undefined) joined.set(a, (byB = new Map()));
    let key = byB.get(b);
    if (key === undefined) byB.set(b, (key = `${a}${separator}${b}`));
    return key;
  };
}
