import { describe, expect, it } from 'vitest';
import { BOB, ModelDriver } from './test-driver.ts';

/** Example tests for the container ACL operations (ACL-7..9) and their permission rows (section 23). */

function setup(): ReturnType<ModelDriver['quickContainer']> & { d: ModelDriver } {
  const d = new ModelDriver();
  d.system(4, 2, 2);
  return { d, ...d.quickContainer() };
}

describe('cont.getAcl (ACL-7)', () => {
  it('ACL-7: returns {aces, owner, group} with canonical strings in canonical order', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.overwriteAcl', coh, aces: ['A::EVERYONE@:r', 'AU:FS:u1@:wr', 'A:G:GROUP@:t', 'A::OWNER@:oA', 'A:G:g@:d'] });
    expect(d.ok({ type: 'cont.getAcl', coh })).toEqual({
      aces: ['A::OWNER@:Ao', 'AU:SF:u1@:rw', 'A:G:GROUP@:t', 'A:G:g@:d', 'A::EVERYONE@:r'],
      owner: 'alice@',
      group: 'lab@',
    });
  });

  it('ACL-7: getAcl needs GET_ACL', () => {
    const { d, pool, cont } = setup();
    const bob = d.open(d.connect(pool, BOB), cont, 'RW'); // GROUP@ rwtT
    expect(d.code({ type: 'cont.getAcl', coh: bob })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.getAcl', coh: 31337 })).toBe('NO_HDL');
  });
});

describe('cont.overwriteAcl and cont.updateAcl (ACL-8)', () => {
  it('ACL-8: overwrite replaces the whole ACL', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.overwriteAcl', coh, aces: ['A::bob@:r'] });
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual(['A::bob@:r']);
  });

  it('ACL-8: update replaces an entry of the same principal in place and appends others at the end of their kind', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.overwriteAcl', coh, aces: ['A::OWNER@:rwaA', 'A::u1@:r', 'A::u2@:r', 'A:G:GROUP@:r', 'A::EVERYONE@:t'] });
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::u3@:w', 'A::u1@:rwd', 'A:G:g1@:r', 'A::EVERYONE@:'] });
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual([
      'A::OWNER@:rwaA', 'A::u1@:rwd', 'A::u2@:r', 'A::u3@:w', 'A:G:GROUP@:r', 'A:G:g1@:r', 'A::EVERYONE@:',
    ]);
  });

  it('ACL-8: the supplied list must satisfy ACL-1..6 (syntax, consistency, duplicates, non-empty)', () => {
    const { d, coh } = setup();
    for (const aces of [[], ['A::bob@'], ['A::GROUP@:r'], ['A::bob@:r', 'A::bob@:w'], ['Z::bob@:r'], ['A::bob:r']]) {
      expect(d.code({ type: 'cont.overwriteAcl', coh, aces })).toBe('INVAL');
      expect(d.code({ type: 'cont.updateAcl', coh, aces })).toBe('INVAL');
    }
  });

  it('ACL-8: an update whose merged ACL exceeds the ACL-6 size is INVAL and changes nothing', () => {
    const { d, coh } = setup();
    // 227 names of 255 characters: 65376 bytes; + OWNER@ and GROUP@ (64) = 65440.
    const longs = Array.from({ length: 227 }, (_, i) => `A::${String(i).padStart(4, '0')}${'x'.repeat(250)}@:r`);
    d.ok({ type: 'cont.updateAcl', coh, aces: longs });
    const before = d.ok({ type: 'cont.getAcl', coh });
    // One more named user of 255 characters (288 bytes) would exceed 65536.
    expect(d.code({ type: 'cont.updateAcl', coh, aces: [`A::${'z'.repeat(254)}@:r`] })).toBe('INVAL');
    expect(d.ok({ type: 'cont.getAcl', coh })).toEqual(before);
    // Replacing an existing entry keeps the size: fine. EVERYONE@ adds 32 (65472): fine.
    expect(d.code({ type: 'cont.updateAcl', coh, aces: [longs[0].replace(/:r$/, ':rw')] })).toBe('ok');
    expect(d.code({ type: 'cont.updateAcl', coh, aces: ['A::EVERYONE@:r'] })).toBe('ok');
  });

  it('ACL-8: overwrite and update need SET_ACL; ERR-3: a bad ACE (step 1) is INVAL before NO_HDL or NO_PERM', () => {
    const { d, pool, cont } = setup();
    const bob = d.open(d.connect(pool, BOB), cont, 'RW');
    expect(d.code({ type: 'cont.overwriteAcl', coh: bob, aces: ['A::bob@:rwA'] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.updateAcl', coh: bob, aces: ['A::bob@:rwA'] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.updateAcl', coh: bob, aces: ['A::bob@:rwX'] })).toBe('INVAL');
    expect(d.code({ type: 'cont.updateAcl', coh: 4242, aces: ['A::bob@:rwX'] })).toBe('INVAL');
    expect(d.code({ type: 'cont.updateAcl', coh: 4242, aces: ['A::bob@:rw'] })).toBe('NO_HDL');
  });

  it('ACL-8: the new ACL decides later opens (ACL-14)', () => {
    const { d, coh, pool, cont } = setup();
    const bobPoh = d.connect(pool, BOB);
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::bob@:t'] }); // named user entry wins over GROUP@ (ACL-10 step 2)
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'RW' })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.open', poh: bobPoh, cont, mode: 'RO' })).toBe('ok');
  });
});

describe('cont.deleteAcl (ACL-9)', () => {
  it('ACL-9: removes the entry named by u:name@, g:name@ or a special principal', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::bob@:r', 'A:G:bob@:w', 'A::EVERYONE@:r'] });
    d.ok({ type: 'cont.deleteAcl', coh, principal: 'g:bob@' });
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual(['A::OWNER@:rwdtTaAo', 'A::bob@:r', 'A:G:GROUP@:rwtT', 'A::EVERYONE@:r']);
    d.ok({ type: 'cont.deleteAcl', coh, principal: 'u:bob@' });
    d.ok({ type: 'cont.deleteAcl', coh, principal: 'EVERYONE@' });
    d.ok({ type: 'cont.deleteAcl', coh, principal: 'GROUP@' });
    d.ok({ type: 'cont.deleteAcl', coh, principal: 'OWNER@' });
    expect(d.ok({ type: 'cont.getAcl', coh }).aces).toEqual([]);
  });

  it('ACL-9: other forms are INVAL; an absent entry is NONEXIST', () => {
    const { d, coh } = setup();
    for (const bad of ['bob@', 'user:bob@', 'u:bob', 'g:', 'owner@', 'A::bob@:r']) {
      expect(d.code({ type: 'cont.deleteAcl', coh, principal: bad })).toBe('INVAL');
    }
    expect(d.code({ type: 'cont.deleteAcl', coh, principal: 'u:bob@' })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.deleteAcl', coh, principal: 'EVERYONE@' })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.deleteAcl', coh, principal: 'g:alice@' })).toBe('NONEXIST');
  });

  it('ERR-3: deleteAcl runs INVAL (1), NO_HDL (2), NO_PERM (4), NONEXIST (7)', () => {
    const { d, pool, cont } = setup();
    const bob = d.open(d.connect(pool, BOB), cont, 'RW');
    expect(d.code({ type: 'cont.deleteAcl', coh: 999, principal: 'bob@' })).toBe('INVAL');
    expect(d.code({ type: 'cont.deleteAcl', coh: 999, principal: 'u:bob@' })).toBe('NO_HDL');
    expect(d.code({ type: 'cont.deleteAcl', coh: bob, principal: 'u:nobody@' })).toBe('NO_PERM');
  });
});
