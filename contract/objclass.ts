import { rememberBounded } from './remember.ts';
import { LIMITS } from './limits.ts';

/**
 * Object classes and the OID bit layout (OBJ-1, OBJ-3). Tables only: validity checks against a
 * container (OBJ-4, OBJ-6) are semantics and live on each side.
 */

/** Supported object types (OBJ-2). */
export const OBJ_TYPES = { MULTI_KV: 0, FLAT_KV: 8, ARRAY: 13 } as const;
export type ObjTypeName = keyof typeof OBJ_TYPES;
export const OBJ_TYPE_VALUES: readonly number[] = Object.values(OBJ_TYPES);

export type ClassFamily = 'S' | 'RP' | 'EC';

export interface RedundancyCode {
  readonly code: number;
  readonly family: ClassFamily;
  /** Shards per redundancy group: 1 for S, r for RP, k+p for EC. */
  readonly groupSize: number;
  /** Failures one group tolerates: 0 for S, r-1 for RP, p for EC. */
  readonly toleratedFailures: number;
  /** EC only: data and parity shards per stripe. */
  readonly dataShards?: number;
  readonly parityShards?: number;
}

const EC_CODES: ReadonlyArray<readonly [number, number, number]> = [
  [2, 1, 32], [2, 2, 33], [4, 1, 34], [4, 2, 35], [8, 1, 36], [8, 2, 37],
  [16, 1, 38], [16, 2, 39], [4, 3, 40], [8, 3, 41], [16, 3, 42],
];

function buildCodes(): ReadonlyMap<number, RedundancyCode> {
  const codes = new Map<number, RedundancyCode>();
  codes.set(1, { code: 1, family: 'S', groupSize: 1, toleratedFailures: 0 });
  for (let r = 2; r <= 6; r++) codes.set(8 + (r - 2), { code: 8 + (r - 2), family: 'RP', groupSize: r, toleratedFailures: r - 1 });
  for (const [k, p, code] of EC_CODES) {
    codes.set(code, { code, family: 'EC', groupSize: k + p, toleratedFailures: p, dataShards: k, parityShards: p });
  }
  return codes;
}

/** Redundancy code number -> its shape (OBJ-3). */
export const REDUNDANCY_CODES: ReadonlyMap<number, RedundancyCode> = buildCodes();

export interface ObjClass {
  readonly name: string;
  readonly id: number;
  readonly code: number;
  /** Group count as stored: 1..8, or LIMITS.groupCountX (65535) for X before resolution. */
  readonly groups: number;
}

const GROUP_CHOICES: ReadonlyArray<readonly [string, number]> = [['1', 1], ['2', 2], ['4', 4], ['8', 8], ['X', LIMITS.groupCountX]];

function buildClasses(): ReadonlyMap<string, ObjClass> {
  const classes = new Map<string, ObjClass>();
  const add = (name: string, code: number, groups: number) => classes.set(name, { name, id: classId(code, groups), code, groups });
  for (const [g, groups] of GROUP_CHOICES) add(`S${g}`, 1, groups);
  for (let r = 2; r <= 6; r++) for (const [g, groups] of GROUP_CHOICES) add(`RP_${r}G${g}`, 8 + (r - 2), groups);
  for (const [k, p, code] of EC_CODES) for (const [g, groups] of GROUP_CHOICES) add(`EC_${k}P${p}G${g}`, code, groups);
  return classes;
}

/** A class id is `code << 24 | groups` (OBJ-3). */
export function classId(code: number, groups: number): number {
  return ((code << 24) | groups) >>> 0;
}

/** Class name (S1, RP_3G2, EC_4P2GX, ...) -> class (OBJ-3). */
export const OBJ_CLASSES: ReadonlyMap<string, ObjClass> = buildClasses();

/**
 * An OID: two unsigned 64-bit integers, carried as decimal strings so ops and outcomes stay
 * JSON-serializable (OBJ-1).
 */
export interface Oid {
  readonly hi: string;
  readonly lo: string;
}

export interface OidFields {
  readonly type: number;
  readonly code: number;
  readonly groups: number;
  /** Bits 31..0 of hi. */
  readonly hiUser: number;
  readonly lo: bigint;
}

const U64_MAX = (1n << 64n) - 1n;

/** Packs OBJ-1's fields into an OID. Throws on fields that do not fit their bits. */
export function encodeOid(fields: OidFields): Oid {
  const { type, code, groups, hiUser, lo } = fields;
  if (type < 0 || type > 0xff || code < 0 || code > 0xff || groups < 0 || groups > 0xffff) {
    throw new RangeError(`OID field out of range: type ${type}, code ${code}, groups ${groups}`);
  }
  if (hiUser < 0 || hiUser > LIMITS.uint32Max || lo < 0n || lo > U64_MAX) throw new RangeError('OID user bits out of range');
  const hi = (BigInt(type) << 56n) | (BigInt(code) << 48n) | (BigInt(groups) << 32n) | BigInt(hiUser);
  return { hi: hi.toString(), lo: lo.toString() };
}

/** Unpacks an OID; returns undefined if either half is not a decimal uint64. */
export function decodeOid(oid: Oid): OidFields | undefined {
  // Pure and asked for on every object op by both sides: remembered per OID (frozen results, so no
  // caller can change what another is handed). The key is what the digit checks below read.
  return decodeOidKey(`${oid.hi}.${oid.lo}`);
}

const decodeOidKey = rememberBounded((key: string): OidFields | undefined => {
  const dot = key.indexOf('.');
  return decodeOidFields({ hi: key.slice(0, dot), lo: key.slice(dot + 1) });
}, 1 << 14);

function decodeOidFields(oid: Oid): OidFields | undefined {
  if (!/^[0-9]{1,20}$/.test(oid.hi) || !/^[0-9]{1,20}$/.test(oid.lo)) return undefined;
  const hi = BigInt(oid.hi);
  const lo = BigInt(oid.lo);
  if (hi > U64_MAX || lo > U64_MAX) return undefined;
  return Object.freeze({
    type: Number((hi >> 56n) & 0xffn),
    code: Number((hi >> 48n) & 0xffn),
    groups: Number((hi >> 32n) & 0xffffn),
    hiUser: Number(hi & 0xffff_ffffn),
    lo,
  });
}

/** A stable string key for an OID, for maps. */
export function oidKey(oid: Oid): string {
  return `${oid.hi}.${oid.lo}`;
}
