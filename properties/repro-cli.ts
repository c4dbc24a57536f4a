/**
 * npm run repro -- <case.json> [--system S] [--retries N] [--quiet]
 * Replays a corpus case deterministically, without fast-check: prints the numbered trace with each
 * step's expected (model) and actual (implementation) outcome, and exits 1 while it still diverges,
 * 0 when it conforms, 2 for a malformed or unknown file, bad usage or a failing system adapter.
 * The system defaults to the one the case was recorded on. A system that declares itself
 * non-deterministic is replayed N times (--retries, default 10) and the report says how often it
 * diverged; it exits 1 if any replay diverged.
 */
import { SystemError } from '../contract/index.ts';
import { parseFlags, UsageError } from './args.ts';
import { CaseFileError, readCaseFile, recordedSystem, replayCommand, type CaseFile } from './case-file.ts';
import { isAdmissible } from './admissible.ts';
import { describeCanonical } from './normalize.ts';
import { formatDivergence, formatOp } from './report.ts';
import { runLockstepAsync, type LockstepResult, type StepRecord } from './runner.ts';
import { checkSystemSpec, resolveSystem, SYSTEM_USAGE, type ResolvedSystem } from './systems.ts';

const RETRIES_NON_DETERMINISTIC = 10;

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { system: 'string', retries: 'int', quiet: 'bool' });
  if (flags._.length !== 1) throw new UsageError(`usage: npm run repro -- <case.json> [--system ${SYSTEM_USAGE}] [--retries N] [--quiet]`);
  if (flags.retries !== undefined && flags.retries < 1) throw new UsageError('--retries must be at least 1');
  const file = flags._[0];
  const kase = readCaseFile(file);
  const systemName = flags.system ?? recordedSystem(kase);
  checkSystemSpec(systemName);
  const system = await resolveSystem(systemName);
  try {
    return await replay(file, kase, system, flags.retries, flags.quiet ?? false);
  } finally {
    await system.close();
  }
}

async function replay(file: string, kase: CaseFile, system: ResolvedSystem, retries: number | undefined, quiet: boolean): Promise<number> {
  console.log(`repro: ${file} (${kase.ops.length} ops, found by ${kase.found.by} on ${recordedSystem(kase)}, seed ${kase.found.seed ?? '-'}, engine seed ${kase.engineSeed}); system ${system.spec}`);
  const runOnce = (onStep?: (r: StepRecord) => void): Promise<LockstepResult> =>
    runLockstepAsync(kase.ops, { makeImpl: () => system.factory(kase.engineSeed), admissible: isAdmissible, ...(onStep ? { onStep } : {}) });
  const result = await runOnce((r) => {
    if (quiet && r.conforms) return;
    const mark = r.conforms ? '  ' : '>>';
    console.log(`${String(r.index).padStart(5)} ${mark} ${formatOp(r.op)}`);
    console.log(`           expected ${r.expected.map((e) => describeCanonical(e)).join(' | ')}`);
    if (!r.conforms) console.log(`           actual   ${describeCanonical(r.actual)}`);
  });
  const attempts = retries ?? (system.capabilities.deterministic ? 1 : RETRIES_NON_DETERMINISTIC);
  let divergedCount = result.status === 'diverged' ? 1 : 0;
  for (let i = 1; i < attempts; i++) if ((await runOnce()).status === 'diverged') divergedCount++;
  if (attempts > 1) console.log(`repro: diverged in ${divergedCount} of ${attempts} replays${system.capabilities.deterministic ? '' : ` (${system.spec} is not deterministic for a seed)`}`);
  if (result.status === 'conforms') {
    console.log(`repro: conforms (${result.stats.steps} ops checked, ${result.stats.skipped} skipped by FAULT-8)`);
    return divergedCount > 0 ? 1 : 0;
  }
  console.log(formatDivergence(kase.ops, result.divergence, replayCommand(file, system.spec)));
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof CaseFileError || e instanceof SystemError) {
      console.error(`repro: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
