/**
 * npm run conform -- [flags]   (flags below, or --help)
 * The main job: a lockstep conformance campaign with a progress line and a summary. A failure is
 * shrunk, saved atomically to the corpus, printed with its replay command, and exits 1.
 * Bad usage or setup (unknown flag, bad --path, bad DAOS_EC_KERNEL, a failing adapter) exits 2
 * before any run. Ctrl-C stops after the current case and still prints the summary of the runs done
 * (exit 130).
 */
import { SystemError } from '../contract/index.ts';
import { checkSeed, formatHelp, HELP_FLAG, parseFlags, UsageError } from './args.ts';
import { replayCommand, shellQuote, writeFileAtomic } from './case-file.ts';
import { runConformance, systemFilter } from './conform.ts';
import { NEVER_CITED_REASONS, parseBoost } from './feedback.ts';
import { declaredValues, formatDeclaredValues } from './declared-values.ts';
import type { Category } from './swarm.ts';
import { checkEnvironment, SetupError } from './preflight.ts';
import { formatDivergence, formatGlossary, formatSummary, formatUnreachedRules } from './report.ts';
import { specRuleIds } from './spec-rules.ts';
import { checkSystemSpec, resolveSystem, SYSTEM_USAGE, type ResolvedSystem } from './systems.ts';

const DEFAULTS = { runs: 1000, maxOps: 200, system: 'engine', corpus: 'corpus', seed: 20261121, epochs: 5 };

const FLAGS = {
  runs: { kind: 'int', value: 'N', help: `generated cases to run, >= 1 (default ${DEFAULTS.runs})` },
  'max-ops': { kind: 'int', value: 'M', help: `ops per case after the setup prefix, >= 1 (default ${DEFAULTS.maxOps})` },
  seed: { kind: 'int', value: 'S', help: `fast-check seed, 32 bits (default ${DEFAULTS.seed}, fixed so a plain run is reproducible)` },
  path: { kind: 'string', value: 'P', help: "fast-check replay path printed with a failure, e.g. '12:0:3' (with the same --seed and --max-ops)" },
  system: { kind: 'string', value: 'S', help: `system under test: ${SYSTEM_USAGE} (default ${DEFAULTS.system})` },
  corpus: { kind: 'string', value: 'DIR', help: `where a shrunk failure is saved (default ${DEFAULTS.corpus})` },
  epochs: { kind: 'int', value: 'E', help: `epochs, >= 1: each steers the swarm toward what the ones before reached rarely (properties/feedback.ts; default ${DEFAULTS.epochs})` },
  boost: { kind: 'string', value: 'C,C', help: 'swarm categories boosted in the first epoch (a failure\'s fast-check replay prints its epoch\'s)' },
  'json-summary': { kind: 'string', value: 'FILE', help: 'also write the summary as JSON (found, runs, ops, rules reached, the failure: run, shrunk ops) for tools such as the zoo' },
  help: HELP_FLAG,
} as const;

const USAGE = formatHelp('usage: npm run conform -- [flags]', FLAGS, 'Exit 0: passed; 1: a divergence (shrunk, saved, replay command printed); 2: bad usage or setup;\n3: internal error; 130: interrupted (Ctrl-C), after printing the partial summary.');

interface CampaignArgs {
  readonly runs: number;
  readonly maxOps: number;
  readonly seed: number;
  readonly corpusDir: string;
  readonly path: string | undefined;
  readonly jsonSummary: string | undefined;
  readonly epochs: number;
  readonly boost: readonly Category[];
}

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
  const systemName = flags.system ?? DEFAULTS.system;
  checkSystemSpec(systemName);
  // fast-check paths are colon-separated run and shrink indices; anything else makes it throw.
  if (flags.path !== undefined && !/^\d+(:\d+)*$/.test(flags.path)) throw new UsageError(`--path must look like 12 or 12:0:3 (the path a failure printed), got '${flags.path}'`);
  if (flags.path !== undefined && Number(flags.path.split(':')[0]) >= runs) throw new UsageError(`--path ${flags.path} names run ${flags.path.split(':')[0]}, beyond --runs ${runs}: give the --runs of the run that printed it`);
  // A fixed default seed keeps `npm run conform` reproducible; pass --seed to explore elsewhere.
  const seed = checkSeed('--seed', flags.seed ?? DEFAULTS.seed);
  const corpusDir = flags.corpus ?? DEFAULTS.corpus;
  const epochs = flags.epochs ?? DEFAULTS.epochs;
  if (epochs < 1) throw new UsageError('--epochs must be at least 1');
  let boost: Category[] = [];
  try {
    boost = parseBoost(flags.boost ?? '');
  } catch (e) {
    throw new UsageError(`--boost: ${(e as Error).message}`);
  }
  checkEnvironment();
  const system = await resolveSystem(systemName);
  try {
    return await campaign(system, { runs, maxOps, seed, corpusDir, path: flags.path, jsonSummary: flags['json-summary'], epochs, boost });
  } finally {
    await system.close();
  }
}

async function campaign(system: ResolvedSystem, a: CampaignArgs): Promise<number> {
  const systemName = system.spec;
  const filter = systemFilter(system);
  if (filter) console.log(`conform: ${systemName} does not support ${filter.leftOut.length} op kinds, left out of every trace: ${filter.leftOut.join(' ')}`);
  if (!system.capabilities.invariants) console.log(`conform: ${systemName} has no invariant checks (checkInvariants is a no-op)`);

  console.log(`conform: system=${systemName} runs=${a.runs} max-ops=${a.maxOps} seed=${a.seed}${a.path ? ` path=${a.path}` : ''}`);
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
    runs: a.runs, maxOps: a.maxOps, seed: a.seed, system, corpusDir: a.corpusDir, by: 'conform', collectStates: true,
    ...(a.path ? { path: a.path } : {}),
    shouldStop: () => stopRequested,
    epochs: a.epochs, boost: a.boost,
    onEpoch(e) {
      process.stdout.write(`  epoch ${e.epoch + 1}/${a.epochs} (seed ${e.seed}, boost ${e.boost.join(',') || '-'}): ${e.runs} runs, rules ${e.rulesReached}, states ${e.statesReached}, op pairs ${e.pairsReached}\n`);
    },
    onRun(done, stats, failed) {
      const now = Date.now();
      if (failed) {
        detectedAfterMs = now - started;
        process.stdout.write(`  divergence found in run ${done} after ${(detectedAfterMs / 1000).toFixed(1)} s; shrinking...\n`);
        return;
      }
      if (now - lastPrint < 2000 && done !== a.runs) return;
      lastPrint = now;
      const seconds = (now - started) / 1000;
      process.stdout.write(`  progress: ${done}/${a.runs} runs, ${stats.steps} ops, ${Math.round(stats.steps / Math.max(seconds, 0.001))} ops/s, ${seconds.toFixed(0)} s\n`);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  const extra = { system: systemName, runs: `${result.runs}${result.interrupted ? ` of ${a.runs} (interrupted)` : ''}`, seed: a.seed, 'elapsed s': seconds.toFixed(1), 'ops/s': Math.round(result.stats.steps / Math.max(seconds, 0.001)) };
  const title = result.failure ? 'conform: FAILED' : result.interrupted ? `conform: INTERRUPTED after ${result.runs} runs (those passed)` : 'conform: passed';
  console.log(formatSummary(title, result.stats, extra, specRuleIds().length));
  console.log(formatUnreachedRules(result.stats.rules, specRuleIds()));
  const never = specRuleIds().filter((id) => !(id in result.stats.rules) && NEVER_CITED_REASONS[id]);
  if (never.length) console.log(`  why (never cited by the model):${never.map((id) => `\n    ${id}: ${NEVER_CITED_REASONS[id]}`).join('')}`);
  console.log(`  op pairs reached: ${Object.keys(result.pairs).length}`);
  console.log(`  ${formatDeclaredValues(declaredValues(result.domains))}`);
  console.log(formatGlossary());
  // For tools that run conform many times (zoo/): the same figures as the text, without parsing it.
  if (a.jsonSummary) {
    const f = result.failure;
    const rulesReached = specRuleIds().filter((id) => id in result.stats.rules).length;
    writeFileAtomic(a.jsonSummary, `${JSON.stringify({
      found: f !== null, runs: result.runs, ops: result.stats.steps, rulesReached,
      failure: f && { run: result.runs, shrunkOps: f.kase.ops.length, savedTo: f.savedTo, reason: f.divergence.reason, opType: f.divergence.op.type, rules: f.divergence.rules },
    }, null, 1)}\n`);
  }
  if (!result.failure) return result.interrupted ? 130 : 0;
  const f = result.failure;
  const boostFlag = f.boost.length ? ` --boost ${f.boost.join(',')}` : '';
  const fastCheckReplay = `npm run conform -- --system ${shellQuote(systemName)} --seed ${f.seed} --epochs 1${boostFlag} --runs ${a.runs} --path ${f.path} --max-ops ${a.maxOps}`;
  const replay = f.savedTo ? replayCommand(f.savedTo, systemName) : fastCheckReplay;
  console.log(formatDivergence(f.kase.ops, f.divergence, replay));
  const shrinkSeconds = detectedAfterMs === null ? 0 : seconds - detectedAfterMs / 1000;
  console.log(`detected after ${((detectedAfterMs ?? 0) / 1000).toFixed(1)} s (run ${result.runs}); shrunk in ${f.shrinkSteps} steps (fast-check: ${f.fastCheckOps} ops, then ${f.literalShrink.runs} literal runs; ${shrinkSeconds.toFixed(1)} s) to ${f.kase.ops.length} ops; fast-check replay: ${fastCheckReplay}`);
  console.log(`swarm: ${JSON.stringify(f.kase.swarm.weights)}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof SystemError || e instanceof SetupError) {
      console.error(`conform: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
