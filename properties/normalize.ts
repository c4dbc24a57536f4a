import { Buffer } from 'node:buffer';
import { bytesEqual } from '../contract/bytes.ts';
import type { FetchEntry, OpKind, Outcome } from '../contract/index.ts';
import type { RefTable } from './symbolic.ts';

/**
 * Puts an outcome into a canonical, JSON-serializable form so two systems' outcomes can be compared
 * and printed: ids, handles and tokens become symbols (section 24: compared by identity only), bytes
 * become hex, and results the spec calls sets are sorted (section 24). The RefTable must be the one
 * of the side that produced the outcome, in its state BEFORE the outcome is registered.
 */
/** Hex of bytes via Node's native encoder: outcomes carry whole EC cells and this runs on every read. */
function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

export function normalizeOutcome(kind: OpKind, outcome: Outcome, refs: RefTable): Canonical {
  if (!outcome.ok) return { err: outcome.err };
  return { ok: normalizeValue(kind, outcome.value, refs) };
}

function normalizeValue(kind: OpKind, value: unknown, refs: RefTable): Canonical {
  switch (kind) {
    case 'pool.create': return `#p${refs.poolIds.length}`;
    case 'cont.create': return `#c${refs.contIds.length}`;
    case 'pool.connect': return `poh#${refs.pohs.length}`;
    case 'cont.open': return `coh#${refs.cohs.length}`;
    case 'tx.open': case 'tx.openSnapshot': return `th#${refs.ths.length}`;
    case 'snap.create': return `#s${refs.tokens.length + 1}`;
    case 'snap.list': return (value as number[]).map((t) => refs.tokenSymbol(t));
    case 'cont.query': {
      const q = value as { nhandles: number; nsnapshots: number; latestSnapshot: number | null };
      return { nhandles: q.nhandles, nsnapshots: q.nsnapshots, latestSnapshot: q.latestSnapshot === null ? null : refs.tokenSymbol(q.latestSnapshot) };
    }
    case 'pool.listContainers':
      return sortedSet((value as { id: string; label: string }[]).map((e) => `${refs.contSymbol(e.id)} ${e.label}`));
    case 'pool.query': {
      const q = value as Record<string, unknown>;
      return { ...(canonical(q) as Record<string, Canonical>), disabledRanks: sortedSet(q.disabledRanks as number[]), deadRanks: sortedSet(q.deadRanks as number[]) };
    }
    case 'cont.listAttrs': case 'pool.listAttrs': case 'obj.listDkeys': case 'obj.listAkeys':
      return sortedSet(value as string[]);
    case 'obj.fetch':
      return (value as FetchEntry[]).map((e): Canonical =>
        e.type === 'single' ? { single: e.value === null ? null : bytesToHex(e.value) } : { ranges: e.ranges.map((r) => bytesToHex(r)) },
      );
    case 'cont.getAttrs': case 'pool.getAttrs':
      return (value as (Uint8Array | null)[]).map((v) => (v === null ? null : bytesToHex(v)));
    // pool.getProps and pool.getAcl, like cont.getProps and cont.getAcl, take the default: ACE order
    // is observable (ACL-7) and property records are compared key by key.

    default:
      return canonical(value);
  }
}

/**
 * Op kinds whose canonical form is their bytes as hex and nothing that depends on a RefTable: the
 * runner compares their outcomes with `sameBytesOutcome` and puts them in canonical form only when
 * it must show them (a divergence, onStep), since reads carry whole EC cells.
 */
export const BYTE_RESULT_KINDS: ReadonlySet<OpKind> = new Set<OpKind>(['obj.fetch', 'cont.getAttrs', 'pool.getAttrs']);

/**
 * For an op of BYTE_RESULT_KINDS: whether `a` and `b` have the same canonical form, decided on the
 * bytes themselves; undefined when either is not the plain shape normalizeValue reads (an error
 * outcome, or a value that is not arrays of Uint8Array), and the caller compares canonical forms.
 * Pairs with normalizeValue: fetch entries compare by kind (single or ranges) and bytes, as their
 * hex does.
 */
export function sameBytesOutcome(kind: OpKind, a: Outcome, b: Outcome): boolean | undefined {
  if (!a.ok || !b.ok || !isPlainBytesValue(kind, a.value) || !isPlainBytesValue(kind, b.value)) return undefined;
  const x = a.value;
  const y = b.value;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (!(kind === 'obj.fetch' ? sameFetchEntry(x[i] as FetchEntry, y[i] as FetchEntry) : sameOptionalBytes(x[i] as Uint8Array | null, y[i] as Uint8Array | null))) return false;
  }
  return true;
}

function isPlainBytesValue(kind: OpKind, value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value.every(kind === 'obj.fetch' ? isPlainFetchEntry : isOptionalBytes);
}

function isPlainFetchEntry(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const entry = e as FetchEntry;
  return entry.type === 'single' ? isOptionalBytes(entry.value) : Array.isArray(entry.ranges) && entry.ranges.every((r) => r instanceof Uint8Array);
}

function isOptionalBytes(v: unknown): boolean {
  return v === null || v instanceof Uint8Array;
}

function sameFetchEntry(e: FetchEntry, f: FetchEntry): boolean {
  if (e.type === 'single' || f.type === 'single') return e.type === 'single' && f.type === 'single' && sameOptionalBytes(e.value, f.value);
  if (e.ranges.length !== f.ranges.length) return false;
  for (let i = 0; i < e.ranges.length; i++) if (!bytesEqual(e.ranges[i], f.ranges[i])) return false;
  return true;
}

function sameOptionalBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : bytesEqual(a, b);
}

function sortedSet(items: readonly (string | number)[]): Canonical[] {
  return [...items].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/** Deep canonical copy: Uint8Array to hex, object keys sorted, undefined dropped. */
export function canonical(value: unknown): Canonical {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, Canonical> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * Whether two canonical values serialize to the same JSON text, decided without serializing them
 * (this runs on every checked op): the same keys in the same order, equal strings and booleans,
 * numbers equal as JSON writes them. Like JSON.stringify, a non-finite number counts as null, an
 * undefined array element as null, and an object key whose value is undefined as absent.
 */
export function sameCanonical(a: Canonical, b: Canonical): boolean {
  if (a === b) return true;
  const x = asJson(a);
  const y = asJson(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameCanonical(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < kx.length && x[kx[i]] === undefined) i++;
    while (j < ky.length && y[ky[j]] === undefined) j++;
    if (i === kx.length || j === ky.length) return i === kx.length && j === ky.length;
    if (kx[i] !== ky[j] || !sameCanonical(x[kx[i]], y[ky[j]])) return false;
    i++;
    j++;
  }
}

/** A value as JSON.stringify writes it inside an array: non-finite numbers and undefined become null. */
function asJson(value: Canonical | undefined): Canonical {
  if (value === undefined) return null;
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** A short human rendering: long hex strings are abbreviated with their length. */
export function describeCanonical(value: Canonical, maxHexChars = 24): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > maxHexChars && /^[0-9a-f]+$/.test(v) ? `${v.slice(0, maxHexChars)}…(${v.length / 2} bytes)` : v,
  );
}
