import { assign, setup, transition } from 'xstate';
import type { ConflictUnit, TxLifecycle, WriteLog } from './state.ts';

/**
 * Transaction lifecycle (TX-5, TX-6, TX-8, TX-10) as a small xstate statechart, stepped purely with
 * `transition`, and TX-7's conflict units.
 *
 * The statechart is the TX-5 table: each state answers every event with a verdict (allowed,
 * NO_PERM or ALREADY) and the next state. Commit in OPEN is only "allowed" here: the handler then
 * runs TX-6 and sends `validated` (-> COMMITTED) or `conflicted` (-> FAILED). The chart is finite
 * and pure, so each (state, read-only, event) is stepped through xstate once and remembered: an op
 * in a transaction does not pay for an xstate snapshot and actor.
 *
 * Does NOT check: handles, halt, health, permission (section 22 steps 2, 3, 4, 5 live in the
 * handlers), nor what a buffered write contains.
 */

export type TxEventType = 'read' | 'write' | 'commit' | 'abort' | 'restart' | 'close' | 'validated' | 'conflicted';

/** `invalid` marks an event the handlers never send in that state (a model bug if it happens). */
export type TxVerdict = 'allowed' | 'NO_PERM' | 'ALREADY' | 'invalid';

interface TxMachineContext {
  readonly readOnly: boolean;
  readonly verdict: TxVerdict;
}

const deny = { actions: 'deny' } as const;
const already = { actions: 'already' } as const;
const allow = { actions: 'allow' } as const;
const invalid = { actions: 'invalid' } as const;

export const txMachine = setup({
  types: {
    context: {} as TxMachineContext,
    events: {} as { type: TxEventType },
  },
  actions: {
    allow: assign({ verdict: (): TxVerdict => 'allowed' }),
    deny: assign({ verdict: (): TxVerdict => 'NO_PERM' }),
    already: assign({ verdict: (): TxVerdict => 'ALREADY' }),
    invalid: assign({ verdict: (): TxVerdict => 'invalid' }),
  },
  guards: {
    readOnly: ({ context }) => context.readOnly,
  },
}).createMachine({
  id: 'tx',
  context: { readOnly: false, verdict: 'allowed' },
  initial: 'OPEN',
  states: {
    OPEN: {
      on: {
        read: allow,
        // TX-5: a write in a read-only or snapshot transaction is NO_PERM.
        write: [{ guard: 'readOnly', ...deny }, allow],
        commit: allow, // TX-6 decides; see `validated` / `conflicted`
        abort: { target: 'ABORTED', ...allow },
        restart: deny, // TX-8: only FAILED restarts
        close: allow,
        validated: { target: 'COMMITTED', ...allow },
        conflicted: { target: 'FAILED', ...allow },
      },
    },
    COMMITTED: {
      on: { read: deny, write: deny, commit: already, abort: deny, restart: deny, close: allow, validated: invalid, conflicted: invalid },
    },
    ABORTED: {
      on: { read: deny, write: deny, commit: deny, abort: already, restart: deny, close: allow, validated: invalid, conflicted: invalid },
    },
    FAILED: {
      on: {
        read: deny,
        write: deny,
        commit: deny,
        abort: deny,
        restart: { target: 'OPEN', ...allow }, // TX-8
        close: allow,
        validated: invalid,
        conflicted: invalid,
      },
    },
  },
});

export interface TxStepResult {
  readonly verdict: TxVerdict;
  readonly next: TxLifecycle;
}

/** TX-5: the verdict and next lifecycle state for `event` in `state`. Pure. */
export function txStep(state: TxLifecycle, readOnly: boolean, event: TxEventType): TxStepResult {
  const key = `${state} ${readOnly} ${event}`;
  let result = stepped.get(key);
  if (result === undefined) stepped.set(key, (result = stepChart(state, readOnly, event)));
  if (result.verdict === 'invalid') throw new Error(`model invariant: tx event '${event}' sent in state ${state}`);
  return result;
}

const stepped = new Map<string, TxStepResult>();

/** One transition of the statechart, through xstate. */
function stepChart(state: TxLifecycle, readOnly: boolean, event: TxEventType): TxStepResult {
  const from = txMachine.resolveState({ value: state, context: { readOnly, verdict: 'invalid' } });
  const [to] = transition(txMachine, from, { type: event });
  return Object.freeze({ verdict: to.context.verdict, next: to.value as TxLifecycle });
}

// ---------------------------------------------------------------- TX-7 conflict units

/** The wildcard component of a unit. Keys are stored prefixed so a key spelled `*` stays a key. */
export const ANY = '*';

export function unitKey(key: string): string {
  return `=${key}`;
}

export function unit(oid: string, dkey?: string, akey?: string): ConflictUnit {
  return { oid, dkey: dkey === undefined ? ANY : unitKey(dkey), akey: akey === undefined ? ANY : unitKey(akey) };
}

/** TX-7: a rollback writes every unit of the container. */
export const EVERY_UNIT: ConflictUnit = { oid: ANY, dkey: ANY, akey: ANY };

/** TX-7: two units overlap when they agree on every component where neither is `*`. */
export function unitsOverlap(a: ConflictUnit, b: ConflictUnit): boolean {
  const agree = (x: string, y: string) => x === ANY || y === ANY || x === y;
  return agree(a.oid, b.oid) && agree(a.dkey, b.dkey) && agree(a.akey, b.akey);
}

/**
 * TX-7: a commit conflicts iff some unit the transaction read or wrote overlaps a unit written by
 * a write committed after its start point, whether or not the bytes changed.
 */
export function hasConflict(
  touched: readonly ConflictUnit[],
  startEpoch: number,
  writes: WriteLog,
): boolean {
  // Newest first: only the writes after the start point are visited.
  for (let node: WriteLog = writes; node.last !== null && node.last.epoch > startEpoch; node = node.prev) {
    for (const written of node.last.units) if (touched.some((u) => unitsOverlap(u, written))) return true;
  }
  return false;
}
