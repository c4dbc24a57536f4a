/**
 * A fixed workload suite for checking `bench --compare` itself (scripts/bench-compare-under-load.sh):
 * the same cases as a real suite would have, with a planted slowdown factor read from
 * BENCH_PLANTED_SLOWDOWN (default 1): each call does that many times the work while reporting the
 * same items per call, so its figures drop by exactly that factor.
 */
import type { BenchSuite } from '../harness.ts';

const factor = Number(process.env.BENCH_PLANTED_SLOWDOWN ?? '1');
if (!(factor >= 1) || !Number.isInteger(factor)) throw new Error(`BENCH_PLANTED_SLOWDOWN must be an integer >= 1, got '${process.env.BENCH_PLANTED_SLOWDOWN}'`);
let sink = 0;

function repeat(fn: () => void): () => void {
  return () => {
    for (let i = 0; i < factor; i++) fn();
  };
}

export const suite: BenchSuite = {
  name: 'planted',
  environment: () => ({ plantedSlowdown: String(factor) }),
  cases: () => [
    { name: 'integer mix 4096', itemsPerCall: 4096, fn: repeat(() => { let x = 1; for (let i = 0; i < 4096; i++) x = (Math.imul(x, 31) + i) | 0; sink ^= x; }) },
    { name: 'map churn 512 keys', itemsPerCall: 512, fn: repeat(() => { const m = new Map<number, number>(); for (let i = 0; i < 512; i++) m.set(i * 7, i); sink ^= m.size; }) },
    { name: 'sort 1000 numbers', itemsPerCall: 1000, fn: repeat(() => { const a = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000); a.sort((p, q) => p - q); sink ^= a[500]; }) },
    { name: 'object graph 256 nodes', itemsPerCall: 256, fn: repeat(() => { let head: { v: number; next: unknown } | null = null; for (let i = 0; i < 256; i++) head = { v: i, next: head }; sink ^= head!.v; }) },
  ],
};
