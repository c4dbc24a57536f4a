import type { AimedFault, Op, OpKind, Outcome } from '../contract/index.ts';

/**
 * Symbolic references. A stored trace never contains a system's own ids, handles or tokens: it says
 * "the n-th pool created" (`#p0`), "the n-th container handle" (coh 0), "the n-th snapshot" (token 1).
 * Each side of the lockstep has its own RefTable that maps those to its own values, and maps its
 * results back to symbols so both sides can be compared.
 *
 * Conventions in a trace op:
 *  - pool / cont strings: `#pN` / `#cN` (0-based creation order) or a literal label or UUID.
 *  - poh / coh / th: 0-based index among successfully issued handles of that kind, or a negative
 *    index counting back over the handles that are still live (-1 = the most recent live one),
 *    which keeps long generated traces meaningful after handles are closed and reopened.
 *  - snapshot token: 0 stays 0 (INVAL by SNAP-4/TX-1); N >= 1 is the N-th snapshot created; a
 *    negative N counts back over the live snapshots (-1 = the most recent live one).
 * "Live" is decided on the model's state (the oracle) by `resolveRelative`, before either side maps
 * the op, so both sides receive the same absolute reference and a replay is deterministic.
 * A reference beyond what was issued maps to a value no system issues (negative handles, a fixed
 * unused UUID, a huge token), so both sides answer NO_HDL or NONEXIST (ERR-7).
 */
export class RefTable {
  readonly poolIds: string[] = [];
  readonly contIds: string[] = [];
  readonly pohs: number[] = [];
  readonly cohs: number[] = [];
  readonly ths: number[] = [];
  readonly tokens: number[] = [];

  /**
   * Rewrites negative (relative) references to absolute indices, counting back over the references
   * for which `live(kind, index)` holds. With no such reference, the ref stays negative and maps
   * to a never-issued value.
   */
  resolveRelative<T extends Op | AimedFault>(op: T, live: (kind: RefKind, index: number) => boolean): T {
    // Named reads of the four handle fields (not a loop over field names): this runs on every op.
    const fields = op as unknown as RefFields;
    const { poh, coh, th, tx, token } = fields;
    if (!isRelative(poh) && !isRelative(coh) && !isRelative(th) && !isRelative(tx) && !isRelative(token)) return op;
    const o: Record<string, unknown> = { ...fields }; // copied only when some reference is relative
    if (isRelative(poh)) o.poh = nthLive(this.pohs.length, -poh, (i) => live('poh', i)) ?? poh;
    if (isRelative(coh)) o.coh = nthLive(this.cohs.length, -coh, (i) => live('coh', i)) ?? coh;
    if (isRelative(th)) o.th = nthLive(this.ths.length, -th, (i) => live('th', i)) ?? th;
    if (isRelative(tx)) o.tx = nthLive(this.ths.length, -tx, (i) => live('th', i)) ?? tx;
    if (isRelative(token)) {
      const index = nthLive(this.tokens.length, -token, (i) => live('token', i));
      if (index !== undefined) o.token = index + 1;
    }
    return o as unknown as T;
  }

  toConcrete(op: Op): Op {
    const o = { ...op } as Record<string, unknown>;
    if (typeof o.pool === 'string') o.pool = this.poolRef(o.pool);
    if (typeof o.cont === 'string') o.cont = this.contRef(o.cont);
    if (typeof o.poh === 'number') o.poh = pick(this.pohs, o.poh);
    if (typeof o.coh === 'number') o.coh = pick(this.cohs, o.coh);
    if (typeof o.th === 'number') o.th = pick(this.ths, o.th);
    if (typeof o.tx === 'number') o.tx = pick(this.ths, o.tx);
    if (typeof o.token === 'number') o.token = this.tokenRef(o.token);
    return o as unknown as Op;
  }

  /** Registers what an ok outcome issued (ids, handles, tokens) under the next symbol. */
  register(kind: OpKind, outcome: Outcome): void {
    if (!outcome.ok) return;
    const v = outcome.value;
    switch (kind) {
      case 'pool.create': this.poolIds.push(v as string); break;
      case 'cont.create': this.contIds.push(v as string); break;
      case 'pool.connect': this.pohs.push(v as number); break;
      case 'cont.open': this.cohs.push(v as number); break;
      case 'tx.open': case 'tx.openSnapshot': this.ths.push(v as number); break;
      case 'snap.create': this.tokens.push(v as number); break;
      default: break;
    }
  }

  /** The concrete container handle a symbolic (absolute) index names; never-issued ones map as toConcrete does. */
  cohOf(index: number): number { return pick(this.cohs, index); }

  poolSymbol(id: string): string { return symbolOf(this.poolIds, id, '#p'); }
  contSymbol(id: string): string { return symbolOf(this.contIds, id, '#c'); }
  tokenSymbol(token: number): string {
    const i = this.tokens.indexOf(token);
    return i < 0 ? `?token` : `#s${i + 1}`;
  }

  private poolRef(ref: string): string { return symbolic(ref, '#p', this.poolIds); }
  private contRef(ref: string): string { return symbolic(ref, '#c', this.contIds); }
  private tokenRef(n: number): number {
    if (n === 0 || !Number.isInteger(n)) return n;
    const i = n < 0 ? this.tokens.length + n : n - 1;
    return i >= 0 && i < this.tokens.length ? this.tokens[i] : UNISSUED_TOKEN_BASE + Math.abs(n);
  }
}

export type RefKind = 'poh' | 'coh' | 'th' | 'token';

/** The fields of an op that may hold a relative reference: handles (tx names a transaction) and a snapshot token. */
interface RefFields {
  readonly poh?: unknown;
  readonly coh?: unknown;
  readonly th?: unknown;
  readonly tx?: unknown;
  readonly token?: unknown;
}

/** A relative reference: a negative integer. */
function isRelative(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v < 0;
}

/** Index of the k-th (1-based) reference counting back from the newest for which `live` holds. */
function nthLive(count: number, k: number, live: (index: number) => boolean): number | undefined {
  let seen = 0;
  for (let i = count - 1; i >= 0; i--) if (live(i) && ++seen === k) return i;
  return undefined;
}

/** A UUID no system issues (version nibble 0), for references to entities never created. */
export const UNISSUED_UUID = '00000000-dead-0000-0000-000000000000';
const UNISSUED_TOKEN_BASE = 2 ** 52;

/** Never-issued references map to negative values, which no system issues as a handle. */
function pick(list: readonly number[], index: number): number {
  if (!Number.isInteger(index)) return -1;
  const i = index < 0 ? list.length + index : index;
  return i >= 0 && i < list.length ? list[i] : -1 - Math.abs(index);
}

function symbolic(ref: string, prefix: string, ids: readonly string[]): string {
  if (!ref.startsWith(prefix)) return ref;
  const n = Number(ref.slice(prefix.length));
  return Number.isInteger(n) && n >= 0 && n < ids.length ? ids[n] : UNISSUED_UUID;
}

function symbolOf(ids: readonly string[], id: string, prefix: string): string {
  const i = ids.indexOf(id);
  return i < 0 ? `${prefix}?` : `${prefix}${i}`;
}
