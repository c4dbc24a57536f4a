import type { DerName, Op, OpValueMap, Outcome, Principal } from '../contract/index.ts';
import { INITIAL_STATE, type ModelState } from './state.ts';
import { step, type StepResult } from './step.ts';

/**
 * A small driver for example tests of the model: applies ops one by one, following the single
 * allowed outcome (or, for reads with an outcome set, the `ok` member unless told otherwise).
 * Tests state their expectations from the spec; the driver only keeps the bookkeeping short.
 */
export class ModelDriver {
  state: ModelState = INITIAL_STATE;
  last: StepResult | null = null;

  /** Applies op and returns the outcome the model followed. */
  apply<O extends Op>(op: O, pick: 'ok' | DerName = 'ok'): Outcome<OpValueMap[O['type']]> {
    const result = step(this.state, op);
    this.last = result;
    const chosen =
      result.allowed.length === 1
        ? result.allowed[0]
        : result.allowed.find((a) => (pick === 'ok' ? a.outcome.ok : !a.outcome.ok && a.outcome.err === pick)) ?? result.allowed[0];
    this.state = chosen.state;
    return chosen.outcome as Outcome<OpValueMap[O['type']]>;
  }

  /** The allowed outcome set of `op` in the current state, without applying it. */
  allowed(op: Op): Outcome[] {
    return step(this.state, op).allowed.map((a) => a.outcome);
  }

  /** Applies op, asserting ok, and returns its value. */
  ok<O extends Op>(op: O): OpValueMap[O['type']] {
    const outcome = this.apply(op);
    if (!outcome.ok) throw new Error(`expected ok for ${op.type}, got ${outcome.err} (rules: ${this.last?.rules.join(', ')})`);
    return outcome.value;
  }

  /** Applies op and returns the error name, or 'ok'. */
  code(op: Op): DerName | 'ok' {
    const outcome = this.apply(op);
    return outcome.ok ? 'ok' : outcome.err;
  }

  // ---- common setups -------------------------------------------------------------------------

  system(nodes = 4, enginesPerNode = 2, targetsPerEngine = 2, poolRf?: number): void {
    this.ok({ type: 'system.create', nodes, enginesPerNode, targetsPerEngine, ...(poolRf === undefined ? {} : { poolRf }) });
  }

  pool(owner: Principal = ALICE, extra: Partial<Extract<Op, { type: 'pool.create' }>> = {}): string {
    return this.ok({ type: 'pool.create', owner, ...extra });
  }

  connect(pool: string, principal: Principal = ALICE, mode: 'RO' | 'RW' | 'EX' = 'RW'): number {
    return this.ok({ type: 'pool.connect', pool, principal, mode });
  }

  container(poh: number, extra: Partial<Extract<Op, { type: 'cont.create' }>> = {}): string {
    return this.ok({ type: 'cont.create', poh, ...extra });
  }

  open(poh: number, cont: string, mode: 'RO' | 'RW' | 'EX' = 'RW'): number {
    return this.ok({ type: 'cont.open', poh, cont, mode });
  }

  /** system + pool + RW connect + container + RW open, all as ALICE. */
  quickContainer(extra: Partial<Extract<Op, { type: 'cont.create' }>> = {}): { pool: string; poh: number; cont: string; coh: number } {
    if (this.state.system === null) this.system();
    const pool = this.pool();
    const poh = this.connect(pool);
    const cont = this.container(poh, extra);
    const coh = this.open(poh, cont);
    return { pool, poh, cont, coh };
  }
}

export const ALICE: Principal = { user: 'alice@', groups: ['lab@'] };
export const BOB: Principal = { user: 'bob@', groups: ['lab@'] };
export const CAROL: Principal = { user: 'carol@', groups: ['ops@'] };
