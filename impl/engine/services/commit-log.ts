import type { Container } from '../state/container.ts';
import type { RunningState } from '../state/running.ts';
import type { WriteUnit } from '../state/tx.ts';

/**
 * TX-7's deterministic conflict rule over a container's commit log: a commit conflicts when a unit
 * it read or wrote overlaps a unit written by a commit newer than its start point. Units are
 * `(oid, dkey, akey)` with null standing for `*`; two overlap when they agree on every component
 * where neither is `*`.
 */
export const WHOLE_CONTAINER: WriteUnit = { oid: null, dkey: null, akey: null };

function agree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

export function unitsOverlap(a: WriteUnit, b: WriteUnit): boolean {
  return agree(a.oid, b.oid) && agree(a.dkey, b.dkey) && agree(a.akey, b.akey);
}

export function anyOverlap(as: readonly WriteUnit[], bs: readonly WriteUnit[]): boolean {
  for (const a of as) for (const b of bs) if (unitsOverlap(a, b)) return true;
  return false;
}

/**
 * Keeps the commit log bounded: only writes newer than the oldest start point of an OPEN transaction
 * on the container can ever conflict (TX-7), so older records are dropped.
 */
export function pruneCommitLog(s: RunningState, cont: Container): void {
  let oldest = Infinity;
  for (const coh of cont.handles) {
    for (const th of s.contHandles.get(coh)?.txs ?? []) {
      const tx = s.txs.get(th);
      if (tx && tx.state === 'OPEN' && tx.snapshot === null && tx.startEpoch !== null) oldest = Math.min(oldest, tx.startEpoch);
    }
  }
  if (oldest === Infinity) cont.commitLog = [];
  else if (cont.commitLog.length > 0 && cont.commitLog[0].epoch <= oldest) cont.commitLog = cont.commitLog.filter((r) => r.epoch > oldest);
}
