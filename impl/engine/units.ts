/**
 * TX-7 conflict units: `(oid, dkey, akey)` with null standing for `*`. Two units overlap when they
 * agree on every component where neither is `*`.
 */
export interface WriteUnit {
  readonly oid: string | null;
  readonly dkey: string | null;
  readonly akey: string | null;
}

export const WHOLE_CONTAINER: WriteUnit = { oid: null, dkey: null, akey: null };

function agree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

export function unitsOverlap(a: WriteUnit, b: WriteUnit): boolean {
  return agree(a.oid, b.oid) && agree(a.dkey, b.dkey) && agree(a.akey, b.akey);
}

export function anyOverlap(as: readonly WriteUnit[], bs: readonly WriteUnit[]): boolean {
  for (const a of as) for (const b of bs) if (unitsOverlap(a, b)) return true;
  return false;
}
