import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aclEncodedBytes,
  aclProblem,
  canonicalOrder,
  contCaps,
  evaluateAcl,
  formatAce,
  isNamedPrincipal,
  isValidPrincipal,
  KIND_ORDER,
  mergeAcl,
  parseAce,
  parseAcl,
  parseDeletePrincipal,
  poolCaps,
} from './acl.ts';
import { CONT_CAP, POOL_CAP, type Ace } from './state.ts';

/** Parses an ACE the test expects to be valid. */
function ace(text: string): Ace {
  const parsed = parseAce(text);
  if (typeof parsed === 'string') throw new Error(`test ACE ${text} is invalid: ${parsed}`);
  return parsed;
}

function acl(...texts: string[]): Ace[] {
  return canonicalOrder(texts.map(ace));
}

/** Permission bits from letters, per the ACL-2 table (written out independently of acl.ts). */
function bits(letters: string): number {
  const table: Record<string, number> = { r: 1, w: 2, c: 4, d: 8, t: 16, T: 32, a: 64, A: 128, o: 256 };
  let v = 0;
  for (const l of letters) v |= table[l];
  return v;
}

describe('ACE syntax (ACL-1..4)', () => {
  it('ACL-1: exactly four :-separated fields', () => {
    expect(typeof parseAce('A::bob@:r')).toBe('object');
    expect(parseAce('A::bob@')).toBe('ACL-1');
    expect(parseAce('A::bob@:r:x')).toBe('ACL-1');
    expect(parseAce('')).toBe('ACL-1');
  });

  it('ACL-1: at most 319 characters', () => {
    const at319 = 'A::u@:' + 'r'.repeat(313);
    expect(at319.length).toBe(319);
    expect(typeof parseAce(at319)).toBe('object');
    expect(parseAce(at319 + 'r')).toBe('ACL-1');
  });

  it('ACL-1: only PRINCIPAL must be non-empty; empty flags and perms are fine', () => {
    expect(parseAce('A:::r')).toBe('ACL-1');
    expect(ace('A::bob@:').perms).toBe(0);
  });

  it('ACL-1: letter order is irrelevant and repeats count once; fields are case-sensitive', () => {
    expect(ace('AA::bob@:wrrw')).toEqual(ace('A::bob@:rw'));
    expect(parseAce('a::bob@:r')).toBe('ACL-2');
    expect(ace('A::bob@:T').perms).not.toBe(ace('A::bob@:t').perms);
  });

  it('ACL-2: letter values of types, flags and permissions', () => {
    const all = ace('AUL:GSFP:grp@:rwcdtTaAo');
    expect(all.types).toBe(1 | 2 | 4);
    expect(all.flags).toBe(1 | 2 | 4 | 8);
    expect(all.perms).toBe(511);
    expect(ace('U:F:bob@:').types).toBe(2);
    expect(ace('L:S:bob@:').flags).toBe(8);
    expect(ace('A::bob@:o').perms).toBe(256);
    expect(ace('A::bob@:A').perms).toBe(128);
  });

  it('ACL-2: at least one type letter; unknown letters are INVAL', () => {
    expect(parseAce('::bob@:r')).toBe('ACL-2');
    expect(parseAce('X::bob@:r')).toBe('ACL-2');
    expect(parseAce('A:Q:bob@:r')).toBe('ACL-2');
    expect(parseAce('A::bob@:rx')).toBe('ACL-2');
  });

  it('ACL-3: special principals by exact spelling, named principals name@ or name@domain', () => {
    expect(ace('A::OWNER@:r').kind).toBe('owner');
    expect(ace('A:G:GROUP@:r').kind).toBe('owner-group');
    expect(ace('A::EVERYONE@:r').kind).toBe('everyone');
    expect(ace('A::owner@:r').kind).toBe('user'); // not the special spelling
    expect(ace('A::bob@:r').kind).toBe('user');
    expect(ace('A::bob@lab.example:r').kind).toBe('user');
    expect(ace('A:G:bob@lab:r').kind).toBe('group');
  });

  it('ACL-3: a name has 1..255 characters, does not start with @, and has exactly one @', () => {
    expect(parseAce('A::@lab:r')).toBe('ACL-3');
    expect(parseAce('A::bob:r')).toBe('ACL-3');
    expect(parseAce('A::a@b@c:r')).toBe('ACL-3');
    const name255 = 'n'.repeat(254) + '@';
    expect(isNamedPrincipal(name255)).toBe(true);
    expect(isNamedPrincipal('n' + name255)).toBe(false);
    expect(typeof parseAce(`A::${name255}:r`)).toBe('object');
  });

  it('ACL-4: flag G iff the principal is GROUP@ or a named group', () => {
    expect(parseAce('A::GROUP@:r')).toBe('ACL-4');
    expect(parseAce('A:G:OWNER@:r')).toBe('ACL-4');
    expect(parseAce('A:G:EVERYONE@:r')).toBe('ACL-4');
  });

  it('ACL-4: types U or L require flag S or F, and S or F require U or L', () => {
    expect(parseAce('A:S:u@:r')).toBe('ACL-4');
    expect(parseAce('A:F:u@:r')).toBe('ACL-4');
    expect(parseAce('U::u@:r')).toBe('ACL-4');
    expect(parseAce('L:P:u@:r')).toBe('ACL-4');
    expect(typeof parseAce('AU:S:u@:r')).toBe('object');
    expect(typeof parseAce('L:F:u@:r')).toBe('object');
    expect(typeof parseAce('A:P:u@:r')).toBe('object');
  });
});

describe('ACL lists (ACL-6, ACL-7, ACL-8)', () => {
  it('ACL-6: two ACEs for the same principal (same kind and name) are INVAL; same name of another kind is fine', () => {
    expect(parseAcl(['A::bob@:r', 'A::bob@:w'])).toBe('ACL-6');
    expect(parseAcl(['A::OWNER@:r', 'A::OWNER@:w'])).toBe('ACL-6');
    expect(Array.isArray(parseAcl(['A::bob@:r', 'A:G:bob@:w']))).toBe(true);
  });

  it('ACL-6: a supplied empty list is INVAL', () => {
    expect(parseAcl([])).toBe('ACL-6');
  });

  it('ACL-6: encoded size is 32 bytes per ACE plus name length + 1 rounded up to 8 for named ones', () => {
    expect(aclEncodedBytes(acl('A::OWNER@:r'))).toBe(32);
    expect(aclEncodedBytes(acl('A::bob@:r'))).toBe(32 + 8); // "bob@" = 4, +1 = 5 -> 8
    expect(aclEncodedBytes(acl('A::bobbyby@:r'))).toBe(32 + 16); // 8 + 1 = 9 -> 16
    expect(aclEncodedBytes(acl('A:G:bobbyb@:r'))).toBe(32 + 8); // 7 + 1 = 8 -> 8
  });

  it('ACL-6: a total of exactly 65536 bytes is valid, one byte class more is INVAL', () => {
    // 227 names of 255 chars: 227 * (32 + 256) = 65376; three specials: 96; one name of 31 chars:
    // 32 + 32 = 64. Total 65536.
    const longs = Array.from({ length: 227 }, (_, i) => `A::${String(i).padStart(4, '0')}${'x'.repeat(250)}@:r`);
    const specials = ['A::OWNER@:r', 'A:G:GROUP@:r', 'A::EVERYONE@:r'];
    const fits = [...longs, ...specials, `A::${'y'.repeat(30)}@:r`];
    const parsed = parseAcl(fits);
    expect(Array.isArray(parsed) && aclEncodedBytes(parsed)).toBe(65536);
    expect(parseAcl([...longs, ...specials, `A::${'y'.repeat(31)}@:r`])).toBe('ACL-6');
  });

  it('ACL-7: canonical order by kind (OWNER@ < users < GROUP@ < groups < EVERYONE@), insertion order within a kind', () => {
    const texts = ['A:G:GROUP@:r', 'A::EVERYONE@:r', 'A:G:g2@:r', 'A::u1@:r', 'A::OWNER@:r', 'A:G:g1@:r', 'A::u0@:r'];
    expect(canonicalOrder(texts.map(ace)).map(formatAce)).toEqual([
      'A::OWNER@:r', 'A::u1@:r', 'A::u0@:r', 'A:G:GROUP@:r', 'A:G:g2@:r', 'A:G:g1@:r', 'A::EVERYONE@:r',
    ]);
  });

  it('ACL-7: an ACE prints types A U L, flags G S F P, then permissions r w c d t T a A o', () => {
    expect(formatAce(ace('LUA:PFSG:g@:oAaTtdcwr'))).toBe('AUL:GSFP:g@:rwcdtTaAo');
    expect(formatAce(ace('UA:FP:u@:ar'))).toBe('AU:FP:u@:ra');
    expect(formatAce(ace('A::bob@:'))).toBe('A::bob@:');
  });

  it('ACL-8: update replaces an entry of the same principal in place and appends others at the end of their kind', () => {
    const current = acl('A::OWNER@:rw', 'A::u1@:r', 'A:G:GROUP@:r', 'A::EVERYONE@:r');
    const merged = mergeAcl(current, [ace('A::u2@:w'), ace('A::u1@:rwd'), ace('A:G:g1@:t')]);
    expect(merged.map(formatAce)).toEqual([
      'A::OWNER@:rw', 'A::u1@:rwd', 'A::u2@:w', 'A:G:GROUP@:r', 'A:G:g1@:t', 'A::EVERYONE@:r',
    ]);
  });
});

describe('principals (ACL-9, ACL-15)', () => {
  it('ACL-9: delete takes u:name@, g:name@, OWNER@, GROUP@ or EVERYONE@', () => {
    expect(parseDeletePrincipal('u:bob@')).toEqual({ kind: 'user', principal: 'bob@' });
    expect(parseDeletePrincipal('g:lab@x')).toEqual({ kind: 'group', principal: 'lab@x' });
    expect(parseDeletePrincipal('OWNER@')).toEqual({ kind: 'owner', principal: 'OWNER@' });
    expect(parseDeletePrincipal('GROUP@')).toEqual({ kind: 'owner-group', principal: 'GROUP@' });
    expect(parseDeletePrincipal('EVERYONE@')).toEqual({ kind: 'everyone', principal: 'EVERYONE@' });
    for (const bad of ['bob@', 'u:', 'u:bob', 'x:bob@', 'owner@', 'U:bob@', 'g:@lab', 'u:a@b@c']) expect(parseDeletePrincipal(bad)).toBeNull();
  });

  it('ACL-15: principals passed to operations are named with at least one group', () => {
    expect(isValidPrincipal({ user: 'bob@', groups: ['lab@'] })).toBe(true);
    expect(isValidPrincipal({ user: 'bob@', groups: [] })).toBe(false);
    expect(isValidPrincipal({ user: 'bob', groups: ['lab@'] })).toBe(false);
    expect(isValidPrincipal({ user: 'bob@', groups: ['lab@', '@x'] })).toBe(false);
    expect(isValidPrincipal({ user: 'OWNER@', groups: ['lab@'] })).toBe(false);
    expect(isValidPrincipal({ user: 'bob@', groups: ['GROUP@'] })).toBe(false);
  });
});

describe('evaluation (ACL-5, ACL-10)', () => {
  const owner = 'alice@';
  const og = 'lab@';
  const p = (user: string, ...groups: string[]) => ({ user, groups });

  it('ACL-10 step 1: the owner gets exactly the OWNER@ permissions', () => {
    const aces = acl('A::OWNER@:r', 'A::alice@:w', 'A::EVERYONE@:d');
    expect(evaluateAcl(aces, owner, og, p('alice@', 'lab@'), 'pool')).toBe(bits('r'));
  });

  it('ACL-10 step 2: otherwise a named-user entry, exactly', () => {
    const aces = acl('A::alice@:w', 'A:G:GROUP@:r', 'A::EVERYONE@:d');
    expect(evaluateAcl(aces, owner, og, p('alice@', 'lab@'), 'pool')).toBe(bits('w'));
    expect(evaluateAcl(acl('A::bob@:t', 'A:G:lab@:r'), owner, og, p('bob@', 'lab@'), 'pool')).toBe(bits('t'));
  });

  it('ACL-10 step 3: the union of GROUP@ (owner group held) and every matching named group', () => {
    const aces = acl('A:G:GROUP@:r', 'A:G:g1@:w', 'A:G:g2@:d', 'A:G:g3@:c', 'A::EVERYONE@:t');
    expect(evaluateAcl(aces, owner, og, p('bob@', 'g1@', 'lab@', 'g2@'), 'pool')).toBe(bits('rwd'));
    expect(evaluateAcl(aces, owner, og, p('bob@', 'g3@'), 'pool')).toBe(bits('c'));
  });

  it('ACL-10 step 4: otherwise EVERYONE@, or nothing', () => {
    expect(evaluateAcl(acl('A:G:GROUP@:r', 'A::EVERYONE@:t'), owner, og, p('bob@', 'x@'), 'pool')).toBe(bits('t'));
    expect(evaluateAcl(acl('A:G:GROUP@:r'), owner, og, p('bob@', 'x@'), 'pool')).toBe(0);
  });

  it('ACL-10 step 5: for containers the owner also gets a and A; not for pools', () => {
    const aces = acl('A::OWNER@:r');
    expect(evaluateAcl(aces, owner, og, p('alice@', 'x@'), 'cont')).toBe(bits('raA'));
    expect(evaluateAcl(aces, owner, og, p('alice@', 'x@'), 'pool')).toBe(bits('r'));
    expect(evaluateAcl([], owner, og, p('alice@', 'x@'), 'cont')).toBe(bits('aA'));
  });

  it('ACL-10: an owner without an OWNER@ entry falls through to the later steps', () => {
    expect(evaluateAcl(acl('A:G:GROUP@:rw'), owner, og, p('alice@', 'lab@'), 'pool')).toBe(bits('rw'));
  });

  it('ACL-5: a matching ACE without type A grants nothing and still stops evaluation', () => {
    const aces = acl('U:S:bob@:rw', 'A::EVERYONE@:r');
    expect(evaluateAcl(aces, owner, og, p('bob@', 'x@'), 'pool')).toBe(0);
    expect(evaluateAcl(acl('AU:F:bob@:rw'), owner, og, p('bob@', 'x@'), 'pool')).toBe(bits('rw'));
    expect(evaluateAcl(acl('A:P:bob@:w'), owner, og, p('bob@', 'x@'), 'pool')).toBe(bits('w'));
  });
});

describe('capabilities (ACL-12, ACL-13)', () => {
  it('ACL-12: READ from r or t, CREATE_CONT from w or c, DEL_CONT from w or d', () => {
    expect(poolCaps(bits('rw'), 'RW')).toBe(POOL_CAP.READ | POOL_CAP.CREATE_CONT | POOL_CAP.DEL_CONT);
    expect(poolCaps(bits('tc'), 'RW')).toBe(POOL_CAP.READ | POOL_CAP.CREATE_CONT);
    expect(poolCaps(bits('rd'), 'EX')).toBe(POOL_CAP.READ | POOL_CAP.DEL_CONT);
  });

  it('ACL-12: RO keeps only READ; RW/EX need READ and a container capability; READ is required', () => {
    expect(poolCaps(bits('rw'), 'RO')).toBe(POOL_CAP.READ);
    expect(poolCaps(bits('r'), 'RW')).toBe(0);
    expect(poolCaps(bits('w'), 'RW')).toBe(0);
    expect(poolCaps(bits('w'), 'RO')).toBe(0);
    expect(poolCaps(bits('TaAo'), 'RO')).toBe(0);
  });

  it('ACL-13: RO keeps READ_DATA, GET_PROP, GET_ACL and needs one of them', () => {
    expect(contCaps(bits('rwtTaAod'), false, 'RO')).toBe(CONT_CAP.READ_DATA | CONT_CAP.GET_PROP | CONT_CAP.GET_ACL);
    expect(contCaps(bits('wTAod'), false, 'RO')).toBe(0);
    expect(contCaps(bits('t'), false, 'RO')).toBe(CONT_CAP.GET_PROP);
  });

  it('ACL-13: RW/EX need a read-side and a write-side capability; EX needs OPEN_EX (the owner)', () => {
    expect(contCaps(bits('r'), false, 'RW')).toBe(0);
    expect(contCaps(bits('w'), false, 'RW')).toBe(0);
    expect(contCaps(bits('ao'), false, 'RW')).toBe(CONT_CAP.GET_ACL | CONT_CAP.SET_OWNER);
    expect(contCaps(bits('rwd'), false, 'RW')).toBe(CONT_CAP.READ_DATA | CONT_CAP.WRITE_DATA | CONT_CAP.DELETE);
    expect(contCaps(bits('rw'), false, 'EX')).toBe(0);
    expect(contCaps(bits('rw'), true, 'EX')).toBe(CONT_CAP.READ_DATA | CONT_CAP.WRITE_DATA | CONT_CAP.OPEN_EX);
  });
});

// ---------------------------------------------------------------- laws (fast-check, fixed seeds)

const TYPE_ORDER = 'AUL';
const FLAG_ORDER = 'GSFP';
const PERM_ORDER = 'rwcdtTaAo';

/** A structured valid ACE: the letter sets, the principal, and a shuffled-with-repeats spelling. */
const aceParts = fc
  .record({
    principal: fc.oneof(
      fc.constantFrom('OWNER@', 'GROUP@', 'EVERYONE@'),
      fc.constantFrom('u0@', 'u1@lab', 'x.y@dom.example', 'g0@', 'g1@lab'),
    ),
    namedGroup: fc.boolean(),
    allow: fc.boolean(),
    auditTypes: fc.subarray(['U', 'L']),
    sfFlags: fc.subarray(['S', 'F'], { minLength: 1 }),
    pool: fc.boolean(),
    perms: fc.subarray([...PERM_ORDER]),
    repeat: fc.nat(3),
    seed: fc.nat(),
  })
  .filter((r) => r.allow || r.auditTypes.length > 0)
  .map((r) => {
    const special = ['OWNER@', 'GROUP@', 'EVERYONE@'].includes(r.principal);
    const group = r.principal === 'GROUP@' || (!special && r.namedGroup);
    const types = [...(r.allow ? ['A'] : []), ...r.auditTypes];
    // ACL-4: S/F present exactly when U or L is.
    const flags = [...(group ? ['G'] : []), ...(r.auditTypes.length > 0 ? r.sfFlags : []), ...(r.pool ? ['P'] : [])];
    const canonical = `${[...TYPE_ORDER].filter((l) => types.includes(l)).join('')}:${[...FLAG_ORDER].filter((l) => flags.includes(l)).join('')}:${r.principal}:${[...PERM_ORDER].filter((l) => r.perms.includes(l)).join('')}`;
    const scramble = (letters: string[]) => {
      const withRepeats = [...letters, ...letters.slice(0, r.repeat)];
      return withRepeats.sort((a, b) => ((a.charCodeAt(0) * 31 + r.seed) % 97) - ((b.charCodeAt(0) * 31 + r.seed) % 97)).join('');
    };
    return { text: `${scramble(types)}:${scramble(flags)}:${r.principal}:${scramble(r.perms)}`, canonical };
  });

describe('ACE laws (ACL-1, ACL-7)', () => {
  it('ACL-7: any valid spelling parses and formats to the canonical string; parse(format(a)) = a', () => {
    fc.assert(
      fc.property(aceParts, ({ text, canonical }) => {
        const parsed = parseAce(text);
        expect(typeof parsed).toBe('object');
        const a = parsed as Ace;
        expect(formatAce(a)).toBe(canonical);
        expect(parseAce(formatAce(a))).toEqual(a);
      }),
      { seed: 0x5eed_ac1, numRuns: 500 },
    );
  });

  it('ACL-7: canonical order is a stable sort by kind (a permutation, kinds ordered, insertion kept)', () => {
    fc.assert(
      fc.property(fc.array(aceParts, { maxLength: 12 }), (parts) => {
        const aces = parts.map((p) => ace(p.text));
        const sorted = canonicalOrder(aces);
        expect(sorted.length).toBe(aces.length);
        for (const a of aces) expect(sorted).toContain(a);
        const rank = (a: Ace) => KIND_ORDER.indexOf(a.kind);
        for (let i = 1; i < sorted.length; i++) {
          expect(rank(sorted[i - 1])).toBeLessThanOrEqual(rank(sorted[i]));
          if (rank(sorted[i - 1]) === rank(sorted[i])) expect(aces.indexOf(sorted[i - 1])).toBeLessThan(aces.indexOf(sorted[i]));
        }
        expect(canonicalOrder(sorted)).toEqual(sorted);
      }),
      { seed: 7707, numRuns: 300 },
    );
  });

  it('ACL-8: merge keeps one entry per principal, the update wins, and the result is canonical', () => {
    const uniqueAcl = fc.array(aceParts, { maxLength: 10 }).map((parts) => {
      const out: Ace[] = [];
      for (const p of parts) {
        const a = ace(p.text);
        if (!out.some((b) => b.kind === a.kind && b.principal === a.principal)) out.push(a);
      }
      return out;
    });
    fc.assert(
      fc.property(uniqueAcl, uniqueAcl, (current, updates) => {
        const merged = mergeAcl(canonicalOrder(current), updates);
        expect(aclProblem(merged)).toBeNull();
        expect(canonicalOrder(merged)).toEqual(merged);
        for (const u of updates) expect(merged).toContainEqual(u);
        for (const c of current) {
          if (!updates.some((u) => u.kind === c.kind && u.principal === c.principal)) expect(merged).toContainEqual(c);
        }
        expect(merged.length).toBe(current.length + updates.filter((u) => !current.some((c) => c.kind === u.kind && c.principal === u.principal)).length);
      }),
      { seed: 808, numRuns: 300 },
    );
  });
});
