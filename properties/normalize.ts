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

export function sameCanonical(a: Canonical, b: Canonical): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A short human rendering: long hex strings are abbreviated with their length. */
export function describeCanonical(value: Canonical, maxHexChars = 24): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > maxHexChars && /^[0-9a-f]+$/.test(v) ? `${v.slice(0, maxHexChars)}…(${v.length / 2} bytes)` : v,
  );
}
