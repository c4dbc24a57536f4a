import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../properties/args.ts';
import { prepareWritableDir } from './writable-dir.ts';

describe('output directory checks', () => {
  it('creates missing levels below a writable directory and leaves no probe file', () => {
    const root = mkdtempSync(join(tmpdir(), 'out-ok-'));
    prepareWritableDir('--out', join(root, 'a', 'b'));
    expect(readdirSync(join(root, 'a', 'b'))).toEqual([]);
    prepareWritableDir('--out', join(root, 'a', 'b'));
  });

  it('refuses a file, a path below a file, /proc (where recursive mkdir spins forever) and a path it cannot create, writing nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'out-bad-'));
    const file = join(root, 'f');
    writeFileSync(file, 'x');
    const cases: [string, RegExp][] = [
      [file, /exists and is not a directory/], [join(file, 'sub', 'deeper'), /is a file, so nothing can be created below it/],
      ['/proc/x/y', /cannot create '\/proc\/x'/], ['/sys/harness-x', /cannot (create|write)/],
    ];
    for (const [path, message] of cases) {
      expect(() => prepareWritableDir('--out', path), path).toThrow(UsageError);
      expect(() => prepareWritableDir('--out', path), path).toThrow(message);
    }
    expect(readdirSync(root)).toEqual(['f']);
    expect(existsSync('/proc/x')).toBe(false);
  });

  it('with create: false, checks the nearest existing directory without creating anything', () => {
    const root = mkdtempSync(join(tmpdir(), 'out-nocreate-'));
    prepareWritableDir('--corpus', join(root, 'later', 'corpus'), { create: false });
    expect(readdirSync(root)).toEqual([]);
  });
});
