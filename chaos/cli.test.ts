import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../properties/args.ts';
import { fitCase, systemFilter } from '../properties/conform.ts';
import { countDomains, DOMAINS, type DomainCounts } from '../properties/generators/index.ts';
import { resolveSystem } from '../properties/systems.ts';
import { sampleChaosCase } from './chaos-arb.ts';
import { parseChaosArgs } from './options.ts';
import { shardSeeds } from './seeds.ts';
import type { ChaosSummary } from './summary.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cli = (args: string[]) => execa(process.execPath, ['--import', 'tsx', join(ROOT, 'chaos/cli.ts'), ...args], { cwd: ROOT, reject: false, all: true });

describe('chaos command line', () => {
  it('rejects bad usage with a UsageError', () => {
    const bad = [
      ['--workers', '2'], ['--minutes', '1'], ['--minutes', '1', '--workers', '2', '--frobnicate'], ['--minutes', 'x', '--workers', '1'],
      ['--minutes', '1', '--workers', '0'], ['--minutes', '1', '--workers', '1', '--shard', '3/2'], ['--minutes', '1', '--workers', '1', '--system', 'nope'],
      ['--minutes', '1', '--workers', '1', '--max-ops'], ['--minutes', '1', '--workers', '1', 'extra'],
    ];
    for (const argv of bad) expect(() => parseChaosArgs(argv), argv.join(' ')).toThrow(UsageError);
    const ok = parseChaosArgs(['--minutes', '0.5', '--workers', '2', '--seed', '-3', '--shard', '2/4', '--system', 'model']);
    expect(ok).toMatchObject({ minutes: 0.5, workers: 2, seed: -3, shard: { index: 2, count: 4 }, system: 'model', maxOps: 1000, corpusDir: 'corpus', outDir: 'chaos-out' });
  });

  it('exits 2 with one clear line on an unknown flag', async () => {
    const r = await cli(['--minutes', '1', '--workers', '1', '--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^chaos: unknown flag --bogus/);
  });

  it('end to end: 1 worker, 3 cases on the model conforms, writes summary.json, report.html and results.jsonl, exits 0; counts the declared generator values', async () => {
    const out = mkdtempSync(join(tmpdir(), 'chaos-out-'));
    const corpus = mkdtempSync(join(tmpdir(), 'chaos-corpus-'));
    // Budgeted in cases (the deadline is far away), never in wall seconds.
    const r = await cli(['--minutes', '30', '--cases', '3', '--workers', '1', '--system', 'model', '--seed', '5', '--shard', '2/3', '--max-ops', '300', '--out', out, '--corpus', corpus]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain('chaos: no new failure');
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ChaosSummary;
    expect(s.cases).toBe(3);
    expect(s.stoppedBy).toBe('cases');
    expect(s.opsChecked).toBeGreaterThan(0);
    expect(s.failures).toEqual([]);
    expect(s.shard).toBe('2/3');
    expect(r.stdout).toContain(`ops checked: ${s.opsChecked}`);
    // Every case the worker ran is in results.jsonl, with the seed the formula gives.
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; k: number; seed: number; steps: number });
    const cases = lines.filter((l) => l.type === 'case');
    expect(cases).toHaveLength(s.cases);
    expect(cases.reduce((n, c) => n + c.steps, 0)).toBe(s.opsChecked);
    const seeds = shardSeeds(5, { index: 2, count: 3 }, s.casesAssigned);
    for (const c of cases) expect(c.seed).toBe(seeds[c.k]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<tr><th>ops checked</th><td>${s.opsChecked}</td></tr>`);

    // The worker counted the declared generator values of each generated case and sent them up:
    // the summary holds exactly the counts of the three cases regenerated from their seeds.
    const filter = systemFilter(await resolveSystem('model'));
    const expected: DomainCounts = {};
    for (const c of cases) countDomains(fitCase(sampleChaosCase(c.seed, 300), filter).ops, expected);
    expect(s.domainCounts).toEqual(expected);
    expect(Object.keys(s.domainCounts).length).toBeGreaterThan(10);
    // Never generated: exactly the declared values the counts lack, in declaration order.
    const declared = DOMAINS.flatMap((d) => d.values.map((v) => `${d.name}=${v}`));
    const never = declared.filter((k) => !(k in s.domainCounts));
    expect(never.length).toBeGreaterThan(0);
    expect(s.declaredValues).toEqual({ declared: declared.length, generated: declared.length - never.length, neverGenerated: never });
    expect(r.stdout).toContain(`\n  declared generator values generated: ${declared.length - never.length} of ${declared.length}; never generated (${never.length}): ${never.join(' ')}\n`);
    expect(html).toContain(`never generated (${never.length}): ${never.join(' ')}`);
  });
});
