import { defaultKernel } from '../impl/ec/index.ts';
import type { SystemFactory } from './systems.ts';

/**
 * Setup and configuration checks run once before a campaign, a replay or a benchmark, so that a
 * bad setting is an error of the run (exit 2, one line) and never a divergence or a corpus case
 * (DESIGN.md: setup or adapter failures are errors of the run).
 *
 * Checks: the environment variables the implementation reads (DAOS_EC_KERNEL), and that the system
 * under test can be constructed at all. Does NOT run a trace: what a system does with ops is the
 * campaign's business.
 */
export class SetupError extends Error {}

/** Environment settings the implementation reads lazily, checked eagerly here. */
export function checkEnvironment(): void {
  try {
    defaultKernel();
  } catch (e) {
    throw new SetupError(`bad environment: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function preflight(systemName: string, system: SystemFactory): void {
  checkEnvironment();
  try {
    system(0);
  } catch (e) {
    throw new SetupError(`system '${systemName}' cannot be constructed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
