/**
 * Lockstep throughput: ops checked per second by the runner (model step + system step + outcome
 * normalization + invariant checks every 8 ops, as chaos runs them), on a fixed set of chaos-style
 * generated cases (seeded, so every run measures the same traces). One figure per system: `model`
 * (the model checked against itself, always available) and `engine` when impl/engine loads.
 * Each case is cut to the prefix that conforms on that system, so a divergence cannot turn the
 * figure into a measure of how fast the runner gives up; itemsPerCall is the ops actually checked.
 */
import type { BenchCase, BenchSuite } from '../harness.ts';
import { fallbackOps, type Op } from '../../contract/index.ts';
import { runCase } from '../../properties/conform.ts';
import { loadSystem, type SystemFactory } from '../../properties/systems.ts';
import { sampleChaosCase } from '../../chaos/chaos-arb.ts';
import { caseSeed } from '../../chaos/seeds.ts';

const CASE_COUNT = 4;
const MAX_OPS = 250;
const BASE_SEED = 20261121;
const INVARIANTS_EVERY = 8;

interface Prepared {
  readonly kase: { engineSeed: number; ops: Op[] };
  readonly steps: number;
}

const kases = Array.from({ length: CASE_COUNT }, (_, k) => sampleChaosCase(caseSeed(BASE_SEED, { index: 1, count: 1 }, k), MAX_OPS));

function prepare(system: SystemFactory): Prepared[] {
  const out: Prepared[] = [];
  for (const kase of kases) {
    let ops = fallbackOps(kase.ops);
    let result = runCase({ engineSeed: kase.engineSeed, ops }, system, { invariantsEvery: INVARIANTS_EVERY });
    if (result.status === 'diverged') {
      ops = ops.slice(0, Math.max(1, result.divergence.stepIndex));
      result = runCase({ engineSeed: kase.engineSeed, ops }, system, { invariantsEvery: INVARIANTS_EVERY });
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

// Prepared at load time so environment() can report how many ops each figure covers.
const prepared = systems.map(([name, system]) => ({ name, system, cases: prepare(system) })).filter((p) => p.cases.length > 0);
const opsOf = (cases: readonly Prepared[]) => cases.reduce((n, p) => n + p.steps, 0);

export const suite: BenchSuite = {
  name: 'lockstep',
  environment: () => ({
    engine: engineNote.text,
    cases: `${CASE_COUNT} chaos cases, max ${MAX_OPS} ops, seed ${BASE_SEED}; ${prepared.map((p) => `${p.name}: ${p.cases.length} cases ${opsOf(p.cases)} ops`).join(', ')}`,
  }),
  // Names stay stable across generator changes so a baseline keeps matching; the op counts are above.
  cases: () =>
    prepared.map((p): BenchCase => ({
      name: `lockstep ${p.name}`,
      fn: () => {
        for (const c of p.cases) runCase(c.kase, p.system, { invariantsEvery: INVARIANTS_EVERY });
      },
      itemsPerCall: opsOf(p.cases),
      itemUnit: 'ops',
    })),
};
