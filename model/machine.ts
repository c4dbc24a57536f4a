import { assign, initialTransition, setup, transition } from 'xstate';
import type { Op, Outcome } from '../contract/index.ts';
import { INITIAL_STATE, type ModelState } from './state.ts';
import { step, type StepResult } from './step.ts';

/**
 * The reference model as an xstate v5 machine. Its event type is the Op union and its context is
 * plain data. It is stepped purely with `initialTransition` / `transition`: no actors, timers or
 * invoke. The top-level states say whether a system exists (MAP-1); everything per-entity (pool
 * map states, container health, transaction lifecycles) is plain data in the context, because
 * pools, containers and transactions are created dynamically and a statechart node per entity
 * would not be simpler.
 *
 * Each transition stores the StepResult (every allowed outcome with its successor state) in
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
      on: {
        'system.create': [{ guard: 'createsSystem', target: 'running', actions: 'step' }, { actions: 'step' }],
        '*': { actions: 'step' },
      },
    },
    running: {
      on: { '*': { actions: 'step' } },
    },
  },
});

export type ModelSnapshot = ReturnType<typeof initialModel>;

export function initialModel() {
  return initialTransition(modelMachine)[0];
}

/** Sends one op; the snapshot's `context.last` holds the allowed outcomes. */
export function sendOp(snapshot: ModelSnapshot, op: Op): ModelSnapshot {
  return transition(modelMachine, snapshot, op)[0];
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
  const value = chosen.state.system === null ? 'noSystem' : 'running';
  return modelMachine.resolveState({ value, context: { state: chosen.state, last } });
}
