/**
 * V8 flags the campaign processes start with: `npm run conform`, `repro` and `chaos` (package.json)
 * and chaos's workers (chaos/campaign.ts). A test (scripts/launch.test.ts) keeps package.json in step.
 * They change how code is compiled and memory collected, never what the code computes: the 300-run
 * conform output is the same with and without them. Measured on 2026-12-03 with `farm-bench` pairs
 * of the full default campaign (2-core host, nothing else running), CPU-second ratios as medians:
 *
 * - `--max-inlined-bytecode-size-cumulative=460` (V8's default is 920): a campaign is short for a
 *   JIT. V8 optimizes about 1,500 functions in it, and those optimizing compiles, on background
 *   threads, took about a fifth of its CPU (4 V8 worker threads at 7.7 CPU-s against 16.3 on the
 *   main thread). Half the inlining budget makes them cheaper while hot loops stay optimized:
 *   0.957 (4 pairs) and 0.953 (8 pairs) against no flag, wall 0.99.
 * - `--max-semi-space-size=32 --min-semi-space-size=32` (MiB; Node 20 starts the young generation
 *   small and grows it to 16): every op allocates short-lived drafts, outcomes and read buffers that
 *   live for a few ops. A young generation twice as large and that size from the start lets them die
 *   there: 160 scavenges instead of 329, 0.74 s of scavenge pauses instead of 1.8 s, 8 full
 *   collections instead of 13, and a lower peak (256 MiB against 275). 0.844 CPU and 0.872 wall
 *   (5 pairs, each 0.82-0.86) against the inlining flag alone; 64 MiB gained nothing more (0.989)
 *   and took 316 MiB.
 */
export const V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=460', '--max-semi-space-size=32', '--min-semi-space-size=32'];
