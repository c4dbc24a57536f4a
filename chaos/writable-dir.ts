import { mkdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../properties/args.ts';

/**
 * Checks, before a run starts, that results can be written where the user asked: a directory that
 * exists and accepts a file, or that can be created below an existing, writable directory. Problems
 * are one-line UsageErrors (exit 2) naming the path, and nothing is left behind: a probe file is
 * removed, and directories created for a failed check are removed again.
 *
 * Creates missing levels one at a time, never with mkdirSync({ recursive: true }): on Node 20 that
 * call spins forever on paths such as /proc/x (it retries ENOENT on a parent that exists), ignoring
 * SIGTERM.
 *
 * Does NOT reserve space or lock the directory; a disk that fills later is still a run-time error.
 */
export function prepareWritableDir(what: string, path: string, options: { readonly create: boolean } = { create: true }): void {
  const absolute = resolve(path);
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    const kind = kindOf(at);
    if (kind === 'dir') break;
    if (kind === 'other') {
      throw new UsageError(at === absolute ? `${what} '${path}' exists and is not a directory` : `${what} '${path}': '${at}' is a file, so nothing can be created below it`);
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) throw new UsageError(`${what} '${path}': no existing directory above it`);
    at = parent;
  }
  if (!options.create) {
    probe(what, path, at);
    return;
  }
  const created: string[] = [];
  try {
    for (const dir of missing) {
      try {
        mkdirSync(dir);
      } catch (e) {
        throw new UsageError(`${what} '${path}': cannot create '${dir}' (${errorCode(e)})`);
      }
      created.push(dir);
    }
    probe(what, path, absolute);
  } catch (e) {
    for (const dir of created.reverse()) rmdirSync(dir);
    throw e;
  }
}

function probe(what: string, path: string, dir: string): void {
  const file = join(dir, `.probe-${process.pid}`);
  try {
    writeFileSync(file, '');
  } catch (e) {
    throw new UsageError(`${what} '${path}': cannot write in '${dir}' (${errorCode(e)})`);
  } finally {
    rmSync(file, { force: true });
  }
}

function kindOf(path: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'none';
    // ENOTDIR: a component of the path is a file; the walk up will find it.
    if (code === 'ENOTDIR') return 'none';
    throw new UsageError(`'${path}': ${errorCode(e)}`);
  }
}

function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}
