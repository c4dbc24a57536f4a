import { initialTransition, setup, transition } from 'xstate';
import type { Op, Outcome } from '../contract/index.ts';
import { INITIAL_STATE, type ModelState } from './state.ts';
import { step, type StepResult } from './step.ts';

/**
 * The reference model as xstate statecharts over plain data. The lifecycles the spec has are
 * statecharts stepped purely with xstate's `transition`, only when a lifecycle event happens:
 *  - the system (this file): `noSystem` until a successful system.create, then `running` (MAP-1);
 *  - transactions (model/tx.ts): TX-5's table, stepped once per (state, event) and remembered.
 * Everything else, pool maps, containers, handles and data, is plain data stepped by `step`
 * (model/step.ts) with copy-on-write. Pools, containers and transactions are created dynamically,
 * and a statechart node per entity would not be simpler; an op pays for no actor or snapshot.
 *
 * `sendOp` stores the StepResult (every allowed outcome with its successor state) in
 * `context.last`; the caller then picks the observed outcome with `observe`.
 */
export interface ModelContext {
  readonly state: ModelState;
  readonly last: StepResult | null;
}

/** The system lifecycle (MAP-1). Its one event is the model's verdict that system.create succeeded. */
export const systemMachine = setup({
  types: {
    events: {} as { type: 'system.created' },
  },
}).createMachine({
  id: 'daosSystem',
  initial: 'noSystem',
  states: {
    noSystem: { on: { 'system.created': 'running' } },
    running: {},
  },
});

export type SystemLifecycle = 'noSystem' | 'running';

/** The model between ops: the system lifecycle's state and the model's context. */
export interface ModelSnapshot {
  readonly value: SystemLifecycle;
  readonly context: ModelContext;
}

const START: SystemLifecycle = initialTransition(systemMachine)[0].value as SystemLifecycle;

/** The lifecycle after `system.created` in `from`, through xstate (a lifecycle event: rare). */
function created(from: SystemLifecycle): SystemLifecycle {
  const [to] = transition(systemMachine, systemMachine.resolveState({ value: from, context: undefined }), { type: 'system.created' });
  return to.value as SystemLifecycle;
}

export function initialModel(): ModelSnapshot {
  return { value: START, context: { state: INITIAL_STATE, last: null } };
}

/**
 * Sends one op; the snapshot's `context.last` holds the allowed outcomes. MAP-1: a system.create
 * that may succeed moves the lifecycle to `running`, as the op is proposed.
 */
export function sendOp(snapshot: ModelSnapshot, op: Op): ModelSnapshot {
  const last = step(snapshot.context.state, op);
  const lifecycleEvent = op.type === 'system.create' && snapshot.value === 'noSystem' && last.allowed.some((a) => a.outcome.ok);
  return { value: lifecycleEvent ? created(snapshot.value) : snapshot.value, context: { state: snapshot.context.state, last } };
}

/**
 * Commits the observed outcome: the returned snapshot's model state is the one paired with the
 * first allowed outcome that `matches`. Returns undefined if none matches (a divergence).
 */
export function observe(snapshot: ModelSnapshot, matches: (allowed: Outcome) => boolean): ModelSnapshot | undefined {
  const last = snapshot.context.last;
  if (!last) throw new Error('observe called before any op was sent');
  const chosen = last.allowed.find((a) => matches(a.outcome));
  if (!chosen) return undefined;
  const value: SystemLifecycle = chosen.state.system === null ? 'noSystem' : 'running';
  return { value, context: { state: chosen.state, last } };
}
