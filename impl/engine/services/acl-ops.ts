import { err, ok, type AclValue, type Outcome } from '../../../contract/index.ts';
import { formatAce, isValidAcl, mergeAcl, parseAceList, parseDeletePrincipal, type Ace } from '../args/acl.ts';
import { assert } from '../assert.ts';

/**
 * The ACL operations (ACL-7..9) on whatever holds an ACL: a container through its handle (GET_ACL,
 * SET_ACL; container-service.ts) or a pool by reference (POOL-8, rev. 2: administrator operations;
 * pool-service.ts). One implementation; the caller's `locate` does steps 2 and 4 (find the holder,
 * check the capability) and answers its subject or the error outcome.
 * Does NOT evaluate ACLs (capabilities.ts) or decide who may call (the callers).
 */

/** What an ACL operation acts on: the ACL, with the owner and group that OWNER@ and GROUP@ denote. */
export interface AclSubject {
  readonly acl: readonly Ace[];
  readonly owner: string;
  readonly group: string;
  /** Stores the new ACL, already in canonical order (ACL-7). */
  replace(acl: Ace[]): void;
}

/** Steps 2 and 4 of one ACL operation. */
export type LocateAcl = () => Outcome<AclSubject>;

/** ACL-7: `{aces, owner, group}` with canonical ACE strings in canonical order. */
export function aclValueOf(subject: Pick<AclSubject, 'acl' | 'owner' | 'group'>): AclValue {
  return { aces: subject.acl.map(formatAce), owner: subject.owner, group: subject.group };
}

/** ACL-7. */
export function getAcl(locate: LocateAcl): Outcome<AclValue> {
  const subject = locate();
  if (!subject.ok) return subject;
  return ok(aclValueOf(subject.value));
}

/** ACL-8: replaces the whole ACL. Step 1 (ACL-1..6), then steps 2 and 4. */
export function overwriteAcl(texts: unknown, locate: LocateAcl): Outcome<null> {
  const aces = parseAceList(texts);
  if (!aces) return err('INVAL');
  const subject = locate();
  if (!subject.ok) return subject;
  subject.value.replace(aces);
  return ok(null);
}

/**
 * ACL-8: merges (an ACE whose principal is present replaces it in place, others are appended at the
 * end of their kind). Step 1 (the supplied list), steps 2 and 4, then the merged ACL must satisfy
 * ACL-6 (INVAL, after the capability: DAOS merges on the server).
 */
export function updateAcl(texts: unknown, locate: LocateAcl): Outcome<null> {
  const aces = parseAceList(texts);
  if (!aces) return err('INVAL');
  const subject = locate();
  if (!subject.ok) return subject;
  const merged = mergeAcl(subject.value.acl, aces);
  if (!isValidAcl(merged)) return err('INVAL');
  subject.value.replace(merged);
  return ok(null);
}

/** ACL-9: step 1 (principal form), steps 2 and 4, step 7 (an absent entry is NONEXIST). */
export function deleteAcl(principal: unknown, locate: LocateAcl): Outcome<null> {
  const who = parseDeletePrincipal(principal);
  if (!who) return err('INVAL');
  const subject = locate();
  if (!subject.ok) return subject;
  const acl = subject.value.acl;
  const at = acl.findIndex((a) => a.kind === who.kind && a.name === who.name);
  if (at < 0) return err('NONEXIST');
  const rest = acl.filter((_, i) => i !== at);
  assert(!rest.some((a) => a.kind === who.kind && a.name === who.name), 'ACL-6: an ACL holds one entry per principal');
  subject.value.replace(rest);
  return ok(null);
}
