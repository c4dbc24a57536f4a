import { randomInt } from 'node:crypto';
import { checkSeed, formatHelp, HELP_FLAG, parseFlags, UsageError } from '../properties/args.ts';
import { checkSystemSpec, SYSTEM_USAGE } from '../properties/systems.ts';
import { parseShard } from './seeds.ts';
import type { CampaignOptions } from './campaign.ts';
import { SHRINK_BUDGET_OPS_DEFAULT } from './run-case.ts';

/**
 * Command-line options of `npm run chaos`, checked strictly (unknown flag = UsageError = exit 2).
 * Every flag is declared once, here, with its help line; README's chaos section lists the same.
 */
export const DEFAULTS = {
  maxOps: 1000, outDir: 'chaos-out', corpusDir: 'corpus', system: 'engine', caseTimeoutSec: 120, invariantsEvery: 8,
} as const;

const FLAGS = {
  minutes: { kind: 'string', value: 'M', help: 'required: campaign length in minutes, (0, 1440]; a case running at the deadline is cut at an op boundary' },
  workers: { kind: 'int', value: 'W', help: 'required: worker processes, 1..64' },
  seed: { kind: 'int', value: 'S', help: 'base seed, 32 bits (default: drawn at random and printed)' },
  shard: { kind: 'string', value: 'i/n', help: 'run shard i of n of the seed space (default 1/1; formula in chaos/seeds.ts)' },
  'max-ops': { kind: 'int', value: 'K', help: `ops per trace at most, setup included, 1..100000 (default ${DEFAULTS.maxOps})` },
  out: { kind: 'string', value: 'DIR', help: `where summary.json, report.html and results.jsonl go (default ${DEFAULTS.outDir}); must be a writable directory or creatable` },
  system: { kind: 'string', value: 'S', help: `system under test: ${SYSTEM_USAGE} (default ${DEFAULTS.system})` },
  corpus: { kind: 'string', value: 'DIR', help: `corpus directory new failures are saved to (default ${DEFAULTS.corpusDir})` },
  'case-timeout': { kind: 'int', value: 'SEC', help: `a worker silent this long is killed and its case recorded as a hang (default ${DEFAULTS.caseTimeoutSec})` },
  'invariants-every': { kind: 'int', value: 'N', help: `full invariant sweep every N ops, 0 = only at the end of a trace (default ${DEFAULTS.invariantsEvery})` },
  'shrink-budget': { kind: 'int', value: 'OPS', help: `ops replayed while shrinking one failure (default ${SHRINK_BUDGET_OPS_DEFAULT})` },
  cases: { kind: 'int', value: 'N', help: 'also stop after N cases have been handed out (default: no limit; the deadline decides)' },
  help: HELP_FLAG,
} as const;

export const USAGE = formatHelp(
  'usage: npm run chaos -- --minutes M --workers W [flags]\n       npm run chaos -- merge <dir>... --out DIR',
  FLAGS,
  'Seeded lockstep campaigns in worker processes. Exit 0: no new failure; 1: new failures (saved to the\ncorpus with their replay command); 2: bad usage or setup; 3: internal error. `merge` combines the\noutputs of shards (see `npm run chaos -- merge --help`).',
);

export type ChaosCliOptions = Omit<CampaignOptions, 'onProgress' | 'log'> & { readonly seedWasGiven: boolean };

/** Returns null for --help. */
export function parseChaosArgs(argv: readonly string[]): ChaosCliOptions | null {
  const f = parseFlags(argv, FLAGS);
  if (f.help) return null;
  if (f._.length) throw new UsageError(`unexpected argument '${f._[0]}'`);
  if (f.minutes === undefined) throw new UsageError('--minutes is required');
  if (!/^\d+(\.\d+)?$/.test(f.minutes) || Number(f.minutes) <= 0 || Number(f.minutes) > 24 * 60) throw new UsageError(`--minutes needs a number in (0, 1440], got '${f.minutes}'`);
  if (f.workers === undefined) throw new UsageError('--workers is required');
  if (f.workers < 1 || f.workers > 64) throw new UsageError(`--workers must be in 1..64, got ${f.workers}`);
  const maxOps = f['max-ops'] ?? DEFAULTS.maxOps;
  if (maxOps < 1 || maxOps > 100_000) throw new UsageError(`--max-ops must be in 1..100000, got ${maxOps}`);
  const caseTimeoutSec = f['case-timeout'] ?? DEFAULTS.caseTimeoutSec;
  if (caseTimeoutSec < 1 || caseTimeoutSec > 24 * 3600) throw new UsageError(`--case-timeout must be in 1..86400 seconds, got ${caseTimeoutSec}`);
  const invariantsEvery = f['invariants-every'] ?? DEFAULTS.invariantsEvery;
  if (invariantsEvery < 0) throw new UsageError('--invariants-every must be >= 0 (0 = only at the end of a trace)');
  const shrinkBudgetOps = f['shrink-budget'] ?? SHRINK_BUDGET_OPS_DEFAULT;
  if (shrinkBudgetOps < 0) throw new UsageError('--shrink-budget must be >= 0');
  const system = f.system ?? DEFAULTS.system;
  checkSystemSpec(system);
  if (f.seed !== undefined) checkSeed('--seed', f.seed);
  if (f.cases !== undefined && f.cases < 1) throw new UsageError(`--cases must be at least 1, got ${f.cases}`);
  return {
    minutes: Number(f.minutes),
    workers: f.workers,
    // Exploration by default: a fresh seed per run, printed and recorded so the run can be redone.
    seed: f.seed ?? randomInt(0, 2 ** 31),
    seedWasGiven: f.seed !== undefined,
    shard: parseShard(f.shard ?? '1/1'),
    maxOps,
    system,
    corpusDir: f.corpus ?? DEFAULTS.corpusDir,
    outDir: f.out ?? DEFAULTS.outDir,
    caseTimeoutMs: caseTimeoutSec * 1000,
    invariantsEvery,
    shrinkBudgetOps,
    ...(f.cases !== undefined ? { casesMax: f.cases } : {}),
  };
}

const MERGE_FLAGS = {
  out: { kind: 'string', value: 'DIR', help: 'required: where the merged summary.json and report.html go' },
  help: HELP_FLAG,
} as const;

export const MERGE_USAGE = formatHelp(
  'usage: npm run chaos -- merge <dir>... --out DIR',
  MERGE_FLAGS,
  'Combines the summary.json and results.jsonl of several chaos outputs (e.g. the shards of one night)\ninto one summary.json, results.jsonl and report.html. Failures are de-duplicated by signature: a\nsignature new in any shard is new once. Exit 0: no new failure; 1: new failures; 2: bad input.',
);

export interface MergeCliOptions {
  readonly dirs: readonly string[];
  readonly outDir: string;
}

/** `merge <dir>... --out DIR`; argv excludes the word `merge`. Returns null for --help. */
export function parseMergeArgs(argv: readonly string[]): MergeCliOptions | null {
  const f = parseFlags(argv, MERGE_FLAGS);
  if (f.help) return null;
  if (f._.length === 0) throw new UsageError('merge needs at least one chaos output directory');
  if (f.out === undefined) throw new UsageError('merge needs --out DIR');
  return { dirs: f._, outDir: f.out };
}
