import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Op } from '../contract/index.ts';

/**
 * Replays a literal trace in lockstep on any checkout (the clean tree, another helper's tree, or a
 * patched scratch copy) by importing that checkout's own runner, admissibility check and engine. Each
 * checkout path is a separate module graph, so a patched copy never leaks into the clean tree.
 */
export type ReplayResult =
  | { readonly status: 'conforms'; readonly steps: number }
  | { readonly status: 'diverged'; readonly step: number; readonly reason: string; readonly message: string };

interface TreeModules {
  readonly runLockstep: (ops: readonly Op[], options: object) => {
    status: string; stats: { steps: number };
    divergence?: { stepIndex: number; reason: string; message: string };
  };
  readonly isAdmissible: unknown;
  readonly loadSystem: (name: 'engine') => Promise<(seed: number) => unknown>;
}

const loaded = new Map<string, Promise<TreeModules>>();

function load(tree: string): Promise<TreeModules> {
  const root = resolve(tree);
  let modules = loaded.get(root);
  if (modules === undefined) {
    const url = (p: string) => pathToFileURL(join(root, p)).href;
    modules = Promise.all([import(url('properties/runner.ts')), import(url('properties/admissible.ts')), import(url('properties/systems.ts'))])
      .then(([runner, admissible, systems]) => ({ runLockstep: runner.runLockstep, isAdmissible: admissible.isAdmissible, loadSystem: systems.loadSystem }));
    loaded.set(root, modules);
  }
  return modules;
}

export async function replayOn(tree: string, ops: readonly Op[], engineSeed = 1): Promise<ReplayResult> {
  const m = await load(tree);
  const system = await m.loadSystem('engine');
  const result = m.runLockstep(ops, { makeImpl: () => system(engineSeed), admissible: m.isAdmissible, invariantsEvery: 1 });
  if (result.status === 'conforms') return { status: 'conforms', steps: result.stats.steps };
  const d = result.divergence!;
  return { status: 'diverged', step: d.stepIndex, reason: d.reason, message: d.message };
}
