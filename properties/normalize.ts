import { Buffer } from 'node:buffer';
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
