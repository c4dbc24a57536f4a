import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readCaseFile } from './case-file.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm run repro', () => {
  it('prints expected and actual for every step, and for a case that now conforms, the divergence its file recorded', async () => {
    const name = readdirSync(join(ROOT, 'corpus')).filter((n) => n.endsWith('.json')).sort()[0];
    const path = join('corpus', name);
    const kase = readCaseFile(join(ROOT, path));
    const r = await execa(process.execPath, ['--import', 'tsx', join(ROOT, 'properties/repro-cli.ts'), path], { cwd: ROOT, reject: false });
    // Every corpus case conforms (the corpus test replays them all): exit 0.
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const expected = lines.filter((l) => /^ {11}expected /.test(l)).length;
    const actual = lines.filter((l) => /^ {11}actual {3}/.test(l)).length;
    expect(expected).toBeGreaterThan(0);
    expect(actual).toBe(expected);
    expect(r.stdout).toContain('repro: conforms now');
    expect(r.stdout).toContain('repro: the file recorded this divergence');
    expect(r.stdout).toContain(`  step ${kase.divergence!.stepIndex} ${kase.ops[kase.divergence!.stepIndex].type}`);
    expect(r.stdout).toContain('  actual (implementation): ');
  });
});
