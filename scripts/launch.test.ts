import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { V8_FLAGS } from './v8-flags.ts';

/**
 * scripts/launch.mjs runs the npm CLIs from a cached bundle: what a CLI sees must be what it sees
 * under tsx (its argv, its own import.meta.url), and an edited source must never run stale.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const dir = mkdtempSync(join(tmpdir(), 'launch-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const launch = (...args: string[]) => execa(process.execPath, [join(ROOT, 'scripts/launch.mjs'), ...args], { cwd: ROOT, reject: false });

function write(name: string, text: string, ageSeconds = 0): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  if (ageSeconds > 0) {
    const then = Date.now() / 1000 - ageSeconds;
    utimesSync(path, then, then);
  }
  return path;
}

describe('scripts/launch.mjs', () => {
  const main = write('main.ts', "import { word } from './word.ts';\nconst n: number = 1;\nconsole.log(JSON.stringify({ word, n, url: import.meta.url, argv: process.argv.slice(2) }));\n", 60);

  it('runs the entry with its arguments and its own import.meta.url, and sees an edited import', async () => {
    write('word.ts', "export const word = 'one';\n", 60);
    const first = await launch(main, 'a', '--b');
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ word: 'one', n: 1, url: pathToFileURL(main).href, argv: ['a', '--b'] });
    // Cached now (inputs older than the build); an edit of an import must rebuild, not run stale.
    write('word.ts', "export const word = 'three';\n", 30);
    expect(JSON.parse((await launch(main)).stdout).word).toBe('three');
  });

  it('names a missing entry or a source that does not compile in one line, exit 2', async () => {
    const missing = await launch(join(dir, 'nope.ts'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^launch: no file .*nope\.ts$/);
    const broken = write('broken.ts', 'export const x = ;\n');
    const bad = await launch(broken);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.split('\n').at(-1)).toMatch(/^launch: could not bundle .*broken\.ts/);
    expect((await launch()).exitCode).toBe(2);
  });
});

describe('the campaign commands in package.json', () => {
  it('start node with the V8 flags of scripts/v8-flags.ts, then the launcher', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['conform', 'repro', 'chaos']) {
      expect(scripts[name].startsWith(['node', ...V8_FLAGS, 'scripts/launch.mjs '].join(' '))).toBe(true);
    }
  });
});
