/**
 * npm run repro -- <case.json> [flags]   (flags below, or --help)
 * Replays a corpus case deterministically, without fast-check: prints the numbered trace with each
 * step's expected (model) and actual (implementation) outcome, and exits 1 while it still diverges,
 * 0 when it conforms (printing the divergence the file recorded, so a fix can be checked against
 * it), 2 for a malformed or unknown file, bad usage or setup.
 */
import { statSync } from 'node:fs';
import { formatHelp, HELP_FLAG, parseFlags, UsageError } from './args.ts';
import { CaseFileError, readCaseFile, type CaseFile } from './case-file.ts';
import { isAdmissible } from './admissible.ts';
import { describeCanonical } from './normalize.ts';
import { preflight, SetupError } from './preflight.ts';
import { formatDivergence, formatOp } from './report.ts';
import { runLockstep } from './runner.ts';
import { loadSystemByName, SYSTEM_NAMES } from './systems.ts';

const FLAGS = {
  system: { kind: 'string', value: 'NAME', help: `system to replay on: ${SYSTEM_NAMES.join(' or ')} (or a chaos test- system) (default engine)` },
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
  const systemName = flags.system ?? 'engine';
  const system = await loadSystemByName(systemName);
  if (!system) throw new UsageError(`--system must be one of ${SYSTEM_NAMES.join(', ')} (or a chaos test- system), got '${systemName}'`);
  const file = flags._[0];
  if (isDirectory(file)) throw new UsageError(`${file} is a directory; give one case file, e.g. ${file.replace(/\/$/, '')}/<case>.json`);
  const kase = readCaseFile(file);
  preflight(systemName, system);
  console.log(`repro: ${file} (${kase.ops.length} ops, found by ${kase.found.by}, seed ${kase.found.seed ?? '-'}, engine seed ${kase.engineSeed}) on ${systemName}`);
  console.log('  each step: the op, then expected = what the model allows (several when the spec allows a set), actual = what the implementation returned');
  const result = runLockstep(kase.ops, {
    makeImpl: () => system(kase.engineSeed),
    admissible: isAdmissible,
    onStep: (r) => {
      if (flags.quiet && r.conforms) return;
      const mark = r.conforms ? '  ' : '>>';
      console.log(`${String(r.index).padStart(5)} ${mark} ${formatOp(r.op)}`);
      console.log(`           expected ${r.expected.map((e) => describeCanonical(e)).join(' | ')}`);
      console.log(`           actual   ${describeCanonical(r.actual)}${r.conforms ? '' : '   <-- not allowed'}`);
    },
  });
  if (result.status === 'conforms') {
    console.log(`repro: conforms now (${result.stats.steps} ops checked, ${result.stats.skipped} skipped by FAULT-8: outside the generator constraints, applied to neither side)`);
    console.log(storedDivergence(kase));
    return 0;
  }
  console.log(formatDivergence(kase.ops, result.divergence, `npm run repro -- ${file}${systemName === 'engine' ? '' : ` --system ${systemName}`}`));
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
    if (e instanceof UsageError || e instanceof CaseFileError || e instanceof SetupError) {
      console.error(`repro: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
