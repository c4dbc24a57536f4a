import type { OpKind, OpOf, OpValueMap, Outcome } from '../../../contract/index.ts';
import type { RunningState } from '../state/running.ts';

/**
 * How the engine's op handlers are written (model/framework.ts is the model's counterpart): one
 * function per op kind, typed from the contract, that receives the running state and its op and
 * returns that op kind's outcome. Checks follow section 22's error precedence in order. Internal
 * lookups answer in the same shape, `Outcome<T>` (found, or the error outcome to return), so a
 * handler passes a failure on as it is: `if (!found.ok) return found`. A broken invariant is a bug
 * and throws (assert.ts).
 */

/** Every op kind but system.create, which starts the running state (engine.ts). */
export type RunningOpKind = Exclude<OpKind, 'system.create'>;

export type OpResult<K extends OpKind> = Outcome<OpValueMap[K]>;

export type Handler<K extends RunningOpKind> = (s: RunningState, op: OpOf<K>) => OpResult<K>;

/** One handler per op kind: a handler of the wrong kind does not type-check. */
export type HandlerTable = { readonly [K in RunningOpKind]: Handler<K> };
