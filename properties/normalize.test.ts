import { describe, expect, it } from 'vitest';
import { normalizeOutcome } from './normalize.ts';
import { RefTable } from './symbolic.ts';

/**
 * Canonical outcomes of the revision 2 pool operations (POOL-8..10): attribute values as hex like
 * cont.getAttrs, attribute names as a set like cont.listAttrs (section 24), property records and
 * ACLs as plain data with ACE order kept (ACL-7).
 */

const refs = () => new RefTable();
const bytes = (...b: number[]) => new Uint8Array(b);

describe('normalizeOutcome for pool operations after create (POOL-8..10)', () => {
  it('POOL-10: pool.getAttrs values become hex in request order, none stays null (ATTR-2)', () => {
    expect(normalizeOutcome('pool.getAttrs', { ok: true, value: [bytes(0, 255), null] }, refs())).toEqual({ ok: ['00ff', null] });
    expect(normalizeOutcome('pool.getAttrs', { ok: true, value: [bytes(1)] }, refs())).toEqual(normalizeOutcome('cont.getAttrs', { ok: true, value: [bytes(1)] }, refs()));
  });

  it('POOL-10: pool.listAttrs is a set (ATTR-4, section 24)', () => {
    expect(normalizeOutcome('pool.listAttrs', { ok: true, value: ['b', 'a'] }, refs())).toEqual(normalizeOutcome('pool.listAttrs', { ok: true, value: ['a', 'b'] }, refs()));
  });

  it('POOL-8, POOL-9: getAcl keeps ACE order (ACL-7); getProps compares key by key', () => {
    const acl = (aces: string[]) => normalizeOutcome('pool.getAcl', { ok: true, value: { aces, owner: 'alice@', group: 'lab@' } }, refs());
    expect(acl(['A::OWNER@:rw', 'A::bob@:r'])).not.toEqual(acl(['A::bob@:r', 'A::OWNER@:rw']));
    const props = (value: Record<string, string | number>) => normalizeOutcome('pool.getProps', { ok: true, value }, refs());
    expect(props({ label: 'p', rd_fac: 0 })).toEqual(props({ rd_fac: 0, label: 'p' }));
    expect(normalizeOutcome('pool.setProps', { ok: false, err: 'NO_PERM' }, refs())).toEqual({ err: 'NO_PERM' });
  });
});
