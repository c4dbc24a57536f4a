import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandPayload, type FetchEntry, type Oid, type Op } from '../contract/index.ts';
import { step } from './step.ts';
import { oidOf, world, type DataWorld } from './ops/data-fixtures.ts';

/**
 * Property tests (fixed seeds) of laws the data rules imply:
 *  - SNAP-1 / SNAP-6: a snapshot read never changes after later writes, punches and rollbacks;
 *  - KV-5 / ARR-2: a fetch right after an update returns the written bytes;
 *  - ERR-2: a failed op leaves the state unchanged;
 *  - KV-6 / KV-7: a listing is the set of keys whose fetch is not `none` (single-value histories);
 *  - TX-6: a transaction's buffered ops, committed, equal the same ops applied one by one.
 */

const OBJS = [1, 2];
const DKEYS = ['d0', 'd1', 'd2'];
const SINGLES = ['s0', 's1', 's2'];
const ARRAYS = ['x0', 'x1'];
const READ_RANGE = { offset: 0, length: 24 };

type Action =
  | { k: 'single'; o: number; d: string; a: string; v: number }
  | { k: 'extent'; o: number; d: string; a: string; off: number; len: number; v: number }
  | { k: 'punchExtent'; o: number; d: string; a: string; off: number; len: number }
  | { k: 'punchAkey'; o: number; d: string; a: string }
  | { k: 'punchDkey'; o: number; d: string }
  | { k: 'punchObj'; o: number }
  | { k: 'snap' }
  | { k: 'rollback'; which: number }
  | { k: 'bad' };

const obj = fc.constantFrom(...OBJS);
const dkey = fc.constantFrom(...DKEYS);
const single = fc.constantFrom(...SINGLES);
const array = fc.constantFrom(...ARRAYS);
const anyAkey = fc.constantFrom(...SINGLES, ...ARRAYS);

/** Single-value and punch actions only (the listing law needs `none` to mean "not visible"). */
const singleWrite: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ k: fc.constant('single' as const), o: obj, d: dkey, a: single, v: fc.nat(50) }),
  fc.record({ k: fc.constant('punchAkey' as const), o: obj, d: dkey, a: single }),
  fc.record({ k: fc.constant('punchDkey' as const), o: obj, d: dkey }),
  fc.record({ k: fc.constant('punchObj' as const), o: obj }),
);

/** Writes that respect each akey's kind (singles s*, arrays x*). */
const kindSafeWrite: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: singleWrite },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('extent' as const), o: obj, d: dkey, a: array, off: fc.nat(18), len: fc.integer({ min: 1, max: 6 }), v: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('punchExtent' as const), o: obj, d: dkey, a: array, off: fc.nat(18), len: fc.integer({ min: 1, max: 6 }) }) },
);

const dataWrite: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: kindSafeWrite },
  // Kind mismatches (KV-3) and invalid arguments exercise failing ops.
  { weight: 1, arbitrary: fc.record({ k: fc.constant('single' as const), o: obj, d: dkey, a: anyAkey, v: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('extent' as const), o: obj, d: dkey, a: anyAkey, off: fc.nat(18), len: fc.integer({ min: 1, max: 6 }), v: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'bad' as const }) },
);

const anyAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: dataWrite },
  { weight: 1, arbitrary: fc.constant({ k: 'snap' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rollback' as const), which: fc.nat(5) }) },
);

interface Ctx {
  readonly w: DataWorld;
  readonly oids: Map<number, Oid>;
  readonly tokens: number[];
}

function newCtx(): Ctx {
  const w = world();
  return { w, oids: new Map(OBJS.map((o) => [o, oidOf(w, o)])), tokens: [] };
}

/** The op for an action, or undefined when it needs a snapshot that does not exist. */
function toOp(c: Ctx, a: Action, tx?: number): Op | undefined {
  const coh = c.w.coh;
  const t = tx === undefined ? {} : { tx };
  switch (a.k) {
    case 'single':
      return { type: 'obj.update', coh, oid: c.oids.get(a.o)!, dkey: a.d, iods: [{ akey: a.a, single: { seed: a.v, length: 1 + (a.v % 5) } }], ...t };
    case 'extent':
      return { type: 'obj.update', coh, oid: c.oids.get(a.o)!, dkey: a.d, iods: [{ akey: a.a, extents: [{ offset: a.off, data: { seed: a.v, length: a.len } }] }], ...t };
    case 'punchExtent':
      return { type: 'obj.punchExtents', coh, oid: c.oids.get(a.o)!, dkey: a.d, akey: a.a, ranges: [{ offset: a.off, length: a.len }], ...t };
    case 'punchAkey':
      return { type: 'obj.punchAkeys', coh, oid: c.oids.get(a.o)!, dkey: a.d, akeys: [a.a], ...t };
    case 'punchDkey':
      return { type: 'obj.punchDkey', coh, oid: c.oids.get(a.o)!, dkey: a.d, ...t };
    case 'punchObj':
      return { type: 'obj.punch', coh, oid: c.oids.get(a.o)!, ...t };
    case 'bad':
      return { type: 'obj.update', coh, oid: c.oids.get(1)!, dkey: '', iods: [], ...t };
    case 'snap':
      return { type: 'snap.create', coh };
    case 'rollback':
      return c.tokens.length === 0 ? undefined : { type: 'cont.rollback', coh, token: c.tokens[a.which % c.tokens.length] };
  }
}

function run(c: Ctx, actions: readonly Action[]): void {
  for (const a of actions) {
    const op = toOp(c, a);
    if (!op) continue;
    const out = c.w.d.apply(op);
    if (a.k === 'snap' && out.ok) c.tokens.push(out.value as number);
  }
}

/** Everything observable about the data, as plain JSON (listings sorted: they are sets). */
function readAll(c: Ctx, tx?: number): unknown {
  const { w } = c;
  const t = tx === undefined ? {} : { tx };
  const out: Record<string, unknown> = {};
  for (const [o, oid] of c.oids) {
    out[`o${o}`] = [...w.d.ok({ type: 'obj.listDkeys', coh: w.coh, oid, ...t })].sort();
    for (const d of DKEYS) {
      out[`o${o}/${d}`] = [...w.d.ok({ type: 'obj.listAkeys', coh: w.coh, oid, dkey: d, ...t })].sort();
      const entries = w.d.ok({
        type: 'obj.fetch', coh: w.coh, oid, dkey: d, ...t,
        requests: [...SINGLES.map((a) => ({ akey: a, single: true as const })), ...ARRAYS.map((a) => ({ akey: a, ranges: [READ_RANGE] }))],
      }) as readonly FetchEntry[];
      out[`o${o}/${d}/values`] = entries.map((e) => (e.type === 'single' ? (e.value === null ? null : [...e.value]) : e.ranges.map((r) => [...r])));
    }
  }
  return out;
}

describe('data laws (fast-check, fixed seeds)', () => {
  it('SNAP-1, SNAP-6: a snapshot read never changes after later writes, punches and rollbacks', () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 15 }), fc.array(anyAction, { maxLength: 15 }), (before, after) => {
        const c = newCtx();
        run(c, before);
        const token = c.w.d.ok({ type: 'snap.create', coh: c.w.coh });
        c.tokens.push(token);
        const th = c.w.d.ok({ type: 'tx.openSnapshot', coh: c.w.coh, token });
        const seen = readAll(c, th);
        run(c, after);
        expect(readAll(c, th)).toEqual(seen);
        const th2 = c.w.d.ok({ type: 'tx.openSnapshot', coh: c.w.coh, token });
        expect(readAll(c, th2)).toEqual(seen);
      }),
      { seed: 0x5eed_0001, numRuns: 60 },
    );
  });

  it('KV-5, ARR-2: a fetch right after an update returns the written bytes', () => {
    const history = fc.array(
      fc.oneof({ weight: 8, arbitrary: kindSafeWrite }, { weight: 1, arbitrary: fc.constant({ k: 'snap' as const }) }, { weight: 1, arbitrary: fc.record({ k: fc.constant('rollback' as const), which: fc.nat(5) }) }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(
        history,
        obj, dkey, single, array,
        fc.nat(1000), fc.nat(30), fc.integer({ min: 1, max: 9 }),
        (history, o, d, s, x, seed, off, len) => {
          const c = newCtx();
          run(c, history);
          const oid = c.oids.get(o)!;
          const value = { seed, length: 1 + (seed % 7) };
          const data = { seed: seed + 1, length: len };
          const op: Op = { type: 'obj.update', coh: c.w.coh, oid, dkey: d, iods: [{ akey: s, single: value }, { akey: x, extents: [{ offset: off, data }] }] };
          expect(c.w.d.code(op)).toBe('ok'); // the history respects kinds (KV-3)
          const got = c.w.d.ok({ type: 'obj.fetch', coh: c.w.coh, oid, dkey: d, requests: [{ akey: s, single: true }, { akey: x, ranges: [{ offset: off, length: len }] }] });
          const expected: FetchEntry[] = [
            { type: 'single', value: expandPayload(value) },
            { type: 'array', ranges: [expandPayload(data)] },
          ];
          expect(got).toEqual(expected);
        },
      ),
      { seed: 0x5eed_0002, numRuns: 80 },
    );
  });

  it('ERR-2: every op that fails leaves the model state unchanged', () => {
    fc.assert(
      fc.property(fc.array(anyAction, { maxLength: 30 }), (actions) => {
        const c = newCtx();
        for (const a of actions) {
          const op = toOp(c, a);
          if (!op) continue;
          const before = c.w.d.state;
          const frozen = JSON.stringify(before);
          const result = step(before, op);
          for (const { outcome, state } of result.allowed) {
            if (outcome.ok) continue;
            expect(state).toBe(before);
            expect(JSON.stringify(state)).toBe(frozen);
          }
          c.w.d.apply(op);
          if (a.k === 'snap') c.tokens.push(c.w.d.state.pools[0].containers[0].snapshots.at(-1)!);
        }
      }),
      { seed: 0x5eed_0003, numRuns: 60 },
    );
  });

  it('KV-6, KV-7: listings equal the keys whose single-value fetch is not none', () => {
    const history = fc.array(fc.oneof({ weight: 9, arbitrary: singleWrite }, { weight: 1, arbitrary: fc.constant({ k: 'snap' as const }) }, { weight: 1, arbitrary: fc.record({ k: fc.constant('rollback' as const), which: fc.nat(5) }) }), { maxLength: 30 });
    fc.assert(
      fc.property(history, (actions) => {
        const c = newCtx();
        run(c, actions);
        for (const [, oid] of c.oids) {
          const visibleDkeys: string[] = [];
          for (const d of DKEYS) {
            const entries = c.w.d.ok({ type: 'obj.fetch', coh: c.w.coh, oid, dkey: d, requests: SINGLES.map((a) => ({ akey: a, single: true as const })) }) as readonly FetchEntry[];
            const present = SINGLES.filter((_, i) => entries[i].type === 'single' && (entries[i] as { value: unknown }).value !== null);
            expect([...c.w.d.ok({ type: 'obj.listAkeys', coh: c.w.coh, oid, dkey: d })].sort()).toEqual(present);
            if (present.length > 0) visibleDkeys.push(d);
          }
          expect([...c.w.d.ok({ type: 'obj.listDkeys', coh: c.w.coh, oid })].sort()).toEqual(visibleDkeys);
        }
      }),
      { seed: 0x5eed_0004, numRuns: 80 },
    );
  });

  it('TX-6: committing buffered ops equals applying the same ops one by one, in issue order', () => {
    fc.assert(
      fc.property(fc.array(dataWrite, { maxLength: 12 }), fc.array(dataWrite, { maxLength: 12 }), (prefix, ops) => {
        const standalone = newCtx();
        const transactional = newCtx();
        run(standalone, prefix);
        run(transactional, prefix);
        const th = transactional.w.d.ok({ type: 'tx.open', coh: transactional.w.coh });
        for (const a of ops) {
          const s = standalone.w.d.code(toOp(standalone, a)!);
          const t = transactional.w.d.code(toOp(transactional, a, th)!);
          expect(t).toBe(s); // same validation, same kind checks (TX-3)
        }
        expect(transactional.w.d.code({ type: 'tx.commit', th })).toBe('ok');
        expect(readAll(transactional)).toEqual(readAll(standalone));
      }),
      { seed: 0x5eed_0005, numRuns: 60 },
    );
  });
});
