import { isReadable } from '../io/replicas.ts';
import type { Container } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { cachedFingerprint, fingerprintUnit } from './fingerprint.ts';
import type { GroupScope } from './group-scope.ts';

function fail(message: string): never {
  throw new Error(`engine invariant: ${message}`);
}

/** A holder that has every write of the unit (`from` 0: not a partial, rebuilt-from-here copy) and can serve it. */
function isCompleteReadable(s: RunningState, pool: Pool, t: number, from: number): boolean {
  return from === 0 && isReadable(s, pool, t);
}

/**
 * Compares the complete, readable holders of one unit (as `scope.copies` says: whole or some
 * dkeys); returns the first such holder, or null when there is none.
 */
export function copiesOf(s: RunningState, pool: Pool, cont: Container, unit: string, holders: ReadonlyMap<number, number>, scope: GroupScope, what: string): number | null {
  let first: number | null = null;
  let second = false;
  for (const [t, from] of holders) {
    if (!isCompleteReadable(s, pool, t, from)) continue;
    if (first === null) first = t;
    else second = true;
  }
  // One holder has nothing to agree with: no fingerprint (EC positions usually have exactly one).
  if (!second) return first;
  let reference: number[] | null = null;
  for (const [t, from] of holders) {
    if (!isCompleteReadable(s, pool, t, from)) continue;
    const store = s.cluster.store(t, cont.id);
    const prints: number[] = [];
    if (scope.copies === null) prints.push(scope.cached ? cachedFingerprint(store, unit) : fingerprintUnit(store, unit));
    else for (const dkey of scope.copies) prints.push(fingerprintUnit(store, unit, dkey));
    if (reference === null) reference = prints;
    else for (let i = 0; i < prints.length; i++) if (prints[i] !== reference[i]) fail(`${what} of ${unit} disagree (target ${t})`);
  }
  return first;
}
