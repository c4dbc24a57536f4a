import { describe, expect, it } from 'vitest';
import { expandPayload } from '../contract/index.ts';
import { BOB, ModelDriver } from './test-driver.ts';

/** Example tests for spec section 10 (ATTR). */

const text = (s: string) => new TextEncoder().encode(s);

function setup(poolRf?: number): ReturnType<ModelDriver['quickContainer']> & { d: ModelDriver } {
  const d = new ModelDriver();
  d.system(4, 2, 2, poolRf);
  return { d, ...d.quickContainer() };
}

describe('attributes (ATTR-1..5)', () => {
  it('ATTR-1: setAttrs creates or overwrites every entry', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'one' }], ['b', { hex: '00ff' }]] });
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'uno' }], ['c', { seed: 7, length: 5 }]] });
    expect(d.ok({ type: 'cont.getAttrs', coh, names: ['a', 'b', 'c'] })).toEqual([
      text('uno'), new Uint8Array([0, 255]), expandPayload({ seed: 7, length: 5 }),
    ]);
  });

  it('ATTR-1: at least one entry, names of 1..511 bytes, values of at least one byte, no duplicates', () => {
    const { d, coh } = setup();
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['', { text: 'v' }]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['n'.repeat(512), { text: 'v' }]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['n'.repeat(511), { text: 'v' }]] })).toBe('ok');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['k', { text: '' }]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['k', { seed: 1, length: 0 }]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['k', { text: 'a' }], ['k', { text: 'b' }]] })).toBe('INVAL');
  });

  it('ATTR-1 (rev. 2): name length counts UTF-8 bytes, also for getAttrs and delAttrs (ATTR-2, ATTR-3)', () => {
    const { d, coh } = setup();
    const e255 = 'é'.repeat(255); // 255 characters, 510 bytes
    const e256 = 'é'.repeat(256); // 256 characters, 512 bytes
    const euro = '€'.repeat(170); // 170 characters, 510 bytes
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [[e256, { text: 'v' }]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [[`${e255}x`, { text: 'v' }]] })).toBe('ok'); // 511 bytes
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [[`${euro}xx`, { text: 'v' }]] })).toBe('INVAL'); // 512 bytes, 172 characters
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['😀'.repeat(128), { text: 'v' }]] })).toBe('INVAL'); // 512 bytes
    expect(d.code({ type: 'cont.getAttrs', coh, names: [e256] })).toBe('INVAL');
    expect(d.code({ type: 'cont.delAttrs', coh, names: [e256] })).toBe('INVAL');
    expect(d.ok({ type: 'cont.getAttrs', coh, names: [`${e255}x`] })).toEqual([text('v')]);
    expect(d.code({ type: 'cont.delAttrs', coh, names: [`${e255}x`] })).toBe('ok');
  });

  it('ATTR-1: the entries are applied atomically: one bad entry applies none (ERR-2)', () => {
    const { d, coh } = setup();
    expect(d.code({ type: 'cont.setAttrs', coh, entries: [['good', { text: 'v' }], ['', { text: 'v' }]] })).toBe('INVAL');
    expect(d.ok({ type: 'cont.listAttrs', coh })).toEqual([]);
  });

  it('ATTR-1: setAttrs needs WRITE_DATA; ERR-3: INVAL (1) before NO_HDL (2) before NO_PERM (4)', () => {
    const { d, poh, cont } = setup();
    const ro = d.open(poh, cont, 'RO');
    expect(d.code({ type: 'cont.setAttrs', coh: ro, entries: [['k', { text: 'v' }]] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.setAttrs', coh: 8888, entries: [['k', { text: '' }]] })).toBe('INVAL');
    expect(d.code({ type: 'cont.setAttrs', coh: 8888, entries: [['k', { text: 'v' }]] })).toBe('NO_HDL');
  });

  it('ATTR-2: getAttrs returns values in request order with none for missing names; NONEXIST only if all are missing', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'A' }], ['b', { text: 'B' }]] });
    expect(d.ok({ type: 'cont.getAttrs', coh, names: ['b', 'missing', 'a', 'b'] })).toEqual([text('B'), null, text('A'), text('B')]);
    expect(d.code({ type: 'cont.getAttrs', coh, names: ['x', 'y'] })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.getAttrs', coh, names: [] })).toBe('INVAL');
    expect(d.code({ type: 'cont.getAttrs', coh, names: ['n'.repeat(512)] })).toBe('INVAL');
  });

  it('ATTR-2: getAttrs needs READ_DATA', () => {
    const { d, pool, coh, cont } = setup();
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'A' }]] });
    d.ok({ type: 'cont.updateAcl', coh, aces: ['A::bob@:t'] });
    const bob = d.open(d.connect(pool, BOB), cont, 'RO');
    expect(d.code({ type: 'cont.getAttrs', coh: bob, names: ['a'] })).toBe('NO_PERM');
    expect(d.code({ type: 'cont.listAttrs', coh: bob })).toBe('NO_PERM');
  });

  it('ATTR-3: delAttrs deletes the names that exist, ignores the others, NONEXIST only if all are missing', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'A' }], ['b', { text: 'B' }], ['c', { text: 'C' }]] });
    d.ok({ type: 'cont.delAttrs', coh, names: ['a', 'zzz', 'c'] });
    expect(d.ok({ type: 'cont.listAttrs', coh })).toEqual(['b']);
    expect(d.code({ type: 'cont.delAttrs', coh, names: ['a', 'c'] })).toBe('NONEXIST');
    expect(d.code({ type: 'cont.delAttrs', coh, names: [] })).toBe('INVAL');
  });

  it('ATTR-3: delAttrs needs WRITE_DATA', () => {
    const { d, poh, coh, cont } = setup();
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'A' }]] });
    const ro = d.open(poh, cont, 'RO');
    expect(d.code({ type: 'cont.delAttrs', coh: ro, names: ['a'] })).toBe('NO_PERM');
  });

  it('ATTR-4: listAttrs returns the set of names', () => {
    const { d, coh } = setup();
    expect(d.ok({ type: 'cont.listAttrs', coh })).toEqual([]);
    d.ok({ type: 'cont.setAttrs', coh, entries: [['z', { text: '1' }], ['a', { text: '2' }]] });
    d.ok({ type: 'cont.setAttrs', coh, entries: [['z', { text: '3' }]] });
    expect([...d.ok({ type: 'cont.listAttrs', coh })].sort()).toEqual(['a', 'z']);
  });

  it('ATTR-5: attributes ignore snapshots and rollback', () => {
    const { d, coh } = setup();
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'before' }]] });
    const token = d.ok({ type: 'snap.create', coh });
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'after' }]] });
    d.ok({ type: 'cont.rollback', coh, token });
    expect(d.ok({ type: 'cont.getAttrs', coh, names: ['a'] })).toEqual([text('after')]);
  });

  it('ATTR-5: attributes are unaffected by halt and container health', () => {
    const { d, coh, pool } = setup(0);
    d.ok({ type: 'pool.exclude', pool, rank: 0, targets: [0], force: true }); // rd_fac 0: UNCLEAN
    expect(d.ok({ type: 'cont.getProps', coh, names: ['status'] })).toMatchObject({ status: { status: 'UNCLEAN' } });
    d.ok({ type: 'cont.setAttrs', coh, entries: [['a', { text: 'x' }]] });
    d.ok({ type: 'fault.failNode', node: 3 }); // poolRf 0: refused, the pool halts
    expect(d.ok({ type: 'pool.query', pool }).deadRanks.length).toBeGreaterThan(0);
    expect(d.ok({ type: 'cont.getAttrs', coh, names: ['a'] })).toEqual([text('x')]);
    d.ok({ type: 'cont.delAttrs', coh, names: ['a'] });
    expect(d.ok({ type: 'cont.listAttrs', coh })).toEqual([]);
  });
});
