import { VISIT_EXTENT, VISIT_SINGLE, type RecordVisitor, type VosStore } from '../../vos/index.ts';
import { crc32c } from '../io/checksum.ts';
import type { TrackedVosStore } from '../sim/touch-log.ts';

/**
 * The fingerprint of one VOS object (a unit) as replicas are compared: an order-independent
 * (multiset) hash of its records - kind, keys, stamp epoch, extent offset and length, and the
 * stored value as its checksum when it has one (silent corruption, FAULT-5, changes bytes but never
 * metadata, and reads detect it), else the CRC32C and length of its bytes. Minors are per store and
 * left out. Two numbers, not strings: this runs after ops that write, over every replica of what
 * they wrote, and building, sorting and joining record strings dominated the engine's profile.
 *
 * With `onlyDkey`, the fingerprint of that dkey's records alone: after an op that wrote only some
 * dkeys of a unit on every store, comparing those dkeys is enough where the copies agreed before.
 *
 * Two different record multisets collide with probability about 2^-32 per comparison (each record
 * hashes to 32 bits, mixed two ways into a 53-bit sum), which only weakens this check, never the
 * read path. The reference it replaces (sorted record strings) is kept in fingerprint.test.ts and
 * the two are compared there on generated stores.
 */
export function fingerprintUnit(store: VosStore, unit: string, onlyDkey?: string): number {
  acc.sumA = 0;
  acc.sumB = 0;
  store.visitObject(unit, visitRecord, onlyDkey);
  // 32 bits of one sum and 21 of the other: a safe integer, compared with ===.
  return (acc.sumA >>> 0) * 0x200000 + (acc.sumB & 0x1fffff);
}

/**
 * fingerprintUnit through the store's own cache (sim/touch-log.ts TrackedVosStore.fingerprints,
 * dropped by every write to the unit): a per-op check recomputes only the replicas the op wrote.
 */
export function cachedFingerprint(store: TrackedVosStore, unit: string): number {
  let print = store.fingerprints.get(unit);
  if (print === undefined) store.fingerprints.set(unit, (print = fingerprintUnit(store, unit)));
  return print;
}

const acc = { sumA: 0, sumB: 0 };

const visitRecord: RecordVisitor = (kind, dkey, akey, epoch, offset, length, bytes, meta) => {
  let h = Math.imul(kind, 0x9e3779b1);
  h = hashString(dkey, h);
  h = hashString(akey, h ^ 0x5bd1e995);
  h = mix(h, epoch);
  h = mix(h, Math.floor(epoch / 0x100000000));
  if (kind === VISIT_EXTENT || kind === VISIT_SINGLE) {
    h = mix(h, offset);
    h = mix(h, length);
    if (meta !== undefined) h = mix(mix(h, 1), meta.length === 4 ? (meta[0] | (meta[1] << 8) | (meta[2] << 16) | (meta[3] << 24)) : crc32c(meta));
    else if (bytes !== null) h = mix(mix(h, 2), crc32c(bytes));
    else h = mix(h, 3);
  }
  acc.sumA = (acc.sumA + fmix(h)) | 0;
  acc.sumB = (acc.sumB + fmix(h ^ 0x27d4eb2f)) | 0;
};

/** FNV-1a over UTF-16 code units, then a separator so ("ab","c") and ("a","bc") differ. */
function hashString(s: string, h: number): number {
  h ^= 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ s.length, 0x01000193);
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ (v | 0), 0x01000193) ^ (h >>> 15);
}

/** murmur3's finalizer: spreads every input bit over the output before the sums. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
