import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Area, Bug } from './bug.ts';
import { makeScratch, removeScratch } from './scratch.ts';

/**
 * One default `npm run conform` per bug, each in its own patched scratch copy (the copy's own
 * generators, runner and CLI), so `--tree DIR` measures another checkout's generators on the same
 * bugs. What is found, at which generated run, and how short the shrunk case is, come from conform's
 * --json-summary file, or from its text output for a tree whose conform has no such option.
 */
export interface BugRun {
  readonly id: string;
  readonly area: Area;
  readonly status: 'found' | 'missed' | 'error' | 'timeout';
  /** The generated run (1-based) whose case diverged; null when not found. */
  readonly run: number | null;
  readonly shrunkOps: number | null;
  /** Generated runs done (the budget when missed). */
  readonly runs: number | null;
  readonly seconds: number;
  readonly detail: string;
}

export interface RunOptions {
  readonly tree: string;
  readonly runs?: number;
  readonly timeoutSeconds: number;
  readonly onProgress?: (bug: Bug, line: string) => void;
}

interface Summary { found: boolean; runs: number; failure: { run: number; shrunkOps: number; reason: string; opType: string } | null }

export function conformArgs(tree: string, scratch: string, runs: number | undefined): { args: string[]; summaryFile: string | null } {
  const cli = readFileSync(join(tree, 'properties/conform-cli.ts'), 'utf8');
  const summaryFile = cli.includes("'json-summary'") ? join(scratch, 'zoo-summary.json') : null;
  const args = ['properties/conform-cli.ts', '--corpus', join(scratch, 'zoo-corpus')];
  if (runs !== undefined) args.push('--runs', String(runs));
  if (summaryFile) args.push('--json-summary', summaryFile);
  return { args, summaryFile };
}

/** Reads conform's text output: "divergence found in run N" and "... to L ops". */
export function parseConformText(text: string): Summary | null {
  const found = /divergence found in run (\d+)/.exec(text);
  const shrunk = /shrunk in \d+ steps .*? to (\d+) ops/.exec(text);
  const passed = /conform: passed/.test(text);
  const runsLine = /progress: (\d+)\/\d+ runs/g;
  let runs = 0;
  for (const m of text.matchAll(runsLine)) runs = Number(m[1]);
  if (found && shrunk) return { found: true, runs: Number(found[1]), failure: { run: Number(found[1]), shrunkOps: Number(shrunk[1]), reason: '', opType: '' } };
  if (passed) return { found: false, runs, failure: null };
  return null;
}

export function runBug(bug: Bug, options: RunOptions): Promise<BugRun> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  let scratch: string;
  try {
    scratch = makeScratch(options.tree, bug);
  } catch (e) {
    return Promise.resolve({ id: bug.id, area: bug.area, status: 'error', run: null, shrunkOps: null, runs: null, seconds: 0, detail: (e as Error).message });
  }
  const { args, summaryFile } = conformArgs(options.tree, scratch, options.runs);
  const tsx = join(scratch, 'node_modules/.bin/tsx');
  return new Promise((done) => {
    const child = spawn(tsx, args, { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      for (const line of text.split('\n')) if (/progress:|divergence found/.test(line)) options.onProgress?.(bug, line.trim());
    });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let summary: Summary | null = null;
      if (summaryFile && existsSync(summaryFile)) summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
      else summary = parseConformText(out);
      removeScratch(scratch);
      const base = { id: bug.id, area: bug.area, seconds: seconds() };
      if (timedOut) return done({ ...base, status: 'timeout', run: null, shrunkOps: null, runs: null, detail: `no result within ${options.timeoutSeconds} s` });
      if (summary === null || (code !== 0 && code !== 1)) {
        const why = (err.trim().split('\n')[0] || out.trim().split('\n').at(-1) || '').slice(0, 200);
        return done({ ...base, status: 'error', run: null, shrunkOps: null, runs: null, detail: `conform exited ${code}: ${why}` });
      }
      if (!summary.found || summary.failure === null) return done({ ...base, status: 'missed', run: null, shrunkOps: null, runs: summary.runs, detail: '' });
      const f = summary.failure;
      done({ ...base, status: 'found', run: f.run, shrunkOps: f.shrunkOps, runs: summary.runs, detail: f.opType ? `${f.opType} (${f.reason})` : '' });
    });
  });
}

/** Runs `work` over `items` with at most `jobs` at a time, in order of start. */
export async function pool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}
