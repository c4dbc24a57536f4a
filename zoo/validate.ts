import type { Bug } from './bug.ts';
import { replayOn, type ReplayResult } from './replay.ts';
import { makeScratch, removeScratch } from './scratch.ts';

/**
 * Validation of the zoo, cheap enough to run after every edit: each bug's exposing trace must
 * conform on the clean tree and diverge on a scratch copy patched with the bug. Checks nothing about
 * whether the generators find the bug (zoo/run.ts does that).
 */
export interface Validation {
  readonly bug: Bug;
  readonly clean: ReplayResult | { status: 'error'; message: string };
  readonly patched: ReplayResult | { status: 'error'; message: string };
  readonly ok: boolean;
}

async function guarded(f: () => Promise<ReplayResult>): Promise<ReplayResult | { status: 'error'; message: string }> {
  try {
    return await f();
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

export async function validateBug(tree: string, bug: Bug): Promise<Validation> {
  const clean = await guarded(() => replayOn(tree, bug.trace, bug.engineSeed));
  let dir: string | null = null;
  const patched = await guarded(async () => {
    dir = makeScratch(tree, bug);
    return replayOn(dir, bug.trace, bug.engineSeed);
  });
  if (dir !== null) removeScratch(dir);
  return { bug, clean, patched, ok: clean.status === 'conforms' && patched.status === 'diverged' };
}

export function describeValidation(v: Validation): string {
  const what = (r: Validation['clean']) =>
    r.status === 'conforms' ? 'conforms' : r.status === 'diverged' ? `diverges at step ${r.step} (${r.reason}: ${r.message.split('\n')[0].slice(0, 160)})` : `error: ${r.message}`;
  return `clean tree ${what(v.clean)}; patched ${what(v.patched)}`;
}
