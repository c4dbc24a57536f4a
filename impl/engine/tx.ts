import { err, ok, type OpOf, type OpValueMap, type Outcome } from '../../contract/index.ts';
import { findContHandle, findTx } from './lookup.ts';
import { applyWrite } from './object-client.ts';
import { isHalted } from './pool-service.ts';
import { issueHandle, nextEpoch, type EngineState, type Tx } from './state.ts';
import { anyOverlap, pruneCommitLog } from './units.ts';

/**
 * Transactions (TX-1..10): lifecycle per TX-5's table, buffered writes applied at commit as one
 * atomic write at one epoch, and TX-7's deterministic conflict rule against the container's commit
 * log. Object operations inside a transaction are in object-client.ts.
 */
type R<K extends keyof OpValueMap> = Outcome<OpValueMap[K]>;

function newTx(s: EngineState, coh: number, readOnly: boolean, snapshot: number | null): number {
  const id = issueHandle(s);
  const tx: Tx = { id, coh, readOnly, snapshot, state: 'OPEN', startEpoch: snapshot, reads: [], writes: [], buffer: [] };
  s.txs.set(id, tx);
  s.contHandles.get(coh)!.txs.add(id);
  return id;
}

export function txOpen(s: EngineState, op: OpOf<'tx.open'>): R<'tx.open'> {
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found.error;
  return ok(newTx(s, op.coh, op.readOnly === true, null));
}

export function txOpenSnapshot(s: EngineState, op: OpOf<'tx.openSnapshot'>): R<'tx.openSnapshot'> {
  if (op.token === 0) return err('INVAL');
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found.error;
  if (!found.value.cont.snapshots.includes(op.token)) return err('NONEXIST');
  return ok(newTx(s, op.coh, true, op.token));
}

export function txCommit(s: EngineState, op: OpOf<'tx.commit'>): R<'tx.commit'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found.error;
  const tx = found.value;
  if (tx.state === 'COMMITTED') return err('ALREADY');
  if (tx.state !== 'OPEN') return err('NO_PERM');
  if (tx.buffer.length === 0) {
    tx.state = 'COMMITTED';
    return ok(null);
  }
  const owner = findContHandle(s, tx.coh);
  if (!owner.ok) throw new Error(`transaction ${tx.id} outlived its container handle`);
  const { pool, cont } = owner.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  if (cont.status === 'UNCLEAN') return err('RF');
  const start = tx.startEpoch!;
  const units = [...tx.reads, ...tx.writes];
  for (const rec of cont.commitLog) {
    if (rec.epoch <= start) continue;
    if (anyOverlap(units, rec.units)) {
      // ERR-2's one exception: the failed commit moves the transaction to FAILED.
      tx.state = 'FAILED';
      return err('TX_RESTART');
    }
  }
  const epoch = nextEpoch(s, cont);
  for (const w of tx.buffer) applyWrite(s, pool, cont, w, epoch);
  cont.commitLog.push({ epoch, units: [...tx.writes] });
  tx.state = 'COMMITTED';
  pruneCommitLog(s, cont);
  return ok(null);
}

export function txAbort(s: EngineState, op: OpOf<'tx.abort'>): R<'tx.abort'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found.error;
  const tx = found.value;
  if (tx.state === 'ABORTED') return err('ALREADY');
  if (tx.state !== 'OPEN') return err('NO_PERM');
  tx.state = 'ABORTED';
  tx.buffer.length = 0;
  return ok(null);
}

export function txRestart(s: EngineState, op: OpOf<'tx.restart'>): R<'tx.restart'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found.error;
  const tx = found.value;
  if (tx.state !== 'FAILED') return err('NO_PERM');
  tx.state = 'OPEN';
  tx.buffer.length = 0;
  tx.reads.length = 0;
  tx.writes.length = 0;
  tx.startEpoch = tx.snapshot;
  return ok(null);
}

export function txClose(s: EngineState, op: OpOf<'tx.close'>): R<'tx.close'> {
  const found = findTx(s, op.th);
  if (!found.ok) return found.error;
  s.txs.delete(op.th);
  s.contHandles.get(found.value.coh)?.txs.delete(op.th);
  return ok(null);
}
