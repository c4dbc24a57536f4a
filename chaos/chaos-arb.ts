import fc from 'fast-check';
import { caseArb, type GeneratedCase } from '../properties/arbitraries.ts';
import { swarmArb, type SwarmConfig } from '../properties/swarm.ts';
import type { Op } from '../contract/index.ts';
import { PRINCIPALS } from '../properties/names.ts';
import { burstsArb, insertBursts, setupLength } from './fault-bursts.ts';

/**
 * The chaos case generator: the conformance generator (swarm configuration, setup prefix, weighted
 * body spread over the whole trace) plus 0..4 clustered fault bursts (chaos/fault-bursts.ts).
 * The drawn swarm weights and the number of bursts are recorded in the case's `swarm` field.
 *
 * Handle top-up: symbolic handles are "the n-th handle ever issued" (properties/symbolic.ts) and the
 * generators name only the first few (coh 0..4, poh 0..2). When the random setup fails to issue
 * them (an INVAL property, a duplicate label) every later op of a long trace answers NO_HDL and
 * the trace checks nothing. So after the setup each case gets two more pool connections, one plain
 * container (label "chaos0", created without properties) and five opens of it: coh 0..4 and poh
 * 0..2 then always exist at the start of the body. Faults and closes may still take them away.
 *
 * Long traces: the body is an fc.array built inside a chain, so its length follows fast-check's
 * global size at generation time. `withLongTraces` switches the default size to "max when a max is
 * given" for the duration of a call, which makes body lengths spread over 1..maxOps instead of ~10.
 */
export interface ChaosSwarm extends SwarmConfig {
  readonly bursts: number;
  readonly burstOps: number;
}

export function chaosCaseArb(maxOps: number): fc.Arbitrary<GeneratedCase> {
  if (!Number.isInteger(maxOps) || maxOps < 1) throw new Error(`maxOps must be a positive integer, got ${maxOps}`);
  return fc.tuple(caseArb(swarmArb(), { maxOps }), burstsArb).map(([kase, bursts]) => {
    const swarm: ChaosSwarm = { ...kase.swarm, bursts: bursts.length, burstOps: bursts.reduce((n, b) => n + b.ops.length, 0) };
    return { swarm, engineSeed: kase.engineSeed, ops: insertBursts(withHandleTopUp(kase.ops), bursts) };
  });
}

const OWNER = PRINCIPALS[0];
const TOP_UP_LABEL = 'chaos0';
const TOP_UP: readonly Op[] = [
  { type: 'pool.connect', pool: '#p0', principal: OWNER, mode: 'RW' },
  { type: 'pool.connect', pool: '#p0', principal: OWNER, mode: 'RW' },
  { type: 'cont.create', poh: 0, label: TOP_UP_LABEL },
  ...Array.from({ length: 5 }, (): Op => ({ type: 'cont.open', poh: 0, cont: TOP_UP_LABEL, mode: 'RW' })),
];

export function withHandleTopUp(ops: readonly Op[]): Op[] {
  const at = setupLength(ops);
  return [...ops.slice(0, at), ...TOP_UP, ...ops.slice(at)];
}

export function withLongTraces<T>(fn: () => T): T {
  const previous = fc.readConfigureGlobal();
  fc.configureGlobal({ ...previous, defaultSizeToMaxWhenMaxSpecified: true });
  try {
    return fn();
  } finally {
    fc.configureGlobal(previous);
  }
}

/** The case a campaign runs first for `seed`: identical to fc.check's first generated value. */
export function sampleChaosCase(seed: number, maxOps: number): GeneratedCase {
  return withLongTraces(() => fc.sample(chaosCaseArb(maxOps), { seed, numRuns: 1 })[0]);
}
