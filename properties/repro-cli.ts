/**
 * npm run repro -- <case.json> [--system engine|model] [--quiet]
 * Replays a corpus case deterministically, without fast-check: prints the numbered trace with each
 * step's expected (model) and actual (implementation) outcome, and exits 1 while it still diverges,
 * 0 when it conforms, 2 for a malformed or unknown file or bad usage.
 */
import { parseFlags, UsageError } from './args.ts';
import { CaseFileError, readCaseFile } from './case-file.ts';
import { isAdmissible } from './admissible.ts';
import { describeCanonical } from './normalize.ts';
import { formatDivergence, formatOp } from './report.ts';
import { runLockstep } from './runner.ts';
import { loadSystemByName, SYSTEM_NAMES } from './systems.ts';

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { system: 'string', quiet: 'bool' });
  if (flags._.length !== 1) throw new UsageError('usage: npm run repro -- <case.json> [--system engine|model] [--quiet]');
  const systemName = flags.system ?? 'engine';
  const system = await loadSystemByName(systemName);
  if (!system) throw new UsageError(`--system must be one of ${SYSTEM_NAMES.join(', ')} (or a chaos test- system), got '${systemName}'`);
  const file = flags._[0];
  const kase = readCaseFile(file);
  console.log(`repro: ${file} (${kase.ops.length} ops, found by ${kase.found.by}, seed ${kase.found.seed ?? '-'}, engine seed ${kase.engineSeed})`);
  const result = runLockstep(kase.ops, {
    makeImpl: () => system(kase.engineSeed),
    admissible: isAdmissible,
    onStep: (r) => {
      if (flags.quiet && r.conforms) return;
      const mark = r.conforms ? '  ' : '>>';
      console.log(`${String(r.index).padStart(5)} ${mark} ${formatOp(r.op)}`);
      console.log(`           expected ${r.expected.map((e) => describeCanonical(e)).join(' | ')}`);
      if (!r.conforms) console.log(`           actual   ${describeCanonical(r.actual)}`);
    },
  });
  if (result.status === 'conforms') {
    console.log(`repro: conforms (${result.stats.steps} ops checked, ${result.stats.skipped} skipped by FAULT-8)`);
    return 0;
  }
  console.log(formatDivergence(kase.ops, result.divergence, `npm run repro -- ${file}`));
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof CaseFileError) {
      console.error(`repro: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
