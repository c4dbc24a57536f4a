import { COND, COND_ALL, type DerName } from '../contract/index.ts';

/**
 * Conditional flags (COND-1..7): which flags each operation accepts (step 1, INVAL) and what a
 * condition yields against the state the operation reads (step 7, EXIST / NONEXIST).
 *
 * Does NOT check: existence itself (callers pass `exists` computed from the view, KV-6), the kind
 * check of KV-3 that runs between akey conditions, or object punch (PUNCH-1 ignores every flag).
 */

const { COND_PUNCH, DKEY_INSERT, DKEY_UPDATE, DKEY_FETCH, AKEY_INSERT, AKEY_UPDATE, AKEY_FETCH, PER_AKEY } = COND;
const AKEY_FLAGS = AKEY_INSERT | AKEY_UPDATE | AKEY_FETCH;

/**
 * COND-7 with HALT-4: whether a write's conditions examine any key (the dkey, or an akey through its
 * effective akey flags). In a transaction those keys are reads, so in a halted pool such a write is
 * TIMEDOUT like any transaction read, where an unconditional buffered write waits for its commit.
 */
export function writeExaminesKeys(cond: number | undefined, requestConds: readonly (number | undefined)[]): boolean {
  const c = cond ?? 0;
  if (c & (DKEY_INSERT | DKEY_UPDATE | COND_PUNCH)) return true;
  return requestConds.some((own) => (akeyFlagsFor(c, own) & (AKEY_INSERT | AKEY_UPDATE)) !== 0);
}

/** COND-1: a flag word is a non-negative integer made of defined bits only. */
export function knownFlags(cond: number): boolean {
  return Number.isInteger(cond) && cond >= 0 && (cond & ~COND_ALL) === 0 && cond <= COND_ALL;
}

const only = (cond: number, allowed: number) => knownFlags(cond) && (cond & ~allowed) === 0;

/** COND-2: listings take no flags. */
export function validListingCond(cond: number | undefined): boolean {
  return cond === undefined || cond === 0;
}

/**
 * COND-2, COND-4: fetch accepts DKEY_FETCH, AKEY_FETCH and PER_AKEY; PER_AKEY with a call-level
 * AKEY_* flag is INVAL; with PER_AKEY each request's own cond may hold only AKEY_FETCH.
 * Without PER_AKEY per-request flags are ignored. The same inside a transaction (COND-7).
 */
export function validFetchCond(cond: number | undefined, requestConds: readonly (number | undefined)[]): boolean {
  const c = cond ?? 0;
  if (!only(c, DKEY_FETCH | AKEY_FETCH | PER_AKEY)) return false;
  if (!(c & PER_AKEY)) return true;
  if (c & AKEY_FLAGS) return false;
  return requestConds.every((r) => only(r ?? 0, AKEY_FETCH));
}

/**
 * COND-3, COND-4, COND-7: update and extent punch accept DKEY_INSERT, DKEY_UPDATE, AKEY_INSERT,
 * AKEY_UPDATE and PER_AKEY; INSERT with UPDATE at one level is INVAL (choice: the pair can never
 * succeed), as is PER_AKEY with a call-level AKEY_* flag; per-request conds (PER_AKEY only) may
 * hold AKEY_INSERT or AKEY_UPDATE, not both. The same inside a transaction (COND-7, rev. 2).
 */
export function validUpdateCond(cond: number | undefined, requestConds: readonly (number | undefined)[]): boolean {
  const c = cond ?? 0;
  if (!only(c, DKEY_INSERT | DKEY_UPDATE | AKEY_INSERT | AKEY_UPDATE | PER_AKEY)) return false;
  if ((c & DKEY_INSERT) && (c & DKEY_UPDATE)) return false;
  if ((c & AKEY_INSERT) && (c & AKEY_UPDATE)) return false;
  if (!(c & PER_AKEY)) return true;
  if (c & AKEY_FLAGS) return false;
  return requestConds.every((r) => {
    const rc = r ?? 0;
    return only(rc, AKEY_INSERT | AKEY_UPDATE) && !((rc & AKEY_INSERT) && (rc & AKEY_UPDATE));
  });
}

/** COND-5: dkey and akey punch accept only COND_PUNCH, inside a transaction too (COND-7, rev. 2). */
export function validPunchKeysCond(cond: number | undefined): boolean {
  const c = cond ?? 0;
  return c === 0 || c === COND_PUNCH;
}

/** COND-5: with COND_PUNCH the punched key must exist. */
export function punchNeedsExistence(cond: number | undefined): boolean {
  return ((cond ?? 0) & COND_PUNCH) !== 0;
}

/** COND-2, COND-3: the dkey condition against whether the dkey exists (KV-6). */
export function dkeyCondFailure(cond: number | undefined, exists: boolean): DerName | undefined {
  const c = cond ?? 0;
  if ((c & DKEY_INSERT) && exists) return 'EXIST';
  if ((c & (DKEY_UPDATE | DKEY_FETCH)) && !exists) return 'NONEXIST';
  return undefined;
}

/** COND-4: the akey flags that apply to one request: its own with PER_AKEY, else the call's. */
export function akeyFlagsFor(cond: number | undefined, requestCond: number | undefined): number {
  const c = cond ?? 0;
  return c & PER_AKEY ? (requestCond ?? 0) & AKEY_FLAGS : c & AKEY_FLAGS;
}

/** COND-2, COND-3: one akey's condition against whether it exists (KV-6). */
export function akeyCondFailure(flags: number, exists: boolean): DerName | undefined {
  if ((flags & AKEY_INSERT) && exists) return 'EXIST';
  if ((flags & (AKEY_UPDATE | AKEY_FETCH)) && !exists) return 'NONEXIST';
  return undefined;
}

/**
 * TX-7, COND-7: a dkey condition reads (oid, dkey, *): DKEY_FETCH on a fetch, DKEY_INSERT or
 * DKEY_UPDATE on an update or extent punch. (COND_PUNCH is a dkey condition on a dkey punch and an
 * akey condition on an akey punch; those handlers record it.)
 */
export function readsWholeDkey(cond: number | undefined): boolean {
  return ((cond ?? 0) & (DKEY_INSERT | DKEY_UPDATE | DKEY_FETCH)) !== 0;
}
