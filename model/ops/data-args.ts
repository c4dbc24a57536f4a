import { expandPayload, LIMITS, type Iod, type FetchRequest, type Payload, type Range } from '../../contract/index.ts';
import { utf8ByteLength } from '../../contract/utf8.ts';

/**
 * Step 1 (argument validation, section 22) for object I/O: keys (KV-1), values (KV-2), extents and
 * ranges (ARR-1, ARR-3, PUNCH-2, PUNCH-3). Each check answers "valid?"; an invalid argument is INVAL.
 *
 * Does NOT check: OIDs (model/objects.ts), conditional flags (model/cond.ts), kinds (KV-3, step 7).
 */

const EXTENT_END_MAX = 1n << 63n;

/** KV-1: a non-empty byte string of at most 4096 bytes. */
export function validKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const bytes = utf8ByteLength(key);
  return bytes >= 1 && bytes <= LIMITS.keyBytesMax;
}

/** The byte length of a well-formed payload, or undefined. */
export function payloadBytes(p: Payload): number | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  if ('seed' in p) return typeof p.seed === 'number' && Number.isInteger(p.length) && p.length >= 0 ? p.length : undefined;
  if ('text' in p) return typeof p.text === 'string' ? expandPayload(p).length : undefined;
  if ('hex' in p) return typeof p.hex === 'string' && p.hex.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(p.hex) ? p.hex.length / 2 : undefined;
  return undefined;
}

/** ARR-1 / ARR-3 bounds: offset >= 0, length >= 1, offset + length <= 2^63. */
export function validSpan(offset: number, length: number): boolean {
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 1) return false;
  return BigInt(offset) + BigInt(length) <= EXTENT_END_MAX;
}

/** ARR-1 / PUNCH-3: spans of one iod must not overlap. */
export function disjoint(spans: readonly { offset: number; length: number }[]): boolean {
  const sorted = [...spans].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].offset + sorted[i - 1].length > sorted[i].offset) return false;
  return true;
}

/**
 * ARR-1 / PUNCH-3: a non-empty list of valid, non-overlapping ranges. (choice: an empty extent or
 * range list is INVAL; an iod or punch must name at least one byte.)
 */
export function validDisjointRanges(ranges: readonly Range[]): boolean {
  if (!Array.isArray(ranges) || ranges.length === 0) return false;
  return ranges.every((r) => validSpan(r.offset, r.length)) && disjoint(ranges);
}

/** KV-1: a non-empty list with no akey named twice, every akey valid. */
export function validAkeyList(akeys: readonly string[]): boolean {
  if (!Array.isArray(akeys) || akeys.length === 0) return false;
  return akeys.every(validKey) && new Set(akeys).size === akeys.length;
}

/** KV-1, KV-2, ARR-1: the iods of one update. */
export function validIods(iods: readonly Iod[]): boolean {
  if (!Array.isArray(iods) || !validAkeyList(iods.map((i) => i.akey))) return false;
  return iods.every((iod) => {
    if ('single' in iod) {
      const n = payloadBytes(iod.single);
      return n !== undefined && n >= 1 && n <= LIMITS.singleValueBytesMax; // KV-2
    }
    if (!('extents' in iod) || !Array.isArray(iod.extents) || iod.extents.length === 0) return false;
    const spans: { offset: number; length: number }[] = [];
    for (const x of iod.extents) {
      const n = payloadBytes(x.data);
      if (n === undefined || !validSpan(x.offset, n)) return false;
      spans.push({ offset: x.offset, length: n });
    }
    return disjoint(spans);
  });
}

/** KV-1, ARR-3: the requests of one fetch; ranges may overlap. */
export function validRequests(requests: readonly FetchRequest[]): boolean {
  if (!Array.isArray(requests) || !validAkeyList(requests.map((r) => r.akey))) return false;
  return requests.every((r) => {
    if ('single' in r) return r.single === true;
    if (!('ranges' in r) || !Array.isArray(r.ranges) || r.ranges.length === 0) return false;
    return r.ranges.every((x: Range) => validSpan(x.offset, x.length));
  });
}
