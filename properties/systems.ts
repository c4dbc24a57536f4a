import type { SystemUnderTest } from '../contract/index.ts';
import { ModelAsSystem } from './model-sut.ts';

/**
 * The systems a lockstep run can check. `engine` is the optimized implementation (impl/engine);
 * `model` checks the model against itself (a self-test of the runner).
 */
export type SystemName = 'engine' | 'model';
export const SYSTEM_NAMES: readonly SystemName[] = ['engine', 'model'];

export type SystemFactory = (engineSeed: number) => SystemUnderTest;

export async function loadSystem(name: SystemName): Promise<SystemFactory> {
  if (name === 'model') return () => new ModelAsSystem();
  const enginePath = '../impl/engine/engine.ts';
  const { Engine } = (await import(enginePath)) as { Engine: new (options: { seed: number }) => SystemUnderTest };
  return (seed) => new Engine({ seed });
}
