import fc from 'fast-check';
import { OBJ_CLASSES, REDUNDANCY_CODES, type Oid, type Payload } from '../../contract/index.ts';
import { AKEYS, DKEYS, oidFor } from '../names.ts';
import { EC_CLASSES, type KEY_SHAPES } from './domains.ts';
import { memoArb } from './builders.ts';

/**
 * Objects, keys and payloads. Few objects, so writes, punches, listings and faults meet on the same
 * object often; every object has its own `lo`, so an OID names its table entry (and its class) even
 * after an X class resolved its group count. Per case, a *hot set* of two or three
 * (object, dkey, akey) triples is drawn and about half the data ops use it, so ops collide on the
 * same keys within a few steps (issue 14: same-key interactions were too rare).
 */
export interface ObjectSpec {
  readonly cls: string;
  readonly objType: number;
  readonly lo: number;
}

export const REPLICATED_OBJECTS: readonly ObjectSpec[] = [
  { cls: 'RP_2G1', objType: 0, lo: 0 }, { cls: 'RP_2G1', objType: 13, lo: 1 }, { cls: 'RP_3G1', objType: 8, lo: 2 }, { cls: 'RP_2G2', objType: 0, lo: 3 },
  { cls: 'S1', objType: 13, lo: 4 }, { cls: 'S2', objType: 0, lo: 5 }, { cls: 'SX', objType: 8, lo: 6 }, { cls: 'RP_3GX', objType: 0, lo: 7 },
  { cls: 'RP_4G1', objType: 0, lo: 8 },
];

/** EC objects (group count 1 except one, so aimed faults know the whole group). */
export const EC_OBJECTS: readonly ObjectSpec[] = EC_CLASSES.map((cls, i) => ({ cls, objType: i % 2 === 0 ? 13 : 0, lo: 20 + i }));

const SPEC_BY_LO = new Map<string, ObjectSpec>([...REPLICATED_OBJECTS, ...EC_OBJECTS].map((s) => [String(s.lo), s]));

export function specOfOid(oid: Oid): ObjectSpec | undefined {
  return SPEC_BY_LO.get(oid.lo);
}

/** Data cells of an EC class (k), or 0 for a replicated one. */
export function dataCells(cls: string): number {
  const c = OBJ_CLASSES.get(cls);
  return (c && REDUNDANCY_CODES.get(c.code)?.dataShards) ?? 0;
}

export function groupSize(cls: string): number {
  const c = OBJ_CLASSES.get(cls);
  return (c && REDUNDANCY_CODES.get(c.code)?.groupSize) ?? 1;
}

/** The OID of a table entry; `targets` is the pool's target count, which an X class divides (OBJ-4). */
export function oidOf(spec: ObjectSpec, targets: number): Oid {
  return oidFor(spec.cls, spec.objType, spec.lo, Math.max(1, Math.floor(targets / groupSize(spec.cls))));
}

// ---------------------------------------------------------------- keys (KV-1)

export type KeyShape = (typeof KEY_SHAPES)[number];

/** Keys of each shape; short ones are the small name domains of names.ts. */
export const KEYS_BY_SHAPE: Readonly<Record<KeyShape, readonly string[]>> = {
  short: [...DKEYS, ...AKEYS],
  'max-ascii': ['k'.repeat(4096)],
  'non-ascii': ['dé', 'ключ', '键😀'],
  'max-non-ascii': ['é'.repeat(2048), '😀'.repeat(1024)],
  'too-long': ['k'.repeat(4097), 'é'.repeat(2049)],
};

/** Special dkeys and akeys: valid ones at most 4096 bytes; the too-long ones are INVAL (KV-1). */
export const SPECIAL_KEYS: readonly string[] = [...KEYS_BY_SHAPE['non-ascii'], ...KEYS_BY_SHAPE['max-ascii'], ...KEYS_BY_SHAPE['max-non-ascii']];

export const dkeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...DKEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS_BY_SHAPE['too-long']) },
);
export const akeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...AKEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS_BY_SHAPE['too-long']) },
);

// ---------------------------------------------------------------- payloads

export const payloadArb = memoArb((maxLength: number): fc.Arbitrary<Payload> =>
  fc.record({ seed: fc.nat(1000), length: fc.integer({ min: 1, max: maxLength }) }));

/** The usual ec_cell_sz of generated containers; generic EC spans are sized in it. */
export const EC_CELL_BYTES = 4096;

/**
 * One extent or range near cell and stripe boundaries of an EC object with k data cells and cells of
 * `cellBytes`: offsets within the first three stripes, at a cell start or just off it; lengths small,
 * one byte either side of a cell or a stripe, or whole cells and stripes.
 */
export function ecSpanArb(k: number, cellBytes: number = EC_CELL_BYTES): fc.Arbitrary<{ offset: number; length: number }> {
  return ecSpanArbOf(k, cellBytes);
}

const ecSpanArbOf = memoArb((k: number, cellBytes: number): fc.Arbitrary<{ offset: number; length: number }> => {
  const stripe = k * cellBytes;
  return fc
    .record({
      stripe: fc.nat(2), cell: fc.nat(k - 1), jitter: fc.constantFrom(0, 0, 0, 1, -1, 100, cellBytes - 1),
      // Mostly small: every byte written is checked by the invariants after every op.
      length: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(1, 17, 48) },
        { weight: 2, arbitrary: fc.constantFrom(cellBytes - 1, cellBytes, cellBytes + 1, stripe - 1, stripe, stripe + 1) },
        { weight: 1, arbitrary: fc.constantFrom(2 * cellBytes, 2 * stripe) },
      ),
    })
    .map(({ stripe: s, cell, jitter, length }) => ({ offset: Math.max(0, s * stripe + cell * cellBytes + jitter), length }));
});

/** One or two non-overlapping EC spans (the second starts after the first ends). */
export function ecSpansArb(k: number, cellBytes: number = EC_CELL_BYTES): fc.Arbitrary<{ offset: number; length: number }[]> {
  return ecSpansArbOf(k, cellBytes);
}

const ecSpansArbOf = memoArb((k: number, cellBytes: number): fc.Arbitrary<{ offset: number; length: number }[]> => {
  return fc.tuple(ecSpanArb(k, cellBytes), fc.option(fc.tuple(fc.constantFrom(0, 1, cellBytes - 1, cellBytes), ecSpanArb(k, cellBytes)), { freq: 3 })).map(([first, second]) => {
    if (!second) return [first];
    const [gap, next] = second;
    return [first, { offset: first.offset + first.length + gap, length: next.length }];
  });
});

/** Single values for EC objects: small, or around one cell and one stripe (split across data cells). */
export function ecSinglePayloadArb(k: number, cellBytes: number = EC_CELL_BYTES): fc.Arbitrary<Payload> {
  return ecSinglePayloadArbOf(k, cellBytes);
}

const ecSinglePayloadArbOf = memoArb((k: number, cellBytes: number): fc.Arbitrary<Payload> => {
  return fc.record({ seed: fc.nat(1000), length: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(1, 48) }, { weight: 1, arbitrary: fc.constantFrom(cellBytes - 1, cellBytes, cellBytes + 1, k * cellBytes - 1, k * cellBytes, k * cellBytes + 1) }) });
});

/** Non-overlapping extents (ARR-1), built from sorted gaps so overlap is impossible by construction. */
export const extentsArb = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 24 }), length: fc.integer({ min: 1, max: 32 }), seed: fc.nat(1000) }), { minLength: 1, maxLength: 3 })
  .map((parts) => {
    let offset = 0;
    return parts.map((p) => {
      offset += p.gap;
      const extent = { offset, data: { seed: p.seed, length: p.length } };
      offset += p.length;
      return extent;
    });
  });

export const rangeArb = fc.record({ offset: fc.integer({ min: 0, max: 96 }), length: fc.integer({ min: 1, max: 48 }) });
