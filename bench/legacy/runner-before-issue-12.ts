import type { InvariantScope, Op, OpKind, Outcome } from '../../contract/index.ts';

/**
 * FROZEN: properties/runner.ts as it was on main just before issue 12's driver refactor (commit
 * 8e48910: synchronous, with the invariant scope), kept only so bench/suites/protocol.ts can measure
 * the new drivers against the old runner in one run. Used by nothing else; do not fix or extend it.
 */
interface SyncSystem {
  apply(op: Op): Outcome;
  checkInvariants(scope?: InvariantScope): void;
}
import { initialModel, observe, sendOp, type ModelSnapshot } from '../../model/machine.ts';
import type { ModelState } from '../../model/state.ts';
import { modelStateLabels } from '../../properties/coverage.ts';
import { describeCanonical, normalizeOutcome, sameCanonical, type Canonical } from '../../properties/normalize.ts';
import { RefTable } from '../../properties/symbolic.ts';

/**
 * The lockstep runner: applies a symbolic trace to the reference model and to a system under test,
 * one op at a time. For each op the model gives the allowed outcomes; the implementation's outcome,
 * put in canonical form, must equal one of them; the model then follows that outcome. After each op
 * (or every `invariantsEvery` ops) the implementation checks what the ops touched; at the end of the
 * trace, its whole state.
 *
 * It does NOT check anything the spec marks unobservable (section 24): internal state is never
 * compared, only outcomes.
 */
export interface LockstepOptions {
  /** Builds a fresh system under test for this trace. */
  readonly makeImpl: () => SyncSystem;
  /** Check impl invariants after every N ops (default 1; 0 = only at the end). */
  readonly invariantsEvery?: number;
  /** Called after each step, e.g. to print a trace (repro) or collect coverage. */
  readonly onStep?: (record: StepRecord) => void;
  /** Collect model-state labels after each step (costs a scan of the model state). Default false. */
  readonly collectStates?: boolean;
  /**
   * Decides on the model alone whether an op is inside the generator constraints (FAULT-8); a
   * refused op is applied to neither side and counted as skipped. Default: everything admissible.
   */
  readonly admissible?: (before: ModelState, op: Op, after: ModelState) => boolean;
}

export interface StepRecord {
  readonly index: number;
  readonly op: Op;
  readonly expected: readonly Canonical[];
  readonly actual: Canonical;
  readonly rules: readonly string[];
  readonly conforms: boolean;
}

export type DivergenceReason = 'outcome' | 'impl-threw' | 'invariant' | 'model-threw';

export interface Divergence {
  readonly stepIndex: number;
  readonly op: Op;
  readonly reason: DivergenceReason;
  readonly expected: readonly Canonical[];
  readonly actual: Canonical;
  readonly rules: readonly string[];
  readonly message: string;
}

export interface RunStats {
  steps: number;
  readonly opKinds: Record<string, number>;
  readonly rules: Record<string, number>;
  readonly states: Record<string, number>;
  /** Steps where the model allowed more than one outcome. */
  outcomeSets: number;
  errors: number;
  /** Ops skipped as outside the generator constraints (FAULT-8). */
  skipped: number;
}

export type LockstepResult =
  | { readonly status: 'conforms'; readonly stats: RunStats }
  | { readonly status: 'diverged'; readonly stats: RunStats; readonly divergence: Divergence };

export function newStats(): RunStats {
  return { steps: 0, opKinds: {}, rules: {}, states: {}, outcomeSets: 0, errors: 0, skipped: 0 };
}

export function runLockstep(trace: readonly Op[], options: LockstepOptions): LockstepResult {
  const stats = newStats();
  const modelRefs = new RefTable();
  const implRefs = new RefTable();
  const invariantsEvery = options.invariantsEvery ?? 1;
  let model: ModelSnapshot = initialModel();
  let impl: SyncSystem;
  try {
    impl = options.makeImpl();
  } catch (e) {
    return diverged(stats, { stepIndex: -1, op: trace[0], reason: 'impl-threw', expected: [], actual: null, rules: [], message: `constructing the implementation threw: ${errorText(e)}` });
  }

  for (let index = 0; index < trace.length; index++) {
    const op = resolveRelativeRefs(trace[index], modelRefs, model.context.state);
    let expected: Canonical[];
    let rules: readonly string[];
    try {
      const before = model;
      const concrete = modelRefs.toConcrete(op);
      model = sendOp(model, concrete);
      const last = model.context.last!;
      if (options.admissible && !options.admissible(before.context.state, concrete, last.allowed[0].state)) {
        model = before;
        stats.skipped++;
        continue;
      }
      expected = last.allowed.map((a) => normalizeOutcome(op.type, a.outcome, modelRefs));
      rules = last.rules;
    } catch (e) {
      return diverged(stats, { stepIndex: index, op, reason: 'model-threw', expected: [], actual: null, rules: [], message: `the model threw: ${errorText(e)}` });
    }

    let actual: Canonical;
    let implOutcome;
    try {
      implOutcome = impl.apply(implRefs.toConcrete(op));
      actual = normalizeOutcome(op.type, implOutcome, implRefs);
    } catch (e) {
      return diverged(stats, { stepIndex: index, op, reason: 'impl-threw', expected, actual: null, rules, message: `the implementation threw: ${errorText(e)}` });
    }

    const matchIndex = expected.findIndex((e) => sameCanonical(e, actual));
    const conforms = matchIndex >= 0;
    options.onStep?.({ index, op, expected, actual, rules, conforms });
    if (!conforms) {
      return diverged(stats, { stepIndex: index, op, reason: 'outcome', expected, actual, rules, message: `expected ${expected.map((e) => describeCanonical(e)).join(' or ')}, got ${describeCanonical(actual)}` });
    }

    const chosenOutcome = model.context.last!.allowed[matchIndex].outcome;
    model = observe(model, (o) => o === chosenOutcome)!;
    modelRefs.register(op.type, chosenOutcome);
    implRefs.register(op.type, implOutcome);
    record(stats, op.type, rules, expected.length, !implOutcome.ok);
    if (options.collectStates) for (const label of modelStateLabels(model.context.state)) stats.states[label] = (stats.states[label] ?? 0) + 1;

    if (invariantsEvery > 0 && (index + 1) % invariantsEvery === 0) {
      const failure = checkInvariants(impl, 'touched');
      if (failure) return diverged(stats, { stepIndex: index, op, reason: 'invariant', expected, actual, rules, message: failure });
    }
  }
  const failure = checkInvariants(impl, 'full');
  if (failure) return diverged(stats, { stepIndex: trace.length - 1, op: trace[trace.length - 1], reason: 'invariant', expected: [], actual: null, rules: [], message: failure });
  return { status: 'conforms', stats };
}

/**
 * Relative references (-1 = most recent live) are resolved on the model's state: see symbolic.ts.
 * For `cont.close`, a handle orphaned by a forced cont.destroy counts as live: ERR-7 (rev. 2) lets
 * it be closed once, and a generated trace can only name it relatively.
 */
function resolveRelativeRefs(op: Op, refs: RefTable, state: ModelState): Op {
  const closing = op.type === 'cont.close';
  return refs.resolveRelative(op, (kind, index) => {
    switch (kind) {
      case 'poh': return state.poolHandles[refs.pohs[index]] !== undefined;
      case 'coh': return state.contHandles[refs.cohs[index]] !== undefined || (closing && state.orphanedContHandles[refs.cohs[index]] !== undefined);
      case 'th': return state.txs[refs.ths[index]] !== undefined;
      case 'token': return state.pools.some((p) => p.containers.some((c) => c.snapshots.includes(refs.tokens[index])));
    }
  });
}

function record(stats: RunStats, kind: OpKind, rules: readonly string[], outcomeCount: number, isError: boolean): void {
  stats.steps++;
  stats.opKinds[kind] = (stats.opKinds[kind] ?? 0) + 1;
  for (const rule of rules) stats.rules[rule] = (stats.rules[rule] ?? 0) + 1;
  if (outcomeCount > 1) stats.outcomeSets++;
  if (isError) stats.errors++;
}

function checkInvariants(impl: SyncSystem, scope: InvariantScope): string | undefined {
  try {
    impl.checkInvariants(scope);
    return undefined;
  } catch (e) {
    return `implementation invariant broken: ${errorText(e)}`;
  }
}

function diverged(stats: RunStats, divergence: Divergence): LockstepResult {
  return { status: 'diverged', stats, divergence };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function mergeStats(into: RunStats, from: RunStats): void {
  into.steps += from.steps;
  into.outcomeSets += from.outcomeSets;
  into.errors += from.errors;
  into.skipped += from.skipped;
  for (const [k, v] of Object.entries(from.opKinds)) into.opKinds[k] = (into.opKinds[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.rules)) into.rules[k] = (into.rules[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.states)) into.states[k] = (into.states[k] ?? 0) + v;
}
