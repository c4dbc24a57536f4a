import type { Oid } from '../../../contract/index.ts';
import type { ResolvedIod } from '../args/object-args.ts';

/**
 * Transactions (TX-1..10) and what they carry: buffered writes, replayed in order at commit, and the
 * TX-7 conflict units they read and wrote.
 */
export type TxState = 'OPEN' | 'COMMITTED' | 'ABORTED' | 'FAILED';

export interface Tx {
  readonly id: number;
  readonly coh: number;
  readonly readOnly: boolean;
  /** Snapshot transactions read at this token (TX-1). */
  readonly snapshot: number | null;
  state: TxState;
  /** TX-4: the epoch whose committed state the transaction reads; null until the first ok op. */
  startEpoch: number | null;
  readonly reads: WriteUnit[];
  readonly writes: WriteUnit[];
  /** Buffered write operations, replayed in order at commit (TX-3, TX-6). */
  readonly buffer: BufferedWrite[];
}

/** A validated object write, ready to apply (standalone or at commit). */
export type BufferedWrite =
  | { readonly kind: 'update'; readonly oid: Oid; readonly dkey: string; readonly iods: readonly ResolvedIod[] }
  | { readonly kind: 'punch'; readonly oid: Oid }
  | { readonly kind: 'punchDkey'; readonly oid: Oid; readonly dkey: string }
  | { readonly kind: 'punchAkeys'; readonly oid: Oid; readonly dkey: string; readonly akeys: readonly string[] }
  | { readonly kind: 'punchExtents'; readonly oid: Oid; readonly dkey: string; readonly akey: string; readonly ranges: readonly { offset: number; length: number }[] };

/**
 * TX-7 conflict units: `(oid, dkey, akey)` with null standing for `*`. Two units overlap when they
 * agree on every component where neither is `*` (services/commit-log.ts).
 */
export interface WriteUnit {
  readonly oid: string | null;
  readonly dkey: string | null;
  readonly akey: string | null;
}
