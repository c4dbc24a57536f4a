/**
 * npm run zoo -- list | validate | run [--bug ID] [--area A] [--jobs N] [--runs N] [--tree DIR]
 *   [--out DIR] [--timeout-s S]
 * The bug zoo (zoo/bugs/): realistic one-line bugs planted in scratch copies of a tree.
 *   list      the bugs, their areas and what each gets wrong
 *   validate  each exposing trace conforms on the clean tree and diverges on the patched copy
 *   run       one `npm run conform` per bug (its default budget unless --runs) in the patched copy;
 *             prints found or not, at which run, the shrunk length, totals per area, the kill rate
 *             and the median shrunk length; writes OUT/zoo-run.json and OUT/zoo-run.md atomically
 * --tree DIR takes the generators, runner and engine from another checkout (default: this one).
 * Exit 0: validate passed / run finished; 1: a validation failed; 2: bad usage.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatHelp, HELP_FLAG, parseFlags, UsageError } from '../properties/args.ts';
import { AREAS, type Bug } from './bug.ts';
import { ZOO } from './catalog.ts';
import { buildReport, formatMarkdown, writeReport } from './report.ts';
import { pool, runBug, type BugRun } from './run.ts';
import { describeValidation, validateBug } from './validate.ts';

const HERE = resolve(fileURLToPath(import.meta.url), '../..');
const FLAGS = {
  bug: { kind: 'string', value: 'ID[,ID...]', help: 'only these bugs (npm run zoo -- list names them)' },
  area: { kind: 'string', value: 'A', help: `only the bugs of one area: ${AREAS.join(', ')}` },
  jobs: { kind: 'int', value: 'N', help: 'bugs checked at once, each in its own scratch copy (default 1)' },
  runs: { kind: 'int', value: 'N', help: "conform's --runs for each bug (default: conform's default budget)" },
  tree: { kind: 'string', value: 'DIR', help: 'the checkout whose generators and impl/ are patched (default: this one)' },
  out: { kind: 'string', value: 'DIR', help: 'where results.json and results.md are written (default zoo/results)' },
  'timeout-s': { kind: 'int', value: 'S', help: 'a bug whose conform run takes longer is reported as not found (default 3600)' },
  help: HELP_FLAG,
} as const;

const USAGE = formatHelp('usage: npm run zoo -- list | validate | run [flags]', FLAGS, 'list: the bugs; validate: each exposing trace conforms on the clean tree and diverges when patched;\nrun: one default conform per bug in a scratch copy. Exit 0: all validated / run finished; 1: a bug failed validation; 2: bad usage.');

function select(bugId: string | undefined, area: string | undefined): Bug[] {
  if (area !== undefined && !(AREAS as readonly string[]).includes(area)) throw new UsageError(`--area must be one of ${AREAS.join(', ')}, got '${area}'`);
  const ids = bugId?.split(',');
  for (const id of ids ?? []) if (!ZOO.some((b) => b.id === id)) throw new UsageError(`--bug: no bug '${id}' in the zoo (npm run zoo -- list)`);
  return ZOO.filter((b) => (ids === undefined || ids.includes(b.id)) && (area === undefined || b.area === area));
}

async function validate(tree: string, bugs: readonly Bug[], treeFlag: string): Promise<number> {
  let failed = 0;
  for (const bug of bugs) {
    const v = await validateBug(tree, bug);
    if (v.ok) {
      console.log(`  ok    ${bug.id.padEnd(34)} patched diverges at step ${(v.patched as { step: number }).step}`);
    } else {
      failed++;
      console.log(`  FAIL  ${bug.id.padEnd(34)} ${describeValidation(v)}`);
      console.log(`        replay: npm run zoo -- validate --bug ${bug.id}${treeFlag}`);
    }
  }
  console.log(`zoo validate: ${bugs.length - failed}/${bugs.length} bugs exposed by their traces${failed ? `, ${failed} FAILED` : ''}`);
  return failed ? 1 : 0;
}

async function run(tree: string, bugs: readonly Bug[], jobs: number, runs: number | undefined, out: string, timeoutSeconds: number, treeFlag: string): Promise<number> {
  console.log(`zoo run: ${bugs.length} bugs, jobs ${jobs}, conform runs ${runs ?? 'default'}, tree ${tree}`);
  // Round-robin over areas, so an interrupted run has covered every area.
  const queue = interleaveAreas(bugs);
  const done: BugRun[] = [];
  const lastShown = new Map<string, number>();
  await pool(queue, jobs, async (bug) => {
    const r = await runBug(bug, {
      tree, runs, timeoutSeconds,
      onProgress(b, line) {
        // One progress line per bug every 20 s at most: enough to see it move, not a flood.
        const now = performance.now();
        if (now - (lastShown.get(b.id) ?? 0) < 20_000 && !line.startsWith('divergence')) return;
        lastShown.set(b.id, now);
        console.log(`    ${b.id}: ${line}`);
      },
    });
    done.push(r);
    const what = r.status === 'found' ? `found at run ${r.run}, shrunk to ${r.shrunkOps} ops` : r.status === 'missed' ? `missed after ${r.runs} runs` : `${r.status}: ${r.detail}`;
    console.log(`  [${done.length}/${bugs.length}] ${r.id.padEnd(34)} ${what} (${r.seconds} s)`);
    if (r.status === 'error' || r.status === 'timeout') console.log(`        replay: npm run zoo -- run --bug ${r.id}${treeFlag}`);
    // Partial results survive an interrupted run.
    writeReport(out, buildReport(tree, runs, order(done, bugs), bugs.length));
    return r;
  });
  const report = buildReport(tree, runs, order(done, bugs), bugs.length);
  const files = writeReport(out, report);
  console.log(formatMarkdown(report));
  console.log(`zoo run: wrote ${files.json} and ${files.md}`);
  return 0;
}

function interleaveAreas(bugs: readonly Bug[]): Bug[] {
  const byArea = AREAS.map((area) => bugs.filter((b) => b.area === area));
  const out: Bug[] = [];
  for (let i = 0; out.length < bugs.length; i++) for (const list of byArea) if (i < list.length) out.push(list[i]);
  return out;
}

function order(results: readonly BugRun[], bugs: readonly Bug[]): BugRun[] {
  const at = new Map(bugs.map((b, i) => [b.id, i]));
  return [...results].sort((a, b) => at.get(a.id)! - at.get(b.id)!);
}

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags._.length !== 1) throw new UsageError(USAGE);
  const command = flags._[0];
  if (!['list', 'validate', 'run'].includes(command)) throw new UsageError(`unknown command '${command}' (list, validate, run)`);
  const jobs = flags.jobs ?? 1;
  if (jobs < 1) throw new UsageError('--jobs must be at least 1');
  if (flags.runs !== undefined && flags.runs < 1) throw new UsageError('--runs must be at least 1');
  const timeoutSeconds = flags['timeout-s'] ?? 3600;
  if (timeoutSeconds < 1) throw new UsageError('--timeout-s must be at least 1');
  const tree = resolve(flags.tree ?? HERE);
  if (!existsSync(join(tree, 'properties/conform-cli.ts')) || !existsSync(join(tree, 'impl'))) throw new UsageError(`--tree ${tree} is not a checkout of this project (no properties/conform-cli.ts or impl/)`);
  const treeFlag = flags.tree ? ` --tree ${tree}` : '';
  const bugs = select(flags.bug, flags.area);
  if (bugs.length === 0) throw new UsageError('no bug matches the selection');
  if (command === 'list') {
    for (const b of bugs) console.log(`${b.id.padEnd(34)} ${b.area.padEnd(18)} ${b.file}\n    ${b.description}`);
    console.log(`${bugs.length} bugs`);
    return 0;
  }
  if (command === 'validate') return validate(tree, bugs, treeFlag);
  return run(tree, bugs, jobs, flags.runs, resolve(flags.out ?? join(HERE, 'zoo/results')), timeoutSeconds, treeFlag);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`zoo: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
