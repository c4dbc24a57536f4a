import { describe, expect, it } from 'vitest';
import {
  KIND_EVERYONE, KIND_GROUP, KIND_GROUP_SPECIAL, KIND_OWNER, KIND_USER, PERM,
  evaluateAcl, formatAce, isValidPrincipal, isValidPrincipalName, mergeAcl, parseAce, parseAceList, parseDeletePrincipal,
  type Ace,
} from './acl.ts';

// ACE syntax and evaluation straight from the spec (ACL-1..10, ACL-15). The engine tests reach this
// file only through valid default ACLs; these cases pin the INVAL rules and the evaluation order that
// its mutation run (zoo/mutation-scores.md) showed unchecked inside impl/engine.

const ace = (text: string): Ace => {
  const parsed = parseAce(text);
  if (!parsed) throw new Error(`test ACE ${text} should parse`);
  return parsed;
};
const list = (texts: string[]): string[] | undefined => parseAceList(texts)?.map(formatAce);

describe('ACE syntax (ACL-1..4)', () => {
  it.each([
    ['A::u@', 'three fields'],
    ['A::u@:r:x', 'five fields'],
    ['X::u@:r', 'unknown type letter'],
    ['a::u@:r', 'type letters are case-sensitive'],
    ['A:Q:u@:r', 'unknown flag letter'],
    ['A::u@:z', 'unknown permission letter'],
    ['::u@:r', 'no type letter'],
    ['A:::r', 'empty principal'],
    ['A::@d:r', 'name starting with @'],
    ['A::ud:r', 'name without @'],
    ['A::u@d@e:r', 'name with two @'],
    [`A::${'u'.repeat(255)}@:r`, 'name of 256 characters'],
    ['A::GROUP@:r', 'GROUP@ without G'],
    ['A:G:OWNER@:r', 'G on OWNER@'],
    ['A:G:EVERYONE@:r', 'G on EVERYONE@'],
    ['A:S:u@:r', 'S without U or L'],
    ['A:F:u@:r', 'F without U or L'],
    ['U::u@:r', 'U without S or F'],
    ['L::u@:r', 'L without S or F'],
    [`A::u@:${'r'.repeat(314)}`, '320 characters'],
    [42, 'not a string'],
  ])('%s is INVAL (%s)', (text: string | number, _reason: string) => {
    expect(parseAce(text)).toBeUndefined();
  });

  it('accepts the boundaries: empty perms, empty domain, 255-character names, 319 characters', () => {
    expect(ace('A::u@:')).toEqual({ types: 1, flags: 0, kind: KIND_USER, name: 'u@', perms: 0 });
    const long = `${'u'.repeat(254)}@`;
    expect(ace(`A::${long}:r`).name).toBe(long);
    expect(ace(`A::u@:${'r'.repeat(313)}`).perms).toBe(PERM.r);
  });

  it('reads principal kinds: G makes a named principal a group (ACL-3, ACL-4)', () => {
    expect(ace('A::OWNER@:r').kind).toBe(KIND_OWNER);
    expect(ace('A:G:GROUP@:r').kind).toBe(KIND_GROUP_SPECIAL);
    expect(ace('A::EVERYONE@:r').kind).toBe(KIND_EVERYONE);
    expect(ace('A::u@d:r')).toMatchObject({ kind: KIND_USER, name: 'u@d' });
    expect(ace('A:G:g@d:r')).toMatchObject({ kind: KIND_GROUP, name: 'g@d' });
    expect(ace('AU:S:u@:r').types).toBe(3);
    expect(ace('L:F:u@:r')).toMatchObject({ types: 4, flags: 4 });
  });

  it('prints canonically: letters in A U L, G S F P and r w c d t T a A o order, repeats once (ACL-7)', () => {
    expect(formatAce(ace('LUA:PFSG:g@:oAaTtdcwrr'))).toBe('AUL:GSFP:g@:rwcdtTaAo');
    expect(formatAce(ace('AA::OWNER@:ww'))).toBe('A::OWNER@:w');
  });
});

describe('principals (ACL-3, ACL-15)', () => {
  it('names are 1..255 characters with one @ not in front, never a special spelling', () => {
    expect(isValidPrincipalName('u@')).toBe(true);
    expect(isValidPrincipalName(`${'u'.repeat(254)}@`)).toBe(true);
    expect(isValidPrincipalName(`${'u'.repeat(255)}@`)).toBe(false);
    for (const bad of ['', '@', '@d', 'u', 'u@d@', 'OWNER@', 'GROUP@', 'EVERYONE@', 7, null]) expect(isValidPrincipalName(bad)).toBe(false);
  });

  it('an operation principal needs a valid user and at least one group, all valid', () => {
    expect(isValidPrincipal({ user: 'u@', groups: ['g@'] })).toBe(true);
    expect(isValidPrincipal({ user: 'u@', groups: ['g@', 'h@d'] })).toBe(true);
    expect(isValidPrincipal({ user: 'u@', groups: [] })).toBe(false);
    expect(isValidPrincipal({ user: 'u@', groups: ['g@', 'bad'] })).toBe(false);
    expect(isValidPrincipal({ user: 'u@', groups: 'g@' })).toBe(false);
    expect(isValidPrincipal({ user: 'bad', groups: ['g@'] })).toBe(false);
    expect(isValidPrincipal(null)).toBe(false);
    expect(isValidPrincipal('u@')).toBe(false);
  });

  it('deleteAcl takes u:name, g:name or a special principal (ACL-9)', () => {
    expect(parseDeletePrincipal('u:u@')).toEqual({ kind: KIND_USER, name: 'u@' });
    expect(parseDeletePrincipal('g:g@d')).toEqual({ kind: KIND_GROUP, name: 'g@d' });
    expect(parseDeletePrincipal('OWNER@')).toEqual({ kind: KIND_OWNER, name: '' });
    expect(parseDeletePrincipal('GROUP@')).toEqual({ kind: KIND_GROUP_SPECIAL, name: '' });
    expect(parseDeletePrincipal('EVERYONE@')).toEqual({ kind: KIND_EVERYONE, name: '' });
    for (const bad of ['u@', 'x:u@', 'u:bad', 'g:', 'u:OWNER@', 3]) expect(parseDeletePrincipal(bad)).toBeUndefined();
  });
});

describe('ACE lists (ACL-6..8)', () => {
  it('an empty list and a repeated principal are INVAL; a user and a group may share a name', () => {
    expect(parseAceList([])).toBeUndefined();
    expect(parseAceList('A::u@:r')).toBeUndefined();
    expect(parseAceList(['A::u@:r', 'A::u@:w'])).toBeUndefined();
    expect(parseAceList(['A::u@:r', 'bad'])).toBeUndefined();
    expect(list(['A::u@:r', 'A:G:u@:w'])).toEqual(['A::u@:r', 'A:G:u@:w']);
  });

  it('orders by kind, then by first insertion', () => {
    expect(list(['A::EVERYONE@:r', 'A:G:g2@:r', 'A:G:GROUP@:r', 'A::u2@:r', 'A::OWNER@:r', 'A::u1@:r', 'A:G:g1@:r'])).toEqual([
      'A::OWNER@:r', 'A::u2@:r', 'A::u1@:r', 'A:G:GROUP@:r', 'A:G:g2@:r', 'A:G:g1@:r', 'A::EVERYONE@:r',
    ]);
  });

  it('encoded size: 32 bytes an ACE plus name + 1 rounded up to 8; 65536 bytes pass, 65544 do not', () => {
    // 227 names of 255 characters take 288 bytes each (65376); four of 2..7 characters take 40 each.
    const long = Array.from({ length: 227 }, (_, i) => `A::u${String(i).padStart(252, '0')}@d:r`);
    const atLimit = [...long, 'A::a@:r', 'A::b@:r', 'A::c@:r', 'A::abcdef@:r'];
    expect(parseAceList(atLimit)).toHaveLength(231);
    // An 8-character name rounds up to 16 bytes: 8 over the limit.
    expect(parseAceList([...long, 'A::a@:r', 'A::b@:r', 'A::c@:r', 'A::abcdefg@:r'])).toBeUndefined();
    // Special principals take no name bytes: 65376 + 3 x 32 + a 16-character name (56) = 65528
    // fits, which 8 more bytes for each special one would not.
    expect(parseAceList([...long, 'A::OWNER@:r', 'A:G:GROUP@:r', 'A::EVERYONE@:r', `A::${'a'.repeat(15)}@:r`])).toHaveLength(231);
  });

  it('merge replaces an entry in place and appends others at the end of their kind', () => {
    const acl = parseAceList(['A::OWNER@:r', 'A::u1@:r', 'A::u2@:r', 'A::EVERYONE@:r'])!;
    expect(mergeAcl(acl, [ace('A::u1@:rw'), ace('A::u3@:w'), ace('A:G:g@:r')]).map(formatAce)).toEqual([
      'A::OWNER@:r', 'A::u1@:rw', 'A::u2@:r', 'A::u3@:w', 'A:G:g@:r', 'A::EVERYONE@:r',
    ]);
  });
});

describe('evaluation (ACL-10 steps 1..4)', () => {
  const acl = parseAceList(['A::OWNER@:rw', 'A::u@:t', 'A:G:GROUP@:c', 'A:G:g1@:d', 'A:G:g2@:a', 'U:GS:g3@:A', 'A::EVERYONE@:o'])!;
  const who = (user: string, ...groups: string[]) => ({ user, groups });

  it('the owner gets exactly the OWNER@ ACE', () => {
    expect(evaluateAcl(acl, who('own@', 'g1@'), 'own@', 'og@')).toBe(PERM.r | PERM.w);
  });

  it('without an OWNER@ ACE the owner is evaluated like anyone', () => {
    const noOwner = parseAceList(['A::own@:t', 'A::EVERYONE@:o'])!;
    expect(evaluateAcl(noOwner, who('own@', 'g@'), 'own@', 'og@')).toBe(PERM.t);
  });

  it('a named user ACE wins over every group', () => {
    expect(evaluateAcl(acl, who('u@', 'g1@', 'og@'), 'own@', 'og@')).toBe(PERM.t);
  });

  it('groups give the union of GROUP@ (owner group) and named groups', () => {
    expect(evaluateAcl(acl, who('x@', 'g1@', 'g2@'), 'own@', 'og@')).toBe(PERM.d | PERM.a);
    expect(evaluateAcl(acl, who('x@', 'og@', 'g1@'), 'own@', 'og@')).toBe(PERM.c | PERM.d);
    expect(evaluateAcl(acl, who('x@', 'og@'), 'own@', 'og@')).toBe(PERM.c);
  });

  it('a matching ACE without type A grants nothing but still stops at the group step', () => {
    expect(evaluateAcl(acl, who('x@', 'g3@'), 'own@', 'og@')).toBe(0);
  });

  it('everyone else gets EVERYONE@, or nothing without it', () => {
    expect(evaluateAcl(acl, who('x@', 'h@'), 'own@', 'og@')).toBe(PERM.o);
    expect(evaluateAcl(parseAceList(['A::u@:r'])!, who('x@', 'h@'), 'own@', 'og@')).toBe(0);
  });
});
