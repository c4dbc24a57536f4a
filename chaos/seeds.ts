/**
 * The seed space of a chaos campaign and how shards split it.
 *
 * Case k (k = 0, 1, 2, ...) of shard i/n (1 <= i <= n) of a campaign with base seed S runs with
 *
 *   g    = (i - 1) + k * n                              (the global case index)
 *   seed = int32(fmix32((uint32(S) + uint32(g) * 0x9E3779B9) mod 2^32))
 *
 * where fmix32 is MurmurHash3's 32-bit finalizer. For a fixed S the map g -> seed is a bijection on
 * [0, 2^32) (adding S, multiplying by an odd constant and fmix32 are each invertible mod 2^32), so
 * two shards never share a seed and a shard never repeats one until 2^32 / n cases. The seeds of a
 * run are therefore reconstructible from (S, i/n, number of cases assigned): `shardSeeds` below.
 * Seeds are signed 32-bit because fast-check reduces its seed mod 2^32 anyway.
 */
import { UsageError } from '../properties/args.ts';

export interface Shard {
  /** 1-based index of this shard. */
  readonly index: number;
  readonly count: number;
}

export const SEED_FORMULA = 'seed(k) = int32(fmix32((uint32(S) + uint32((i-1) + k*n) * 0x9E3779B9) mod 2^32)) for case k of shard i/n, base seed S';

const SHARD_COUNT_MAX = 4096;
const GLOBAL_INDEX_MAX = 0xffffffff;

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--shard must look like i/n (e.g. 2/4), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > SHARD_COUNT_MAX) throw new UsageError(`--shard: n must be in 1..${SHARD_COUNT_MAX}, got ${count}`);
  if (index < 1 || index > count) throw new UsageError(`--shard: i must be in 1..${count}, got ${index}`);
  return { index, count };
}

/** MurmurHash3 fmix32: an invertible 32-bit mixer. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function globalCaseIndex(shard: Shard, k: number): number {
  if (!Number.isInteger(k) || k < 0) throw new Error(`case index must be a non-negative integer, got ${k}`);
  const g = shard.index - 1 + k * shard.count;
  if (g > GLOBAL_INDEX_MAX) throw new Error(`case ${k} of shard ${shard.index}/${shard.count} is beyond the 2^32 seed space`);
  return g;
}

export function caseSeed(baseSeed: number, shard: Shard, k: number): number {
  const g = globalCaseIndex(shard, k);
  return fmix32(((baseSeed >>> 0) + Math.imul(g >>> 0, 0x9e3779b9)) >>> 0) | 0;
}

/** The seeds of the first `count` cases of a shard, in the order a campaign assigns them. */
export function shardSeeds(baseSeed: number, shard: Shard, count: number): number[] {
  const seeds: number[] = [];
  for (let k = 0; k < count; k++) seeds.push(caseSeed(baseSeed, shard, k));
  return seeds;
}
