/**
 * The engine alone on recorded conform-shaped traces: no model, no runner, no fast-check.
 *
 * At load, conform-shaped cases (the default campaign's generator, caseArb with a drawn swarm, up
 * to 200 ops; the same cases as `lockstep conform` in lockstep.ts) run once in lockstep against the
 * engine through a recording wrapper: every concrete op the engine was given (symbolic handles and
 * aimed faults already resolved by the runner) and every invariant check it was asked for, in order. Each figure
 * then replays those tapes on fresh engines:
 *  - `engine conform apply`: the ops only (engine, EC, placement, VOS, bus);
 *  - `engine conform default policy`: the ops and the checks as the runner asked for them ('touched'
 *    after every op, 'full' at the end of each trace), so the figure includes the invariant policy.
 *
 * A replay must return what the recording saw (same ok/err per op, asserted at load): the engine is
 * deterministic, so a tape that replays differently is a bug, not noise. Cases are cut to the prefix
 * that conforms, as in lockstep.ts. tinybench reports ops per wall second; environment() adds ops per
 * CPU-second (user + system time over CPU_REPEATS passes, measured once at load).
 *
 * Does NOT measure the model, the runner's normalization or generation (lockstep.ts does, together).
 */
import fc from 'fast-check';
import type { BenchCase, BenchSuite } from '../harness.ts';
import type { InvariantScope, Op, Outcome, SystemUnderTest, TraceOp } from '../../contract/index.ts';
import { Engine } from '../../impl/engine/engine.ts';
import { caseArb } from '../../properties/arbitraries.ts';
import { runCase } from '../../properties/conform.ts';
import { swarmArb } from '../../properties/swarm.ts';

const CASE_COUNT = 24;
const MAX_OPS = 200;
const BASE_SEED = 20261121;
const CPU_REPEATS = 3;

type Step = { readonly kind: 'apply'; readonly op: Op; readonly ok: boolean } | { readonly kind: 'check'; readonly scope: InvariantScope };

interface Tape {
  readonly engineSeed: number;
  readonly steps: readonly Step[];
  readonly ops: number;
}

/** A SystemUnderTest that forwards to an engine and writes down what it was asked. */
function recording(engineSeed: number, steps: Step[]): SystemUnderTest {
  const engine = new Engine({ seed: engineSeed });
  return {
    apply(op) {
      const out = engine.apply(op);
      steps.push({ kind: 'apply', op: structuredClone(op), ok: out.ok });
      return out;
    },
    checkInvariants(scope: InvariantScope = 'full') {
      steps.push({ kind: 'check', scope });
      engine.checkInvariants(scope);
    },
  };
}

/** Replays a tape on a fresh engine; with `checks` false, only its ops. Returns the ops applied. */
function replay(tape: Tape, checks: boolean): number {
  const engine = new Engine({ seed: tape.engineSeed });
  let ops = 0;
  for (const step of tape.steps) {
    if (step.kind === 'apply') {
      const out: Outcome = engine.apply(step.op);
      if (out.ok !== step.ok) throw new Error(`engine bench: op ${ops} (${step.op.type}) of the tape seeded ${tape.engineSeed} replayed ${out.ok ? 'ok' : 'an error'}, recorded ${step.ok ? 'ok' : 'an error'}`);
      ops++;
    } else if (checks) engine.checkInvariants(step.scope);
  }
  return ops;
}

function record(kase: { engineSeed: number; ops: readonly TraceOp[] }): Tape | null {
  let ops = kase.ops;
  let steps: Step[] = [];
  const run = () => {
    steps = [];
    return runCase({ engineSeed: kase.engineSeed, ops }, (seed) => recording(seed, steps), {});
  };
  let result = run();
  if (result.status === 'diverged') {
    ops = ops.slice(0, Math.max(1, result.divergence.stepIndex));
    result = run();
  }
  if (result.status !== 'conforms') return null;
  const applied = steps.filter((s) => s.kind === 'apply').length;
  return applied > 0 ? { engineSeed: kase.engineSeed, steps, ops: applied } : null;
}

const tapes: Tape[] = fc
  .sample(caseArb(swarmArb(), { maxOps: MAX_OPS }), { seed: BASE_SEED, numRuns: CASE_COUNT })
  .map(record)
  .filter((t): t is Tape => t !== null);
const totalOps = tapes.reduce((n, t) => n + t.ops, 0);

const runAll = (checks: boolean) => {
  let ops = 0;
  for (const tape of tapes) ops += replay(tape, checks);
  if (ops !== totalOps) throw new Error(`engine bench: replayed ${ops} ops, recorded ${totalOps}`);
};

interface Figure {
  readonly name: string;
  readonly checks: boolean;
}

const figures: Figure[] = [
  { name: 'engine conform apply', checks: false },
  { name: 'engine conform default policy', checks: true },
];

/** Ops per CPU-second: user + system time over CPU_REPEATS passes (the first pass warms up). */
function opsPerCpuSecond(f: Figure): number {
  runAll(f.checks);
  const before = process.cpuUsage();
  for (let r = 0; r < CPU_REPEATS; r++) runAll(f.checks);
  const used = process.cpuUsage(before);
  return (CPU_REPEATS * totalOps) / ((used.user + used.system) / 1e6);
}

const cpuFigures = figures.map((f) => `${f.name}: ${Math.round(opsPerCpuSecond(f))} ops/CPU-s`);

export const suite: BenchSuite = {
  name: 'engine',
  environment: () => ({
    cases: `${tapes.length} recorded conform-shaped cases (of ${CASE_COUNT} drawn, max ${MAX_OPS} ops, seed ${BASE_SEED}), ${totalOps} ops`,
    'ops per CPU-second': cpuFigures.join(', '),
  }),
  cases: () =>
    figures.map((f): BenchCase => ({
      name: f.name,
      fn: () => runAll(f.checks),
      itemsPerCall: totalOps,
      itemUnit: 'ops',
    })),
};
