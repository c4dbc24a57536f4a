/**
 * V8 flags the campaign processes start with: `npm run conform`, `repro` and `chaos` (package.json)
 * and chaos's workers (chaos/campaign.ts). A test (scripts/launch.test.ts) keeps package.json in step.
 *
 * Why: a default campaign is short for a JIT. V8 optimizes about 1,500 functions in it, and their
 * optimizing compiles, run on background threads, took about a fifth of the campaign's CPU-seconds
 * (2026-12-03: 4 V8 worker threads at 7.7 CPU-s against 16.3 on the main thread). Half the
 * cumulative inlining budget (V8's default is 920 bytes of bytecode) makes those compiles cheaper
 * while the hot loops stay optimized: measured against no flag, `farm-bench` pairs of the full
 * campaign, CPU ratio medians 0.957 (4 pairs) and 0.953 (8 pairs), wall 0.99; same traces (it
 * changes how code is compiled, never what it computes).
 */
export const JIT_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=460'];
