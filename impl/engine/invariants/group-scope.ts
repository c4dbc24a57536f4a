/**
 * How much of a group to check: `dkeys` restricts the EC parity check to those dkeys, each from the
 * oldest epoch written in it (a write at E changes what reads at E or later see; null: everything);
 * `cached` lets fingerprints come from the stores' caches (the full sweep recomputes them all).
 */
export interface GroupScope {
  readonly dkeys: ReadonlyMap<string, number> | null;
  readonly cached: boolean;
}

export const WHOLE_GROUP: GroupScope = Object.freeze({ dkeys: null, cached: false });
