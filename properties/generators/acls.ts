import fc from 'fast-check';
import type { ACE_PERM_SHAPES, ACE_PRINCIPAL_KINDS, ACE_TYPE_SHAPES } from './domains.ts';

/**
 * ACE strings built from the declared shapes (domains.ts): type (allow, audit-only, alarm-only,
 * mixed), principal kind (owner, named user, owner group, named group, everyone) and permission
 * shape. Every generated ACE is valid (ACL-1..4); invalid ones come from the `invalid` category.
 */
export type AceTypeShape = (typeof ACE_TYPE_SHAPES)[number];
export type AcePrincipalKind = (typeof ACE_PRINCIPAL_KINDS)[number];
export type AcePermShape = (typeof ACE_PERM_SHAPES)[number];

const TYPES: Readonly<Record<AceTypeShape, readonly [type: string, flags: string][]>> = {
  allow: [['A', ''], ['A', 'P']],
  'audit-only': [['U', 'S'], ['U', 'F'], ['U', 'SF']],
  'alarm-only': [['L', 'F'], ['L', 'S']],
  mixed: [['AU', 'S'], ['AL', 'F'], ['AUL', 'SF']],
};

const PRINCIPALS: Readonly<Record<AcePrincipalKind, readonly string[]>> = {
  'OWNER@': ['OWNER@'],
  // alice@ is the owner's own name: a named-user ACE for the owner (ACL-10 step 1 vs step 2).
  'named-user': ['bob@', 'carol@', 'dave@', 'erin@', 'alice@'],
  'GROUP@': ['GROUP@'],
  'named-group': ['lab@', 'ops@', 'qa@'],
  'EVERYONE@': ['EVERYONE@'],
};

const PERMS: Readonly<Record<AcePermShape, readonly string[]>> = {
  none: [''],
  'read-only': ['r', 'rt', 't'],
  'write-only': ['w', 'wT'],
  'read-write': ['rw', 'rwt', 'rwd', 'rwc'],
  // Container create/delete without w: what a pool RW connect needs besides r (ACL-12), and CONT-4's d.
  'create-delete': ['rd', 'rc', 'rcd', 'd', 'c'],
  'admin-only': ['aA', 'o', 'TaAo'],
  full: ['rwcdtTaAo'],
};

export interface AceParts {
  readonly type: AceTypeShape;
  readonly principal: AcePrincipalKind;
  readonly perms: AcePermShape;
}

export const aceArb: fc.Arbitrary<string> = fc
  .record({
    type: fc.constantFrom<AceTypeShape>('allow', 'allow', 'allow', 'audit-only', 'alarm-only', 'mixed'),
    principal: fc.constantFrom<AcePrincipalKind>('OWNER@', 'named-user', 'named-user', 'GROUP@', 'named-group', 'EVERYONE@'),
    perms: fc.constantFrom<AcePermShape>('none', 'read-only', 'read-only', 'write-only', 'read-write', 'read-write', 'create-delete', 'admin-only', 'full'),
    pick: fc.nat(99),
  })
  .map(({ type, principal, perms, pick }) => {
    const [t, f] = TYPES[type][pick % TYPES[type].length];
    const name = PRINCIPALS[principal][pick % PRINCIPALS[principal].length];
    const group = principal === 'GROUP@' || principal === 'named-group';
    return `${t}:${group ? 'G' : ''}${f}:${name}:${PERMS[perms][pick % PERMS[perms].length]}`;
  });

/** The principal field of an ACE with its group flag, for keeping ACLs free of duplicates (ACL-6). */
export function acePrincipal(ace: string): string {
  const [, flags, principal] = ace.split(':');
  return `${flags.includes('G') ? 'g' : 'u'}:${principal}`;
}

/** An ACL of 1..4 distinct principals; `keepOwner` puts a full OWNER@ entry first so the owner can still work. */
export function aclArb(keepOwner: boolean): fc.Arbitrary<string[]> {
  return fc.uniqueArray(aceArb, { minLength: 1, maxLength: 4, selector: acePrincipal }).map((aces) =>
    keepOwner ? ['A::OWNER@:rwcdtTaAo', ...aces.filter((a) => acePrincipal(a) !== 'u:OWNER@')] : aces,
  );
}

/** Classifies a valid-looking ACE string into its shapes; undefined for malformed ones. */
export function aceShapes(ace: string): AceParts | undefined {
  const parts = ace.split(':');
  if (parts.length !== 4) return undefined;
  const [t, f, name, perms] = parts;
  const allow = t.includes('A');
  const other = t.includes('U') || t.includes('L');
  const type: AceTypeShape = allow && other ? 'mixed' : allow ? 'allow' : t.includes('U') ? 'audit-only' : t.includes('L') ? 'alarm-only' : 'allow';
  const principal: AcePrincipalKind =
    name === 'OWNER@' || name === 'GROUP@' || name === 'EVERYONE@' ? name : f.includes('G') ? 'named-group' : 'named-user';
  const has = (letters: string) => [...letters].some((l) => perms.includes(l));
  const permShape: AcePermShape =
    perms === '' ? 'none'
    : perms.length >= 9 ? 'full'
    : has('r') && has('w') ? 'read-write'
    : has('w') ? 'write-only'
    : has('cd') ? 'create-delete'
    : has('rt') ? 'read-only'
    : 'admin-only';
  return { type, principal, perms: permShape };
}
