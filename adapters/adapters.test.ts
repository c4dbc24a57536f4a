import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fallbackOps, SystemError } from '../contract/index.ts';
import { caseArb } from '../properties/arbitraries.ts';
import { readCaseFile, replayCommand } from '../properties/case-file.ts';
import { runConformance } from '../properties/conform.ts';
import { isAdmissible } from '../properties/admissible.ts';
import type { Canonical } from '../properties/normalize.ts';
import { runLockstepAsync } from '../properties/runner.ts';
import { swarmArb } from '../properties/swarm.ts';
import { resolveSystem, type ResolvedSystem } from '../properties/systems.ts';
import { startAdapter } from './client.ts';
import { describeAdapterChecks } from './kit/adapter-kit.ts';

/**
 * The two reference adapters end to end (issue 12 item 5): the engine over the protocol answers as
 * the engine in-process; the Python adapter (its declared subset) passes the implementer's kit; its
 * planted bug is found by a campaign, saved with its system, and replayed by the printed command;
 * every way an adapter can break the protocol is an error of the run (exit 2), never a divergence.
 * Budgets are in runs.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = 'cmd:python3 adapters/python/pool_adapter.py';
const PYTHON_BUGGY = `${PYTHON} --plant-bug ex-connect`;
const ENGINE_OVER_PIPE = 'cmd:node --import tsx adapters/engine-adapter.ts';
const misbehaving = (mode: string) => `cmd:python3 adapters/fixtures/misbehaving_adapter.py ${mode}`;
const tsxCli = (script: string, args: string[]) => execa(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, reject: false, all: true });

describeAdapterChecks(PYTHON, { smokeRuns: 60 });
describeAdapterChecks(ENGINE_OVER_PIPE, { sampleRuns: 3, smokeRuns: 15 });

async function withSystem<T>(spec: string, body: (s: ResolvedSystem) => Promise<T>): Promise<T> {
  const system = await resolveSystem(spec);
  try {
    return await body(system);
  } finally {
    await system.close();
  }
}

describe('the engine over the protocol', () => {
  it('gives the same outcomes as the engine in-process on the same generated traces', async () => {
    const cases = fc.sample(caseArb(swarmArb(), { maxOps: 80 }), { seed: 99, numRuns: 8 });
    const actuals = async (spec: string): Promise<Canonical[][]> =>
      withSystem(spec, async (system) => {
        const all: Canonical[][] = [];
        for (const kase of cases) {
          const seen: Canonical[] = [];
          await runLockstepAsync(fallbackOps(kase.ops), { makeImpl: () => system.factory(kase.engineSeed), admissible: isAdmissible, onStep: (r) => seen.push(r.actual) });
          all.push(seen);
        }
        return all;
      });
    const inProcess = await actuals('engine');
    const overPipe = await actuals(ENGINE_OVER_PIPE);
    expect(overPipe).toEqual(inProcess);
    expect(inProcess.flat().length).toBeGreaterThan(8 * 10);
  }, 120_000);
});

describe('the planted bug of the Python adapter', () => {
  it('is found by a campaign, saved with its system, and replayed by the printed command', async () => {
    const corpus = mkdtempSync(join(tmpdir(), 'adapter-corpus-'));
    const found = await tsxCli('properties/conform-cli.ts', ['--system', PYTHON_BUGGY, '--runs', '200', '--corpus', corpus]);
    expect(found.exitCode, found.all).toBe(1);
    const saved = readdirSync(corpus);
    expect(saved).toHaveLength(1);
    const path = join(corpus, saved[0]);
    const kase = readCaseFile(path);
    expect(kase.system).toBe(PYTHON_BUGGY);
    expect(kase.divergence).toMatchObject({ reason: 'outcome', expected: [{ err: 'BUSY' }], rules: ['POOL-4'] });
    const printed = replayCommand(path, PYTHON_BUGGY);
    expect(found.stdout).toContain(`replay: ${printed}`);
    // The printed command, as a user pastes it (npm run repro is tsx properties/repro-cli.ts).
    const replay = await execa('sh', ['-c', printed.replace('npm run repro --', `${process.execPath} --import tsx properties/repro-cli.ts`)], { cwd: ROOT, reject: false, all: true });
    expect(replay.exitCode, replay.all).toBe(1);
    expect(replay.stdout).toContain(`found by conform on ${PYTHON_BUGGY}`);
    expect(replay.stdout).toMatch(/DIVERGENCE at step \d+ \(outcome\) — pool\.connect/);
    // Without --system, repro uses the recorded one; the adapter without its bug conforms.
    expect((await tsxCli('properties/repro-cli.ts', [path, '--quiet'])).exitCode).toBe(1);
    expect((await tsxCli('properties/repro-cli.ts', [path, '--quiet', '--system', PYTHON])).exitCode).toBe(0);
  }, 180_000);
});

describe('a broken adapter is an error of the run, never a divergence', () => {
  for (const [mode, message] of [['garbage', /printed a line that is not JSON/], ['dies', /exited with code 7 \(stderr: segfault in the storage engine\)/], ['version', /speaks protocol "daos-harness-adapter\/0"/]] as const) {
    it(`${mode}: conform prints one line, exits 2, saves nothing`, async () => {
      const corpus = mkdtempSync(join(tmpdir(), 'adapter-corpus-'));
      const r = await tsxCli('properties/conform-cli.ts', ['--system', misbehaving(mode), '--runs', '20', '--corpus', corpus]);
      expect(r.exitCode, r.all).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(readdirSync(corpus)).toEqual([]);
    }, 60_000);
  }

  it('silent: the reply limit turns a hung adapter into a SystemError', async () => {
    const system = await startAdapter('silent', misbehaving('silent').slice(4), { replyLimitMs: 300 });
    const impl = await system.factory(1);
    await expect(Promise.resolve(impl.apply({ type: 'system.create', nodes: 1, enginesPerNode: 1, targetsPerEngine: 1 }))).rejects.toThrow(SystemError);
    await system.close();
  });

  it('an exception inside the system (threw) is a divergence of that op, as in-process', async () => {
    const system = await resolveSystem(misbehaving('threw'));
    try {
      const result = await runConformance({ runs: 20, maxOps: 10, seed: 1, system, corpusDir: '', by: 'test', save: false });
      expect(result.failure?.divergence).toMatchObject({ reason: 'impl-threw', message: "the implementation threw: KeyError: 'pool'" });
    } finally {
      await system.close();
    }
  });
});

describe('repro of a non-deterministic system', () => {
  it('replays the case N times and reports how often it diverged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flaky-'));
    const path = join(dir, 'case.json');
    const system = './adapters/fixtures/flaky-module.ts';
    writeFileSync(path, JSON.stringify({
      format: 'daos-harness-case/1', project: { name: 'test', version: '0', commit: null }, found: { by: 'manual', seed: null, path: null, swarm: null },
      system, engineSeed: 1, ops: [{ type: 'system.create', nodes: 2, enginesPerNode: 1, targetsPerEngine: 2 }], divergence: null, signature: null,
    }));
    const r = await tsxCli('properties/repro-cli.ts', [path, '--quiet', '--retries', '6']);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain(`repro: diverged in 3 of 6 replays (${system} is not deterministic for a seed)`);
  }, 60_000);
});

describe('the module form of --system', () => {
  it('a module exporting createSystem runs a campaign; one exporting nothing usable is exit 2', async () => {
    const ok = await tsxCli('properties/conform-cli.ts', ['--system', './adapters/engine-module.ts', '--runs', '5', '--max-ops', '40']);
    expect(ok.exitCode, ok.all).toBe(0);
    expect(ok.stdout).toMatch(/^  declared generator values generated: \d+ of \d+; never generated \(\d+\): \S/m);
    const bad = await tsxCli('properties/conform-cli.ts', ['--system', './adapters/protocol.ts', '--runs', '5']);
    expect(bad.exitCode, bad.all).toBe(2);
    expect(bad.stderr).toMatch(/^conform: --system \.\/adapters\/protocol\.ts: the module exports no createSystem/);
  }, 60_000);
});
