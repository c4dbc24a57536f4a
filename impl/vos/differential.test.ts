import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ReferenceVosStore } from './reference-store.ts';
import type { ArrayRead, ExtentRecord, SingleRead, Stamp, VosRecord, VosStoreApi } from './types.ts';
import { VosStore } from './vos-store.ts';

/**
 * Differential property: random sequences of single and array updates (overlapping extents, many
 * calls sharing an epoch), punches at every level, extent punches, aggregations with random snapshot
 * sets and bounds, clones through the record stream, and reads (fetches, listings, existence, kinds)
 * at random epochs give identical answers on VosStore and ReferenceVosStore. After every step
 * VosStore.checkInvariants() runs and both stores' full record streams are compared, so aggregation
 * must keep exactly the same versions on both sides. Small key and offset domains make ops collide.
 */

const OIDS = ['o0', 'o1'];
const DKEYS = ['d0', 'd1', 'd2'];
const SINGLE_AKEYS = ['s0', 's1'];
const ARRAY_AKEYS = ['x0', 'x1'];

type Step =
  | { k: 'single'; o: number; d: number; a: number; dEpoch: number; len: number; seed: number; meta: boolean }
  | { k: 'array'; o: number; d: number; a: number; dEpoch: number; extents: Array<{ offset: number; len: number; seed: number }> }
  | { k: 'punchObject'; o: number; dEpoch: number }
  | { k: 'punchDkey'; o: number; d: number; dEpoch: number }
  | { k: 'punchAkeys'; o: number; d: number; akeys: number[]; dEpoch: number }
  | { k: 'punchExtents'; o: number; d: number; a: number; dEpoch: number; ranges: Array<{ offset: number; len: number }> }
  | { k: 'aggregate'; snapsBack: number[]; boundBack: number }
  | { k: 'clone' }
  | { k: 'fetchSingle'; o: number; d: number; a: number; back: number }
  | { k: 'fetchArray'; o: number; d: number; a: number; back: number; offset: number; len: number }
  | { k: 'listDkeys'; o: number; back: number }
  | { k: 'listAkeys'; o: number; d: number; back: number }
  | { k: 'exists'; o: number; d: number; a: number; back: number };

const o = fc.nat(OIDS.length - 1);
const d = fc.nat(DKEYS.length - 1);
const a2 = fc.nat(1);
/** Mostly 0: many calls share an epoch, as transactions and rollbacks do. */
const dEpoch = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) });
const back = fc.nat(14);
const span = fc.record({ offset: fc.nat(40), len: fc.integer({ min: 1, max: 14 }) });

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('single' as const), o, d, a: a2, dEpoch, len: fc.integer({ min: 1, max: 6 }), seed: fc.nat(), meta: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('array' as const), o, d, a: a2, dEpoch, extents: fc.array(fc.record({ offset: fc.nat(40), len: fc.integer({ min: 1, max: 14 }), seed: fc.nat() }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('punchObject' as const), o, dEpoch }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('punchDkey' as const), o, d, dEpoch }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('punchAkeys' as const), o, d, akeys: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }), dEpoch }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('punchExtents' as const), o, d, a: a2, dEpoch, ranges: fc.array(span, { minLength: 1, maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('aggregate' as const), snapsBack: fc.uniqueArray(fc.nat(12), { maxLength: 3 }), boundBack: fc.integer({ min: -2, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'clone' as const }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('fetchSingle' as const), o, d, a: fc.nat(3), back }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('fetchArray' as const), o, d, a: fc.nat(3), back, offset: fc.nat(44), len: fc.integer({ min: 1, max: 24 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('listDkeys' as const), o, back }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('listAkeys' as const), o, d, back }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('exists' as const), o, d, a: fc.nat(3), back }) },
);

/** Akey index 0..3 over both kinds, so reads also probe the other kind (KV-3). */
const anyAkey = (i: number) => [...SINGLE_AKEYS, ...ARRAY_AKEYS][i];

function bytes(seed: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = seed | 1;
  for (let i = 0; i < len; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = 1 + ((x >>> 16) % 255); // never 0, so holes and data are distinguishable
  }
  return out;
}

/** Drops spans that overlap an earlier one: a single call's extents must be disjoint (ARR-1). */
function disjoint<T extends { offset: number; len: number }>(spans: readonly T[]): T[] {
  const kept: T[] = [];
  for (const s of spans) if (kept.every((k) => s.offset + s.len <= k.offset || k.offset + k.len <= s.offset)) kept.push(s);
  return kept;
}

const hex = (b: Uint8Array | null | undefined) => (b == null ? b : Buffer.from(b).toString('hex'));
const stamp = (s: Stamp | null) => (s === null ? null : `${s.epoch}.${s.minor}`);
const extent = (r: ExtentRecord) => ({ s: stamp(r), offset: r.offset, length: r.length, data: hex(r.data), meta: hex(r.meta) });

function normalizeSingle(r: SingleRead) {
  if (!r.ok) return r;
  return { record: r.record && { s: stamp(r.record), value: hex(r.record.value), meta: hex(r.record.meta) }, punch: stamp(r.punch) };
}
function normalizeArray(r: ArrayRead) {
  if (!r.ok) return r;
  return { segments: r.segments.map((s) => ({ offset: s.offset, length: s.length, record: extent(s.record) })), punch: stamp(r.punch) };
}
/** A canonical, order-free view of a record stream (kind-less akey markers are bookkeeping only). */
function normalizeRecords(records: Iterable<VosRecord>): string[] {
  const out: string[] = [];
  for (const r of records) {
    if (r.type === 'akey' && r.kind === null) continue;
    if (r.type === 'single') out.push(JSON.stringify([r.type, r.oid, r.dkey, r.akey, stamp(r.record), hex(r.record.value), hex(r.record.meta)]));
    else if (r.type === 'extent') out.push(JSON.stringify([r.type, r.oid, r.dkey, r.akey, extent(r.record)]));
    else out.push(JSON.stringify(r));
  }
  return out.sort();
}

interface Totals { runs: number; steps: number; reads: number; mutations: number; aggregations: number }
const totals: Totals = { runs: 0, steps: 0, reads: 0, mutations: 0, aggregations: 0 };

function runTrace(steps: readonly Step[]): void {
  let fast: VosStore = new VosStore();
  const ref: VosStoreApi = new ReferenceVosStore();
  let epoch = 1;
  let bound = 0;
  const both = (fn: (s: VosStoreApi) => void) => {
    fn(fast);
    fn(ref);
  };
  const readEpoch = (b: number) => Math.max(0, epoch + 1 - b);
  totals.runs++;
  for (const s of steps) {
    totals.steps++;
    if ('dEpoch' in s) {
      epoch = Math.max(epoch + s.dEpoch, bound);
      totals.mutations++;
    }
    switch (s.k) {
      case 'single': {
        const value = bytes(s.seed, s.len);
        const meta = s.meta ? bytes(s.seed + 1, 4) : undefined;
        both((st) => st.updateSingle(OIDS[s.o], DKEYS[s.d], SINGLE_AKEYS[s.a], epoch, value, meta));
        break;
      }
      case 'array': {
        const extents = disjoint(s.extents).map((x) => ({ offset: x.offset, data: bytes(x.seed, x.len), meta: bytes(x.seed, 2) }));
        both((st) => st.updateArray(OIDS[s.o], DKEYS[s.d], ARRAY_AKEYS[s.a], epoch, extents));
        break;
      }
      case 'punchObject':
        both((st) => st.punchObject(OIDS[s.o], epoch));
        break;
      case 'punchDkey':
        both((st) => st.punchDkey(OIDS[s.o], DKEYS[s.d], epoch));
        break;
      case 'punchAkeys':
        both((st) => st.punchAkeys(OIDS[s.o], DKEYS[s.d], s.akeys.map(anyAkey), epoch));
        break;
      case 'punchExtents': {
        const ranges = disjoint(s.ranges).map((r) => ({ offset: r.offset, length: r.len }));
        both((st) => st.punchExtents(OIDS[s.o], DKEYS[s.d], ARRAY_AKEYS[s.a], epoch, ranges));
        break;
      }
      case 'aggregate': {
        totals.aggregations++;
        const upper = Math.max(0, epoch - s.boundBack);
        const snaps = s.snapsBack.map((b) => epoch - b).filter((e) => e >= 1);
        expect(fast.aggregate(snaps, upper)).toEqual(ref.aggregate(snaps, upper));
        bound = Math.max(bound, upper);
        epoch = Math.max(epoch, bound);
        break;
      }
      case 'clone':
        fast = fast.clone();
        break;
      case 'fetchSingle': {
        totals.reads++;
        const args = [OIDS[s.o], DKEYS[s.d], anyAkey(s.a), readEpoch(s.back)] as const;
        expect(normalizeSingle(fast.fetchSingle(...args))).toEqual(normalizeSingle(ref.fetchSingle(...args)));
        expect(fast.akeyKind(args[0], args[1], args[2])).toBe(ref.akeyKind(args[0], args[1], args[2]));
        break;
      }
      case 'fetchArray': {
        totals.reads++;
        const args = [OIDS[s.o], DKEYS[s.d], anyAkey(s.a), readEpoch(s.back), s.offset, s.len] as const;
        expect(normalizeArray(fast.fetchArray(...args))).toEqual(normalizeArray(ref.fetchArray(...args)));
        const fb = fast.fetchArrayBytes(...args);
        const rb = ref.fetchArrayBytes(...args);
        expect(fb.ok ? hex(fb.bytes) : fb).toEqual(rb.ok ? hex(rb.bytes) : rb);
        break;
      }
      case 'listDkeys':
        totals.reads++;
        expect(fast.listDkeys(OIDS[s.o], readEpoch(s.back))).toEqual(ref.listDkeys(OIDS[s.o], readEpoch(s.back)));
        break;
      case 'listAkeys':
        totals.reads++;
        expect(fast.listAkeys(OIDS[s.o], DKEYS[s.d], readEpoch(s.back))).toEqual(ref.listAkeys(OIDS[s.o], DKEYS[s.d], readEpoch(s.back)));
        break;
      case 'exists': {
        totals.reads++;
        const e = readEpoch(s.back);
        expect(fast.dkeyExists(OIDS[s.o], DKEYS[s.d], e)).toEqual(ref.dkeyExists(OIDS[s.o], DKEYS[s.d], e));
        expect(fast.akeyExists(OIDS[s.o], DKEYS[s.d], anyAkey(s.a), e)).toEqual(ref.akeyExists(OIDS[s.o], DKEYS[s.d], anyAkey(s.a), e));
        break;
      }
    }
    fast.checkInvariants();
    expect(normalizeRecords(fast.records())).toEqual(normalizeRecords(ref.records()));
  }
}

const RUNS = 400;

describe('VosStore vs ReferenceVosStore', () => {
  it(`agrees on ${RUNS} random traces of 20..120 steps`, () => {
    fc.assert(fc.property(fc.array(step, { minLength: 20, maxLength: 120, size: 'max' }), (steps) => runTrace(steps)), { seed: 0x5eed_0005, numRuns: RUNS });
    // Every case ran, and traces average over 50 steps (a check of the generator, not the store).
    // A mutation run caps the case count through fast-check's global setting
    // (zoo/mutation-fast-check.ts), so the count expected is the smaller of the two.
    const casesRun = Math.min(RUNS, fc.readConfigureGlobal().numRuns ?? RUNS);
    expect(totals.runs).toBe(casesRun);
    expect(totals.steps).toBeGreaterThan(casesRun * 50);
  });

  afterAll(() => {
    console.log(`vos differential: ${totals.runs} traces, ${totals.steps} steps (${totals.mutations} mutations, ${totals.reads} read steps, ${totals.aggregations} aggregations)`);
  });
});
