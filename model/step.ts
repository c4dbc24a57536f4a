import type { Op, OpKind, Outcome } from '../contract/index.ts';
import { beginDraft, finishDraft } from './cow.ts';
import type { LogReader } from './data.ts';
import { isErrKeepingChanges, isSet, type Allowed, type Draftable, type Handler, type HandlerTable, type StepContext } from './framework.ts';
import { accessHandlers } from './ops/access.ts';
import { dataHandlers } from './ops/data.ts';
import { mapHandlers } from './ops/map.ts';
import type { ModelState } from './state.ts';
import { REMEMBERED_LOG } from './views.ts';

/**
 * The model's pure API. `step(state, op)` returns every outcome the spec allows for `op` in `state`,
 * each paired with the state that follows if that outcome is the one observed. Usually there is one;
 * reads may allow several (ERR-5, DUR-3, CSUM-4). `tell` picks the observed one.
 *
 * `step` runs the handler on a copy-on-write draft (model/cow.ts) and reads logs through remembered
 * views (model/views.ts). model/step-reference.ts runs the same handlers the slow way (immer, and
 * the log folded on every read); the two must agree on every op (properties/model-step-law.test.ts).
 */
export interface AllowedOutcome {
  readonly outcome: Outcome;
  readonly state: ModelState;
}

export interface StepResult {
  readonly allowed: readonly AllowedOutcome[];
  /** Spec rule IDs that decided this step, in the order they were cited. */
  readonly rules: readonly string[];
}

const HANDLERS: Partial<HandlerTable> = { ...mapHandlers, ...accessHandlers, ...dataHandlers };

/** Op kinds that make sense before `system.create`. */
const BEFORE_SYSTEM: ReadonlySet<OpKind> = new Set(['system.create']);

export function step(state: ModelState, op: Op): StepResult {
  return stepWith(state, op, REMEMBERED_LOG, (run) => {
    const draft = beginDraft(state) as Draftable;
    const allowed = run(draft);
    return { allowed, next: finishDraft(state, draft as ModelState) };
  });
}

/**
 * How a driver runs a handler: on a draft of the state, returning what the handler allowed and the
 * state the draft became (used only for an ok outcome, or TX-6's TX_RESTART).
 */
export type Drive = (run: (draft: Draftable) => Allowed) => { readonly allowed: Allowed; readonly next: ModelState };

/** The step itself, for any driver and log reader: handler lookup, ERR-2 and the outcome checks. */
export function stepWith(state: ModelState, op: Op, log: LogReader, drive: Drive): StepResult {
  const rules: string[] = [];
  const ctx: StepContext = {
    cite(...ids) {
      for (const id of ids) if (!rules.includes(id)) rules.push(id);
    },
    log,
  };
  if (state.system === null && !BEFORE_SYSTEM.has(op.type)) {
    // (choice) Nothing exists before system.create; every named entity or handle is unknown.
    return { allowed: [{ outcome: { ok: false, err: 'NONEXIST' }, state }], rules: ['MAP-1'] };
  }
  const handler = HANDLERS[op.type] as Handler<typeof op.type> | undefined;
  if (!handler) throw new Error(`model has no handler for op kind '${op.type}'`);
  const { allowed, next } = drive((draft) => (handler as (d: Draftable, o: Op, c: StepContext) => Allowed)(draft, op, ctx));
  if (isErrKeepingChanges(allowed)) {
    // TX-6 / ERR-2's one exception: TX_RESTART moves the transaction to FAILED.
    if (allowed.errKeepingChanges.err !== 'TX_RESTART') throw new Error(`only TX_RESTART may keep changes, got ${allowed.errKeepingChanges.err}`);
    return { allowed: [{ outcome: allowed.errKeepingChanges, state: next }], rules };
  }
  const outcomes = isSet(allowed) ? allowed.set : [allowed];
  if (outcomes.length === 0) throw new Error(`model handler for '${op.type}' allowed no outcome`);
  if (outcomes.filter((o) => o.ok).length > 1) throw new Error(`model handler for '${op.type}' allowed two ok outcomes`);
  return {
    // ERR-2: only the ok outcome carries the handler's changes.
    allowed: outcomes.map((outcome) => ({ outcome, state: outcome.ok ? next : state })),
    rules,
  };
}

/**
 * Tells the model which outcome happened: returns the state that follows it. `matches` decides
 * whether an allowed outcome is the observed one (the runner compares values modulo symbolic ids).
 */
export function tell(result: StepResult, matches: (allowed: Outcome) => boolean): ModelState | undefined {
  return result.allowed.find((a) => matches(a.outcome))?.state;
}
