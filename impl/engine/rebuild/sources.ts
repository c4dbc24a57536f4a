import type { PoolMap } from '../../placement/index.ts';
import type { RunningState } from '../state/running.ts';

/** Target states whose copies a rebuild may read from (MAP-8): serving before the map changed. */
export const SOURCE_STATES: ReadonlySet<string> = new Set(['UPIN', 'DRAIN', 'UP']);

/** Whether target `t` can be a rebuild source: serving in the map `before` this rebuild, and alive. */
export function wasSource(s: RunningState, before: PoolMap, t: number): boolean {
  return t >= 0 && SOURCE_STATES.has(before.states[t]) && s.cluster.isAlive(t);
}
