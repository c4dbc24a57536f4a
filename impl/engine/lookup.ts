import { err, type ErrOutcome } from '../../contract/index.ts';
import { isUuidForm } from './labels.ts';
import type { ContHandle, Container, EngineState, Pool, PoolHandle, Tx } from './state.ts';

/**
 * Step 2 of the error precedence (section 22): resolving handles and named entities. Each resolver
 * returns the entity or the error outcome to return.
 */
export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrOutcome };

const found = <T>(value: T): Found<T> => ({ ok: true, value });
const missing = <T>(name: 'NO_HDL' | 'NONEXIST' | 'NO_PERM'): Found<T> => ({ ok: false, error: err(name) });

/** LABEL-5: UUID form looks up an id, anything else a label. */
export function findPool(s: EngineState, ref: string): Found<Pool> {
  if (typeof ref !== 'string') return missing('NONEXIST');
  if (isUuidForm(ref)) {
    const pool = s.pools.get(ref.toLowerCase());
    return pool ? found(pool) : missing('NONEXIST');
  }
  for (const pool of s.pools.values()) if (pool.label === ref) return found(pool);
  return missing('NONEXIST');
}

export function findContainer(pool: Pool, ref: string): Found<Container> {
  if (typeof ref !== 'string') return missing('NONEXIST');
  if (isUuidForm(ref)) {
    const cont = pool.containers.get(ref.toLowerCase());
    return cont ? found(cont) : missing('NONEXIST');
  }
  for (const cont of pool.containers.values()) if (cont.label === ref) return found(cont);
  return missing('NONEXIST');
}

export function findPoolHandle(s: EngineState, poh: number): Found<PoolHandle> {
  const h = s.poolHandles.get(poh);
  return h ? found(h) : missing('NO_HDL');
}

export interface OpenCont {
  readonly handle: ContHandle;
  readonly pool: Pool;
  readonly cont: Container;
}

export function findContHandle(s: EngineState, coh: number): Found<OpenCont> {
  const handle = s.contHandles.get(coh);
  if (!handle) return missing('NO_HDL');
  const pool = s.pools.get(handle.poolId);
  const cont = pool?.containers.get(handle.contId);
  if (!pool || !cont) throw new Error(`container handle ${coh} outlived its container`);
  return found({ handle, pool, cont });
}

/** A valid container handle that holds `cap` (ACL-14: capabilities fixed at open): NO_HDL, then NO_PERM. */
export function findContHandleWith(s: EngineState, coh: number, cap: number): Found<OpenCont> {
  const result = findContHandle(s, coh);
  if (result.ok && !(result.value.handle.caps & cap)) return missing('NO_PERM');
  return result;
}

export function findTx(s: EngineState, th: number): Found<Tx> {
  const tx = s.txs.get(th);
  return tx ? found(tx) : missing('NO_HDL');
}
