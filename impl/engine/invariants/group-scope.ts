/**
 * How much of a group to check after an op (the full sweep checks everything, WHOLE_GROUP):
 *  - `parity`: the EC parity check only for these dkeys, each from the oldest epoch written in it (a
 *    write at E changes what reads at E or later see); null: every dkey and epoch;
 *  - `copies`: replicas (EC: copies of each position) compared only on these dkeys' records; null:
 *    whole units;
 *  - `cached`: whole-unit fingerprints may come from the stores' caches (the sweep recomputes them).
 */
export interface GroupScope {
  readonly parity: ReadonlyMap<string, number> | null;
  readonly copies: ReadonlySet<string> | null;
  readonly cached: boolean;
}

export const WHOLE_GROUP: GroupScope = Object.freeze({ parity: null, copies: null, cached: false });
