import { describe, expect, it } from 'vitest';
import { COND } from '../contract/index.ts';
import type { TxLifecycle } from './state.ts';
import { txStep, unit, unitsOverlap, EVERY_UNIT, type TxEventType } from './tx.ts';
import { container, extents, fetchOp, getSingle, listAkeys, listDkeys, oidOf, single, update, world, type DataWorld } from './ops/data-fixtures.ts';
import type { Oid } from '../contract/index.ts';

/** Section 17 (TX-1..10), written from the spec text. */

function seeded(): { w: DataWorld; oid: Oid } {
  const w = world();
  const oid = oidOf(w);
  w.d.ok(update(w, oid, 'd', [single('a', 'A0'), single('b', 'B0')]));
  return { w, oid };
}

const txState = (w: DataWorld, th: number) => w.d.state.txs[th]?.state;

function halt(w: DataWorld): void {
  for (const node of [0, 1, 2]) w.d.ok({ type: 'fault.failNode', node });
  expect(w.d.state.pools[0].dead.some(Boolean)).toBe(true);
}

/** A transaction in FAILED: it read akey a, then another writer committed a (TX-7). */
function failedTx(w: DataWorld, oid: Oid): number {
  const th = w.d.ok({ type: 'tx.open', coh: w.coh });
  getSingle(w, oid, 'd', 'a', th);
  w.d.ok(update(w, oid, 'd', [single('x', 'tx write')], { tx: th }));
  w.d.ok(update(w, oid, 'd', [single('a', 'other')]));
  expect(w.d.code({ type: 'tx.commit', th })).toBe('TX_RESTART');
  return th;
}

describe('TX-5 lifecycle statechart (model/tx.ts)', () => {
  // The TX-5 table, row by row: [event, OPEN, COMMITTED, ABORTED, FAILED].
  const table: Array<[TxEventType, string, string, string, string]> = [
    ['read', 'allowed', 'NO_PERM', 'NO_PERM', 'NO_PERM'],
    ['write', 'allowed', 'NO_PERM', 'NO_PERM', 'NO_PERM'],
    ['commit', 'allowed', 'ALREADY', 'NO_PERM', 'NO_PERM'],
    ['abort', 'allowed', 'NO_PERM', 'ALREADY', 'NO_PERM'],
    ['restart', 'NO_PERM', 'NO_PERM', 'NO_PERM', 'allowed'],
    ['close', 'allowed', 'allowed', 'allowed', 'allowed'],
  ];
  const states: TxLifecycle[] = ['OPEN', 'COMMITTED', 'ABORTED', 'FAILED'];
  for (const [event, ...verdicts] of table) {
    it(`TX-5: ${event} in each state gives the table's verdict`, () => {
      states.forEach((s, i) => expect(txStep(s, false, event).verdict).toBe(verdicts[i]));
    });
  }

  it('TX-5: a write in a read-only transaction is NO_PERM; abort moves OPEN to ABORTED; TX-8 restart moves FAILED to OPEN', () => {
    expect(txStep('OPEN', true, 'write').verdict).toBe('NO_PERM');
    expect(txStep('OPEN', true, 'read').verdict).toBe('allowed');
    expect(txStep('OPEN', false, 'abort').next).toBe('ABORTED');
    expect(txStep('FAILED', false, 'restart').next).toBe('OPEN');
    expect(txStep('OPEN', false, 'validated').next).toBe('COMMITTED');
    expect(txStep('OPEN', false, 'conflicted').next).toBe('FAILED');
    expect(() => txStep('COMMITTED', false, 'validated')).toThrow();
  });
});

describe('TX-7 units (model/tx.ts)', () => {
  it('TX-7: units overlap when they agree on every component where neither is *', () => {
    expect(unitsOverlap(unit('o', 'd', 'a'), unit('o', 'd', 'a'))).toBe(true);
    expect(unitsOverlap(unit('o', 'd', 'a'), unit('o', 'd', 'b'))).toBe(false);
    expect(unitsOverlap(unit('o', 'd', 'a'), unit('o', 'd'))).toBe(true);
    expect(unitsOverlap(unit('o', 'd'), unit('o', 'e', 'a'))).toBe(false);
    expect(unitsOverlap(unit('o'), unit('o', 'e', 'a'))).toBe(true);
    expect(unitsOverlap(unit('o'), unit('p'))).toBe(false);
    expect(unitsOverlap(EVERY_UNIT, unit('p', 'x', 'y'))).toBe(true);
    // A key spelled "*" is a key, not a wildcard.
    expect(unitsOverlap(unit('o', '*', 'a'), unit('o', 'd', 'a'))).toBe(false);
  });
});

describe('TX-1 open', () => {
  it('TX-1: tx.open returns a handle in state OPEN; an unknown container handle is NO_HDL', () => {
    const w = world();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(txState(w, th)).toBe('OPEN');
    expect(w.d.code({ type: 'tx.open', coh: 4242 })).toBe('NO_HDL');
  });

  it('TX-1: tx.openSnapshot gives a read-only transaction at that snapshot; token 0 INVAL, not live NONEXIST', () => {
    const { w, oid } = seeded();
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'A1')]));
    expect(w.d.code({ type: 'tx.openSnapshot', coh: w.coh, token: 0 })).toBe('INVAL');
    expect(w.d.code({ type: 'tx.openSnapshot', coh: w.coh, token: t + 50 })).toBe('NONEXIST');
    const th = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t });
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A0');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { tx: th }))).toBe('NO_PERM');
    expect(w.d.code({ type: 'obj.punch', coh: w.coh, oid, tx: th })).toBe('NO_PERM');
  });
});

describe('TX-2 handle match', () => {
  it('TX-2: a coh other than the transaction container handle is INVAL, once both handles are known valid', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    const other = w.d.open(w.poh, w.cont, 'RW');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th, coh: other }))).toBe('INVAL');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { tx: th, coh: other }))).toBe('INVAL');
    // Step 2 order: the container handle, then the transaction handle, then the match.
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th, coh: 9999 }))).toBe('NO_HDL');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: 9999, coh: other }))).toBe('NO_HDL');
  });
});

describe('TX-3 buffered writes', () => {
  it('TX-3: buffered writes are invisible to everyone, including the transaction itself', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'mine'), single('n', 'new')], { tx: th }));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A0');
    expect(getSingle(w, oid, 'd', 'a')).toBe('A0');
    expect(listAkeys(w, oid, 'd', th)).toEqual(['a', 'b']);
    w.d.ok({ type: 'tx.commit', th });
    expect(getSingle(w, oid, 'd', 'a')).toBe('mine');
    expect(getSingle(w, oid, 'd', 'n')).toBe('new');
  });

  it('TX-3: buffering checks permission (step 4) and object class (step 6)', () => {
    const { w, oid } = seeded();
    const ro = w.d.open(w.poh, w.cont, 'RO');
    const th = w.d.ok({ type: 'tx.open', coh: ro });
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { tx: th, coh: ro }))).toBe('NO_PERM');
    const w2 = world([['rd_fac', 1]]);
    const th2 = w2.d.ok({ type: 'tx.open', coh: w2.coh });
    const s1 = oidOf(w2, 1, 'S1');
    expect(w2.d.code(update(w2, s1, 'd', [single('a', 'x')], { tx: th2 }))).toBe('INVAL');
  });

  it('TX-3: the kind check sees the committed state plus earlier buffered writes', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code(update(w, oid, 'd', [extents('a', [0, 'x'])], { tx: th }))).toBe('NO_PERM'); // committed single
    w.d.ok(update(w, oid, 'd', [extents('arr', [0, 'x'])], { tx: th }));
    expect(w.d.code(update(w, oid, 'd', [single('arr', 'v')], { tx: th }))).toBe('NO_PERM'); // buffered array
    expect(w.d.code({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'arr', ranges: [{ offset: 3, length: 1 }], tx: th })).toBe('ok');
  });

  it('TX-3: halt and health are not checked when buffering, only at commit (HALT-4)', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    halt(w);
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { tx: th }))).toBe('ok');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('TIMEDOUT'); // reads are checked
    expect(w.d.code({ type: 'tx.commit', th })).toBe('TIMEDOUT');
  });
});

describe('TX-4 start point', () => {
  it('TX-4: the first successful operation fixes the start point; reads see the committed state as of then', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'A1')])); // before the start point: visible to the tx
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A1');
    w.d.ok(update(w, oid, 'd', [single('a', 'A2'), single('c', 'C')]));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A1');
    expect(listAkeys(w, oid, 'd', th)).toEqual(['a', 'b']);
  });

  it('TX-4 (rev. 2): an unconditional buffered write fixes no start point; the first read does', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'e', [single('z', '1')], { tx: th }));
    w.d.ok({ type: 'obj.punch', coh: w.coh, oid: oidOf(w, 7), tx: th }); // flags ignored: unconditional (PUNCH-1)
    expect(w.d.state.txs[th].startEpoch).toBeNull();
    w.d.ok(update(w, oid, 'd', [single('a', 'A2')]));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A2'); // this read fixes the start point
    w.d.ok(update(w, oid, 'd', [single('a', 'A3')]));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A2');
  });

  it('TX-4 (rev. 2): a transaction of unconditional writes takes its start point at commit: it never conflicts and lands on top', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'tx'), single('t', 'tx')], { tx: th }));
    w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'e', tx: th });
    // Other writers commit to the very units the transaction writes, after it buffered them.
    w.d.ok(update(w, oid, 'd', [single('a', 'other'), single('u', 'other')]));
    w.d.ok(update(w, oid, 'e', [single('e', 'other')]));
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ok');
    expect(txState(w, th)).toBe('COMMITTED');
    expect(getSingle(w, oid, 'd', 'a')).toBe('tx');
    expect(getSingle(w, oid, 'd', 'u')).toBe('other');
    expect(listAkeys(w, oid, 'e')).toEqual([]);
  });

  it('TX-4 with KV-3 (section 25): a commit that fixed a buffered akey\'s kind the other way makes the commit NO_PERM; the transaction stays OPEN (ERR-2)', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('k', 'tx single'), single('t', 'tx')], { tx: th }));
    w.d.ok(update(w, oid, 'd', [extents('k', [0, 'array'])])); // fixes k as an array (KV-3)
    const writes = container(w).writes.length;
    expect(w.d.code({ type: 'tx.commit', th })).toBe('NO_PERM');
    expect(txState(w, th)).toBe('OPEN');
    expect(w.d.state.txs[th].buffer.length).toBe(2);
    expect(container(w).writes.length).toBe(writes);
    expect(getSingle(w, oid, 'd', 't')).toBeNull();
    // A start point fixed after that commit does not hide it from the kind check.
    getSingle(w, oid, 'd', 'a', th);
    expect(w.d.code({ type: 'tx.commit', th })).toBe('NO_PERM');
    // With a start point before it, the commit conflicts first (TX-7 validation precedes applying).
    const th2 = w.d.ok({ type: 'tx.open', coh: w.coh });
    getSingle(w, oid, 'd', 'a', th2);
    w.d.ok(update(w, oid, 'd', [single('k2', 'tx single')], { tx: th2 }));
    w.d.ok(update(w, oid, 'd', [extents('k2', [0, 'array'])]));
    expect(w.d.code({ type: 'tx.commit', th: th2 })).toBe('TX_RESTART');
    expect(w.d.code({ type: 'tx.abort', th })).toBe('ok');
  });

  it('TX-4: an operation that fails records nothing (ERR-2)', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code(fetchOp(w, oid, 'zz', [{ akey: 'a', single: true }], { tx: th, cond: COND.DKEY_FETCH }))).toBe('NONEXIST');
    expect(w.d.state.txs[th].startEpoch).toBeNull();
    w.d.ok(update(w, oid, 'd', [single('a', 'A1')]));
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('A1');
  });
});

describe('TX-5 misuse through the ops', () => {
  it('TX-5: COMMITTED: read, write, abort, restart NO_PERM; commit ALREADY', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'tx.commit', th });
    expect(txState(w, th)).toBe('COMMITTED');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NO_PERM');
    expect(w.d.code({ type: 'obj.listDkeys', coh: w.coh, oid, tx: th })).toBe('NO_PERM');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { tx: th }))).toBe('NO_PERM');
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ALREADY');
    expect(w.d.code({ type: 'tx.abort', th })).toBe('NO_PERM');
    expect(w.d.code({ type: 'tx.restart', th })).toBe('NO_PERM');
  });

  it('TX-5: ABORTED: commit NO_PERM, abort ALREADY, restart NO_PERM, reads and writes NO_PERM', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'tx.abort', th });
    expect(txState(w, th)).toBe('ABORTED');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NO_PERM');
    expect(w.d.code({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd', tx: th })).toBe('NO_PERM');
    expect(w.d.code({ type: 'tx.commit', th })).toBe('NO_PERM');
    expect(w.d.code({ type: 'tx.abort', th })).toBe('ALREADY');
    expect(w.d.code({ type: 'tx.restart', th })).toBe('NO_PERM');
  });

  it('TX-5: FAILED: read, write, commit, abort NO_PERM; OPEN: restart NO_PERM', () => {
    const { w, oid } = seeded();
    const th = failedTx(w, oid);
    expect(txState(w, th)).toBe('FAILED');
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NO_PERM');
    expect(w.d.code(update(w, oid, 'd', [single('a', 'x')], { tx: th }))).toBe('NO_PERM');
    expect(w.d.code({ type: 'tx.commit', th })).toBe('NO_PERM');
    expect(w.d.code({ type: 'tx.abort', th })).toBe('NO_PERM');
    const open = w.d.ok({ type: 'tx.open', coh: w.coh });
    expect(w.d.code({ type: 'tx.restart', th: open })).toBe('NO_PERM');
  });

  it('TX-5 (ERR-3 step 2b before step 3): a misused transaction is NO_PERM even while halted', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'tx.abort', th });
    halt(w);
    expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NO_PERM');
  });
});

describe('TX-6 commit', () => {
  it('TX-6: with no buffered writes commit succeeds at once, without halt or health checks', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    getSingle(w, oid, 'd', 'a', th);
    w.d.ok(update(w, oid, 'd', [single('a', 'conflicting')])); // no validation without writes
    halt(w);
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ok');
    expect(txState(w, th)).toBe('COMMITTED');
  });

  it('TX-6: with writes, a halted pool gives TIMEDOUT and the transaction stays OPEN with its buffer', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'tx')], { tx: th }));
    halt(w);
    expect(w.d.code({ type: 'tx.commit', th })).toBe('TIMEDOUT');
    expect(txState(w, th)).toBe('OPEN');
    w.d.ok({ type: 'fault.restartEngine', rank: 4 }); // node 2's engines: ranks 4 and 5 (HALT-5)
    w.d.ok({ type: 'fault.restartEngine', rank: 5 });
    expect(w.d.state.pools[0].dead.some(Boolean)).toBe(false);
    // The failures also made the container UNCLEAN: TIMEDOUT (step 3) hid RF (step 5) until now (ERR-3).
    expect(w.d.code({ type: 'tx.commit', th })).toBe('RF');
    w.d.ok({ type: 'cont.setProps', coh: w.coh, entries: [['status', 'HEALTHY']] });
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ok');
    expect(getSingle(w, oid, 'd', 'a')).toBe('tx');
  });

  it('TX-6: with writes, an UNCLEAN container gives RF and the transaction stays OPEN (RF-4)', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'tx')], { tx: th }));
    w.d.ok({ type: 'fault.failTarget', rank: 0, target: 0 });
    expect(w.d.state.pools[0].containers[0].status).toBe('UNCLEAN');
    expect(w.d.code({ type: 'tx.commit', th })).toBe('RF');
    expect(txState(w, th)).toBe('OPEN');
    w.d.ok({ type: 'cont.setProps', coh: w.coh, entries: [['status', 'HEALTHY']] });
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ok');
  });

  it('TX-6: a conflict gives TX_RESTART, the state FAILED and nothing applied (ERR-2 exception)', () => {
    const { w, oid } = seeded();
    const epochBefore = () => w.d.state.pools[0].containers[0].writes.length;
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    getSingle(w, oid, 'd', 'b', th); // fixes the start point (TX-4)
    w.d.ok(update(w, oid, 'd', [single('a', 'tx'), single('t', 'tx')], { tx: th }));
    w.d.ok(update(w, oid, 'd', [single('a', 'other')]));
    const writes = epochBefore();
    expect(w.d.code({ type: 'tx.commit', th })).toBe('TX_RESTART');
    expect(txState(w, th)).toBe('FAILED');
    expect(epochBefore()).toBe(writes);
    expect(getSingle(w, oid, 'd', 'a')).toBe('other');
    expect(getSingle(w, oid, 'd', 't')).toBeNull();
  });

  it('TX-6: buffered operations apply in issue order as one atomic write', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'], tx: th });
    w.d.ok(update(w, oid, 'd', [single('a', 'after punch'), single('b', 'B1')], { tx: th }));
    w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['b'], tx: th });
    const writes = w.d.state.pools[0].containers[0].writes.length;
    w.d.ok({ type: 'tx.commit', th });
    expect(w.d.state.pools[0].containers[0].writes.length).toBe(writes + 1);
    expect(getSingle(w, oid, 'd', 'a')).toBe('after punch');
    expect(getSingle(w, oid, 'd', 'b')).toBeNull();
  });
});

describe('TX-7 conflicts', () => {
  function conflictAfter(read: (w: DataWorld, oid: Oid, th: number) => void, otherWrite: (w: DataWorld, oid: Oid) => void): string {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    read(w, oid, th);
    w.d.ok(update(w, oid, 'w', [single('w', 'w')], { tx: th })); // give the tx a write so commit validates
    otherWrite(w, oid);
    return w.d.code({ type: 'tx.commit', th });
  }
  const fetchA = (w: DataWorld, oid: Oid, th: number) => void w.d.ok(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }));

  it('TX-7: a fetch reads (oid, dkey, akey): a later write of that akey conflicts, of another akey does not', () => {
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok(update(w, oid, 'd', [single('a', 'x')])))).toBe('TX_RESTART');
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok(update(w, oid, 'd', [single('b', 'x')])))).toBe('ok');
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok(update(w, oidOf(w, 9), 'd', [single('a', 'x')])))).toBe('ok');
  });

  it('TX-7: whether or not the bytes changed', () => {
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok(update(w, oid, 'd', [single('a', 'A0')])))).toBe('TX_RESTART');
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok({ type: 'obj.punchAkeys', coh: w.coh, oid, dkey: 'd', akeys: ['a'] }))).toBe('TX_RESTART');
  });

  it('TX-7: DKEY_FETCH also reads (oid, dkey, *)', () => {
    const fetchDkey = (w: DataWorld, oid: Oid, th: number) => void w.d.ok(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th, cond: COND.DKEY_FETCH }));
    expect(conflictAfter(fetchDkey, (w, oid) => void w.d.ok(update(w, oid, 'd', [single('b', 'x')])))).toBe('TX_RESTART');
  });

  it('TX-7: listAkeys reads (oid, dkey, *); listDkeys reads (oid, *, *)', () => {
    const la = (w: DataWorld, oid: Oid, th: number) => void listAkeys(w, oid, 'd', th);
    const ld = (w: DataWorld, oid: Oid, th: number) => void listDkeys(w, oid, th);
    expect(conflictAfter(la, (w, oid) => void w.d.ok(update(w, oid, 'd', [single('zz', 'x')])))).toBe('TX_RESTART');
    expect(conflictAfter(la, (w, oid) => void w.d.ok(update(w, oid, 'e', [single('zz', 'x')])))).toBe('ok');
    expect(conflictAfter(ld, (w, oid) => void w.d.ok(update(w, oid, 'e', [single('zz', 'x')])))).toBe('TX_RESTART');
  });

  it('TX-7: a dkey punch writes (oid, dkey, *), an object punch (oid, *, *), a rollback every unit', () => {
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'd' }))).toBe('TX_RESTART');
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok({ type: 'obj.punchDkey', coh: w.coh, oid, dkey: 'e' }))).toBe('ok');
    expect(conflictAfter(fetchA, (w, oid) => void w.d.ok({ type: 'obj.punch', coh: w.coh, oid }))).toBe('TX_RESTART');
    const { w, oid } = seeded();
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    listDkeys(w, oidOf(w, 50), th); // fixes the start point (TX-4)
    w.d.ok(update(w, oidOf(w, 50), 'q', [single('q', 'q')], { tx: th }));
    w.d.ok({ type: 'cont.rollback', coh: w.coh, token: t });
    expect(w.d.code({ type: 'tx.commit', th })).toBe('TX_RESTART');
    void oid;
  });

  it('TX-7: written units conflict too, and writes committed before the start point do not', () => {
    const { w, oid } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('a', 'before start')])); // start point not yet fixed
    getSingle(w, oid, 'q', 'q', th); // fixes it (TX-4)
    w.d.ok(update(w, oid, 'd', [single('a', 'tx')], { tx: th }));
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ok');
    const th2 = w.d.ok({ type: 'tx.open', coh: w.coh });
    getSingle(w, oid, 'q', 'q', th2);
    w.d.ok(update(w, oid, 'd', [extents('arr', [0, 'x'])], { tx: th2 }));
    w.d.ok({ type: 'obj.punchExtents', coh: w.coh, oid, dkey: 'd', akey: 'arr', ranges: [{ offset: 9, length: 1 }] });
    expect(w.d.code({ type: 'tx.commit', th: th2 })).toBe('TX_RESTART');
  });
});

describe('TX-8 restart', () => {
  it('TX-8: restart drops the buffer, the read record and the start point, and returns to OPEN', () => {
    const { w, oid } = seeded();
    const th = failedTx(w, oid);
    expect(w.d.code({ type: 'tx.restart', th })).toBe('ok');
    expect(txState(w, th)).toBe('OPEN');
    expect(getSingle(w, oid, 'd', 'a', th)).toBe('other'); // a new start point
    expect(w.d.code({ type: 'tx.commit', th })).toBe('ok');
    expect(getSingle(w, oid, 'd', 'x')).toBeNull(); // the dropped buffer was never applied
  });
});

describe('TX-9 read-only transactions and standalone operations', () => {
  it('TX-9: read-only and snapshot transactions never conflict; their commit yields COMMITTED', () => {
    const { w, oid } = seeded();
    const ro = w.d.ok({ type: 'tx.open', coh: w.coh, readOnly: true });
    const t = w.d.ok({ type: 'snap.create', coh: w.coh });
    const snap = w.d.ok({ type: 'tx.openSnapshot', coh: w.coh, token: t });
    getSingle(w, oid, 'd', 'a', ro);
    getSingle(w, oid, 'd', 'a', snap);
    w.d.ok(update(w, oid, 'd', [single('a', 'x')]));
    expect(w.d.code({ type: 'tx.commit', th: ro })).toBe('ok');
    expect(w.d.code({ type: 'tx.commit', th: snap })).toBe('ok');
    expect(txState(w, ro)).toBe('COMMITTED');
  });

  it('TX-9: operations without a transaction never conflict; each commits as its own write', () => {
    const { w, oid } = seeded();
    const n = w.d.state.pools[0].containers[0].writes.length;
    w.d.ok(update(w, oid, 'd', [single('a', '1')]));
    w.d.ok(update(w, oid, 'd', [single('a', '2')]));
    expect(w.d.state.pools[0].containers[0].writes.length).toBe(n + 2);
    expect(getSingle(w, oid, 'd', 'a')).toBe('2');
  });
});

describe('TX-10 close', () => {
  it('TX-10: close works in every state; the handle becomes invalid and uncommitted writes are dropped', () => {
    const { w, oid } = seeded();
    const open = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok(update(w, oid, 'd', [single('dropped', 'x')], { tx: open }));
    const committed = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'tx.commit', th: committed });
    const aborted = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'tx.abort', th: aborted });
    const failed = failedTx(w, oid);
    for (const th of [open, committed, aborted, failed]) {
      expect(w.d.code({ type: 'tx.close', th })).toBe('ok');
      expect(w.d.code({ type: 'tx.close', th })).toBe('NO_HDL');
      expect(w.d.code({ type: 'tx.commit', th })).toBe('NO_HDL');
      expect(w.d.code(fetchOp(w, oid, 'd', [{ akey: 'a', single: true }], { tx: th }))).toBe('NO_HDL');
    }
    expect(getSingle(w, oid, 'd', 'dropped')).toBeNull();
  });

  it('TX-10 with CONT-3: closing the container handle invalidates its transactions', () => {
    const { w } = seeded();
    const th = w.d.ok({ type: 'tx.open', coh: w.coh });
    w.d.ok({ type: 'cont.close', coh: w.coh });
    expect(w.d.code({ type: 'tx.commit', th })).toBe('NO_HDL');
  });
});
