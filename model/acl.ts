import { LIMITS, SPECIAL_PRINCIPALS, type AccessMode, type Principal } from '../contract/index.ts';
import { CONT_CAP, POOL_CAP, type Ace, type AceKind } from './state.ts';

/**
 * Access control entries and lists (spec section 7): parse, validate, canonical format and order,
 * merge, evaluation, and the capabilities a connect or open derives from them (ACL-12, ACL-13).
 * Pure functions over plain data; failures return the ID of the rule that was broken so handlers
 * can cite it. Does NOT check: handle validity or which capability an operation needs (section 23,
 * in ops/access*.ts); audit and alarm effects (section 24: not observable).
 */

// ACL-2: letter -> bit. Object key order is the print order of ACL-7 for types and perms.
export const ACE_TYPE_BITS: Readonly<Record<string, number>> = { A: 1, U: 2, L: 4 };
export const ACE_FLAG_BITS: Readonly<Record<string, number>> = { G: 1, P: 2, F: 4, S: 8 };
export const ACE_PERM_BITS: Readonly<Record<string, number>> = { r: 1, w: 2, c: 4, d: 8, t: 16, T: 32, a: 64, A: 128, o: 256 };

/** ACL-7 print orders. */
const TYPE_PRINT_ORDER = ['A', 'U', 'L'] as const;
const FLAG_PRINT_ORDER = ['G', 'S', 'F', 'P'] as const;
const PERM_PRINT_ORDER = ['r', 'w', 'c', 'd', 't', 'T', 'a', 'A', 'o'] as const;

/** ACL-7 kind order: OWNER@ < named users < GROUP@ < named groups < EVERYONE@. */
export const KIND_ORDER: readonly AceKind[] = ['owner', 'user', 'owner-group', 'group', 'everyone'];

const TYPE_ALLOW = ACE_TYPE_BITS.A;
const TYPE_AUDIT_OR_ALARM = ACE_TYPE_BITS.U | ACE_TYPE_BITS.L;
const FLAG_GROUP = ACE_FLAG_BITS.G;
const FLAG_SUCCESS_OR_FAILURE = ACE_FLAG_BITS.S | ACE_FLAG_BITS.F;

export type AclRule = 'ACL-1' | 'ACL-2' | 'ACL-3' | 'ACL-4' | 'ACL-6' | 'ACL-9' | 'ACL-15';

const textEncoder = new TextEncoder();

/**
 * Length in characters. (choice: a "character" is a Unicode code point; for the ASCII names that
 * DAOS expects this equals its byte count.)
 */
export function charCount(text: string): number {
  return [...text].length;
}

function isSpecialPrincipal(text: string): boolean {
  return (SPECIAL_PRINCIPALS as readonly string[]).includes(text);
}

/**
 * ACL-3: `name@` or `name@domain`, 1..255 characters, not starting with `@`, exactly one `@`.
 * (choice: the exact special spellings OWNER@, GROUP@, EVERYONE@ are not named principals, so no
 * user or group can be called that: an ACE naming them always means the special principal.)
 */
export function isNamedPrincipal(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const chars = charCount(text);
  if (chars < 1 || chars > LIMITS.principalNameCharsMax) return false;
  if (text.startsWith('@')) return false;
  if (text.split('@').length !== 2) return false;
  return !isSpecialPrincipal(text);
}

/** ACL-15: a principal passed to an operation is named, with at least one group, all named. */
export function isValidPrincipal(principal: unknown): principal is Principal {
  if (typeof principal !== 'object' || principal === null) return false;
  const { user, groups } = principal as { user?: unknown; groups?: unknown };
  if (!isNamedPrincipal(user)) return false;
  if (!Array.isArray(groups) || groups.length < 1) return false;
  return groups.every((g) => isNamedPrincipal(g));
}

/** Parses one field's letters (ACL-1: order irrelevant, repeats count once; ACL-2: unknown INVAL). */
function parseLetters(field: string, bits: Readonly<Record<string, number>>): number | null {
  let value = 0;
  for (const letter of field) {
    if (!Object.prototype.hasOwnProperty.call(bits, letter)) return null;
    value |= bits[letter];
  }
  return value;
}

/** ACL-1..4: parses an ACE string, or returns the rule it breaks. */
export function parseAce(text: unknown): Ace | AclRule {
  if (typeof text !== 'string') return 'ACL-1';
  if (charCount(text) > LIMITS.aceCharsMax) return 'ACL-1';
  const fields = text.split(':');
  if (fields.length !== 4) return 'ACL-1';
  const [typeField, flagField, principal, permField] = fields;
  if (principal.length === 0) return 'ACL-1';
  const types = parseLetters(typeField, ACE_TYPE_BITS);
  if (types === null || types === 0) return 'ACL-2';
  const flags = parseLetters(flagField, ACE_FLAG_BITS);
  if (flags === null) return 'ACL-2';
  const perms = parseLetters(permField, ACE_PERM_BITS);
  if (perms === null) return 'ACL-2';
  const kind = aceKind(principal, flags);
  if (kind === null) return 'ACL-3';
  // ACL-4: G iff GROUP@ or a named group (for named principals G decides the kind, so only the
  // special ones can break it).
  const isGroup = kind === 'owner-group' || kind === 'group';
  if (isGroup !== ((flags & FLAG_GROUP) !== 0)) return 'ACL-4';
  // ACL-4: U or L iff S or F.
  if (((types & TYPE_AUDIT_OR_ALARM) !== 0) !== ((flags & FLAG_SUCCESS_OR_FAILURE) !== 0)) return 'ACL-4';
  return { types, flags, principal, kind, perms };
}

/** ACL-3: the kind of an ACE principal, or null if the principal is malformed. */
function aceKind(principal: string, flags: number): AceKind | null {
  if (principal === 'OWNER@') return 'owner';
  if (principal === 'GROUP@') return 'owner-group';
  if (principal === 'EVERYONE@') return 'everyone';
  if (!isNamedPrincipal(principal)) return null;
  return (flags & FLAG_GROUP) !== 0 ? 'group' : 'user';
}

function printLetters(value: number, order: readonly string[], bits: Readonly<Record<string, number>>): string {
  return order.filter((letter) => (value & bits[letter]) !== 0).join('');
}

/** ACL-7: canonical text of an ACE. */
export function formatAce(ace: Ace): string {
  const types = printLetters(ace.types, TYPE_PRINT_ORDER, ACE_TYPE_BITS);
  const flags = printLetters(ace.flags, FLAG_PRINT_ORDER, ACE_FLAG_BITS);
  const perms = printLetters(ace.perms, PERM_PRINT_ORDER, ACE_PERM_BITS);
  return `${types}:${flags}:${ace.principal}:${perms}`;
}

/** ACL-6: the same principal means the same kind and name. */
export function samePrincipal(a: Pick<Ace, 'kind' | 'principal'>, b: Pick<Ace, 'kind' | 'principal'>): boolean {
  return a.kind === b.kind && a.principal === b.principal;
}

/** ACL-7: stable order by principal kind, keeping insertion order within a kind. */
export function canonicalOrder(aces: readonly Ace[]): Ace[] {
  const out: Ace[] = [];
  for (const kind of KIND_ORDER) for (const ace of aces) if (ace.kind === kind) out.push(ace);
  if (out.length !== aces.length) throw new Error('model invariant: ACE with unknown kind');
  return out;
}

/** ACL-6 encoded size: 32 bytes per ACE, plus name bytes + 1 rounded up to 8 for named ones. */
export function aclEncodedBytes(aces: readonly Ace[]): number {
  let total = 0;
  for (const ace of aces) {
    total += LIMITS.aceEncodedBytesFixed;
    if (ace.kind === 'user' || ace.kind === 'group') total += Math.ceil((textEncoder.encode(ace.principal).length + 1) / 8) * 8;
  }
  return total;
}

/** ACL-6: no two entries for one principal, and the encoded size fits. */
export function aclProblem(aces: readonly Ace[]): 'ACL-6' | null {
  for (let i = 0; i < aces.length; i++) for (let j = 0; j < i; j++) if (samePrincipal(aces[i], aces[j])) return 'ACL-6';
  if (aclEncodedBytes(aces) > LIMITS.aclEncodedBytesMax) return 'ACL-6';
  return null;
}

/**
 * ACL-1..6 for a supplied list of ACE strings: each parses (list order, ERR-3), the list is
 * non-empty, has no duplicate principal and fits the size limit. Returns ACEs in the given order.
 */
export function parseAcl(texts: unknown): Ace[] | AclRule {
  if (!Array.isArray(texts) || texts.length === 0) return 'ACL-6';
  const aces: Ace[] = [];
  for (const text of texts) {
    const ace = parseAce(text);
    if (typeof ace === 'string') return ace;
    aces.push(ace);
  }
  return aclProblem(aces) ?? aces;
}

/** ACL-8 updateAcl: replace an entry in place, or append at the end of its kind. */
export function mergeAcl(current: readonly Ace[], updates: readonly Ace[]): Ace[] {
  let result = canonicalOrder(current);
  for (const update of updates) {
    const at = result.findIndex((ace) => samePrincipal(ace, update));
    if (at >= 0) result = result.map((ace, i) => (i === at ? update : ace));
    else result = canonicalOrder([...result, update]);
  }
  return result;
}

/** ACL-9: `u:name@`, `g:name@`, `OWNER@`, `GROUP@` or `EVERYONE@`; null if malformed. */
export function parseDeletePrincipal(text: unknown): Pick<Ace, 'kind' | 'principal'> | null {
  if (typeof text !== 'string') return null;
  if (text === 'OWNER@') return { kind: 'owner', principal: text };
  if (text === 'GROUP@') return { kind: 'owner-group', principal: text };
  if (text === 'EVERYONE@') return { kind: 'everyone', principal: text };
  const name = text.slice(2);
  if (text.startsWith('u:') && isNamedPrincipal(name)) return { kind: 'user', principal: name };
  if (text.startsWith('g:') && isNamedPrincipal(name)) return { kind: 'group', principal: name };
  return null;
}

/** ACL-5: only type A grants; U, L and all flags have no effect. */
function granted(ace: Ace): number {
  return (ace.types & TYPE_ALLOW) !== 0 ? ace.perms : 0;
}

/** ACL-10: the permission bits an ACL grants principal P on a resource owned by owner / ownerGroup. */
export function evaluateAcl(
  aces: readonly Ace[],
  owner: string,
  ownerGroup: string,
  p: Principal,
  resource: 'pool' | 'cont',
): number {
  const perms = evaluateSteps(aces, owner, ownerGroup, p);
  // ACL-10 step 5: the container owner always has get-ACL and set-ACL.
  if (resource === 'cont' && p.user === owner) return perms | ACE_PERM_BITS.a | ACE_PERM_BITS.A;
  return perms;
}

function evaluateSteps(aces: readonly Ace[], owner: string, ownerGroup: string, p: Principal): number {
  // Step 1: the owner with an OWNER@ entry.
  const ownerAce = aces.find((ace) => ace.kind === 'owner');
  if (p.user === owner && ownerAce) return granted(ownerAce);
  // Step 2: a named-user entry.
  const userAce = aces.find((ace) => ace.kind === 'user' && ace.principal === p.user);
  if (userAce) return granted(userAce);
  // Step 3: the union of every matching group entry.
  const groupAces = aces.filter(
    (ace) => (ace.kind === 'owner-group' && p.groups.includes(ownerGroup)) || (ace.kind === 'group' && p.groups.includes(ace.principal)),
  );
  if (groupAces.length > 0) return groupAces.reduce((acc, ace) => acc | granted(ace), 0);
  // Step 4: EVERYONE@, or nothing.
  const everyoneAce = aces.find((ace) => ace.kind === 'everyone');
  return everyoneAce ? granted(everyoneAce) : 0;
}

function has(perms: number, letters: string): boolean {
  for (const letter of letters) if ((perms & ACE_PERM_BITS[letter]) !== 0) return true;
  return false;
}

/** ACL-12: pool capabilities for a connect in `mode`; 0 means the connect is NO_PERM. */
export function poolCaps(perms: number, mode: AccessMode): number {
  let caps = 0;
  if (has(perms, 'rt')) caps |= POOL_CAP.READ;
  if (has(perms, 'wc')) caps |= POOL_CAP.CREATE_CONT;
  if (has(perms, 'wd')) caps |= POOL_CAP.DEL_CONT;
  if (mode === 'RO') caps &= POOL_CAP.READ;
  else if (!((caps & POOL_CAP.READ) !== 0 && (caps & (POOL_CAP.CREATE_CONT | POOL_CAP.DEL_CONT)) !== 0)) caps = 0;
  return (caps & POOL_CAP.READ) !== 0 ? caps : 0;
}

const CONT_READ_SIDE = CONT_CAP.READ_DATA | CONT_CAP.GET_PROP | CONT_CAP.GET_ACL;
const CONT_WRITE_SIDE = CONT_CAP.WRITE_DATA | CONT_CAP.SET_PROP | CONT_CAP.SET_ACL | CONT_CAP.SET_OWNER;

/** ACL-13: the container capabilities that ACL permission letters give, before any mode filter. */
function contCapsUnfiltered(perms: number, isOwner: boolean): number {
  let caps = 0;
  if (has(perms, 'r')) caps |= CONT_CAP.READ_DATA;
  if (has(perms, 'w')) caps |= CONT_CAP.WRITE_DATA;
  if (has(perms, 't')) caps |= CONT_CAP.GET_PROP;
  if (has(perms, 'T')) caps |= CONT_CAP.SET_PROP;
  if (has(perms, 'a')) caps |= CONT_CAP.GET_ACL;
  if (has(perms, 'A')) caps |= CONT_CAP.SET_ACL;
  if (has(perms, 'o')) caps |= CONT_CAP.SET_OWNER;
  if (has(perms, 'd')) caps |= CONT_CAP.DELETE;
  if (isOwner) caps |= CONT_CAP.OPEN_EX;
  return caps;
}

/**
 * The mode filter shared by ACL-13 (open) and CONT-4 (destroy): RO keeps only the read side and
 * needs one of it; RW and EX keep everything but need one capability of each side, where
 * `writeSide` is ACL-13's (open) or ACL-13's plus DELETE (CONT-4). 0 means nothing survives.
 */
function filterByMode(caps: number, mode: AccessMode, writeSide: number): number {
  if (mode === 'RO') return caps & CONT_READ_SIDE;
  if ((caps & CONT_READ_SIDE) === 0 || (caps & writeSide) === 0) return 0;
  return caps;
}

/** ACL-13: container capabilities for an open in `mode`; 0 means the open is NO_PERM. */
export function contCaps(perms: number, isOwner: boolean, mode: AccessMode): number {
  const caps = filterByMode(contCapsUnfiltered(perms, isOwner), mode, CONT_WRITE_SIDE);
  if (mode === 'EX' && (caps & CONT_CAP.OPEN_EX) === 0) return 0;
  return caps;
}

/**
 * CONT-4 (rev. 2, DAOS ds_sec_cont_can_delete): does the container ACL's DELETE survive the filter
 * of ACL-13 for the pool handle's mode? Through RO never (DELETE is not on the read side); through
 * RW or EX only with one read-side capability and one of the write side or DELETE, so `d` alone is
 * not enough and `rd` is. (No OPEN_EX test: that belongs to opening EX, not to destroying.)
 */
export function contDeleteAllowed(perms: number, isOwner: boolean, poolHandleMode: AccessMode): boolean {
  const caps = filterByMode(contCapsUnfiltered(perms, isOwner), poolHandleMode, CONT_WRITE_SIDE | CONT_CAP.DELETE);
  return (caps & CONT_CAP.DELETE) !== 0;
}

/** POOL-3: the default pool ACL. */
export const DEFAULT_POOL_ACL: readonly string[] = ['A::OWNER@:rw', 'A:G:GROUP@:rw'];
/** ACL-11: the default container ACL. */
export const DEFAULT_CONT_ACL: readonly string[] = ['A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT'];

/** Parses a built-in ACL; a failure is a bug in this file. */
export function builtinAcl(texts: readonly string[]): Ace[] {
  const aces = parseAcl(texts);
  if (typeof aces === 'string') throw new Error(`model invariant: built-in ACL breaks ${aces}`);
  return canonicalOrder(aces);
}
