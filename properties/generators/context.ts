import fc from 'fast-check';
import type { Oid } from '../../contract/index.ts';
import { AKEYS, DKEYS } from '../names.ts';
import { akeyArb, dataCells, dkeyArb, EC_OBJECTS, oidOf, REPLICATED_OBJECTS, SPECIAL_KEYS, type ObjectSpec } from './objects.ts';

/**
 * What the body generators know about a case: the topology the setup drew, and the case's hot set of
 * (object, dkey, akey) triples that about half of the data ops and every interaction block aim at.
 */
export interface GenContext {
  /** Targets in the system (what an X class divides, OBJ-4). */
  readonly targets: number;
  readonly ranks: number;
  readonly nodes: number;
  readonly enginesPerNode: number;
  readonly targetsPerEngine: number;
  readonly hot: readonly HotKey[];
}

export interface HotKey {
  readonly spec: ObjectSpec;
  readonly oid: Oid;
  /** EC data cells, 0 for replicated objects. */
  readonly k: number;
  readonly dkey: string;
  readonly akey: string;
}

/**
 * A key beside `key` (a sibling akey, another dkey) that a block touches without touching `key`:
 * its first 8 characters and a suffix, so a maximum-length or non-ASCII hot key still gives a short,
 * valid neighbour.
 */
export function keyBeside(key: string, suffix: string): string {
  return `${key.slice(0, 8)}${suffix}`;
}

/** A data address: an object and a dkey and akey in it. */
export interface Address {
  readonly oid: Oid;
  readonly k: number;
  readonly dkey: string;
  readonly akey: string;
}

const hotSpecArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...REPLICATED_OBJECTS) }, { weight: 1, arbitrary: fc.constantFrom(...EC_OBJECTS) });
const hotDkeyArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...DKEYS.slice(0, 3)) }, { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_KEYS) });
const hotAkeyArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...AKEYS.slice(0, 2)) }, { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_KEYS) });

export function hotSetArb(targets: number): fc.Arbitrary<HotKey[]> {
  return fc.array(fc.record({ spec: hotSpecArb, dkey: hotDkeyArb, akey: hotAkeyArb }), { minLength: 2, maxLength: 3 }).map((keys) =>
    keys.map(({ spec, dkey, akey }) => ({ spec, oid: oidOf(spec, targets), k: dataCells(spec.cls), dkey, akey })),
  );
}

export function hotArb(ctx: GenContext): fc.Arbitrary<HotKey> {
  return fc.constantFrom(...ctx.hot);
}

/** Any object: mostly replicated, sometimes EC. */
export function objectArb(ctx: GenContext): fc.Arbitrary<{ oid: Oid; k: number }> {
  return fc
    .oneof({ weight: 4, arbitrary: fc.constantFrom(...REPLICATED_OBJECTS) }, { weight: 1, arbitrary: fc.constantFrom(...EC_OBJECTS) })
    .map((spec) => ({ oid: oidOf(spec, ctx.targets), k: dataCells(spec.cls) }));
}

/** An address: from the hot set half of the time (same object, dkey and akey), else drawn freely. */
export function addressArb(ctx: GenContext): fc.Arbitrary<Address> {
  const free = fc.record({ obj: objectArb(ctx), dkey: dkeyArb, akey: akeyArb }).map(({ obj, dkey, akey }) => ({ ...obj, dkey, akey }));
  // Half hot; of the hot ones, some keep the hot object and dkey but take another akey (siblings).
  const sibling = fc.tuple(hotArb(ctx), akeyArb).map(([h, akey]) => ({ oid: h.oid, k: h.k, dkey: h.dkey, akey }));
  return fc.oneof({ weight: 4, arbitrary: hotArb(ctx) }, { weight: 1, arbitrary: sibling }, { weight: 5, arbitrary: free });
}
