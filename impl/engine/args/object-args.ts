import {
  COND, COND_ALL, decodeOid, expandPayload, keyByteLength, LIMITS, OBJ_TYPE_VALUES, REDUNDANCY_CODES,
  type FetchRequest, type Iod, type Oid, type Payload, type Range,
} from '../../../contract/index.ts';

/**
 * Step 1 (argument validation) of object operations: OID validity (OBJ-5), keys (KV-1), values
 * (KV-2, ARR-1), fetch ranges (ARR-3) and conditional flags (COND-1..5). Returns resolved
 * arguments or undefined for INVAL.
 */

/** An update iod whose payloads are expanded and checked (KV-2, ARR-1). */
export type ResolvedIod =
  | { readonly akey: string; readonly single: Uint8Array }
  | { readonly akey: string; readonly extents: readonly { offset: number; data: Uint8Array }[] };

export function isValidOid(oid: unknown): oid is Oid {
  if (typeof oid !== 'object' || oid === null) return false;
  const { hi, lo } = oid as Oid;
  if (typeof hi !== 'string' || typeof lo !== 'string') return false;
  const f = decodeOid({ hi, lo });
  if (!f) return false;
  if (!OBJ_TYPE_VALUES.includes(f.type)) return false;
  if (!REDUNDANCY_CODES.has(f.code)) return false;
  return f.groups >= 1 && f.groups <= LIMITS.groupCountMax;
}

export function isValidKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0) return false;
  return keyByteLength(key) <= LIMITS.keyBytesMax;
}

function isRange(offset: unknown, length: unknown): boolean {
  if (!Number.isInteger(offset) || !Number.isInteger(length)) return false;
  return (offset as number) >= 0 && (length as number) >= 1 && (offset as number) + (length as number) <= LIMITS.extentEndMax;
}

function disjoint(ranges: readonly { offset: number; length: number }[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].offset + sorted[i - 1].length > sorted[i].offset) return false;
  return true;
}

function bytesOf(p: unknown): Uint8Array | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  try {
    return expandPayload(p as Payload);
  } catch {
    return undefined;
  }
}

/** Distinct, valid akeys (KV-1). */
function validAkeys(akeys: readonly unknown[]): boolean {
  const seen = new Set<string>();
  for (const a of akeys) {
    if (!isValidKey(a) || seen.has(a)) return false;
    seen.add(a);
  }
  return true;
}

export function resolveIods(iods: unknown): ResolvedIod[] | undefined {
  if (!Array.isArray(iods) || iods.length === 0) return undefined;
  if (!validAkeys(iods.map((i: Iod) => i?.akey))) return undefined;
  const out: ResolvedIod[] = [];
  for (const iod of iods as Iod[]) {
    if ('single' in iod) {
      const bytes = bytesOf(iod.single);
      if (!bytes || bytes.length < 1 || bytes.length > LIMITS.singleValueBytesMax) return undefined;
      out.push({ akey: iod.akey, single: bytes });
    } else if ('extents' in iod && Array.isArray(iod.extents) && iod.extents.length > 0) {
      const extents: { offset: number; data: Uint8Array }[] = [];
      for (const e of iod.extents) {
        const data = bytesOf(e?.data);
        if (!data || !isRange(e.offset, data.length)) return undefined;
        extents.push({ offset: e.offset, data });
      }
      if (!disjoint(extents.map((e) => ({ offset: e.offset, length: e.data.length })))) return undefined;
      out.push({ akey: iod.akey, extents });
    } else return undefined;
  }
  return out;
}

export function validRequests(requests: unknown): requests is FetchRequest[] {
  if (!Array.isArray(requests) || requests.length === 0) return false;
  if (!validAkeys(requests.map((r: FetchRequest) => r?.akey))) return false;
  for (const r of requests as FetchRequest[]) {
    if ('single' in r) {
      if (r.single !== true) return false;
    } else if ('ranges' in r && Array.isArray(r.ranges) && r.ranges.length > 0) {
      if (!r.ranges.every((x: Range) => isRange(x?.offset, x?.length))) return false;
    } else return false;
  }
  return true;
}

/** ARR-1 ranges for punchExtents: valid and non-overlapping. */
export function validPunchRanges(ranges: unknown): ranges is Range[] {
  if (!Array.isArray(ranges) || ranges.length === 0) return false;
  if (!ranges.every((x: Range) => isRange(x?.offset, x?.length))) return false;
  return disjoint(ranges as Range[]);
}

export function validAkeyList(akeys: unknown): akeys is string[] {
  return Array.isArray(akeys) && akeys.length > 0 && validAkeys(akeys);
}

const hasFlag = (cond: number, flag: number) => (cond & flag) !== 0;

/**
 * COND-7 with HALT-4: whether a write's conditions examine a key (the dkey, or an akey through its
 * effective flags: its own with PER_AKEY, else the call's). In a transaction such a write reads those
 * keys when issued, so a halted pool answers it TIMEDOUT.
 */
export function writeExaminesKeys(cond: number, perAkeyConds: readonly (number | undefined)[]): boolean {
  if (hasFlag(cond, COND.DKEY_INSERT | COND.DKEY_UPDATE | COND.COND_PUNCH)) return true;
  const akeyFlags = COND.AKEY_INSERT | COND.AKEY_UPDATE;
  return perAkeyConds.some((own) => hasFlag(hasFlag(cond, COND.PER_AKEY) ? (own ?? 0) : cond, akeyFlags));
}

/** COND-1/COND-3/COND-4 for update and extent punch, inside a transaction too (COND-7, rev. 2). */
export function validUpdateCond(cond: number, perAkeyConds: readonly (number | undefined)[]): boolean {
  if (!Number.isInteger(cond) || cond < 0 || (cond & ~COND_ALL) !== 0) return false;
  const allowed = COND.DKEY_INSERT | COND.DKEY_UPDATE | COND.AKEY_INSERT | COND.AKEY_UPDATE | COND.PER_AKEY;
  if ((cond & ~allowed) !== 0) return false;
  if (hasFlag(cond, COND.DKEY_INSERT) && hasFlag(cond, COND.DKEY_UPDATE)) return false;
  if (hasFlag(cond, COND.AKEY_INSERT) && hasFlag(cond, COND.AKEY_UPDATE)) return false;
  if (hasFlag(cond, COND.PER_AKEY)) {
    if (hasFlag(cond, COND.AKEY_INSERT | COND.AKEY_UPDATE)) return false;
    for (const c of perAkeyConds) {
      const v = c ?? 0;
      if (!Number.isInteger(v) || v < 0 || (v & ~(COND.AKEY_INSERT | COND.AKEY_UPDATE)) !== 0) return false;
      if (hasFlag(v, COND.AKEY_INSERT) && hasFlag(v, COND.AKEY_UPDATE)) return false;
    }
  }
  return true;
}

/** COND-2/COND-4 for fetch. */
export function validFetchCond(cond: number, perAkeyConds: readonly (number | undefined)[]): boolean {
  if (!Number.isInteger(cond) || cond < 0 || (cond & ~COND_ALL) !== 0) return false;
  const allowed = COND.DKEY_FETCH | COND.AKEY_FETCH | COND.PER_AKEY;
  if ((cond & ~allowed) !== 0) return false;
  if (hasFlag(cond, COND.PER_AKEY)) {
    if (hasFlag(cond, COND.AKEY_FETCH)) return false;
    for (const c of perAkeyConds) {
      const v = c ?? 0;
      if (!Number.isInteger(v) || v < 0 || (v & ~COND.AKEY_FETCH) !== 0) return false;
    }
  }
  return true;
}

/** COND-5 for dkey and akey punch: nothing or COND_PUNCH, inside a transaction too (COND-7, rev. 2). */
export function validPunchKeyCond(cond: number): boolean {
  return cond === 0 || cond === COND.COND_PUNCH;
}
