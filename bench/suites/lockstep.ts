/**
 * Lockstep throughput, two shapes, one figure per system: `model` (the model checked against
 * itself, always available) and `engine` when impl/engine loads.
 *
 *  - `lockstep <system>`: chaos-style cases with invariants every 8 ops, as chaos runs them (names
 *    kept, so the stored baseline keeps matching).
 *  - `lockstep conform <system>`: conform-shaped cases (the default campaign's generator, caseArb with
 *    a drawn swarm, up to 200 ops) with the default invariant policy: the runner asks for the
 *    'touched' check after every op and 'full' at the end of the trace (the engine also sweeps in
 *    full after 64 checks, then at doubling intervals: sweepDue, impl/engine/invariants/incremental.ts).
 *
 * Every case is cut to the prefix that conforms on that system, so a divergence cannot turn a
 * figure into a measure of how fast the runner gives up; itemsPerCall is the ops actually checked.
 * tinybench reports ops per wall second; environment() adds ops per CPU-second (user + system time
 * of this process over CPU_REPEATS passes over the conform cases, measured once at load), which is
 * the figure issue 10 sets its goal in.
 */
import fc from 'fast-check';
import type { BenchCase, BenchSuite } from '../harness.ts';
import { fallbackOps, type Op, type TraceOp } from '../../contract/index.ts';
import { caseArb } from '../../properties/arbitraries.ts';
import { runCase } from '../../properties/conform.ts';
import { swarmArb } from '../../properties/swarm.ts';
import { loadSystem, type SystemFactory } from '../../properties/systems.ts';
import { sampleChaosCase } from '../../chaos/chaos-arb.ts';
import { caseSeed } from '../../chaos/seeds.ts';

const CHAOS_CASE_COUNT = 4;
const CHAOS_MAX_OPS = 250;
const CHAOS_INVARIANTS_EVERY = 8;
const CONFORM_CASE_COUNT = 24;
const CONFORM_MAX_OPS = 200;
/** The conform default (properties/conform.ts): the runner's check after every op. */
const CONFORM_INVARIANTS_EVERY = 1;
const BASE_SEED = 20261121;
const CPU_REPEATS = 3;

interface Kase {
  readonly engineSeed: number;
  readonly ops: Op[];
}

interface Prepared {
  readonly kase: Kase;
  readonly steps: number;
}

const chaosKases: Kase[] = Array.from({ length: CHAOS_CASE_COUNT }, (_, k) => sampleChaosCase(caseSeed(BASE_SEED, { index: 1, count: 1 }, k), CHAOS_MAX_OPS)).map(literalKase);
const conformKases: Kase[] = fc.sample(caseArb(swarmArb(), { maxOps: CONFORM_MAX_OPS }), { seed: BASE_SEED, numRuns: CONFORM_CASE_COUNT }).map(literalKase);

/** The bench runs each case as a system without the placement hook would: aims become their fallbacks. */
function literalKase(k: { engineSeed: number; ops: readonly TraceOp[] }): Kase {
  return { engineSeed: k.engineSeed, ops: fallbackOps(k.ops) };
}

function prepare(system: SystemFactory, kases: readonly Kase[], invariantsEvery: number): Prepared[] {
  const out: Prepared[] = [];
  for (const kase of kases) {
    let ops = kase.ops;
    let result = runCase({ engineSeed: kase.engineSeed, ops }, system, { invariantsEvery });
    if (result.status === 'diverged') {
      ops = ops.slice(0, Math.max(1, result.divergence.stepIndex));
      result = runCase({ engineSeed: kase.engineSeed, ops }, system, { invariantsEvery });
    }
    if (result.status === 'conforms' && result.stats.steps > 0) out.push({ kase: { engineSeed: kase.engineSeed, ops }, steps: result.stats.steps });
  }
  return out;
}

const engineNote: { text: string } = { text: 'not loaded' };
const systems: [string, SystemFactory][] = [['model', await loadSystem('model')]];
try {
  const engine = await loadSystem('engine');
  engine(0); // constructing one proves the class is usable
  systems.push(['engine', engine]);
  engineNote.text = 'loaded';
} catch (e) {
  engineNote.text = `unavailable (${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 80)})`;
}

interface Figure {
  readonly name: string;
  readonly system: SystemFactory;
  readonly cases: Prepared[];
  readonly invariantsEvery: number;
}

const opsOf = (cases: readonly Prepared[]) => cases.reduce((n, p) => n + p.steps, 0);
const runAll = (f: Figure) => {
  for (const c of f.cases) runCase(c.kase, f.system, { invariantsEvery: f.invariantsEvery });
};

// Prepared at load time so environment() can report how many ops each figure covers.
const figures: Figure[] = [
  ...systems.map(([name, system]) => ({ name: `lockstep ${name}`, system, cases: prepare(system, chaosKases, CHAOS_INVARIANTS_EVERY), invariantsEvery: CHAOS_INVARIANTS_EVERY })),
  ...systems.map(([name, system]) => ({ name: `lockstep conform ${name}`, system, cases: prepare(system, conformKases, CONFORM_INVARIANTS_EVERY), invariantsEvery: CONFORM_INVARIANTS_EVERY })),
].filter((f) => f.cases.length > 0);

/** Ops per CPU-second of one figure's cases: user + system time over CPU_REPEATS passes (after the warm pass of prepare). */
function opsPerCpuSecond(f: Figure): number {
  const before = process.cpuUsage();
  for (let r = 0; r < CPU_REPEATS; r++) runAll(f);
  const used = process.cpuUsage(before);
  return (CPU_REPEATS * opsOf(f.cases)) / ((used.user + used.system) / 1e6);
}

const cpuFigures = figures.filter((f) => f.name.startsWith('lockstep conform')).map((f) => `${f.name}: ${Math.round(opsPerCpuSecond(f))} ops/CPU-s`);

export const suite: BenchSuite = {
  name: 'lockstep',
  environment: () => ({
    engine: engineNote.text,
    cases: `chaos: ${CHAOS_CASE_COUNT} cases, max ${CHAOS_MAX_OPS} ops, invariants every ${CHAOS_INVARIANTS_EVERY}; conform: ${CONFORM_CASE_COUNT} cases, max ${CONFORM_MAX_OPS} ops, default invariant policy; seed ${BASE_SEED}; ${figures.map((f) => `${f.name}: ${f.cases.length} cases ${opsOf(f.cases)} ops`).join(', ')}`,
    'ops per CPU-second': cpuFigures.join(', '),
  }),
  // Names stay stable across generator changes so a baseline keeps matching; the op counts are above.
  cases: () =>
    figures.map((f): BenchCase => ({
      name: f.name,
      fn: () => runAll(f),
      itemsPerCall: opsOf(f.cases),
      itemUnit: 'ops',
    })),
};
