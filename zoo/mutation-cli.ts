/**
 * npm run mutation -- <folder> [--top-level]   (--top-level: the folder's own files, not its subfolders)
 * npm run mutation -- <file.ts of impl/>       (one file, to split a folder too big for one run)
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

function hasSources(dir: string, deep: boolean): boolean {
  return readdirSync(dir).some((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return deep && hasSources(path, deep);
    return name.endsWith('.ts') && !name.endsWith('.test.ts');
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
  const topLevel = argv.includes('--top-level');
  const rest = argv.filter((a) => a !== '--top-level');
  if (rest.length !== 1 || rest[0].startsWith('--')) throw new UsageError('usage: npm run mutation -- <folder of impl/, e.g. impl/placement or impl/engine/services> [--top-level]');
  const folder = rest[0].replace(/\/+$/, '');
  if (!/^impl\/[a-z0-9-]+(\/[a-z0-9-]+)*(\.ts)?$/.test(folder)) throw new UsageError(`'${folder}' is not a folder or file of impl/ (e.g. impl/placement)`);
  const dir = join(ROOT, folder);
  if (folder.endsWith('.ts')) {
    if (topLevel) throw new UsageError('--top-level applies to a folder, not a file');
    if (folder.endsWith('.test.ts') || !existsSync(dir) || !statSync(dir).isFile()) throw new UsageError(`no source file ${folder}`);
  } else if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no folder ${folder}`);
  else if (!hasSources(dir, !topLevel)) throw new UsageError(`${folder} holds no source files to mutate${topLevel ? ' at its top level' : ''}`);
  const label = topLevel ? `${folder}/*` : folder;
  console.log(`mutation: ${label} (StrykerJS, tests of ${folder.split('/').slice(0, 2).join('/')})`);
  const started = Date.now();
  const run = spawnSync(join(ROOT, 'node_modules/.bin/stryker'), ['run', 'stryker.config.mjs'], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, STRYKER_FOLDER: folder, STRYKER_TOP_LEVEL: topLevel ? '1' : '0' },
  });
  if (run.status !== 0) {
    console.error(`mutation: stryker exited ${run.status ?? run.signal}; replay: npm run mutation -- ${folder}${topLevel ? ' --top-level' : ''}`);
    return run.status ?? 1;
  }
  const report = JSON.parse(readFileSync(join(REPORTS, `${folder.replace(/\//g, '-')}${topLevel ? '-top' : ''}.json`), 'utf8'));
  const score = scoreOf(label, report, new Date().toISOString().slice(0, 16));
  updateSummary(REPORTS, score);
  console.log(`mutation: ${label} took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`mutation: ${label} score ${score.scorePercent} % (${score.killed} killed, ${score.timeout} timeout, ${score.survived} survived, ${score.noCoverage} no coverage of ${score.mutants})`);
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
