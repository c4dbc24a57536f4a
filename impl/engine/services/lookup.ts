import { err, ok, type Outcome } from '../../../contract/index.ts';
import { isReference, isUuidForm } from '../args/labels.ts';
import { assert } from '../assert.ts';
import type { Container } from '../state/container.ts';
import type { ContHandle, PoolHandle } from '../state/handles.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { Tx } from '../state/tx.ts';

/**
 * Step 2 of the error precedence (section 22): resolving handles and named entities. Each resolver
 * answers `Outcome<T>`: the entity, or the error outcome the handler returns as it is.
 */

/**
 * LABEL-5: UUID form looks up an id, label syntax a label; no match is NONEXIST. A reference of
 * neither form is INVAL (step 1, section 25): pool ops check nothing of a later step before the pool.
 */
export function findPool(s: RunningState, ref: string): Outcome<Pool> {
  if (!isReference(ref)) return err('INVAL');
  if (isUuidForm(ref)) {
    const pool = s.pools.get(ref.toLowerCase());
    return pool ? ok(pool) : err('NONEXIST');
  }
  for (const pool of s.pools.values()) if (pool.label === ref) return ok(pool);
  return err('NONEXIST');
}

/** LABEL-5 within one pool. Callers check isReference at step 1, before their handles. */
export function findContainer(pool: Pool, ref: string): Outcome<Container> {
  if (!isReference(ref)) return err('INVAL');
  if (isUuidForm(ref)) {
    const cont = pool.containers.get(ref.toLowerCase());
    return cont ? ok(cont) : err('NONEXIST');
  }
  for (const cont of pool.containers.values()) if (cont.label === ref) return ok(cont);
  return err('NONEXIST');
}

/** A live pool handle and the pool it is connected to. */
export interface ConnectedPool {
  readonly handle: PoolHandle;
  readonly pool: Pool;
}

export function findPoolHandle(s: RunningState, poh: number): Outcome<ConnectedPool> {
  const handle = s.poolHandles.get(poh);
  if (!handle) return err('NO_HDL');
  const pool = s.pools.get(handle.poolId);
  assert(pool !== undefined, 'a pool handle outlived its pool');
  return ok({ handle, pool });
}

/** A live container handle, its pool and its container. */
export interface OpenCont {
  readonly handle: ContHandle;
  readonly pool: Pool;
  readonly cont: Container;
}

export function findContHandle(s: RunningState, coh: number): Outcome<OpenCont> {
  const handle = s.contHandles.get(coh);
  if (!handle) return err('NO_HDL');
  const pool = s.pools.get(handle.poolId);
  const cont = pool?.containers.get(handle.contId);
  assert(pool !== undefined && cont !== undefined, 'a container handle outlived its container');
  return ok({ handle, pool, cont });
}

/** A valid container handle that holds `cap` (ACL-14: capabilities fixed at open): NO_HDL, then NO_PERM. */
export function findContHandleWith(s: RunningState, coh: number, cap: number): Outcome<OpenCont> {
  const result = findContHandle(s, coh);
  if (result.ok && !(result.value.handle.caps & cap)) return err('NO_PERM');
  return result;
}

export function findTx(s: RunningState, th: number): Outcome<Tx> {
  const tx = s.txs.get(th);
  return tx ? ok(tx) : err('NO_HDL');
}
