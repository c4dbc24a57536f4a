import type { JumpMapPlacer, PoolMap } from '../../placement/index.ts';
import type { Ace } from '../args/acl.ts';
import type { Container } from './container.ts';

/**
 * A pool as the pool service keeps it (POOL-*, MAP-*, HALT-*): its label, ACL and attributes, its
 * pool map, failure events and dead targets, its containers and the pool handles connected to it. Metadata only, as DAOS keeps it
 * in the pool service's replicated database; object data lives on the targets (sim/cluster.ts).
 */

/** MAP-7: a failure event of one target, open at `openedAt`, closed at `closedAt` (null while open). */
export interface FailureEvent {
  readonly target: number;
  readonly openedAt: number;
  closedAt: number | null;
}

export interface Pool {
  readonly id: string;
  /** LABEL-1..4; changed by pool.setProps (POOL-9). */
  label: string | undefined;
  readonly owner: string;
  readonly ownerGroup: string;
  /** The pool ACL in canonical order (ACL-7); changed by the pool ACL operations (POOL-8). */
  acl: Ace[];
  readonly rdFac: number;
  readonly ecCellSz: number;
  map: PoolMap;
  readonly placer: JumpMapPlacer;
  /** io/replicas.ts placementMap cache. */
  placementCache?: { readonly base: PoolMap; readonly liveness: number; readonly map: PoolMap };
  readonly failureEvents: FailureEvent[];
  /** HALT-2: targets whose automatic exclusion was refused, until restart or manual exclusion. */
  readonly deadTargets: Set<number>;
  /** MAP-10: some pool.rebuild changed a target. */
  rebuildChangedSomething: boolean;
  /** Containers in creation order. */
  readonly containers: Map<string, Container>;
  /** Pool handles connected to this pool (services/handle-table.ts keeps this in step). */
  readonly handles: Set<number>;
  /** Pool attributes (POOL-10, ATTR-1..5), set through pool handles; they go with the pool. */
  readonly attrs: Map<string, Uint8Array>;
}

/** HALT-4: a pool with a dead target is halted until the target is back or excluded. */
export function isHalted(pool: Pool): boolean {
  return pool.deadTargets.size > 0;
}
