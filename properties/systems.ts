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

/**
 * Like loadSystem, but also accepts the deliberately broken systems of chaos/test-systems.ts (names
 * starting with "test-"), so `npm run repro -- <case> --system test-buggy-model` replays a case found
 * against one. Unknown names return undefined.
 */
export async function loadSystemByName(name: string): Promise<SystemFactory | undefined> {
  if ((SYSTEM_NAMES as readonly string[]).includes(name)) return loadSystem(name as SystemName);
  if (!name.startsWith('test-')) return undefined;
  const { TEST_SYSTEMS } = (await import('../chaos/test-systems.ts')) as { TEST_SYSTEMS: Readonly<Record<string, SystemFactory>> };
  return TEST_SYSTEMS[name];
}
