import fc from 'fast-check';
import { caseArb, type GeneratedCase } from '../properties/generators/index.ts';
import { swarmArb, type SwarmConfig } from '../properties/swarm.ts';
import type { Op, TraceOp } from '../contract/index.ts';
import { PRINCIPALS } from '../properties/names.ts';
import { burstsArb, insertBursts, setupLength } from './fault-bursts.ts';

/**
 * The chaos case generator: the conformance generator (swarm configuration, setup prefix, weighted
 * body spread over the whole trace) plus 0..4 clustered fault bursts (chaos/fault-bursts.ts).
 * The drawn swarm weights and the number of bursts are recorded in the case's `swarm` field.
 *
 * Handle top-up: traces name handles by issue order, absolute (coh 0 = first issued) or relative
 * (coh -1 = latest; properties/symbolic.ts). When the random setup fails to issue them (an INVAL
 * property, a duplicate label) a long trace answers NO_HDL for hundreds of ops. So after the setup
 * each case gets two more pool connections, one plain container ("chaos0", no properties) opened
 * twice, and one more open of each setup container: a few handles exist at the start of the body
 * whatever the setup drew. Faults, closes and disconnects may still take them away.
 *
 * Long traces: properties/generators/case.ts draws the body with size "max", so lengths spread over
 * 1..maxOps (fast-check's default size would keep them near 10). No trace exceeds maxOps ops.
 */
export interface ChaosSwarm extends SwarmConfig {
  readonly bursts: number;
  readonly burstOps: number;
}

export function chaosCaseArb(maxOps: number): fc.Arbitrary<GeneratedCase> {
  if (!Number.isInteger(maxOps) || maxOps < 1) throw new Error(`maxOps must be a positive integer, got ${maxOps}`);
  return fc.tuple(caseArb(swarmArb(), { maxOps }), burstsArb).map(([kase, bursts]) => {
    const swarm: ChaosSwarm = { ...kase.swarm, bursts: bursts.length, burstOps: bursts.reduce((n, b) => n + b.ops.length, 0) };
    // The body's groups, the handle top-up and the bursts all add ops: --max-ops bounds the whole
    // trace, so the tail is cut (the setup comes first and is kept).
    return { swarm, engineSeed: kase.engineSeed, ops: insertBursts(withHandleTopUp(kase.ops), bursts).slice(0, maxOps) };
  });
}

const OWNER = PRINCIPALS[0];
const TOP_UP_LABEL = 'chaos0';
const TOP_UP: readonly Op[] = [
  { type: 'pool.connect', pool: '#p0', principal: OWNER, mode: 'RW' },
  { type: 'pool.connect', pool: '#p0', principal: OWNER, mode: 'RW' },
  { type: 'cont.create', poh: 0, label: TOP_UP_LABEL },
  { type: 'cont.open', poh: 0, cont: TOP_UP_LABEL, mode: 'RW' },
  { type: 'cont.open', poh: 0, cont: TOP_UP_LABEL, mode: 'RW' },
  // Opened last so relative references (-1 = latest) land on the setup's containers and their
  // drawn properties; an open of a container the setup failed to create is a harmless NONEXIST.
  { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
  { type: 'cont.open', poh: 0, cont: '#c1', mode: 'RW' },
  { type: 'cont.open', poh: 0, cont: '#c2', mode: 'RW' },
];

export function withHandleTopUp(ops: readonly TraceOp[]): TraceOp[] {
  const at = setupLength(ops);
  return [...ops.slice(0, at), ...TOP_UP, ...ops.slice(at)];
}

/** The case a campaign runs first for `seed`: identical to fc.check's first generated value. */
export function sampleChaosCase(seed: number, maxOps: number): GeneratedCase {
  return fc.sample(chaosCaseArb(maxOps), { seed, numRuns: 1 })[0];
}
