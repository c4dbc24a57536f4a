import { defaultKernel } from '../impl/ec/index.ts';

/**
 * Configuration checks run once before a campaign, a replay or a benchmark, so that a bad setting
 * is an error of the run (exit 2, one line) and never a divergence or a corpus case (DESIGN.md:
 * setup or adapter failures are errors of the run).
 *
 * Checks the environment variables the implementation reads lazily (DAOS_EC_KERNEL, read when the
 * first EC object is written, mid-trace). Does NOT start or probe the system under test: loading
 * a module or an adapter is properties/systems.ts resolveSystem's job, and it fails with a
 * SystemError (also exit 2).
 */
export class SetupError extends Error {}

export function checkEnvironment(): void {
  try {
    defaultKernel();
  } catch (e) {
    throw new SetupError(`bad environment: ${e instanceof Error ? e.message : String(e)}`);
  }
}
