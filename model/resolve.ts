import { own } from './cow.ts';
import type { Draftable, StepContext } from './framework.ts';
import type { ContainerState, ContHandleState, PoolHandleState, PoolState, SystemState, TxState } from './state.ts';

/**
 * Step 2 of section 22: resolving handles and named entities. Each resolver returns the entity or
 * the error name the spec assigns; callers check handles in argument order (ERR-3).
 *
 * The resolvers return what the draft holds, for reading. A handler about to change an entity
 * takes it with an own* resolver (model/cow.ts), which makes the path from the draft's root to it
 * the step's own copies, and from then on uses only that reference.
 */

const UUID_FORM = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** LABEL-2, LABEL-5: the textual form of a UUID, either case. */
export function isUuidForm(text: string): boolean {
  return UUID_FORM.test(text);
}

/** Deterministic UUID-form ids: the model's ids are compared by identity only (section 24). */
export function modelUuid(kind: 'pool' | 'cont', serial: number): string {
  const tag = kind === 'pool' ? '0001' : '0002';
  return `00000000-${tag}-4000-8000-${serial.toString(16).padStart(12, '0')}`;
}

/** LABEL-5: an argument with UUID form is an id, any other a label; no match is NONEXIST. */
export function findPool(draft: Draftable, ref: string): PoolState | undefined {
  const byId = isUuidForm(ref);
  return draft.pools.find((p) => (byId ? p.id.toLowerCase() === ref.toLowerCase() : p.label === ref)) as PoolState | undefined;
}

/** LABEL-5 within one pool. */
export function findContainer(pool: PoolState, ref: string): ContainerState | undefined {
  const byId = isUuidForm(ref);
  return pool.containers.find((c) => (byId ? c.id.toLowerCase() === ref.toLowerCase() : c.label === ref));
}

export function poolById(draft: Draftable, id: string): PoolState {
  const pool = draft.pools.find((p) => p.id === id);
  if (!pool) throw new Error(`model invariant: live handle refers to missing pool ${id}`);
  return pool as PoolState;
}

export function containerById(pool: PoolState, id: string): ContainerState {
  const cont = pool.containers.find((c) => c.id === id);
  if (!cont) throw new Error(`model invariant: live handle refers to missing container ${id}`);
  return cont;
}

/** ERR-7: a handle never issued, closed, or invalidated yields NO_HDL. */
export function poolHandle(draft: Draftable, poh: number): PoolHandleState | undefined {
  return Object.prototype.hasOwnProperty.call(draft.poolHandles, poh) ? (draft.poolHandles[poh] as PoolHandleState) : undefined;
}

export function contHandle(draft: Draftable, coh: number): ContHandleState | undefined {
  return Object.prototype.hasOwnProperty.call(draft.contHandles, coh) ? (draft.contHandles[coh] as ContHandleState) : undefined;
}

export function txHandle(draft: Draftable, th: number): TxState | undefined {
  return Object.prototype.hasOwnProperty.call(draft.txs, th) ? (draft.txs[th] as TxState) : undefined;
}

/** The pool and container a valid container handle refers to. */
export function contOfHandle(draft: Draftable, handle: ContHandleState): { pool: PoolState; cont: ContainerState } {
  const pool = poolById(draft, handle.poolId);
  return { pool, cont: containerById(pool, handle.contId) };
}

/** The pool with id `id`, owned by this step (copy-on-write). */
export function ownPool(draft: Draftable, id: string): PoolState {
  const pools = own(draft, 'pools');
  const at = pools.findIndex((p) => p.id === id);
  if (at < 0) throw new Error(`model invariant: no pool ${id} to change`);
  return own(pools, at) as PoolState;
}

/** Every pool, each owned by this step (faults and restarts may change any pool's map). */
export function ownPools(draft: Draftable): PoolState[] {
  const pools = own(draft, 'pools');
  for (let at = 0; at < pools.length; at++) own(pools, at);
  return pools as PoolState[];
}

/** The container `cont` (found by its pool and id), owned by this step. */
export function ownContainer(draft: Draftable, cont: Pick<ContainerState, 'poolId' | 'id'>): ContainerState {
  const containers = own(ownPool(draft, cont.poolId), 'containers');
  const at = containers.findIndex((c) => c.id === cont.id);
  if (at < 0) throw new Error(`model invariant: no container ${cont.id} to change`);
  return own(containers, at);
}

/** The transaction `th` (which must exist), owned by this step. */
export function ownTx(draft: Draftable, th: number): TxState {
  if (!txHandle(draft, th)) throw new Error(`model invariant: no transaction ${th} to change`);
  return own(own(draft, 'txs'), th) as TxState;
}

/** The system (which must exist), owned by this step. */
export function ownSystem(draft: Draftable): SystemState {
  if (draft.system === null) throw new Error('model invariant: no system to change');
  return own(draft, 'system') as SystemState;
}

/** HALT-4: a pool with at least one dead target is halted. */
export function isHalted(pool: PoolState): boolean {
  return pool.dead.some(Boolean);
}

/** Issues the next handle number (shared by pool, container and transaction handles). */
export function issueHandle(draft: Draftable): number {
  const handle = draft.nextHandle;
  draft.nextHandle = handle + 1;
  return handle;
}

/** Removes every container and transaction handle of a container (CONT-3, CONT-4, POOL-7). */
export function dropContainerHandles(draft: Draftable, contId: string): void {
  for (const [coh, h] of Object.entries(draft.contHandles)) {
    if (h.contId !== contId) continue;
    dropTxHandlesOf(draft, Number(coh));
    delete own(draft, 'contHandles')[Number(coh)];
  }
}

/**
 * Invalidates a pool handle (POOL-5, POOL-7). Container handles orphaned by a forced cont.destroy
 * and opened through it lose their ERR-7 close exception with it (section 25).
 */
export function dropPoolHandle(draft: Draftable, poh: number): void {
  delete own(draft, 'poolHandles')[poh];
  for (const [coh, orphan] of Object.entries(draft.orphanedContHandles)) if (orphan.poh === poh) delete own(draft, 'orphanedContHandles')[Number(coh)];
}

/** CONT-3: a transaction cannot outlive its container handle. */
export function dropTxHandlesOf(draft: Draftable, coh: number): void {
  for (const [th, tx] of Object.entries(draft.txs)) if (tx.coh === coh) delete own(draft, 'txs')[Number(th)];
}

export type { StepContext };
