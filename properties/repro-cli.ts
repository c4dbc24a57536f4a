/**
 * npm run repro -- <case.json> [flags]   (flags below, or --help)
 * Replays a corpus case deterministically, without fast-check: prints the numbered trace with each
 * step's expected (model) and actual (implementation) outcome, and exits 1 while it still diverges,
 * 0 when it conforms (printing the divergence the file recorded, so a fix can be checked against
 * it), 2 for a malformed or unknown file, bad usage or setup, or a failing system adapter.
 * The system defaults to the one the case was recorded on. A system that declares itself
 * non-deterministic is replayed N times (--retries, default 10) and the report says how often it
 * diverged; it exits 1 if any replay diverged.
 */
import { statSync } from 'node:fs';
import { SystemError } from '../contract/index.ts';
import { formatHelp, HELP_FLAG, parseFlags, UsageError } from './args.ts';
import { CaseFileError, readCaseFile, recordedSystem, replayCommand, type CaseFile } from './case-file.ts';
import { isAdmissible } from './admissible.ts';
import { describeCanonical } from './normalize.ts';
import { checkEnvironment, SetupError } from './preflight.ts';
import { formatDivergence, formatOp } from './report.ts';
import { runLockstepAsync, type LockstepResult, type StepRecord } from './runner.ts';
import { checkSystemSpec, resolveSystem, SYSTEM_USAGE, type ResolvedSystem } from './systems.ts';

const RETRIES_NON_DETERMINISTIC = 10;

const FLAGS = {
  system: { kind: 'string', value: 'S', help: `system to replay on: ${SYSTEM_USAGE} (default: the one the case records)` },
  retries: { kind: 'int', value: 'N', help: `replays, >= 1 (default 1, or ${RETRIES_NON_DETERMINISTIC} for a system that declares itself non-deterministic)` },
  quiet: { kind: 'bool', help: 'print only the diverging step, not every step of the trace' },
  help: HELP_FLAG,
} as const;

const USAGE = formatHelp('usage: npm run repro -- <case.json> [flags]', FLAGS, 'Exit 0: the case conforms now (fixed); 1: it still diverges; 2: bad file, usage or setup; 3: internal error.');

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags._.length !== 1) throw new UsageError(`expected one case file, got ${flags._.length} (see --help)`);
  if (flags.retries !== undefined && flags.retries < 1) throw new UsageError('--retries must be at least 1');
  const file = flags._[0];
  if (isDirectory(file)) throw new UsageError(`${file} is a directory; give one case file, e.g. ${file.replace(/\/$/, '')}/<case>.json`);
  const kase = readCaseFile(file);
  const systemName = flags.system ?? recordedSystem(kase);
  checkSystemSpec(systemName);
  checkEnvironment();
  const system = await resolveSystem(systemName);
  try {
    return await replay(file, kase, system, flags.retries, flags.quiet ?? false);
  } finally {
    await system.close();
  }
}

async function replay(file: string, kase: CaseFile, system: ResolvedSystem, retries: number | undefined, quiet: boolean): Promise<number> {
  console.log(`repro: ${file} (${kase.ops.length} ops, found by ${kase.found.by} on ${recordedSystem(kase)}, seed ${kase.found.seed ?? '-'}, engine seed ${kase.engineSeed}); system ${system.spec}`);
  console.log('  each step: the op, then expected = what the model allows (several when the spec allows a set), actual = what the implementation returned');
  const runOnce = (onStep?: (r: StepRecord) => void): Promise<LockstepResult> =>
    runLockstepAsync(kase.ops, { makeImpl: () => system.factory(kase.engineSeed), admissible: isAdmissible, ...(onStep ? { onStep } : {}) });
  const result = await runOnce((r) => {
    if (quiet && r.conforms) return;
    const mark = r.conforms ? '  ' : '>>';
    console.log(`${String(r.index).padStart(5)} ${mark} ${formatOp(r.op)}`);
    console.log(`           expected ${r.expected.map((e) => describeCanonical(e)).join(' | ')}`);
    console.log(`           actual   ${describeCanonical(r.actual)}${r.conforms ? '' : '   <-- not allowed'}`);
  });
  const attempts = retries ?? (system.capabilities.deterministic ? 1 : RETRIES_NON_DETERMINISTIC);
  let divergedCount = result.status === 'diverged' ? 1 : 0;
  for (let i = 1; i < attempts; i++) if ((await runOnce()).status === 'diverged') divergedCount++;
  if (attempts > 1) console.log(`repro: diverged in ${divergedCount} of ${attempts} replays${system.capabilities.deterministic ? '' : ` (${system.spec} is not deterministic for a seed)`}`);
  if (result.status === 'conforms') {
    console.log(`repro: conforms now (${result.stats.steps} ops checked, ${result.stats.skipped} skipped by FAULT-8: outside the generator constraints, applied to neither side)`);
    console.log(storedDivergence(kase));
    return divergedCount > 0 ? 1 : 0;
  }
  console.log(formatDivergence(kase.ops, result.divergence, replayCommand(file, system.spec)));
  return 1;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** What the file says diverged when it was found: the fix being checked. */
function storedDivergence(kase: CaseFile): string {
  const d = kase.divergence;
  if (!d) return 'repro: the file records no divergence';
  const op = kase.ops[d.stepIndex];
  return [
    `repro: the file recorded this divergence (found by ${kase.found.by}${kase.signature ? `, signature ${kase.signature}` : ''}):`,
    `  step ${d.stepIndex}${op ? ` ${formatOp(op)}` : ''} (${d.reason})`,
    `  expected (model allows): ${d.expected.length ? d.expected.map((e) => describeCanonical(e)).join('  |  ') : '-'}`,
    `  actual (implementation): ${describeCanonical(d.actual)}`,
    `  spec rules: ${d.rules.length ? d.rules.join(', ') : '(none cited)'}`,
    `  ${d.message}`,
  ].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof CaseFileError || e instanceof SystemError || e instanceof SetupError) {
      console.error(`repro: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
