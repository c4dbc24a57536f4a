import type { AccessMode, Principal } from '../../../contract/index.ts';
import { assert } from '../assert.ts';
import type { Container } from '../state/container.ts';
import type { ContHandle, PoolHandle } from '../state/handles.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { Tx } from '../state/tx.ts';

/**
 * Every change to the engine's handle tables: pool handles, container handles and transactions, with
 * the back-references that tie them to pools, containers and each other (pool.handles,
 * poh.contHandles, cont.handles, coh.txs), so both directions always agree (the first checks of
 * invariants/engine-invariants.ts). Removing a container or a pool drops every handle on it, so those
 * removals are here too. The services decide whether a change is allowed; this module only makes it.
 */

/** Handles are numbered from here (the model numbers its own; they are compared by identity). */
export const FIRST_HANDLE = 1001;

function issueHandle(s: RunningState): number {
  return s.nextHandle++;
}

/** POOL-4: a new pool handle on `pool`. */
export function connectPool(s: RunningState, pool: Pool, principal: Principal, mode: AccessMode, caps: number): number {
  const id = issueHandle(s);
  s.poolHandles.set(id, { id, poolId: pool.id, principal, mode, caps, contHandles: new Set() });
  pool.handles.add(id);
  return id;
}

/** POOL-5: drops a pool handle that holds no container handle. */
export function disconnectPool(s: RunningState, poh: PoolHandle, pool: Pool): void {
  assert(poh.contHandles.size === 0, 'a pool handle disconnects with container handles open');
  assert(poh.poolId === pool.id, 'a pool handle disconnects from a pool it is not connected to');
  s.poolHandles.delete(poh.id);
  pool.handles.delete(poh.id);
  forgetOrphansOf(s, poh.id);
}

/** CONT-2: a new container handle on `cont`, under pool handle `poh`. */
export function openContainer(s: RunningState, poh: PoolHandle, cont: Container, mode: AccessMode, caps: number): number {
  assert(poh.poolId === cont.poolId, 'a container opened through a handle of another pool');
  const id = issueHandle(s);
  s.contHandles.set(id, { id, poh: poh.id, poolId: cont.poolId, contId: cont.id, mode, caps, txs: new Set() });
  cont.handles.add(id);
  poh.contHandles.add(id);
  return id;
}

/** CONT-3: drops a container handle and its transactions. */
export function closeContainer(s: RunningState, coh: number): void {
  const h = s.contHandles.get(coh);
  if (!h) return;
  for (const th of h.txs) s.txs.delete(th);
  s.contHandles.delete(coh);
  s.poolHandles.get(h.poh)?.contHandles.delete(coh);
  s.pools.get(h.poolId)?.containers.get(h.contId)?.handles.delete(coh);
}

/** TX-1: a new transaction under container handle `coh`, reading at `snapshot` when it is a snapshot one. */
export function openTx(s: RunningState, coh: ContHandle, readOnly: boolean, snapshot: number | null): number {
  const id = issueHandle(s);
  const tx: Tx = { id, coh: coh.id, readOnly, snapshot, state: 'OPEN', startEpoch: snapshot, reads: [], writes: [], buffer: [] };
  s.txs.set(id, tx);
  coh.txs.add(id);
  return id;
}

/** TX-5: forgets a transaction. */
export function closeTx(s: RunningState, tx: Tx): void {
  s.txs.delete(tx.id);
  s.contHandles.get(tx.coh)?.txs.delete(tx.id);
}

/** CONT-4 / POOL-7: removes a container, its data and every handle on it. */
export function removeContainer(s: RunningState, pool: Pool, cont: Container): void {
  for (const coh of [...cont.handles]) closeContainer(s, coh);
  pool.containers.delete(cont.id);
  s.cluster.dropContainer(cont.id);
}

/**
 * CONT-4 with force, ERR-7 (rev. 2): removes a container whose open handles each stay closable once
 * (`ok`), until closed or until the pool handle they were opened through goes away (section 25).
 */
export function destroyContainer(s: RunningState, pool: Pool, cont: Container): void {
  for (const coh of cont.handles) {
    const h = s.contHandles.get(coh);
    assert(h !== undefined, 'a container lists a handle the table does not hold');
    s.orphanedContHandles.set(coh, h.poh);
  }
  removeContainer(s, pool, cont);
}

/** ERR-7: the one `ok` close of a handle orphaned by a forced cont.destroy; false if `coh` is not one. */
export function closeOrphan(s: RunningState, coh: number): boolean {
  assert(!s.orphanedContHandles.has(coh) || !s.contHandles.has(coh), 'an orphaned container handle is still open');
  return s.orphanedContHandles.delete(coh);
}

/** Section 25: orphaned handles lose their close exception with the pool handle they came through. */
function forgetOrphansOf(s: RunningState, poh: number): void {
  if (s.orphanedContHandles.size === 0) return;
  for (const [coh, through] of s.orphanedContHandles) if (through === poh) s.orphanedContHandles.delete(coh);
}

/** POOL-7: removes a pool, its containers and every handle on them (no ERR-7 exception survives). */
export function removePool(s: RunningState, pool: Pool): void {
  for (const cont of [...pool.containers.values()]) removeContainer(s, pool, cont);
  for (const poh of pool.handles) {
    s.poolHandles.delete(poh);
    forgetOrphansOf(s, poh);
  }
  s.pools.delete(pool.id);
}
