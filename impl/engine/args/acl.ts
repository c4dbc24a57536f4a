import { LIMITS, SPECIAL_PRINCIPALS, type Principal } from '../../../contract/index.ts';

/**
 * ACE syntax, canonical form and evaluation (ACL-1..10, ACL-15). An ACL is kept as a list of parsed
 * ACEs in canonical order (ACL-7); evaluation returns a permission bit set.
 */
export const PERM = { r: 1, w: 2, c: 4, d: 8, t: 16, T: 32, a: 64, A: 128, o: 256 } as const;
const TYPE_BITS: Record<string, number> = { A: 1, U: 2, L: 4 };
const FLAG_BITS: Record<string, number> = { G: 1, P: 2, F: 4, S: 8 };
const TYPE_ORDER: readonly [string, number][] = [['A', 1], ['U', 2], ['L', 4]];
const FLAG_ORDER: readonly [string, number][] = [['G', 1], ['S', 8], ['F', 4], ['P', 2]];
const PERM_ORDER = Object.entries(PERM) as [string, number][];

/** Principal kinds in canonical order (ACL-7). */
export type AceKind = 0 | 1 | 2 | 3 | 4;
export const KIND_OWNER = 0;
export const KIND_USER = 1;
export const KIND_GROUP_SPECIAL = 2;
export const KIND_GROUP = 3;
export const KIND_EVERYONE = 4;

export interface Ace {
  readonly types: number;
  readonly flags: number;
  readonly kind: AceKind;
  /** Named principals only; '' for the special ones. */
  readonly name: string;
  readonly perms: number;
}

/** Length in Unicode code points: a "character" of ACL-1 and ACL-3. */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * ACL-3: a name `name@` or `name@domain`, 1..255 characters. The special spellings OWNER@, GROUP@
 * and EVERYONE@ are never names, so no user or group can be called that (section 25 of
 * docs/semantics.md; the same reading as the model).
 */
export function isValidPrincipalName(name: unknown): name is string {
  if (typeof name !== 'string') return false;
  const chars = codePoints(name);
  if (chars < 1 || chars > LIMITS.principalNameCharsMax) return false;
  if (name.startsWith('@')) return false;
  if (name.split('@').length !== 2) return false;
  return !(SPECIAL_PRINCIPALS as readonly string[]).includes(name);
}

/** ACL-15: principals passed to operations. */
export function isValidPrincipal(p: unknown): p is Principal {
  if (typeof p !== 'object' || p === null) return false;
  const { user, groups } = p as Principal;
  if (!isValidPrincipalName(user)) return false;
  if (!Array.isArray(groups) || groups.length < 1) return false;
  return groups.every(isValidPrincipalName);
}

function letters(field: string, table: Record<string, number>): number | undefined {
  let bits = 0;
  for (const ch of field) {
    if (!Object.prototype.hasOwnProperty.call(table, ch)) return undefined;
    bits |= table[ch];
  }
  return bits;
}

/** ACL-1..4: parses one ACE string; undefined means INVAL. */
export function parseAce(text: unknown): Ace | undefined {
  if (typeof text !== 'string' || codePoints(text) > LIMITS.aceCharsMax) return undefined;
  const fields = text.split(':');
  if (fields.length !== 4) return undefined;
  const [typeField, flagField, principal, permField] = fields;
  const types = letters(typeField, TYPE_BITS);
  const flags = letters(flagField, FLAG_BITS);
  const perms = letters(permField, PERM);
  if (types === undefined || flags === undefined || perms === undefined) return undefined;
  if (types === 0 || principal.length === 0) return undefined;
  const isGroupFlag = (flags & FLAG_BITS.G) !== 0;
  let kind: AceKind;
  let name = '';
  if (principal === 'OWNER@') kind = KIND_OWNER;
  else if (principal === 'GROUP@') kind = KIND_GROUP_SPECIAL;
  else if (principal === 'EVERYONE@') kind = KIND_EVERYONE;
  else {
    if (!isValidPrincipalName(principal)) return undefined;
    kind = isGroupFlag ? KIND_GROUP : KIND_USER;
    name = principal;
  }
  // ACL-4: G iff GROUP@ or a named group.
  const wantsGroup = kind === KIND_GROUP_SPECIAL || kind === KIND_GROUP;
  if (wantsGroup !== isGroupFlag) return undefined;
  const auditOrAlarm = (types & (TYPE_BITS.U | TYPE_BITS.L)) !== 0;
  const successOrFailure = (flags & (FLAG_BITS.S | FLAG_BITS.F)) !== 0;
  if (auditOrAlarm !== successOrFailure) return undefined;
  return { types, flags, kind, name, perms };
}

export function principalText(ace: Ace): string {
  if (ace.kind === KIND_OWNER) return 'OWNER@';
  if (ace.kind === KIND_GROUP_SPECIAL) return 'GROUP@';
  if (ace.kind === KIND_EVERYONE) return 'EVERYONE@';
  return ace.name;
}

/** ACL-7 canonical ACE string. */
export function formatAce(ace: Ace): string {
  const pick = (order: readonly [string, number][], bits: number) => order.filter(([, b]) => (bits & b) !== 0).map(([l]) => l).join('');
  return `${pick(TYPE_ORDER, ace.types)}:${pick(FLAG_ORDER, ace.flags)}:${principalText(ace)}:${pick(PERM_ORDER, ace.perms)}`;
}

function sameIdentity(a: Ace, b: Ace): boolean {
  return a.kind === b.kind && a.name === b.name;
}

function encodedBytes(acl: readonly Ace[]): number {
  let total = 0;
  for (const ace of acl) {
    total += LIMITS.aceEncodedBytesFixed;
    if (ace.kind === KIND_USER || ace.kind === KIND_GROUP) total += Math.ceil((ace.name.length + 1) / 8) * 8;
  }
  return total;
}

/** ACL-6 on a whole ACL (duplicates and encoded size). */
export function isValidAcl(acl: readonly Ace[]): boolean {
  for (let i = 0; i < acl.length; i++) for (let j = i + 1; j < acl.length; j++) if (sameIdentity(acl[i], acl[j])) return false;
  return encodedBytes(acl) <= LIMITS.aclEncodedBytesMax;
}

/** Puts ACEs in canonical order: by kind, then first insertion (stable sort). */
export function canonicalOrder(acl: readonly Ace[]): Ace[] {
  return acl.map((ace, i) => ({ ace, i })).sort((x, y) => x.ace.kind - y.ace.kind || x.i - y.i).map((e) => e.ace);
}

/** Parses a supplied ACE list (ACL-1..6): non-empty, every ACE valid, no duplicates, size bound. */
export function parseAceList(list: unknown): Ace[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const aces: Ace[] = [];
  for (const text of list) {
    const ace = parseAce(text);
    if (!ace) return undefined;
    aces.push(ace);
  }
  if (!isValidAcl(aces)) return undefined;
  return canonicalOrder(aces);
}

/** ACL-8: merge `updates` into `acl` (replace in place or append at the end of its kind). */
export function mergeAcl(acl: readonly Ace[], updates: readonly Ace[]): Ace[] {
  const out = [...acl];
  for (const u of updates) {
    const at = out.findIndex((a) => sameIdentity(a, u));
    if (at >= 0) out[at] = u;
    else out.push(u);
  }
  return canonicalOrder(out);
}

/** ACL-9 principal argument of deleteAcl; undefined means INVAL. */
export function parseDeletePrincipal(text: unknown): { kind: AceKind; name: string } | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === 'OWNER@') return { kind: KIND_OWNER, name: '' };
  if (text === 'GROUP@') return { kind: KIND_GROUP_SPECIAL, name: '' };
  if (text === 'EVERYONE@') return { kind: KIND_EVERYONE, name: '' };
  if (text.startsWith('u:') && isValidPrincipalName(text.slice(2))) return { kind: KIND_USER, name: text.slice(2) };
  if (text.startsWith('g:') && isValidPrincipalName(text.slice(2))) return { kind: KIND_GROUP, name: text.slice(2) };
  return undefined;
}

/** ACL-10 steps 1..4 (step 5 is the container service's). Only type A contributes permissions. */
export function evaluateAcl(acl: readonly Ace[], p: Principal, owner: string, ownerGroup: string): number {
  const granted = (ace: Ace) => ((ace.types & TYPE_BITS.A) !== 0 ? ace.perms : 0);
  if (p.user === owner) {
    const ownerAce = acl.find((a) => a.kind === KIND_OWNER);
    if (ownerAce) return granted(ownerAce);
  }
  const userAce = acl.find((a) => a.kind === KIND_USER && a.name === p.user);
  if (userAce) return granted(userAce);
  let matchedGroup = false;
  let groupPerms = 0;
  for (const ace of acl) {
    const hit =
      (ace.kind === KIND_GROUP_SPECIAL && p.groups.includes(ownerGroup)) || (ace.kind === KIND_GROUP && p.groups.includes(ace.name));
    if (hit) {
      matchedGroup = true;
      groupPerms |= granted(ace);
    }
  }
  if (matchedGroup) return groupPerms;
  const everyone = acl.find((a) => a.kind === KIND_EVERYONE);
  return everyone ? granted(everyone) : 0;
}

export const DEFAULT_POOL_ACL: readonly string[] = ['A::OWNER@:rw', 'A:G:GROUP@:rw'];
export const DEFAULT_CONT_ACL: readonly string[] = ['A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT'];
