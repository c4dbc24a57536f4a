/**
 * npm run mutation -- <folder>
 * npm run mutation -- merge <summary.json>...   (the nightly job's per-folder summaries into one)
 * Mutation testing of one folder of impl/ with StrykerJS (stryker.config.mjs), its tests being those
 * of the folder's top directory under impl/. Writes reports/mutation/<folder>.json and .html, and
 * updates reports/mutation/summary.json and summary.md (score per folder). Exit 0 when Stryker ran,
 * its own exit code otherwise; 2 for bad usage. Not part of npm test: the nightly workflow runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../properties/args.ts';
import { scoreOf, updateSummary, type FolderScore } from './mutation-report.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const REPORTS = join(ROOT, 'reports/mutation');

function hasSources(dir: string): boolean {
  return readdirSync(dir).some((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? hasSources(path) : name.endsWith('.ts') && !name.endsWith('.test.ts');
  });
}

function merge(files: readonly string[]): number {
  if (files.length === 0) throw new UsageError('usage: npm run mutation -- merge <summary.json>...');
  let all: FolderScore[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new UsageError(`no file ${file}`);
    let scores: FolderScore[];
    try {
      scores = JSON.parse(readFileSync(file, 'utf8')) as FolderScore[];
    } catch {
      throw new UsageError(`${file} is not a mutation summary (JSON)`);
    }
    if (!Array.isArray(scores)) throw new UsageError(`${file} is not a mutation summary (a list of folder scores)`);
    for (const s of scores) all = updateSummary(REPORTS, s);
  }
  console.log(readFileSync(join(REPORTS, 'summary.md'), 'utf8'));
  return all.length > 0 ? 0 : 1;
}

function main(argv: string[]): number {
  if (argv[0] === 'merge') return merge(argv.slice(1));
  if (argv.length !== 1 || argv[0].startsWith('--')) throw new UsageError('usage: npm run mutation -- <folder of impl/, e.g. impl/placement or impl/engine/services>');
  const folder = argv[0].replace(/\/+$/, '');
  if (!/^impl\/[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(folder)) throw new UsageError(`'${folder}' is not a folder of impl/ (e.g. impl/placement)`);
  const dir = join(ROOT, folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no folder ${folder}`);
  if (!hasSources(dir)) throw new UsageError(`${folder} holds no source files to mutate`);
  console.log(`mutation: ${folder} (StrykerJS, tests of ${folder.split('/').slice(0, 2).join('/')})`);
  const run = spawnSync(join(ROOT, 'node_modules/.bin/stryker'), ['run', 'stryker.config.mjs'], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, STRYKER_FOLDER: folder },
  });
  if (run.status !== 0) {
    console.error(`mutation: stryker exited ${run.status ?? run.signal}; replay: npm run mutation -- ${folder}`);
    return run.status ?? 1;
  }
  const report = JSON.parse(readFileSync(join(REPORTS, `${folder.replace(/\//g, '-')}.json`), 'utf8'));
  const score = scoreOf(folder, report, new Date().toISOString().slice(0, 16));
  updateSummary(REPORTS, score);
  console.log(`mutation: ${folder} score ${score.scorePercent} % (${score.killed} killed, ${score.timeout} timeout, ${score.survived} survived, ${score.noCoverage} no coverage of ${score.mutants})`);
  console.log(`mutation: summary in ${join(REPORTS, 'summary.md')}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`mutation: ${e.message}`);
    process.exitCode = 2;
  } else throw e;
}
