import fc from 'fast-check';
import type { AimedFault, AimedFaultKind, Handle, Oid, Op, TraceOp } from '../../contract/index.ts';
import { aim, op } from './builders.ts';
import { hotArb, type GenContext } from './context.ts';
import { contRefArb, poolRefArb } from './names-arbs.ts';

/**
 * Fault and map ops (sections 3, 4, 19): at random ranks and targets, or aimed (contract/aim.ts) at
 * a shard of a hot key's redundancy group, so the failure, drain or corruption hits the data that
 * the next reads need. An aim carries a random fallback for systems without the placement hook.
 */
function rankArb(ctx: GenContext): fc.Arbitrary<number> {
  // Mostly in range; one past the last rank now and then (INVAL, MAP-6; FAULT-7).
  return fc.oneof({ weight: 12, arbitrary: fc.nat(ctx.ranks - 1) }, { weight: 1, arbitrary: fc.constant(ctx.ranks) });
}
// Mostly in range; the index one past the last now and then (INVAL, MAP-6; FAULT-7).
const targetArb = (ctx: GenContext) => fc.oneof({ weight: 12, arbitrary: fc.nat(Math.max(0, ctx.targetsPerEngine - 1)) }, { weight: 1, arbitrary: fc.constant(ctx.targetsPerEngine) });

export function aimedArb(ctx: GenContext, kind: AimedFaultKind, fallback: fc.Arbitrary<Op>): fc.Arbitrary<TraceOp> {
  return fc.tuple(hotArb(ctx), fc.nat(15), fallback).map(([k, shard, fb]) => aim(kind, { coh: -1, oid: k.oid, dkey: k.dkey }, shard, fb));
}

/** The map and fault kinds a block aims at a chosen shard (corrupt names a container: its blocks build it). */
export type ShardHit = 'failEngine' | 'failTarget' | 'restartEngine' | 'exclude' | 'drain' | 'reintegrate';

/**
 * `kind` aimed at shard `shard` of `at`'s group, falling back (a system without the placement hook)
 * to the same fault at `rank`, target 0, in the first pool.
 */
export function hitShard(kind: ShardHit, at: { coh: Handle; oid: Oid; dkey: string }, shard: number, rank: number, force?: boolean): AimedFault {
  switch (kind) {
    case 'failEngine': return aim(kind, at, shard, op('fault.failEngine', { rank }));
    case 'restartEngine': return aim(kind, at, shard, op('fault.restartEngine', { rank }));
    case 'failTarget': return aim(kind, at, shard, op('fault.failTarget', { rank, target: 0 }));
    case 'exclude': return aim(kind, at, shard, op('pool.exclude', { pool: '#p0', rank, ...(force ? { force } : {}) }));
    case 'drain': return aim(kind, at, shard, op('pool.drain', { pool: '#p0', rank }));
    case 'reintegrate': return aim(kind, at, shard, op('pool.reintegrate', { pool: '#p0', rank }));
  }
}

/** Half random, half aimed at a hot key. */
function maybeAimed(ctx: GenContext, kind: AimedFaultKind, random: fc.Arbitrary<Op>): fc.Arbitrary<TraceOp> {
  return fc.oneof(random, aimedArb(ctx, kind, random));
}

export const failTargetArb = (ctx: GenContext) => fc.record({ rank: rankArb(ctx), target: targetArb(ctx) }).map((o) => op('fault.failTarget', o));
export const failEngineArb = (ctx: GenContext) => rankArb(ctx).map((rank) => op('fault.failEngine', { rank }));
export const restartEngineArb = (ctx: GenContext) => rankArb(ctx).map((rank) => op('fault.restartEngine', { rank }));
export const failNodeArb = (ctx: GenContext) => fc.nat(ctx.nodes).map((node) => op('fault.failNode', { node }));
export const corruptArb = (ctx: GenContext) => fc.record({ cont: contRefArb, rank: rankArb(ctx), target: targetArb(ctx) }).map((o) => op('fault.corrupt', o));
export const dropArb = (ctx: GenContext) =>
  fc.record({ rank: rankArb(ctx), target: targetArb(ctx), count: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 4) }) }).map((o) => op('fault.dropMessages', o));

// Whole rank, a list of distinct indices, or rarely a list MAP-6 refuses (empty, duplicate, negative).
const targetsArb = (ctx: GenContext) => fc.oneof(
  { weight: 12, arbitrary: fc.option(fc.uniqueArray(targetArb(ctx), { minLength: 1, maxLength: 2 }), { nil: undefined }) },
  { weight: 1, arbitrary: fc.constantFrom<number[]>([], [0, 0], [-1]) },
);
export const excludeArb = (ctx: GenContext) =>
  fc.record({ pool: poolRefArb, rank: rankArb(ctx), targets: targetsArb(ctx), force: fc.boolean() }).map(({ targets, ...o }) => op('pool.exclude', { ...o, ...(targets ? { targets } : {}) }));
export const drainArb = (ctx: GenContext) => fc.record({ pool: poolRefArb, rank: rankArb(ctx), targets: targetsArb(ctx) }).map(({ targets, ...o }) => op('pool.drain', { ...o, ...(targets ? { targets } : {}) }));
export const reintegrateArb = (ctx: GenContext) => fc.record({ pool: poolRefArb, rank: rankArb(ctx), targets: targetsArb(ctx) }).map(({ targets, ...o }) => op('pool.reintegrate', { ...o, ...(targets ? { targets } : {}) }));
export const rebuildArb = fc.record({ pool: poolRefArb }).map((o) => op('pool.rebuild', o));

export const faultTargetArb = (ctx: GenContext) => maybeAimed(ctx, 'failTarget', failTargetArb(ctx));
export const faultEngineArb = (ctx: GenContext) => maybeAimed(ctx, 'failEngine', failEngineArb(ctx));
export const faultNodeArb = (ctx: GenContext) => maybeAimed(ctx, 'failNode', failNodeArb(ctx));
export const faultCorruptArb = (ctx: GenContext) => maybeAimed(ctx, 'corrupt', corruptArb(ctx));
export const faultDropArb = (ctx: GenContext) => maybeAimed(ctx, 'dropMessages', dropArb(ctx));
export const faultRestartArb = (ctx: GenContext) => maybeAimed(ctx, 'restartEngine', restartEngineArb(ctx));

export function mapAdminArb(ctx: GenContext): fc.Arbitrary<TraceOp> {
  return fc.oneof(
    maybeAimed(ctx, 'exclude', excludeArb(ctx)),
    maybeAimed(ctx, 'drain', drainArb(ctx)),
    maybeAimed(ctx, 'reintegrate', reintegrateArb(ctx)),
    rebuildArb,
  );
}
