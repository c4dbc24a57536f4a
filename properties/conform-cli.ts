/**
 * npm run conform -- [flags]   (flags below, or --help)
 * The main job: a lockstep conformance campaign with a progress line and a summary. A failure is
 * shrunk, saved atomically to the corpus, printed with its replay command, and exits 1.
 * Bad usage or setup (unknown flag, bad --path, bad DAOS_EC_KERNEL...) exits 2 before any run.
 * Ctrl-C stops after the current case and still prints the summary of the runs done (exit 130).
 */
import { checkSeed, formatHelp, HELP_FLAG, parseFlags, UsageError } from './args.ts';
import { runConformance } from './conform.ts';
import { preflight, SetupError } from './preflight.ts';
import { formatDivergence, formatGlossary, formatSummary, formatUnreachedRules } from './report.ts';
import { specRuleIds } from './spec-rules.ts';
import { loadSystem, SYSTEM_NAMES, type SystemName } from './systems.ts';

const DEFAULTS = { runs: 1000, maxOps: 200, system: 'engine' as SystemName, corpus: 'corpus', seed: 20261121 };

const FLAGS = {
  runs: { kind: 'int', value: 'N', help: `generated cases to run, >= 1 (default ${DEFAULTS.runs})` },
  'max-ops': { kind: 'int', value: 'M', help: `ops per case after the setup prefix, >= 1 (default ${DEFAULTS.maxOps})` },
  seed: { kind: 'int', value: 'S', help: `fast-check seed, 32 bits (default ${DEFAULTS.seed}, fixed so a plain run is reproducible)` },
  path: { kind: 'string', value: 'P', help: "fast-check replay path printed with a failure, e.g. '12:0:3' (with the same --seed and --max-ops)" },
  system: { kind: 'string', value: 'NAME', help: `system under test: ${SYSTEM_NAMES.join(' or ')} (default ${DEFAULTS.system})` },
  corpus: { kind: 'string', value: 'DIR', help: `where a shrunk failure is saved (default ${DEFAULTS.corpus})` },
  help: HELP_FLAG,
} as const;

const USAGE = formatHelp('usage: npm run conform -- [flags]', FLAGS, 'Exit 0: passed; 1: a divergence (shrunk, saved, replay command printed); 2: bad usage or setup;\n3: internal error; 130: interrupted (Ctrl-C), after printing the partial summary.');

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags._.length) throw new UsageError(`unexpected argument '${flags._[0]}'`);
  const runs = flags.runs ?? DEFAULTS.runs;
  const maxOps = flags['max-ops'] ?? DEFAULTS.maxOps;
  if (runs < 1) throw new UsageError('--runs must be at least 1');
  if (maxOps < 1) throw new UsageError('--max-ops must be at least 1');
  const systemName = (flags.system ?? DEFAULTS.system) as SystemName;
  if (!SYSTEM_NAMES.includes(systemName)) throw new UsageError(`--system must be one of ${SYSTEM_NAMES.join(', ')}, got '${systemName}'`);
  // fast-check paths are colon-separated run and shrink indices; anything else makes it throw.
  if (flags.path !== undefined && !/^\d+(:\d+)*$/.test(flags.path)) throw new UsageError(`--path must look like 12 or 12:0:3 (the path a failure printed), got '${flags.path}'`);
  if (flags.path !== undefined && Number(flags.path.split(':')[0]) >= runs) throw new UsageError(`--path ${flags.path} names run ${flags.path.split(':')[0]}, beyond --runs ${runs}: give the --runs of the run that printed it`);
  const seed = checkSeed('--seed', flags.seed ?? DEFAULTS.seed);
  const corpusDir = flags.corpus ?? DEFAULTS.corpus;
  const system = await loadSystem(systemName);
  preflight(systemName, system);

  console.log(`conform: system=${systemName} runs=${runs} max-ops=${maxOps} seed=${seed}${flags.path ? ` path=${flags.path}` : ''}`);
  let stopRequested = false;
  process.on('SIGINT', () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    process.stdout.write('\nconform: interrupted — finishing the current case, then the summary (Ctrl-C again to quit at once)\n');
  });
  const started = Date.now();
  let lastPrint = 0;
  let detectedAfterMs: number | null = null;
  const result = await runConformance({
    runs, maxOps, seed, system, corpusDir, by: 'conform', collectStates: true,
    ...(flags.path ? { path: flags.path } : {}),
    shouldStop: () => stopRequested,
    onRun(done, stats, failed) {
      const now = Date.now();
      if (failed) {
        detectedAfterMs = now - started;
        process.stdout.write(`  divergence found in run ${done} after ${(detectedAfterMs / 1000).toFixed(1)} s; shrinking...\n`);
        return;
      }
      if (now - lastPrint < 2000 && done !== runs) return;
      lastPrint = now;
      const seconds = (now - started) / 1000;
      process.stdout.write(`  progress: ${done}/${runs} runs, ${stats.steps} ops, ${Math.round(stats.steps / Math.max(seconds, 0.001))} ops/s, ${seconds.toFixed(0)} s\n`);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  const extra = { system: systemName, runs: `${result.runs}${result.interrupted ? ` of ${runs} (interrupted)` : ''}`, seed, 'elapsed s': seconds.toFixed(1), 'ops/s': Math.round(result.stats.steps / Math.max(seconds, 0.001)) };
  const title = result.failure ? 'conform: FAILED' : result.interrupted ? `conform: INTERRUPTED after ${result.runs} runs (those passed)` : 'conform: passed';
  console.log(formatSummary(title, result.stats, extra, specRuleIds().length));
  console.log(formatUnreachedRules(result.stats.rules, specRuleIds()));
  console.log(formatGlossary());
  if (!result.failure) return result.interrupted ? 130 : 0;
  const f = result.failure;
  const replay = f.savedTo ? `npm run repro -- ${f.savedTo}` : `npm run conform -- --seed ${f.seed} --path ${f.path}`;
  console.log(formatDivergence(f.kase.ops, f.divergence, replay));
  const shrinkSeconds = detectedAfterMs === null ? 0 : seconds - detectedAfterMs / 1000;
  console.log(`detected after ${((detectedAfterMs ?? 0) / 1000).toFixed(1)} s (run ${result.runs}); shrunk in ${f.shrinkSteps} steps (${shrinkSeconds.toFixed(1)} s) to ${f.kase.ops.length} ops; fast-check replay: npm run conform -- --system ${systemName} --seed ${f.seed} --path ${f.path} --max-ops ${maxOps}`);
  console.log(`swarm: ${JSON.stringify(f.kase.swarm.weights)}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof SetupError) {
      console.error(`conform: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
