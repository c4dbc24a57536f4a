/**
 * The case that never ended: the 1440-op chaos trace saved as a hang (properties/fixtures), replayed
 * in full by the lockstep runner with the model against itself, as `npm run repro -- <case>
 * --system model` does. Before views were remembered (model/views.ts) a read after r successful
 * rollbacks re-folded the log about 2^(r-1) times and this did not finish in 10 minutes; the figure
 * is ops checked per second. properties/long-case.test.ts bounds the same replay's work by counting.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../harness.ts';
import { isAdmissible } from '../../properties/admissible.ts';
import { readCaseFile } from '../../properties/case-file.ts';
import { ModelAsSystem } from '../../properties/model-sut.ts';
import { runLockstep } from '../../properties/runner.ts';

const CASE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'properties', 'fixtures', 'chaos-hang-e6d8182984-1440ops.json');
const kase = readCaseFile(CASE);

function replay(): number {
  const result = runLockstep(kase.ops, { makeImpl: () => new ModelAsSystem(), admissible: isAdmissible });
  if (result.status !== 'conforms') throw new Error(`the long case diverged: ${result.divergence.message}`);
  return result.stats.steps;
}

const steps = replay();

export const suite: BenchSuite = {
  name: 'long-case',
  environment: () => ({ case: `chaos-hang-e6d8182984: ${kase.ops.length} ops, ${steps} checked, model vs model` }),
  cases: () => [{ name: 'long case model vs model', fn: () => void replay(), itemsPerCall: steps, itemUnit: 'ops' }],
};
