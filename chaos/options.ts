import { randomInt } from 'node:crypto';
import { parseFlags, UsageError } from '../properties/args.ts';
import { checkSystemSpec, SYSTEM_USAGE } from '../properties/systems.ts';
import { parseShard } from './seeds.ts';
import type { CampaignOptions } from './campaign.ts';
import { SHRINK_BUDGET_OPS_DEFAULT } from './run-case.ts';

/** Command-line options of `npm run chaos`, checked strictly (unknown flag = UsageError = exit 2). */
export const USAGE = `usage: npm run chaos -- --minutes M --workers W [--seed S] [--shard i/n] [--max-ops K] [--out DIR] [--system ${SYSTEM_USAGE}] [--corpus DIR] [--case-timeout SEC] [--invariants-every N] [--shrink-budget OPS]`;

const FLAGS = {
  minutes: 'string', workers: 'int', seed: 'int', shard: 'string', 'max-ops': 'int', out: 'string', system: 'string', corpus: 'string',
  'case-timeout': 'int', 'invariants-every': 'int', 'shrink-budget': 'int', help: 'bool',
} as const;

export const DEFAULTS = {
  maxOps: 1000, outDir: 'chaos-out', corpusDir: 'corpus', system: 'engine', caseTimeoutSec: 120, invariantsEvery: 8,
} as const;

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
  if (caseTimeoutSec < 1) throw new UsageError('--case-timeout must be at least 1 second');
  const invariantsEvery = f['invariants-every'] ?? DEFAULTS.invariantsEvery;
  if (invariantsEvery < 0) throw new UsageError('--invariants-every must be >= 0 (0 = only at the end of a trace)');
  const shrinkBudgetOps = f['shrink-budget'] ?? SHRINK_BUDGET_OPS_DEFAULT;
  if (shrinkBudgetOps < 0) throw new UsageError('--shrink-budget must be >= 0');
  const system = f.system ?? DEFAULTS.system;
  checkSystemSpec(system);
  if (f.seed !== undefined && (f.seed < -(2 ** 31) || f.seed >= 2 ** 32)) throw new UsageError('--seed must fit in 32 bits');
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
  };
}
