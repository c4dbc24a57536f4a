/**
 * Copy-on-write for one step of the model (model/step.ts), without proxies.
 *
 * Every state the model hands out is deeply frozen plain data. A step works on a draft: a shallow
 * copy of the state's root whose fields are still the previous state's (frozen) objects. An object
 * is "owned" by the step exactly when it is not frozen: the draft's root, the copies `own` makes,
 * and whatever the handler creates. A handler writes only to owned objects: before writing into a
 * nested object it calls `own(parent, key)`, which replaces `parent[key]` by a shallow copy (once per
 * step) and returns it. A write to an object the handler forgot to own throws (frozen, and modules
 * run in strict mode), so a missing `own` cannot corrupt an earlier state; it fails loudly instead.
 * When the handler is done, `finishDraft` freezes what the step created and returns the new state,
 * or the old one when nothing was owned.
 *
 * The same handlers also run under immer (model/step-reference.ts): there every object reached
 * through the draft is an unfrozen draft proxy, so `own` returns it unchanged and immer copies on
 * write. The two drivers are compared op by op by properties/model-step-law.test.ts.
 *
 * Does NOT handle: Map, Set, class instances or typed arrays inside the state (the state is
 * JSON-like data, model/state.ts); `finishDraft` throws if it meets one.
 */

/** Makes `parent[key]` an object owned by this step (a shallow copy on first use) and returns it. */
export function own<P extends object, K extends keyof P>(parent: P, key: K): P[K] {
  const value = parent[key];
  if (typeof value !== 'object' || value === null) throw new Error(`model invariant: own(${String(key)}) of a non-object`);
  if (!Object.isFrozen(value)) return value;
  const copy = (Array.isArray(value) ? value.slice() : { ...value }) as P[K];
  parent[key] = copy; // throws if `parent` itself is not owned: own the path from the root down
  return copy;
}

/** A draft of `state` for one step: its root is owned, everything below is shared and frozen. */
export function beginDraft<T extends object>(state: T): T {
  if (!Object.isFrozen(state)) deepFreeze(state); // a state built by hand (tests): freeze it once
  return { ...state };
}

/**
 * The state after the step: the draft with everything the step created frozen, or `state` itself
 * when the step owned nothing (its root fields are all the previous state's).
 */
export function finishDraft<T extends object>(state: T, draft: T): T {
  if (sameFields(state, draft)) return state;
  deepFreeze(draft);
  return draft;
}

function sameFields(a: object, b: object): boolean {
  let count = 0;
  for (const k in a) {
    if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
    count++;
  }
  for (const _k in b) count--;
  return count === 0;
}

/** Freezes `value` and every object reachable from it that is not frozen yet (frozen ones are done). */
export function deepFreeze(value: unknown): void {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezeFrom(value);
}

function freezeFrom(object: object): void {
  if (ArrayBuffer.isView(object) || object instanceof Map || object instanceof Set) throw new Error('model invariant: the state holds plain data only');
  Object.freeze(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      const item: unknown = object[i];
      if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) freezeFrom(item);
    }
    return;
  }
  for (const key in object) {
    const item: unknown = (object as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) freezeFrom(item);
  }
}
