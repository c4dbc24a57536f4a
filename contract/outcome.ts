import type { DerName } from './der.ts';

/** The result of one operation (ERR-1): `ok` with a value, or exactly one DER error. */
export type Outcome<V = unknown> = OkOutcome<V> | ErrOutcome;

export interface OkOutcome<V = unknown> {
  readonly ok: true;
  readonly value: V;
}

export interface ErrOutcome {
  readonly ok: false;
  readonly err: DerName;
}

export function ok<V>(value: V): OkOutcome<V> {
  return { ok: true, value };
}

export function err(name: DerName): ErrOutcome {
  return { ok: false, err: name };
}
