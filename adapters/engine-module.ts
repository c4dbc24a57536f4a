/**
 * The module form of --system (properties/systems.ts): a module exporting createSystem(engineSeed)
 * and, optionally, its capabilities. This one serves the project's engine in-process:
 *   npm run conform -- --system ./adapters/engine-module.ts
 */
import { ALL_CAPABILITIES, type SystemCapabilities, type SystemUnderTest } from '../contract/index.ts';
import { Engine } from '../impl/engine/engine.ts';

export const capabilities: SystemCapabilities = ALL_CAPABILITIES;

export function createSystem(engineSeed: number): SystemUnderTest {
  return new Engine({ seed: engineSeed });
}
