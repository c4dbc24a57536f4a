import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Bug } from './bug.ts';

/**
 * Scratch copies of a tree, one per planted bug: the tree is copied without node_modules, .git and
 * run outputs, node_modules is a symlink to the tree's, and the bug's patch is applied to the copy.
 * The tree itself is never written. Copies live under the OS temp directory, so neither vitest nor
 * the project-rules test of the tree ever sees them.
 */
const NOT_COPIED = new Set(['node_modules', '.git', '.stryker-tmp', 'chaos-out', 'coverage', 'reports']);

export class PatchError extends Error {}

/** How often `find` occurs in `text` (non-overlapping). */
export function occurrences(text: string, find: string): number {
  if (find.length === 0) return 0;
  let count = 0;
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + find.length)) count++;
  return count;
}

/** The patched text of the bug's file, or a PatchError saying why the patch does not apply. */
export function patchedText(text: string, bug: Bug): string {
  const n = occurrences(text, bug.find);
  if (n !== 1) throw new PatchError(`bug ${bug.id}: the find text occurs ${n} times in ${bug.file} (must be exactly once)`);
  if (bug.find.includes('\n') || bug.replace.includes('\n')) throw new PatchError(`bug ${bug.id}: find and replace must be one line each`);
  return text.replace(bug.find, () => bug.replace);
}

/** Copies `tree` to a new scratch directory and applies the bug's patch there; returns the copy. */
export function makeScratch(tree: string, bug: Bug, parent?: string): string {
  const root = resolve(tree);
  const dir = mkdtempSync(join(parent ?? tmpdir(), `daos-zoo-${bug.id}-`));
  cpSync(root, dir, {
    recursive: true,
    filter: (src) => {
      const rel = relative(root, src);
      const top = rel.split(sep)[0];
      return !NOT_COPIED.has(top) && !rel.split(sep).includes('node_modules');
    },
  });
  if (existsSync(join(root, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const file = join(dir, bug.file);
  if (!existsSync(file)) throw new PatchError(`bug ${bug.id}: ${bug.file} does not exist in ${root}`);
  writeFileSync(file, patchedText(readFileSync(file, 'utf8'), bug));
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
