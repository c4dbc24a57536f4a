import fc from 'fast-check';
import type { TraceOp } from '../../contract/index.ts';
import type { Category, SwarmConfig } from '../swarm.ts';
import { categoryArb } from './categories.ts';
import { setupArb } from './setup.ts';

/**
 * A whole generated case: a swarm configuration (properties/swarm.ts), the setup prefix and its
 * context (setup.ts: topology and hot keys), then up to `maxOps` swarm-weighted ops and blocks.
 * Ops are symbolic (properties/symbolic.ts); aimed faults (contract/aim.ts) become literal ops when
 * the runner reaches them, and the runner's literal trace is what a case file stores.
 */
export interface TraceShape {
  readonly maxOps: number;
}

export interface GeneratedCase {
  readonly swarm: SwarmConfig;
  /** Seed of the implementation's own PRNG (message scheduling, ids), so it varies per case too. */
  readonly engineSeed: number;
  readonly ops: TraceOp[];
}

export function caseArb(swarm: fc.Arbitrary<SwarmConfig>, shape: TraceShape): fc.Arbitrary<GeneratedCase> {
  return fc.tuple(swarm, setupArb(), fc.nat(1_000_000)).chain(([config, setup, engineSeed]) => {
    const weighted = Object.entries(config.weights)
      .filter(([, w]) => w > 0)
      .map(([category, weight]) => ({ weight, arbitrary: categoryArb(category as Category, setup.ctx) }));
    // size 'max': lengths spread over the whole range instead of fast-check's small-size bias.
    return fc.array(fc.oneof(...weighted), { minLength: 1, maxLength: shape.maxOps, size: 'max' }).map((body): GeneratedCase => ({ swarm: config, engineSeed, ops: [...setup.ops, ...body.flat()] }));
  });
}
