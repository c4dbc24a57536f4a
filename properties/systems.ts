import type { SystemUnderTest } from '../contract/index.ts';
import { Engine } from '../impl/engine/engine.ts';
import { ModelAsSystem } from './model-sut.ts';

/**
 * The systems a lockstep run can check. `engine` is the optimized implementation (impl/engine);
 * `model` checks the model against itself (a self-test of the runner).
 */
export type SystemName = 'engine' | 'model';
export const SYSTEM_NAMES: readonly SystemName[] = ['engine', 'model'];

export type SystemFactory = (engineSeed: number) => SystemUnderTest;

// Async so a future system can be loaded lazily (e.g. a native or remote implementation).
export async function loadSystem(name: SystemName): Promise<SystemFactory> {
  if (name === 'model') return () => new ModelAsSystem();
  return (seed) => new Engine({ seed });
}
