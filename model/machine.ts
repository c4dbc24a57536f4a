import { assign, initialTransition, setup, transition } from 'xstate';
import type { Op, Outcome } from '../contract/index.ts';
import { INITIAL_STATE, type ModelState } from './state.ts';
import { step, type StepResult } from './step.ts';

/**
 * The reference model as xstate statecharts over plain data. The lifecycles the spec has are
 * statecharts, stepped purely with xstate's `transition` only when a lifecycle event happens:
 *  - the system (this machine, whose event type is the Op union): `noSystem` until a successful
 *    system.create, then `running` (MAP-1);
 *  - transactions (model/tx.ts): TX-5's table, stepped once per (state, event) and remembered.
 * Everything else, pool maps, containers, handles and data, is plain data stepped by `step`
 * (model/step.ts) with copy-on-write: once the system runs, an op pays for no actor or snapshot.
 * Pools, containers and transactions are created dynamically, and a statechart node per entity
 * would not be simpler.
 *
 * `sendOp` stores the StepResult (every allowed outcome with its successor state) in
 * `context.last`; the caller then picks the observed outcome with `observe`.
 */
export interface ModelContext {
  readonly state: ModelState;
  readonly last: StepResult | null;
}

export const modelMachine = setup({
  types: {
    context: {} as ModelContext,
    events: {} as Op,
  },
  actions: {
    step: assign({ last: ({ context, event }) => step(context.state, event) }),
  },
  guards: {
    // MAP-1: only a valid system.create leaves `noSystem`.
    createsSystem: ({ context, event }) => step(context.state, event).allowed.some((a) => a.outcome.ok),
  },
}).createMachine({
  id: 'daosModel',
  context: { state: INITIAL_STATE, last: null },
  initial: 'noSystem',
  states: {
    noSystem: {
      on: { 'system.create': { guard: 'createsSystem', target: 'running', actions: 'step' } },
    },
    running: {},
  },
});

export type SystemLifecycle = 'noSystem' | 'running';

/** The model between ops: the system lifecycle's state and the model's context (plain data). */
export interface ModelSnapshot {
  readonly value: SystemLifecycle;
  readonly context: ModelContext;
}

/** The machine's initial snapshot, computed once: it is immutable, and every trace starts from it. */
const INITIAL_MODEL: ModelSnapshot = (() => {
  const [start] = initialTransition(modelMachine);
  return Object.freeze({ value: start.value as SystemLifecycle, context: Object.freeze({ ...start.context }) });
})();

export function initialModel(): ModelSnapshot {
  return INITIAL_MODEL;
}

/**
 * Sends one op; the snapshot's `context.last` holds the allowed outcomes. A system.create in
 * `noSystem` is the lifecycle event: the machine takes it (MAP-1: to `running` if it may succeed).
 * Every other op is stepped directly.
 */
export function sendOp(snapshot: ModelSnapshot, op: Op): ModelSnapshot {
  if (snapshot.value === 'noSystem' && op.type === 'system.create') {
    const [to] = transition(modelMachine, modelMachine.resolveState({ value: snapshot.value, context: snapshot.context }), op);
    if (to.value === 'running') return { value: 'running', context: to.context };
  }
  return { value: snapshot.value, context: { state: snapshot.context.state, last: step(snapshot.context.state, op) } };
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
