import { describe, expect, it } from 'vitest';
import { UsageError } from '../properties/args.ts';
import { caseSeed, fmix32, parseShard, shardSeeds } from './seeds.ts';

describe('seed space and shards', () => {
  it('fmix32 matches MurmurHash3 fmix32 (0 -> 0, 1 -> 0x514e28b7)', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });

  it('shards of one campaign are pairwise disjoint and never repeat a seed', () => {
    const count = 4;
    const perShard = 2000;
    const all = new Set<number>();
    for (let i = 1; i <= count; i++) for (const s of shardSeeds(12345, { index: i, count }, perShard)) all.add(s);
    expect(all.size).toBe(count * perShard);
  });

  it('n shards together run exactly the seeds one unsharded campaign runs (reconstructible from seed and i/n)', () => {
    const n = 3;
    const k = 500;
    const union = new Set<number>();
    for (let i = 1; i <= n; i++) for (const s of shardSeeds(-7, { index: i, count: n }, k)) union.add(s);
    expect(union).toEqual(new Set(shardSeeds(-7, { index: 1, count: 1 }, n * k)));
    // Case k of shard i/n is case (i-1) + k*n of the unsharded campaign.
    expect(caseSeed(-7, { index: 2, count: 3 }, 10)).toBe(caseSeed(-7, { index: 1, count: 1 }, 1 + 10 * 3));
  });

  it('seeds are signed 32-bit integers and differ between base seeds', () => {
    const a = shardSeeds(1, { index: 1, count: 1 }, 100);
    const b = shardSeeds(2, { index: 1, count: 1 }, 100);
    for (const s of a) expect(s === (s | 0)).toBe(true);
    expect(a.filter((s) => b.includes(s))).toEqual([]);
  });

  it('parses i/n strictly', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/2/3', '-1/2']) expect(() => parseShard(bad)).toThrow(UsageError);
  });
});
