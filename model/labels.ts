import { CONTAINER_LABEL_NOT_SET, LIMITS, POOL_LABEL_NOT_SET } from '../contract/index.ts';
import { isUuidForm } from './resolve.ts';

/**
 * Labels of pools and containers (spec section 6). Syntax only: uniqueness (LABEL-4) needs the
 * state and is checked by the handlers at step 7; lookup (LABEL-5) lives in resolve.ts.
 * Does NOT check: uniqueness, lookup.
 */

/** LABEL-1: ASCII letters, digits, `.`, `_`, `:` and `-`. */
const LABEL_CHARS = /^[A-Za-z0-9._:-]+$/;

export type LabelOwner = 'pool' | 'cont';

/** The sentinel that means "no label" for that kind of entity (LABEL-3). */
export function labelSentinel(owner: LabelOwner): string {
  return owner === 'pool' ? POOL_LABEL_NOT_SET : CONTAINER_LABEL_NOT_SET;
}

/**
 * Returns the rule a label breaks, or null if it is valid. (choice: both sentinels are refused for
 * pools and containers alike; LABEL-3 says "supplying one as a label is INVAL" without naming which.)
 */
export function labelProblem(label: unknown): 'LABEL-1' | 'LABEL-2' | 'LABEL-3' | null {
  if (typeof label !== 'string') return 'LABEL-1';
  if (label.length < 1 || label.length > LIMITS.labelCharsMax || !LABEL_CHARS.test(label)) return 'LABEL-1';
  if (isUuidForm(label)) return 'LABEL-2';
  if (label === CONTAINER_LABEL_NOT_SET || label === POOL_LABEL_NOT_SET) return 'LABEL-3';
  return null;
}

/**
 * LABEL-5 (section 25, DAOS dc_pool_connect, dc_cont_open, dc_cont_destroy): a `pool` or `cont`
 * reference is looked up only if it has UUID form or label syntax (LABEL-1, as DAOS's
 * daos_label_is_valid, which accepts the LABEL-3 sentinels: they are looked up and match nothing).
 * Anything else is INVAL at step 1. Returns the rule broken, or null.
 */
export function referenceProblem(ref: unknown): 'LABEL-5' | null {
  if (typeof ref !== 'string') return 'LABEL-5';
  if (isUuidForm(ref)) return null;
  return ref.length >= 1 && ref.length <= LIMITS.labelCharsMax && LABEL_CHARS.test(ref) ? null : 'LABEL-5';
}

/** LABEL-3: an unset label reads back as the sentinel. */
export function labelOrSentinel(label: string | null, owner: LabelOwner): string {
  return label ?? labelSentinel(owner);
}
