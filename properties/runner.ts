import { isAimedFault, SystemError, type AimedFault, type InvariantScope, type MaybePromise, type Op, type OpKind, type Outcome, type PlacementInfo, type SystemUnderTest, type TraceOp } from '../contract/index.ts';
import { initialModel, observe, sendOp, type ModelSnapshot } from '../model/machine.ts';
import type { ModelState } from '../model/state.ts';
import { resolveAim } from './aim.ts';
import { modelStateLabels } from './coverage.ts';
import { BYTE_RESULT_KINDS, describeCanonical, normalizeOutcome, sameBytesOutcome, sameCanonical, type Canonical } from './normalize.ts';
import { RefTable } from './symbolic.ts';

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
  readonly makeImpl: () => MaybePromise<SystemUnderTest>;
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

/**
 * `literal` is the trace as run: aimed faults (contract/aim.ts) replaced by the ops they resolved to,
 * up to the last op reached. It replays the same run on any system, hook or not.
 */
export type LockstepResult =
  | { readonly status: 'conforms'; readonly stats: RunStats; readonly literal: readonly Op[] }
  | { readonly status: 'diverged'; readonly stats: RunStats; readonly divergence: Divergence; readonly literal: readonly Op[] };

export function newStats(): RunStats {
  return { steps: 0, opKinds: {}, rules: {}, states: {}, outcomeSets: 0, errors: 0, skipped: 0 };
}

/**
 * The per-op lockstep logic of one trace, shared by the synchronous driver (runLockstep, the fast
 * path for in-process systems) and the asynchronous one (runLockstepAsync, for systems whose apply
 * returns a promise). A driver calls `prepare` for each op, gives the implementation's outcome (or
 * what it threw) to `conclude`, and runs invariants when `invariantsDue` says so.
 */
class LockstepStep {
  private readonly stats = newStats();
  /**
   * Model-state label sets seen after each op, counted per array: modelStateLabels mostly answers
   * with an array it gave before (remembered per state, reused while the parts are unchanged), so
   * an op costs one Map update instead of one count per label; `result` folds the counts into
   * stats.states once per trace (any array counts right, reused or not).
   */
  private readonly labelSets = new Map<readonly string[], number>();
  readonly literal: Op[] = [];
  private readonly modelRefs = new RefTable();
  private readonly implRefs = new RefTable();
  private readonly invariantsEvery: number;
  private model: ModelSnapshot = initialModel();
  private index = -1;
  private op: Op | undefined;
  /**
   * The allowed outcomes of the current op in canonical form; null for an op of BYTE_RESULT_KINDS
   * until something must show them (`expectedNow`): their bytes are compared as they are.
   */
  private expected: Canonical[] | null = [];
  /** The model's allowed outcomes for the current op. */
  private allowed: readonly { readonly outcome: Outcome }[] = [];
  private rules: readonly string[] = [];

  constructor(private readonly trace: readonly TraceOp[], private readonly options: LockstepOptions) {
    this.invariantsEvery = options.invariantsEvery ?? 1;
  }

  constructionFailed(e: unknown): LockstepResult {
    rethrowSystemError(e);
    return diverged(this.result(), this.literal, { stepIndex: -1, op: firstLiteral(this.trace), reason: 'impl-threw', expected: [], actual: null, rules: [], message: `constructing the implementation threw: ${errorText(e)}` });
  }

  /**
   * When op `index` is an aimed fault: it with its references resolved, and the system's own handle
   * to ask the placement hook about (the driver asks, awaiting if it must). Else undefined.
   */
  aimAt(index: number): { readonly aim: AimedFault; readonly implCoh: number } | undefined {
    const traced = this.trace[index];
    if (!isAimedFault(traced)) return undefined;
    const aim = resolveRelativeRefs(traced, this.modelRefs, this.model.context.state);
    return { aim, implCoh: this.implRefs.cohOf(aim.coh) };
  }

  /**
   * Steps the model for op `index`: the concrete op for the implementation, SKIP (FAULT-8), or a
   * divergence. An aimed fault becomes its literal op first, from `placement` (aim.ts).
   */
  prepare(index: number, placement?: PlacementInfo): Op | typeof SKIP | LockstepResult {
    this.index = index;
    const traced = this.trace[index];
    const state = this.model.context.state;
    const literalOp = isAimedFault(traced) ? resolveAim(resolveRelativeRefs(traced, this.modelRefs, state), placement, this.modelRefs, state) : traced;
    this.literal.push(literalOp);
    const op = resolveRelativeRefs(literalOp, this.modelRefs, state);
    this.op = op;
    try {
      const before = this.model;
      const concrete = this.modelRefs.toConcrete(op);
      this.model = sendOp(before, concrete);
      const last = this.model.context.last!;
      if (this.options.admissible && !this.options.admissible(before.context.state, concrete, last.allowed[0].state)) {
        this.model = before;
        this.stats.skipped++;
        return SKIP;
      }
      this.allowed = last.allowed;
      this.expected = BYTE_RESULT_KINDS.has(op.type) ? null : last.allowed.map((a) => normalizeOutcome(op.type, a.outcome, this.modelRefs));
      this.rules = last.rules;
    } catch (e) {
      return diverged(this.result(), this.literal, { stepIndex: index, op, reason: 'model-threw', expected: [], actual: null, rules: [], message: `the model threw: ${errorText(e)}` });
    }
    return this.implRefs.toConcrete(op);
  }

  /**
   * The current op's allowed outcomes in canonical form. Those of BYTE_RESULT_KINDS name no id or
   * handle, so they come out the same whenever they are made, before or after the outcome is registered.
   */
  private expectedNow(): Canonical[] {
    const op = this.op!;
    this.expected ??= this.allowed.map((a) => normalizeOutcome(op.type, a.outcome, this.modelRefs));
    return this.expected;
  }

  /**
   * expectedNow for a divergence that is already being reported (the implementation threw, an
   * invariant broke): if the allowed outcomes cannot be put in canonical form, the report shows none
   * rather than a second exception hiding the first.
   */
  private expectedForReport(): Canonical[] {
    try {
      return this.expectedNow();
    } catch {
      return [];
    }
  }

  /**
   * Which allowed outcome `implOutcome` is, found on the bytes (BYTE_RESULT_KINDS, nobody watching
   * each step): -1 when none is, undefined when the canonical forms must decide (not such an op, an
   * onStep to feed, an outcome that is not plain bytes).
   */
  private matchOnBytes(op: Op, implOutcome: Outcome): number | undefined {
    if (this.expected !== null || this.options.onStep) return undefined;
    const allowed = this.allowed;
    for (let i = 0; i < allowed.length; i++) {
      const same = sameBytesOutcome(op.type, allowed[i].outcome, implOutcome);
      if (same === undefined) return undefined;
      if (same) return i;
    }
    return -1;
  }

  /** Compares the implementation's outcome with the allowed ones; the model follows it. Undefined: in step. */
  conclude(implOutcome: Outcome): LockstepResult | undefined {
    const { index, rules } = this;
    const op = this.op!;
    let matchIndex = this.matchOnBytes(op, implOutcome) ?? -1;
    // No match on the bytes is decided again on canonical forms, which the divergence shows.
    if (matchIndex < 0) {
      let actual: Canonical;
      let expected: Canonical[];
      try {
        expected = this.expectedNow();
        actual = normalizeOutcome(op.type, implOutcome, this.implRefs);
      } catch (e) {
        return this.threw(e);
      }
      matchIndex = expected.findIndex((e) => sameCanonical(e, actual));
      const conforms = matchIndex >= 0;
      this.options.onStep?.({ index, op, expected, actual, rules, conforms });
      if (!conforms) {
        return diverged(this.result(), this.literal, { stepIndex: index, op, reason: 'outcome', expected, actual, rules, message: `expected ${expected.map((e) => describeCanonical(e)).join(' or ')}, got ${describeCanonical(actual)}` });
      }
    }
    const allowed = this.allowed;
    const chosenOutcome = allowed[matchIndex].outcome;
    this.model = observe(this.model, (o) => o === chosenOutcome)!;
    this.modelRefs.register(op.type, chosenOutcome);
    this.implRefs.register(op.type, implOutcome);
    record(this.stats, op.type, rules, allowed.length, !implOutcome.ok);
    if (this.options.collectStates) {
      const labels = modelStateLabels(this.model.context.state);
      this.labelSets.set(labels, (this.labelSets.get(labels) ?? 0) + 1);
    }
    return undefined;
  }

  /** The implementation threw (or rejected) on the current op. A SystemError is the run's, not a divergence. */
  threw(e: unknown): LockstepResult {
    rethrowSystemError(e);
    return diverged(this.result(), this.literal, { stepIndex: this.index, op: this.op!, reason: 'impl-threw', expected: this.expectedForReport(), actual: null, rules: this.rules, message: `the implementation threw: ${errorText(e)}` });
  }

  invariantsDue(): boolean {
    return this.invariantsEvery > 0 && (this.index + 1) % this.invariantsEvery === 0;
  }

  invariantBroken(failure: string): LockstepResult {
    return diverged(this.result(), this.literal, { stepIndex: this.index, op: this.op!, reason: 'invariant', expected: this.expectedForReport(), actual: null, rules: this.rules, message: failure });
  }

  /** The end of the trace: a broken final sweep, or conformance. */
  end(failure: string | undefined): LockstepResult {
    const last = this.literal.length - 1;
    if (failure) return diverged(this.result(), this.literal, { stepIndex: last, op: this.literal[last], reason: 'invariant', expected: [], actual: null, rules: [], message: failure });
    return { status: 'conforms', stats: this.result(), literal: this.literal };
  }

  /** The trace's stats, with the label sets counted so far folded into stats.states. */
  private result(): RunStats {
    for (const [labels, count] of this.labelSets) for (const label of labels) this.stats.states[label] = (this.stats.states[label] ?? 0) + count;
    this.labelSets.clear();
    return this.stats;
  }
}

const SKIP = Symbol('skip');

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

const ASYNC_IN_SYNC = 'the system returned a promise: run it with runLockstepAsync (properties/runner.ts)';

/** The synchronous driver: the fast path for in-process systems. A promise from the system is a harness bug. */
export function runLockstep(trace: readonly TraceOp[], options: LockstepOptions): LockstepResult {
  const step = new LockstepStep(trace, options);
  let impl: SystemUnderTest;
  try {
    const made = options.makeImpl();
    if (isThenable(made)) throw new Error(ASYNC_IN_SYNC);
    impl = made;
  } catch (e) {
    return step.constructionFailed(e);
  }
  for (let index = 0; index < trace.length; index++) {
    const aimed = step.aimAt(index);
    const placement = aimed && askPlacement(impl, aimed);
    if (isThenable(placement)) throw new Error(ASYNC_IN_SYNC);
    const next = step.prepare(index, placement);
    if (next === SKIP) continue;
    if ('status' in next) return next;
    let outcome: MaybePromise<Outcome>;
    try {
      outcome = impl.apply(next);
    } catch (e) {
      return step.threw(e);
    }
    if (isThenable(outcome)) throw new Error(ASYNC_IN_SYNC);
    const verdict = step.conclude(outcome);
    if (verdict) return verdict;
    if (step.invariantsDue()) {
      const failure = checkInvariants(impl, 'touched');
      if (isThenable(failure)) throw new Error(ASYNC_IN_SYNC);
      if (failure) return step.invariantBroken(failure);
    }
  }
  const failure = checkInvariants(impl, 'full');
  if (isThenable(failure)) throw new Error(ASYNC_IN_SYNC);
  return step.end(failure);
}

/**
 * The asynchronous driver: awaits only what is a promise, so an in-process system run through it
 * stays synchronous op to op (one promise per trace).
 */
export async function runLockstepAsync(trace: readonly TraceOp[], options: LockstepOptions): Promise<LockstepResult> {
  const step = new LockstepStep(trace, options);
  let impl: SystemUnderTest;
  try {
    const made = options.makeImpl();
    impl = isThenable(made) ? await made : made;
  } catch (e) {
    return step.constructionFailed(e);
  }
  for (let index = 0; index < trace.length; index++) {
    const aimed = step.aimAt(index);
    const asked = aimed && askPlacement(impl, aimed);
    const next = step.prepare(index, isThenable(asked) ? await Promise.resolve(asked).catch(placementUnknown) : asked);
    if (next === SKIP) continue;
    if ('status' in next) return next;
    let outcome: Outcome;
    try {
      const pending = impl.apply(next);
      outcome = isThenable(pending) ? await pending : pending;
    } catch (e) {
      return step.threw(e);
    }
    const verdict = step.conclude(outcome);
    if (verdict) return verdict;
    if (step.invariantsDue()) {
      const pending = checkInvariants(impl, 'touched');
      const failure = isThenable(pending) ? await pending : pending;
      if (failure) return step.invariantBroken(failure);
    }
  }
  const pending = checkInvariants(impl, 'full');
  return step.end(isThenable(pending) ? await pending : pending);
}

/**
 * Relative references (-1 = most recent live) are resolved on the model's state: see symbolic.ts.
 * For `cont.close`, a handle orphaned by a forced cont.destroy counts as live: ERR-7 (rev. 2) lets
 * it be closed once, and a generated trace can only name it relatively.
 */
function resolveRelativeRefs<T extends TraceOp>(op: T, refs: RefTable, state: ModelState): T {
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

/**
 * Asks the optional placement hook where an aimed fault's shards live. The hook only aims faults and
 * never decides an outcome (spec section 24), so when it throws (a broken implementation can), the
 * aim takes its random fallback and the broken state shows through the ops themselves, where a
 * divergence replays literally. Plumbing failures (SystemError) still end the run.
 */
function askPlacement(impl: SystemUnderTest, aimed: { readonly aim: AimedFault; readonly implCoh: number }): MaybePromise<PlacementInfo | undefined> {
  try {
    return impl.placementOf?.(aimed.implCoh, aimed.aim.oid, aimed.aim.dkey);
  } catch (e) {
    return placementUnknown(e);
  }
}

function placementUnknown(e: unknown): undefined {
  rethrowSystemError(e);
  return undefined;
}

/** The one call of the system's invariant sweep; a message when it is broken. */
function checkInvariants(impl: SystemUnderTest, scope: InvariantScope): MaybePromise<string | undefined> {
  try {
    const pending = impl.checkInvariants(scope);
    if (isThenable(pending)) return pending.then(() => undefined, invariantMessage);
    return undefined;
  } catch (e) {
    return invariantMessage(e);
  }
}

function invariantMessage(e: unknown): string {
  rethrowSystemError(e);
  return `implementation invariant broken: ${errorText(e)}`;
}

function rethrowSystemError(e: unknown): void {
  if (e instanceof SystemError) throw e;
}

function diverged(stats: RunStats, literal: readonly Op[], divergence: Divergence): LockstepResult {
  return { status: 'diverged', stats, divergence, literal };
}

/** The first op of a trace as a literal op (a trace starts with system.create; an aim there runs its fallback). */
function firstLiteral(trace: readonly TraceOp[]): Op {
  const first = trace[0];
  return first !== undefined && isAimedFault(first) ? first.fallback : (first as Op);
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
