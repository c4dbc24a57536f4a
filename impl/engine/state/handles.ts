import type { AccessMode, Principal } from '../../../contract/index.ts';

/**
 * Pool and container handles and the capability bits they hold, fixed when they are issued (ACL-12,
 * ACL-13, ACL-14). Every change to the handle tables goes through services/handle-table.ts.
 */
export interface PoolHandle {
  readonly id: number;
  readonly poolId: string;
  readonly principal: Principal;
  readonly mode: AccessMode;
  /** ACL-12 capability bits (CAP_POOL_*). */
  readonly caps: number;
  readonly contHandles: Set<number>;
}

/**
 * A container handle. Its principal is its pool handle's (section 1); nothing after the open reads
 * it (ACL-14: the capabilities were fixed then), so it is not kept twice.
 */
export interface ContHandle {
  readonly id: number;
  readonly poh: number;
  readonly poolId: string;
  readonly contId: string;
  readonly mode: AccessMode;
  /** ACL-13 capability bits (CAP). */
  readonly caps: number;
  readonly txs: Set<number>;
}

/** ACL-12 pool capability bits. */
export const CAP_POOL_READ = 1;
export const CAP_POOL_CREATE = 2;
export const CAP_POOL_DELETE = 4;

/** ACL-13 container capability bits. */
export const CAP = {
  READ_DATA: 1,
  WRITE_DATA: 2,
  GET_PROP: 4,
  SET_PROP: 8,
  GET_ACL: 16,
  SET_ACL: 32,
  SET_OWNER: 64,
  DELETE: 128,
  OPEN_EX: 256,
} as const;
