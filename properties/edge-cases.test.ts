import { describe, expect, it } from 'vitest';
import { COND, type Op } from '../contract/index.ts';
import { oidFor } from './names.ts';
import type { Canonical } from './normalize.ts';
import { runLockstep } from './runner.ts';
import { loadSystem } from './systems.ts';

/**
 * Hand-written traces for situations the generators never produce (or produce too rarely), run in
 * lockstep: where the spec is silent, the model and the engine must still make the same choice
 * (docs/semantics.md, section 25).
 */
const ALICE = { user: 'alice@', groups: ['lab@'] };
const BOB = { user: 'bob@', groups: ['dev@'] };
const CAROL = { user: 'carol@', groups: ['ops@'] };
const SYSTEM: Op = { type: 'system.create', nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 };
const SETUP: Op[] = [
  SYSTEM,
  { type: 'pool.create', owner: ALICE },
  { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
  { type: 'cont.create', poh: 0 },
  { type: 'cont.create', poh: 0 },
  { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
  { type: 'cont.open', poh: 0, cont: '#c1', mode: 'RW' },
];

const CASES: Record<string, Op[]> = {
  'MAP-1: a second system.create is ALREADY; an invalid one INVAL first (ERR-3)': [
    SYSTEM,
    SYSTEM,
    { ...SYSTEM, nodes: 0 } as Op,
  ],
  'SNAP-4, SNAP-6, SNAP-7: a token of another container is not live there': [
    ...SETUP,
    { type: 'snap.create', coh: 0 },
    { type: 'snap.create', coh: 1 },
    { type: 'tx.openSnapshot', coh: 1, token: 1 },
    { type: 'snap.destroy', coh: 1, token: 1 },
    { type: 'cont.rollback', coh: 1, token: 1 },
    { type: 'tx.openSnapshot', coh: 0, token: 1 },
  ],
  'LABEL-3, LABEL-5: sentinels are not labels; a UUID-form name is looked up as an id': [
    ...SETUP,
    { type: 'cont.create', poh: 0, label: 'container_label_not_set' },
    { type: 'cont.create', poh: 0, label: 'pool_label_not_set' },
    { type: 'cont.open', poh: 0, cont: '12345678-1234-1234-1234-123456789abc', mode: 'RO' },
  ],
  'TX-5, TX-8: misuse of a committed, aborted and failed transaction': [
    ...SETUP,
    { type: 'tx.open', coh: 0 },
    { type: 'tx.commit', th: 0 },
    { type: 'tx.commit', th: 0 },
    { type: 'tx.abort', th: 0 },
    { type: 'tx.restart', th: 0 },
    { type: 'tx.open', coh: 0 },
    { type: 'tx.abort', th: 1 },
    { type: 'tx.abort', th: 1 },
    { type: 'tx.close', th: 1 },
    { type: 'tx.close', th: 1 },
  ],
  'COND-3, COND-5, PUNCH-1: invalid flag combinations, and object punch ignores flags': [
    ...SETUP,
    { type: 'obj.update', coh: 0, oid: { hi: '2251804108652544', lo: '1' }, dkey: 'd', iods: [{ akey: 'a', single: { text: 'x' } }], cond: 2 | 4 },
    { type: 'obj.punchDkey', coh: 0, oid: { hi: '2251804108652544', lo: '1' }, dkey: 'd', cond: 2 },
    { type: 'obj.punch', coh: 0, oid: { hi: '2251804108652544', lo: '1' }, cond: 0xfff },
  ],
};

describe('edge cases in lockstep (model and engine agree where the spec is silent)', () => {
  for (const [name, trace] of Object.entries(CASES)) {
    it(name, async () => {
      const engine = await loadSystem('engine');
      const result = runLockstep(trace, { makeImpl: () => engine(1) });
      const detail = result.status === 'diverged' ? `step ${result.divergence.stepIndex}: ${result.divergence.message}` : '';
      expect(result.status, detail).toBe('conforms');
    });
  }
});

// ---------------------------------------------------------------- revision 2, with pinned outcomes

/** A step whose outcome is pinned: the op and the code both sides must answer ('ok' or an error name). */
type Pinned = readonly [op: Op, code: string];
type Step = Op | Pinned;

const OID = oidFor('RP_2G1', 0, 7, 1);
const update = (akey: string, v: string, extra: Partial<{ tx: number; cond: number; dkey: string; coh: number }> = {}): Op =>
  ({ type: 'obj.update', coh: extra.coh ?? 0, oid: OID, dkey: extra.dkey ?? 'd', iods: [{ akey, single: { text: v } }], ...(extra.tx !== undefined ? { tx: extra.tx } : {}), ...(extra.cond ? { cond: extra.cond } : {}) });
const extent = (akey: string, v: string, tx?: number): Op =>
  ({ type: 'obj.update', coh: 0, oid: OID, dkey: 'd', iods: [{ akey, extents: [{ offset: 0, data: { text: v } }] }], ...(tx !== undefined ? { tx } : {}) });
const fetch = (akey: string, tx?: number): Op => ({ type: 'obj.fetch', coh: 0, oid: OID, dkey: 'd', requests: [{ akey, single: true }], ...(tx !== undefined ? { tx } : {}) });

const PINNED: Record<string, Step[]> = {
  // Found by the generators (issue 14): the engine evaluated such a condition against the halted
  // pool's unreachable replicas (NONEXIST) while the model evaluated it (ok); section 25 decides.
  'HALT-4, COND-7 (section 25): in a halted pool a transaction write whose conditions examine keys is TIMEDOUT; an unconditional one is buffered': [
    { ...SYSTEM, poolRf: 0 } as Op,
    ...SETUP.slice(1),
    [{ type: 'obj.update', coh: 0, oid: OID, dkey: 'd', iods: [{ akey: 'a', single: { seed: 1, length: 4 } }] }, 'ok'],
    [{ type: 'fault.failNode', node: 0 }, 'ok'],
    [{ type: 'tx.open', coh: 0 }, 'ok'],
    [{ type: 'obj.update', coh: 0, oid: OID, dkey: 'd', iods: [{ akey: 'b', single: { seed: 2, length: 4 } }], cond: COND.DKEY_UPDATE, tx: 0 }, 'TIMEDOUT'],
    [{ type: 'obj.update', coh: 0, oid: OID, dkey: 'd', iods: [{ akey: 'b', single: { seed: 2, length: 4 }, cond: COND.AKEY_INSERT }], cond: COND.PER_AKEY, tx: 0 }, 'TIMEDOUT'],
    [{ type: 'obj.punchDkey', coh: 0, oid: OID, dkey: 'd', cond: COND.COND_PUNCH, tx: 0 }, 'TIMEDOUT'],
    [{ type: 'obj.update', coh: 0, oid: OID, dkey: 'd', iods: [{ akey: 'b', single: { seed: 2, length: 4 } }], cond: COND.PER_AKEY, tx: 0 }, 'ok'],
    [{ type: 'obj.punchAkeys', coh: 0, oid: OID, dkey: 'd', akeys: ['a'], tx: 0 }, 'ok'],
    [{ type: 'tx.commit', th: 0 }, 'TIMEDOUT'],
  ],
  'ERR-7, CONT-4, POOL-5 (rev. 2, section 25): after a forced destroy each invalidated handle closes once; it is not open, and its transactions are gone': [
    ...SETUP,
    { type: 'tx.open', coh: 0 },
    { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
    { type: 'cont.open', poh: 1, cont: '#c0', mode: 'RO' },
    [{ type: 'cont.destroy', poh: 0, cont: '#c0' }, 'BUSY'],
    [{ type: 'cont.destroy', poh: 0, cont: '#c0', force: true }, 'ok'],
    [{ type: 'cont.query', coh: 0 }, 'NO_HDL'],
    [{ type: 'tx.close', th: 0 }, 'NO_HDL'],
    [{ type: 'pool.disconnect', poh: 1 }, 'ok'], // the orphan is not open (POOL-5) and loses its exception
    [{ type: 'cont.close', coh: 2 }, 'NO_HDL'],
    [{ type: 'cont.close', coh: 0 }, 'ok'],
    [{ type: 'cont.close', coh: 0 }, 'NO_HDL'],
    [{ type: 'cont.query', coh: 1 }, 'ok'],
  ],
  'CONT-4 (rev. 2): DELETE from the container ACL survives the RW and EX filter only with a read-side capability, never RO': [
    SYSTEM,
    { type: 'pool.create', owner: ALICE, acl: ['A::OWNER@:rc', 'A::bob@:rc', 'A::carol@:rc'] },
    { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
    { type: 'pool.connect', pool: '#p0', principal: BOB, mode: 'RW' },
    { type: 'pool.connect', pool: '#p0', principal: BOB, mode: 'RO' },
    { type: 'cont.create', poh: 0, label: 'c0', acl: ['A::OWNER@:rwdtTaAo', 'A::bob@:d', 'A::carol@:rd'] },
    [{ type: 'cont.destroy', poh: 1, cont: 'c0' }, 'NO_PERM'], // d alone: no read side
    [{ type: 'cont.destroy', poh: 2, cont: 'c0' }, 'NO_PERM'], // RO keeps no DELETE
    { type: 'cont.open', poh: 0, cont: 'c0', mode: 'RW' },
    { type: 'cont.updateAcl', coh: 0, aces: ['A::bob@:td'] },
    { type: 'cont.close', coh: 0 },
    [{ type: 'cont.destroy', poh: 2, cont: 'c0' }, 'NO_PERM'],
    [{ type: 'cont.destroy', poh: 1, cont: 'c0' }, 'ok'], // t + d through RW
    // The owner's implicit `a` is a read side; through EX (filtered as RW) OWNER@ `d` alone destroys.
    { type: 'cont.create', poh: 0, label: 'mine', acl: ['A::OWNER@:d'] },
    { type: 'pool.disconnect', poh: 1 },
    { type: 'pool.disconnect', poh: 2 },
    { type: 'pool.disconnect', poh: 0 },
    [{ type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'EX' }, 'ok'],
    [{ type: 'cont.destroy', poh: 3, cont: 'mine' }, 'ok'],
  ],
  'COND-7, TX-4 (rev. 2): conditions in a transaction see its view and are reads; a failing one fixes nothing': [
    ...SETUP,
    update('a', 'A'),
    { type: 'tx.open', coh: 0 },
    [update('a', 'x', { tx: 0, cond: COND.AKEY_INSERT }), 'EXIST'], // fails, fixes no start point
    update('late', 'L'),
    [update('late', 'x', { tx: 0, cond: COND.AKEY_UPDATE }), 'ok'], // latest commit; fixes the start point
    update('later', 'L'),
    [update('later', 'x', { tx: 0, cond: COND.AKEY_UPDATE }), 'NONEXIST'], // after the start point
    [update('mine', 'x', { tx: 0, cond: COND.AKEY_INSERT }), 'ok'],
    [update('mine', 'y', { tx: 0, cond: COND.AKEY_UPDATE }), 'NONEXIST'], // its own buffered write is not in its view
    [{ type: 'obj.punchDkey', coh: 0, oid: OID, dkey: 'nope', cond: COND.COND_PUNCH, tx: 0 }, 'NONEXIST'],
    update('late', 'other'), // overlaps the akey its condition read
    [{ type: 'tx.commit', th: 0 }, 'TX_RESTART'],
    [{ type: 'tx.restart', th: 0 }, 'ok'],
    [update('late', 'z', { tx: 0, cond: COND.PER_AKEY }), 'ok'], // examines nothing (section 25)
    update('late', 'again'),
    [{ type: 'tx.commit', th: 0 }, 'ok'],
    [fetch('late'), 'ok'],
  ],
  'TX-4 (rev. 2): a blind transaction takes its start point at commit and never conflicts; a kind fixed meanwhile is NO_PERM at commit (section 25)': [
    ...SETUP,
    { type: 'tx.open', coh: 0 },
    update('k', 'tx', { tx: 0 }),
    update('k', 'standalone'),
    [{ type: 'tx.commit', th: 0 }, 'ok'],
    { type: 'tx.open', coh: 0 },
    update('fresh', 'single', { tx: 1 }),
    extent('fresh', 'array'), // fixes the kind the other way
    [{ type: 'tx.commit', th: 1 }, 'NO_PERM'],
    [{ type: 'tx.commit', th: 1 }, 'NO_PERM'], // still OPEN, buffer kept
    [{ type: 'tx.abort', th: 1 }, 'ok'],
    { type: 'tx.open', coh: 0 },
    [fetch('k', 2), 'ok'], // a read fixes the start point
    update('k', 'tx2', { tx: 2 }),
    update('k', 'racer'),
    [{ type: 'tx.commit', th: 2 }, 'TX_RESTART'],
  ],
  'PROP-4, PROP-5 (rev. 2): getProps without names needs GET_ACL; setProps of owner, group and acl needs each capability': [
    SYSTEM,
    { type: 'pool.create', owner: ALICE, acl: ['A::OWNER@:rw', 'A::bob@:rw'] },
    { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
    { type: 'pool.connect', pool: '#p0', principal: BOB, mode: 'RW' },
    { type: 'cont.create', poh: 0, acl: ['A::OWNER@:rwdtTaAo', 'A::bob@:rwtT'] },
    { type: 'cont.open', poh: 1, cont: '#c0', mode: 'RW' },
    [{ type: 'cont.getProps', coh: 0 }, 'NO_PERM'],
    [{ type: 'cont.getProps', coh: 0, names: ['owner', 'label'] }, 'ok'],
    [{ type: 'cont.setProps', coh: 0, entries: [['label', 'ok1']] }, 'ok'],
    [{ type: 'cont.setProps', coh: 0, entries: [['label', 'ok2'], ['owner', 'bob@']] }, 'NO_PERM'],
    [{ type: 'cont.setProps', coh: 0, entries: [['acl', ['A::bob@:rwdtTaAo']]] }, 'NO_PERM'],
    [{ type: 'cont.setProps', coh: 0, entries: [['owner', 'OWNER@']] }, 'INVAL'],
    [{ type: 'cont.setProps', coh: 0, entries: [['acl', []]] }, 'INVAL'],
    [{ type: 'cont.setProps', coh: 0, entries: [['status', { status: 'HEALTHY', version: 1 }]] }, 'INVAL'],
    { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
    [{ type: 'cont.setProps', coh: 1, entries: [['owner', 'bob@'], ['group', 'dev@'], ['acl', ['A::OWNER@:rwdtTaAo', 'A::alice@:rt']]] }, 'ok'],
    [{ type: 'cont.getProps', coh: 1 }, 'ok'],
    [{ type: 'cont.getAcl', coh: 1 }, 'ok'],
    [{ type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' }, 'NO_PERM'], // alice is no longer the owner: rt only
  ],
  'ATTR-1..3 (rev. 2): attribute names count UTF-8 bytes, up to 511': [
    ...SETUP,
    [{ type: 'cont.setAttrs', coh: 0, entries: [[`${'é'.repeat(255)}x`, { text: 'v' }]] }, 'ok'],
    [{ type: 'cont.setAttrs', coh: 0, entries: [['é'.repeat(256), { text: 'v' }]] }, 'INVAL'],
    [{ type: 'cont.getAttrs', coh: 0, names: ['😀'.repeat(128)] }, 'INVAL'],
    [{ type: 'cont.getAttrs', coh: 0, names: [`${'é'.repeat(255)}x`] }, 'ok'],
    [{ type: 'pool.setAttrs', poh: 0, entries: [['€'.repeat(170), { text: 'v' }]] }, 'ok'],
    [{ type: 'pool.delAttrs', poh: 0, names: [`${'€'.repeat(170)}xy`] }, 'INVAL'],
  ],
  'LABEL-5 (section 25): a reference of neither UUID nor label syntax is INVAL before any handle; a sentinel is looked up': [
    ...SETUP,
    [{ type: 'pool.connect', pool: 'no pool!', principal: ALICE, mode: 'RO' }, 'INVAL'],
    [{ type: 'pool.connect', pool: 'pool_label_not_set', principal: ALICE, mode: 'RO' }, 'NONEXIST'],
    [{ type: 'cont.open', poh: 99, cont: 'bad/ref', mode: 'RO' }, 'INVAL'],
    [{ type: 'cont.open', poh: 99, cont: 'fine', mode: 'RO' }, 'NO_HDL'],
    [{ type: 'cont.destroy', poh: 0, cont: 'container_label_not_set' }, 'NONEXIST'],
    [{ type: 'cont.destroy', poh: 99, cont: 'bad label' }, 'INVAL'],
    [{ type: 'pool.exclude', pool: 'x y', rank: 99 }, 'INVAL'],
    [{ type: 'pool.getAcl', pool: 'x'.repeat(128) }, 'INVAL'],
    [{ type: 'fault.corrupt', cont: 'no such!', rank: 0, target: 0 }, 'INVAL'],
  ],
  'POOL-8..10 (rev. 2): pool ACL, properties and attributes after create': [
    ...SETUP,
    [{ type: 'pool.connect', pool: '#p0', principal: CAROL, mode: 'RO' }, 'NO_PERM'],
    [{ type: 'pool.updateAcl', pool: '#p0', aces: ['A::carol@:r'] }, 'ok'],
    [{ type: 'pool.connect', pool: '#p0', principal: CAROL, mode: 'RO' }, 'ok'],
    [{ type: 'pool.getAcl', pool: '#p0' }, 'ok'],
    [{ type: 'pool.deleteAcl', pool: '#p0', principal: 'u:carol@' }, 'ok'],
    [{ type: 'pool.deleteAcl', pool: '#p0', principal: 'u:carol@' }, 'NONEXIST'],
    [{ type: 'pool.setAttrs', poh: 1, entries: [['k', { text: 'v' }]] }, 'NO_PERM'], // carol's RO handle
    [{ type: 'pool.setAttrs', poh: 0, entries: [['k', { text: 'v' }]] }, 'ok'],
    [{ type: 'pool.getAttrs', poh: 1, names: ['k', 'missing'] }, 'ok'],
    [{ type: 'pool.listAttrs', poh: 1 }, 'ok'],
    [{ type: 'pool.setProps', pool: '#p0', entries: [['label', 'tank']] }, 'ok'],
    [{ type: 'pool.getProps', pool: 'tank' }, 'ok'],
    [{ type: 'pool.setProps', pool: 'tank', entries: [['rd_fac', 1]] }, 'NO_PERM'],
    [{ type: 'pool.setProps', pool: 'tank', entries: [['owner', 'bob@']] }, 'INVAL'],
    [{ type: 'pool.getProps', pool: 'tank', names: ['acl'] }, 'INVAL'],
  ],
};

function codeOf(c: Canonical): string {
  const o = c as { ok?: unknown; err?: string };
  return 'ok' in o ? 'ok' : String(o.err);
}

describe('revision 2 edge cases in lockstep, with pinned outcomes', () => {
  for (const [name, steps] of Object.entries(PINNED)) {
    it(name, async () => {
      const engine = await loadSystem('engine');
      const ops = steps.map((s) => (Array.isArray(s) ? s[0] : s) as Op);
      const pinned = new Map<number, string>();
      steps.forEach((s, i) => { if (Array.isArray(s)) pinned.set(i, s[1] as string); });
      const seen = new Map<number, string>();
      const result = runLockstep(ops, { makeImpl: () => engine(1), onStep: (r) => { if (r.conforms) seen.set(r.index, codeOf(r.actual)); } });
      const detail = result.status === 'diverged' ? `step ${result.divergence.stepIndex}: ${result.divergence.message}` : '';
      expect(result.status, detail).toBe('conforms');
      const wrong = [...pinned].filter(([i, code]) => seen.get(i) !== code).map(([i, code]) => `step ${i} (${ops[i].type}): expected ${code}, got ${seen.get(i)}`);
      expect(wrong).toEqual([]);
    });
  }
});
