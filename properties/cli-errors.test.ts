import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

/**
 * Bad inputs to every CLI, end to end (issue 13): each must give one line on stderr naming the
 * problem, exit 2, and write nothing, never a stack trace, a hang, a divergence or a corpus case.
 * And every CLI's --help lists its flags, each of which the README documents.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIS = { chaos: 'chaos/cli.ts', conform: 'properties/conform-cli.ts', repro: 'properties/repro-cli.ts', bench: 'bench/run.ts', 'run-suite': 'bench/run-suite.ts' } as const;

function run(cli: keyof typeof CLIS, args: string[], env: Record<string, string> = {}) {
  // The timeout turns a hang (as `--out /proc/x` once was) into a failure instead of a stuck suite.
  return execa(process.execPath, ['--import', 'tsx', join(ROOT, CLIS[cli]), ...args], { cwd: ROOT, reject: false, timeout: 120_000, env: { ...process.env, ...env } });
}

describe('bad inputs: one line, exit 2, nothing written', () => {
  it('every case', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cli-errors-'));
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const out = join(tmp, 'out');
    const corpus = join(tmp, 'corpus');
    const chaos = ['--minutes', '1', '--workers', '1', '--corpus', corpus];
    const cases: [keyof typeof CLIS, string[], RegExp, Record<string, string>?][] = [
      ['chaos', [...chaos, '--out', file], /--out '.*a-file' exists and is not a directory/],
      ['chaos', [...chaos, '--out', join(file, 'sub')], /is a file, so nothing can be created below it/],
      ['chaos', [...chaos, '--out', '/proc/x'], /cannot create '\/proc\/x'/],
      ['chaos', [...chaos, '--out', out], /DAOS_EC_KERNEL='bogus' is not one of/, { DAOS_EC_KERNEL: 'bogus' }],
      ['chaos', [...chaos, '--out', out, '--seed=9007199254740993'], /--seed is too large to be exact/],
      ['chaos', ['merge', tmp, '--out', out], /no summary\.json/],
      ['conform', ['--path', 'garbage'], /--path must look like 12 or 12:0:3/],
      ['conform', ['--runs', '3', '--corpus', corpus], /DAOS_EC_KERNEL='bogus'/, { DAOS_EC_KERNEL: 'bogus' }],
      ['conform', ['--seed', '99999999999'], /--seed must fit in 32 bits/],
      ['repro', [tmp], /is a directory; give one case file/],
      ['repro', [file], /not valid JSON/],
      ['run-suite', [join(tmp, 'missing.ts')], /missing\.ts: no such file/],
      ['bench', ['--suites', 'nope', '--results-dir', out], /no suite 'nope'/],
    ];
    const results = await Promise.all(cases.map(([cli, args, , env]) => run(cli, args, env)));
    results.forEach((r, i) => {
      const [cli, args, message] = cases[i];
      const what = `${cli} ${args.join(' ')}`;
      expect(r.timedOut, what).toBe(false);
      expect(r.exitCode, `${what}\n${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
      expect(r.stderr, what).toMatch(message);
      expect(r.stdout, what).toBe('');
    });
    // Nothing written: no output directory, no corpus case, no results file.
    expect(existsSync(out)).toBe(false);
    expect(existsSync(corpus)).toBe(false);
    expect(readdirSync(tmp).sort()).toEqual(['a-file']);
    expect(existsSync('/proc/x')).toBe(false);
  });
});

describe('help', () => {
  it('every CLI has --help (exit 0) with a line per flag, and the README documents every flag', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const helps = await Promise.all([...Object.keys(CLIS).map((cli) => run(cli as keyof typeof CLIS, ['--help'])), run('chaos', ['merge', '--help'])]);
    for (const h of helps) {
      expect(h.exitCode, h.stderr).toBe(0);
      const flags = [...h.stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
      expect(flags.length, h.stdout).toBeGreaterThan(1);
      expect(flags).toContain('--help');
      for (const flag of flags) expect(readme, `README lacks ${flag}`).toContain(flag);
    }
  });
});
