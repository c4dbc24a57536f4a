import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../properties/args.ts';
import { DOMAINS, type DomainCounts } from '../properties/generators/index.ts';
import { newStats } from '../properties/runner.ts';
import { mergeOutputs } from './merge.ts';
import { buildSummary, type FailureRecord } from './summary.ts';

function failure(signature: string, isNew: boolean, seed: number): FailureRecord {
  return { kind: 'divergence', worker: 0, k: 1, seed, tSec: 5, isNew, signature, savedTo: isNew ? `corpus/${seed}.json` : null, repro: isNew ? `npm run repro -- corpus/${seed}.json` : null, message: 'm', detail: null };
}

/** A shard's output directory as the chaos CLI writes it. */
function shardDir(root: string, shard: string, steps: number, failures: FailureRecord[], elapsedSec: number, domainCounts: DomainCounts = {}): string {
  const dir = join(root, `shard-${shard.replace('/', '-')}`);
  mkdirSync(dir);
  const stats = newStats();
  stats.steps = steps;
  stats.errors = 10;
  stats.opKinds['obj.update'] = steps;
  stats.rules['KV-1'] = steps;
  const summary = buildSummary({
    startedAt: '2026-03-01T02:17:00.000Z', elapsedSec, stoppedBy: 'deadline', system: 'engine', seed: 7, shard, seedFormula: 'f', casesAssigned: 4, maxOps: 1000,
    workers: [{ cases: 2, casesCut: 1, ops: steps / 2, restarts: 0 }, { cases: 1, ops: steps / 2, restarts: 0 }], stats, specRules: ['KV-1', 'KV-2'], domainCounts,
    timeline: [{ tSec: 2, opsPerSecByWorker: [100, 200], totalOps: 600 }, { tSec: 4, opsPerSecByWorker: [110, 210], totalOps: 1240 }], failures, events: [],
  });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  writeFileSync(join(dir, 'results.jsonl'), `${JSON.stringify({ type: 'case', k: 0, steps })}\n{"torn`);
  return dir;
}

describe('chaos merge', () => {
  it('sums the shards, de-duplicates failures by signature across shards, and keeps every results line', () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-'));
    const a = shardDir(root, '1/2', 1000, [failure('sig-A', true, 1), failure('sig-B', false, 2)], 60);
    const b = shardDir(root, '2/2', 3000, [failure('sig-A', true, 3), failure('sig-B', true, 4), failure('sig-C', false, 5)], 62);
    const { summary, resultsJsonl } = mergeOutputs([a, b]);
    expect(summary.opsChecked).toBe(4000);
    expect(summary.cases).toBe(6);
    expect(summary.casesCut).toBe(2);
    expect(summary.elapsedSec).toBe(62);
    expect(summary.perWorker.map((w) => w.label)).toEqual(['shard 1/2 #0', 'shard 1/2 #1', 'shard 2/2 #0', 'shard 2/2 #1']);
    expect(summary.failures.map((f) => [f.signature, f.isNew, f.foundIn])).toEqual([['sig-A', true, ['1/2', '2/2']], ['sig-B', true, ['1/2', '2/2']], ['sig-C', false, ['2/2']]]);
    // sig-B was new only in shard 2: the merged record points at the case shard 2 saved.
    expect(summary.failures[1].savedTo).toBe('corpus/4.json');
    expect(summary.newFailures).toBe(2);
    expect(summary.exitCode).toBe(1);
    expect(summary.timeline[0].opsPerSecByWorker).toEqual([100, 200, 100, 200]);
    expect(summary.rulesMissing).toEqual(['KV-2']);
    expect(summary.mergedFrom?.map((m) => m.shard)).toEqual(['1/2', '2/2']);
    // The torn last line of each shard (a killed writer) is dropped; the rest keep their shard.
    expect(resultsJsonl.trim().split('\n').map((l) => JSON.parse(l).shard)).toEqual(['1/2', '2/2']);
  });

  it('counts declared generator values over all shards: a value generated in any shard is generated', () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-domains-'));
    const a = shardDir(root, '1/2', 10, [], 1, { 'key=short': 5, 'aim=corrupt': 2 });
    const b = shardDir(root, '2/2', 10, [], 1, { 'key=short': 1, 'size=cell': 3 });
    const { summary } = mergeOutputs([a, b]);
    expect(summary.domainCounts).toEqual({ 'aim=corrupt': 2, 'key=short': 6, 'size=cell': 3 });
    const declared = DOMAINS.flatMap((d) => d.values.map((v) => `${d.name}=${v}`));
    const generated = new Set(['key=short', 'aim=corrupt', 'size=cell']);
    expect(summary.declaredValues).toEqual({ declared: declared.length, generated: 3, neverGenerated: declared.filter((k) => !generated.has(k)) });
    // Each shard alone lacks a value the other generated.
    for (const dir of [a, b]) expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).declaredValues.generated).toBe(2);
  });

  it('refuses inputs that are not chaos outputs of one campaign', () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-bad-'));
    const a = shardDir(root, '1/2', 10, [], 1);
    const other = shardDir(root, '1/3', 10, [], 1);
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'file'), '');
    // A shard summary without declared-value counts (an older chaos): merging it would call its values never generated.
    const old = shardDir(root, '2/2', 10, [], 1);
    const { domainCounts: _dropped, ...withoutCounts } = JSON.parse(readFileSync(join(old, 'summary.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(old, 'summary.json'), JSON.stringify(withoutCounts));
    const cases: [string[], RegExp][] = [
      [[a, join(root, 'nope')], /no such directory/], [[a, join(root, 'file')], /not a directory/], [[a, join(root, 'empty')], /no summary\.json/],
      [[a, other], /not one campaign/], [[a, a], /given twice/], [[a, old], /no domainCounts/],
    ];
    for (const [dirs, message] of cases) {
      expect(() => mergeOutputs(dirs)).toThrow(UsageError);
      expect(() => mergeOutputs(dirs)).toThrow(message);
    }
  });
});
