import { UsageError } from '../properties/args.ts';
import { loadSystem, SYSTEM_NAMES, type SystemFactory, type SystemName } from '../properties/systems.ts';
import { TEST_SYSTEMS } from './test-systems.ts';

/**
 * Resolves a --system name: the public ones (engine, model) through properties/systems.ts, plus the
 * hidden test-only systems of chaos/test-systems.ts (names starting with "test-").
 */
export function checkSystemName(name: string): void {
  if ((SYSTEM_NAMES as readonly string[]).includes(name) || name in TEST_SYSTEMS) return;
  throw new UsageError(`--system must be one of ${SYSTEM_NAMES.join(', ')}, got '${name}'`);
}

export async function resolveSystem(name: string): Promise<SystemFactory> {
  checkSystemName(name);
  if (name in TEST_SYSTEMS) return TEST_SYSTEMS[name];
  return loadSystem(name as SystemName);
}
