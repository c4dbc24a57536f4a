import { err, oidKey, ok, type OpOf } from '../../../contract/index.ts';
import { assert } from '../assert.ts';
import { akeyId } from '../io/keys.ts';
import type { Container } from '../state/container.ts';
import { isHalted } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { BufferedWrite } from '../state/tx.ts';
import { anyOverlap, pruneCommitLog } from './commit-log.ts';
import { closeTx, openTx } from './handle-table.ts';
import type { OpResult } from './handler.ts';
import { findContHandle, findTx } from './lookup.ts';
import { applyWrite } from './apply-write.ts';

/**
 * Transactions (TX-1..10): lifecycle per TX-5's table, buffered writes applied at commit as one
 * atomic write at one epoch, and TX-7's deterministic conflict rule against the container's commit
 * log from the start point (TX-4: fixed by the first read, else at commit). Object operations
 * inside a transaction are in object-client.ts.
 */
export function txOpen(s: RunningState, op: OpOf<'tx.open'>): OpResult<'tx.open'> {
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  return ok(openTx(s, found.value.handle, op.readOnly === true, null));
}

export function txOpenSnapshot(s: RunningState, op: OpOf<'tx.openSnapshot'>): OpResult<'tx.openSnapshot'> {
  if (op.token === 0) return err('INVAL');
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  if (!found.value.cont.snapshots.includes(op.token)) return err('NONEXIST');
  return ok(openTx(s, found.value.handle, true, op.token));
}

export function txCommit(s: RunningState, op: OpOf<'tx.commit'>): OpResult<'tx.commit'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found;
  const tx = found.value;
  if (tx.state === 'COMMITTED') return err('ALREADY');
  if (tx.state !== 'OPEN') return err('NO_PERM');
  if (tx.buffer.length === 0) {
    tx.state = 'COMMITTED';
    return ok(null);
  }
  const owner = findContHandle(s, tx.coh);
  assert(owner.ok, 'a transaction outlived its container handle');
  const { pool, cont } = owner.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  if (cont.status === 'UNCLEAN') return err('RF');
  // TX-4 (rev. 2): a transaction that never read takes its start point now, so nothing committed
  // after it can exist and it never conflicts.
  const start = tx.startEpoch ?? cont.latestEpoch;
  assert(tx.startEpoch !== null || tx.reads.length === 0, 'TX-4: a transaction read without fixing its start point');
  const units = [...tx.reads, ...tx.writes];
  for (const rec of cont.commitLog) {
    if (rec.epoch <= start) continue;
    if (anyOverlap(units, rec.units)) {
      // ERR-2's one exception: the failed commit moves the transaction to FAILED.
      tx.state = 'FAILED';
      return err('TX_RESTART');
    }
  }
  // KV-3 at commit (section 25): a commit since a write was buffered may have fixed its akey's kind
  // the other way, unseen by TX-7 when the start point came later or at commit. NO_PERM; nothing is
  // applied and the transaction stays OPEN with its buffer (ERR-2).
  if (tx.buffer.some((w) => kindClash(cont, w))) return err('NO_PERM');
  const epoch = s.clock.nextEpoch(cont);
  for (const w of tx.buffer) applyWrite(s, pool, cont, w, epoch);
  cont.commitLog.push({ epoch, units: [...tx.writes] });
  tx.state = 'COMMITTED';
  pruneCommitLog(s, cont);
  return ok(null);
}

/** KV-3: does a buffered write meet an akey whose committed kind is the other one? */
function kindClash(cont: Container, w: BufferedWrite): boolean {
  if (w.kind !== 'update' && w.kind !== 'punchExtents') return false;
  const key = oidKey(w.oid);
  const committed = (akey: string) => cont.akeys.get(akeyId(key, w.dkey, akey))?.kind;
  if (w.kind === 'punchExtents') return committed(w.akey) === 'single';
  return w.iods.some((iod) => {
    const kind = committed(iod.akey);
    return kind !== undefined && kind !== ('single' in iod ? 'single' : 'array');
  });
}

export function txAbort(s: RunningState, op: OpOf<'tx.abort'>): OpResult<'tx.abort'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found;
  const tx = found.value;
  if (tx.state === 'ABORTED') return err('ALREADY');
  if (tx.state !== 'OPEN') return err('NO_PERM');
  tx.state = 'ABORTED';
  tx.buffer.length = 0;
  return ok(null);
}

export function txRestart(s: RunningState, op: OpOf<'tx.restart'>): OpResult<'tx.restart'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found;
  const tx = found.value;
  if (tx.state !== 'FAILED') return err('NO_PERM');
  tx.state = 'OPEN';
  tx.buffer.length = 0;
  tx.reads.length = 0;
  tx.writes.length = 0;
  tx.startEpoch = tx.snapshot;
  return ok(null);
}

export function txClose(s: RunningState, op: OpOf<'tx.close'>): OpResult<'tx.close'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found;
  closeTx(s, found.value);
  return ok(null);
}
