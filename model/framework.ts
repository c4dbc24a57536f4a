import type { Draft } from 'immer';
import type { DerName, ErrOutcome, Op, OpKind, OpOf, Outcome } from '../contract/index.ts';
import type { LogReader } from './data.ts';
import type { ModelState } from './state.ts';

/**
 * How op handlers are written. A handler receives a draft of the state and the op, checks in the
 * order of the error-precedence table (section 22), mutates the draft only once it has decided to
 * succeed, and returns what the spec allows:
 *  - one outcome (the usual case), or
 *  - `{ set: [...] }` for reads with several allowed outcomes (DUR-3, CSUM-4).
 * The step wrapper gives each `ok` outcome the mutated draft and each error the untouched state
 * (ERR-2: an operation that returns an error changes nothing), so handlers need no rollback code.
 *
 * The draft is copy-on-write (model/cow.ts): a handler owns what it writes. It resolves an entity it
 * may change with the own* resolvers of model/resolve.ts (ownPool, ownContainer, ownTx, ownSystem),
 * owns a nested array or record with `own(parent, key)` before changing it in place, and after that
 * uses only the owned reference (the one it resolved before is the previous state's, frozen).
 * Reading needs nothing. Under immer (model/step-reference.ts) the same calls return the draft.
 */
export type Draftable = Draft<ModelState>;

export type Allowed = Outcome | { readonly set: readonly Outcome[] } | ErrKeepingChanges;

/**
 * ERR-2's single exception (TX-6): a commit failing with TX_RESTART still moves its transaction to
 * FAILED. Only that handler returns this; the step keeps its draft for this one error outcome.
 */
export interface ErrKeepingChanges {
  readonly errKeepingChanges: ErrOutcome;
}

export interface StepContext {
  /** Records that a spec rule decided (part of) this step, for reports and coverage. */
  cite(...ruleIds: string[]): void;
  /** Reads containers' committed logs (views at an epoch, listing deciders): model/data.ts. */
  readonly log: LogReader;
}

export type Handler<K extends OpKind> = (draft: Draftable, op: OpOf<K>, ctx: StepContext) => Allowed;

export type HandlerTable<K extends OpKind = OpKind> = { readonly [P in K]: Handler<P> };

/** Shorthand for the error branch of a handler: cites the rule and returns the error. */
export function fail(ctx: StepContext, name: DerName, ...ruleIds: string[]): Outcome {
  ctx.cite(...ruleIds);
  return { ok: false, err: name };
}

export function isSet(allowed: Allowed): allowed is { readonly set: readonly Outcome[] } {
  return 'set' in allowed;
}

export function isErrKeepingChanges(allowed: Allowed): allowed is ErrKeepingChanges {
  return 'errKeepingChanges' in allowed;
}

export type { Op };
