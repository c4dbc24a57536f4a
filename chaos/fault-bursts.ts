import fc from 'fast-check';
import type { Op, TraceOp } from '../contract/index.ts';

/**
 * Clustered faults. The swarm generator spreads fault ops through a trace at their weights; real
 * incidents come in bursts that hit one place: an engine dies, its node follows, messages to its
 * targets drop, an admin excludes it and rebuilds. A burst is 2..8 fault and map-admin ops aimed at
 * one rank (and its node), inserted at one point of the trace. Ops the model refuses as outside the
 * generator constraints are skipped by the runner (FAULT-8), so a burst never needs to be valid.
 *
 * Does NOT model timing inside a burst: the ops are consecutive in the trace, nothing more.
 */
export interface FaultBurst {
  /** Where to insert, as a fraction of the body (after the setup prefix), in millionths. */
  readonly atMillionths: number;
  readonly ops: readonly Op[];
}

/** Ranks, nodes and targets span the largest topology the generators draw (6 nodes x 2 engines x 3 targets). */
const RANK_MAX = 11;
const TARGET_MAX = 2;
const BURST_OPS_MAX = 8;
export const BURSTS_MAX = 4;

function burstOpArb(rank: number, enginesPerNodeGuess: number): fc.Arbitrary<Op> {
  const node = Math.floor(rank / enginesPerNodeGuess);
  const target = fc.nat(TARGET_MAX);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Op>({ type: 'fault.failEngine', rank }) },
    { weight: 3, arbitrary: target.map((t) => ({ type: 'fault.failTarget', rank, target: t }) as Op) },
    { weight: 1, arbitrary: fc.constant<Op>({ type: 'fault.failNode', node }) },
    { weight: 2, arbitrary: fc.constant<Op>({ type: 'fault.restartEngine', rank }) },
    { weight: 2, arbitrary: fc.record({ target, cont: fc.constantFrom('#c0', '#c1') }).map(({ target: t, cont }) => ({ type: 'fault.corrupt', cont, rank, target: t }) as Op) },
    { weight: 3, arbitrary: fc.record({ target, count: fc.integer({ min: 1, max: 3 }) }).map(({ target: t, count }) => ({ type: 'fault.dropMessages', rank, target: t, count }) as Op) },
    { weight: 2, arbitrary: fc.boolean().map((force) => ({ type: 'pool.exclude', pool: '#p0', rank, force }) as Op) },
    { weight: 1, arbitrary: fc.constant<Op>({ type: 'pool.drain', pool: '#p0', rank }) },
    { weight: 2, arbitrary: fc.constant<Op>({ type: 'pool.rebuild', pool: '#p0' }) },
    { weight: 1, arbitrary: fc.constant<Op>({ type: 'pool.reintegrate', pool: '#p0', rank }) },
  );
}

export const burstArb: fc.Arbitrary<FaultBurst> = fc
  .record({ rank: fc.nat(RANK_MAX), enginesPerNode: fc.integer({ min: 1, max: 2 }), atMillionths: fc.nat(999_999) })
  .chain(({ rank, enginesPerNode, atMillionths }) =>
    fc.array(burstOpArb(rank, enginesPerNode), { minLength: 2, maxLength: BURST_OPS_MAX }).map((ops) => ({ atMillionths, ops })),
  );

export const burstsArb: fc.Arbitrary<FaultBurst[]> = fc.array(burstArb, { maxLength: BURSTS_MAX });

const SETUP_KINDS: ReadonlySet<string> = new Set(['system.create', 'pool.create', 'pool.connect', 'cont.create', 'cont.open']);

/** Length of the leading run of setup-kind ops (properties/arbitraries.ts setupArb). */
export function setupLength(ops: readonly TraceOp[]): number {
  let n = 0;
  while (n < ops.length && SETUP_KINDS.has(ops[n].type)) n++;
  return n;
}

/** Inserts each burst into the body at its fraction; bursts at the same point stay in order. */
export function insertBursts(ops: readonly TraceOp[], bursts: readonly FaultBurst[]): TraceOp[] {
  const setup = setupLength(ops);
  const bodyLength = ops.length - setup;
  const at = bursts.map((b) => setup + Math.floor((b.atMillionths / 1_000_000) * (bodyLength + 1)));
  const out: TraceOp[] = [];
  for (let i = 0; i <= ops.length; i++) {
    bursts.forEach((b, j) => {
      if (at[j] === i) out.push(...b.ops);
    });
    if (i < ops.length) out.push(ops[i]);
  }
  const inserted = bursts.reduce((sum, b) => sum + b.ops.length, 0);
  if (out.length !== ops.length + inserted) throw new Error('insertBursts lost or duplicated ops');
  return out;
}
