import { CONTAINER_LABEL_NOT_SET, LIMITS, POOL_LABEL_NOT_SET } from '../../../contract/index.ts';

/** Label syntax (LABEL-1..3), UUID form (LABEL-2, LABEL-5) and what may name a pool or container (LABEL-5). */
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LABEL_RE = /^[A-Za-z0-9._:-]+$/;

export function isUuidForm(text: string): boolean {
  return UUID_RE.test(text);
}

/** LABEL-1..3: true if `label` may be given as a pool or container label. */
export function isValidLabel(label: unknown): label is string {
  if (typeof label !== 'string') return false;
  if (label.length < 1 || label.length > LIMITS.labelCharsMax) return false;
  if (!LABEL_RE.test(label)) return false;
  if (isUuidForm(label)) return false;
  if (label === CONTAINER_LABEL_NOT_SET || label === POOL_LABEL_NOT_SET) return false;
  return true;
}

/**
 * LABEL-5 (section 25, DAOS dc_pool_connect / dc_cont_open / dc_cont_destroy): a `pool` or `cont`
 * reference is an id in UUID form or a string of label syntax (LABEL-1, as DAOS's
 * daos_label_is_valid, which lets the LABEL-3 sentinels through: they are looked up and found
 * nowhere). Anything else is INVAL at step 1, before any handle or lookup.
 */
export function isReference(ref: unknown): ref is string {
  if (typeof ref !== 'string') return false;
  if (isUuidForm(ref)) return true;
  return ref.length >= 1 && ref.length <= LIMITS.labelCharsMax && LABEL_RE.test(ref);
}
