import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op, Outcome, SystemUnderTest } from '../../contract/index.ts';
import { caseArb } from '../../properties/arbitraries.ts';
import { shellQuote } from '../../properties/case-file.ts';
import { fitCase, runCaseAsync, runConformance, systemFilter } from '../../properties/conform.ts';
import { formatDivergence } from '../../properties/report.ts';
import { swarmArb } from '../../properties/swarm.ts';
import { resolveSystem, type ResolvedSystem, type SystemFactory } from '../../properties/systems.ts';

/**
 * The implementer's kit (docs/implementers.md): checks an adapter author runs against their system
 * with vitest, before a long campaign. In a test file:
 *
 *   import { describeAdapterChecks } from '<harness>/adapters/kit/adapter-kit.ts';
 *   describeAdapterChecks('cmd:python3 my_adapter.py');
 *
 * It checks: (1) same seed, same outcomes (for a system that says it is deterministic); (2)
 * well-formed results: pool and container ids in UUID form (references by id must resolve, LABEL-5),
 * handles non-negative safe integers never issued twice (a stale symbolic reference must not reach
 * a new handle); (3) a smoke campaign of fixed-seed generated traces conforms. Budgets are in runs.
 *
 * Does NOT check: performance, or op kinds the system does not declare (they are never sent).
 */
export interface AdapterCheckOptions {
  /** Generated traces for the determinism and well-formedness checks (default 10). */
  readonly sampleRuns?: number;
  /** Traces of the smoke campaign (default 40), each of up to `maxOps` ops (default 60). */
  readonly smokeRuns?: number;
  readonly maxOps?: number;
  readonly seed?: number;
}

const UUID_FORM = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ID_KINDS: ReadonlySet<string> = new Set(['pool.create', 'cont.create']);
const HANDLE_KINDS: ReadonlySet<string> = new Set(['pool.connect', 'cont.open', 'tx.open', 'tx.openSnapshot', 'snap.create']);

export function describeAdapterChecks(spec: string, options: AdapterCheckOptions = {}): void {
  const sampleRuns = options.sampleRuns ?? 10;
  const seed = options.seed ?? 20261202;
  describe(`adapter checks: ${spec}`, () => {
    it('same seed, same outcomes', async () => {
      await withSystem(spec, async (system) => {
        if (!system.capabilities.deterministic) return; // repro retries such a system instead
        for (const kase of sampleCases(system, sampleRuns, options.maxOps ?? 60, seed)) {
          const first = await recordOutcomes(system.factory, kase);
          const second = await recordOutcomes(system.factory, kase);
          expect(second, `engine seed ${kase.engineSeed}: a second run of the same trace answered differently`).toEqual(first);
        }
      });
    });

    it('well-formed ids and handles', async () => {
      await withSystem(spec, async (system) => {
        for (const kase of sampleCases(system, sampleRuns, options.maxOps ?? 60, seed + 1)) {
          const problems = wellFormednessProblems(await recordOutcomes(system.factory, kase));
          expect(problems, `engine seed ${kase.engineSeed}`).toEqual([]);
        }
      });
    });

    it('a smoke campaign conforms', async () => {
      await withSystem(spec, async (system) => {
        const result = await runConformance({ runs: options.smokeRuns ?? 40, maxOps: options.maxOps ?? 60, seed, system, corpusDir: '', by: 'test', save: false });
        const f = result.failure;
        const replay = f ? `npm run conform -- --system ${shellQuote(spec)} --seed ${f.seed} --path ${f.path} --max-ops ${options.maxOps ?? 60}` : '';
        expect(f ? formatDivergence(f.kase.ops, f.divergence, replay) : null).toBeNull();
        expect(result.stats.steps).toBeGreaterThan(0);
      });
    });
  });
}

async function withSystem(spec: string, body: (system: ResolvedSystem) => Promise<void>): Promise<void> {
  const system = await resolveSystem(spec);
  try {
    await body(system);
  } finally {
    await system.close();
  }
}

function sampleCases(system: ResolvedSystem, runs: number, maxOps: number, seed: number): { engineSeed: number; ops: Op[] }[] {
  const filter = systemFilter(system);
  return fc.sample(caseArb(swarmArb(), { maxOps }), { seed, numRuns: runs }).map((kase) => fitCase(kase, filter));
}

/** The raw outcomes a system gives for a trace, in order (the lockstep run stops at a divergence). */
async function recordOutcomes(factory: SystemFactory, kase: { engineSeed: number; ops: readonly Op[] }): Promise<{ kind: string; outcome: Outcome }[]> {
  const seen: { kind: string; outcome: Outcome }[] = [];
  const recording: SystemFactory = async (engineSeed) => {
    const inner: SystemUnderTest = await factory(engineSeed);
    return {
      async apply(op) {
        const outcome = await inner.apply(op);
        seen.push({ kind: op.type, outcome });
        return outcome;
      },
      checkInvariants: (scope) => inner.checkInvariants(scope),
    };
  };
  await runCaseAsync(kase, recording);
  return seen;
}

export function wellFormednessProblems(outcomes: readonly { kind: string; outcome: Outcome }[]): string[] {
  const problems: string[] = [];
  const issued = new Map<string, Set<unknown>>();
  for (const { kind, outcome } of outcomes) {
    if (!outcome.ok) continue;
    const value = outcome.value;
    if (ID_KINDS.has(kind) && (typeof value !== 'string' || !UUID_FORM.test(value))) problems.push(`${kind} returned ${JSON.stringify(value)}: ids must have UUID form`);
    if (HANDLE_KINDS.has(kind)) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) problems.push(`${kind} returned ${JSON.stringify(value)}: handles and tokens are non-negative safe integers`);
      const family = kind.startsWith('tx.') ? 'tx' : kind;
      const set = issued.get(family) ?? new Set();
      if (set.has(value)) problems.push(`${kind} returned ${JSON.stringify(value)} a second time: a handle or token is never reused`);
      set.add(value);
      issued.set(family, set);
    }
  }
  return problems;
}
