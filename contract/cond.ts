/** Conditional flags (COND-1). An operation's `cond` is a bitwise OR of these. */
export const COND = {
  COND_PUNCH: 1,
  DKEY_INSERT: 2,
  DKEY_UPDATE: 4,
  DKEY_FETCH: 8,
  AKEY_INSERT: 16,
  AKEY_UPDATE: 32,
  AKEY_FETCH: 64,
  PER_AKEY: 128,
} as const;

export type CondName = keyof typeof COND;

/** Every defined flag bit; a bit outside this mask is an unknown flag (COND-1). */
export const COND_ALL = 0xff;
