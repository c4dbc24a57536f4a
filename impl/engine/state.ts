import type { AccessMode, Oid, Principal, PropValue } from '../../contract/index.ts';
import type { JumpMapPlacer, PoolMap } from '../placement/index.ts';
import type { Ace } from './acl.ts';
import type { Bus } from './bus.ts';
import type { Cluster } from './cluster.ts';
import type { VosStoreApi } from '../vos/index.ts';
import type { Prng } from './prng.ts';
import type { EcContainerState } from './ec-state.ts';
import type { GroupState } from './replicas.ts';
import type { WriteUnit } from './units.ts';

/**
 * The engine's service state: pools (pool service), containers (container service), handles and
 * transactions. Object data lives on the targets (cluster.ts); what is here is metadata the services
 * own, as DAOS keeps it in the pool and container service's replicated databases.
 */

/** MAP-7: a failure event of one target, open at `openedAt`, closed at `closedAt` (null while open). */
export interface FailureEvent {
  readonly target: number;
  readonly openedAt: number;
  closedAt: number | null;
}

export interface Pool {
  readonly id: string;
  readonly label: string | undefined;
  readonly owner: string;
  readonly ownerGroup: string;
  readonly acl: readonly Ace[];
  readonly rdFac: number;
  readonly ecCellSz: number;
  map: PoolMap;
  readonly placer: JumpMapPlacer;
  /** replicas.ts placementMap cache. */
  placementCache?: { readonly base: PoolMap; readonly liveness: number; readonly map: PoolMap };
  readonly failureEvents: FailureEvent[];
  /** HALT-2: targets whose automatic exclusion was refused, until restart or manual exclusion. */
  readonly deadTargets: Set<number>;
  /** MAP-10: some pool.rebuild changed a target. */
  rebuildChangedSomething: boolean;
  /** Containers in creation order. */
  readonly containers: Map<string, Container>;
  readonly handles: Set<number>;
}

export interface PoolHandle {
  readonly id: number;
  readonly poolId: string;
  readonly principal: Principal;
  readonly mode: AccessMode;
  /** ACL-12 capability bits (CAP_POOL_*). */
  readonly caps: number;
  readonly contHandles: Set<number>;
}

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

/** Engine-side record of one object ever written in a container. */
export interface ObjectInfo {
  readonly oid: Oid;
  readonly key: string;
  readonly groupSize: number;
  readonly groupCount: number;
  readonly toleratedFailures: number;
  readonly family: 'S' | 'RP' | 'EC';
  readonly code: number;
}

/** A committed write for TX-7 validation: its epoch and the units it wrote. */
export interface CommitRecord {
  readonly epoch: number;
  readonly units: readonly WriteUnit[];
}

export interface Container {
  readonly id: string;
  readonly poolId: string;
  label: string | undefined;
  owner: string;
  group: string;
  acl: Ace[];
  /** Stored properties other than label, status, acl, owner and group (effective values). */
  readonly props: Map<string, PropValue>;
  status: 'HEALTHY' | 'UNCLEAN';
  statusVersion: number;
  /**
   * The newest epoch this container used. Epochs come from the cluster-wide clock (EngineState.hlc),
   * as DAOS epochs come from its HLC, so snapshot tokens of different containers never coincide and
   * a token passed to the wrong container is simply not live there (SNAP-4, SNAP-6).
   */
  clock: number;
  readonly attrs: Map<string, Uint8Array>;
  /** Live snapshot tokens (epochs) in creation order. */
  snapshots: number[];
  readonly handles: Set<number>;
  /** Objects ever written, by oidKey. */
  readonly objects: Map<string, ObjectInfo>;
  /** KV-3: akey kinds, fixed by the first write ever, with that write's epoch; keyed by akeyId(). */
  readonly akeys: Map<string, AkeyInfo>;
  /** Holders of each replicated group or EC group position (replicas.ts, ec-layout.ts), keyed by unit id. */
  readonly groups: Map<string, GroupState>;
  /** TX-7: committed writes, ascending epoch (pruned below the oldest open transaction's start). */
  commitLog: CommitRecord[];
  /** CSUM-3: corruption marks, target -> creation order. */
  readonly marks: Map<number, number>;
  readonly cksum: boolean;
  /** EC client state (ec-state.ts), created on first use. */
  ec?: EcContainerState;
}

export interface AkeyInfo {
  readonly kind: 'single' | 'array';
  readonly firstEpoch: number;
  /** Arrays: the largest extent end ever written (bounds the rollback scan). */
  maxEnd?: number;
  /**
   * Arrays: every byte range ever written or punched, merged and sorted ([start, end) pairs). Kept as
   * metadata beside the data, so that after a lossy rebuild never-written bytes still read as known
   * zeros (DUR-3: they are decided by no write) instead of DATA_LOSS.
   */
  written?: Array<[number, number]>;
}

/** Adds [start, end) to a sorted list of disjoint ranges, merging neighbours. */
export function addWrittenRange(ranges: Array<[number, number]>, start: number, end: number): void {
  if (end <= start) return;
  let i = 0;
  while (i < ranges.length && ranges[i][1] < start) i++;
  let lo = start;
  let hi = end;
  let j = i;
  while (j < ranges.length && ranges[j][0] <= hi) {
    lo = Math.min(lo, ranges[j][0]);
    hi = Math.max(hi, ranges[j][1]);
    j++;
  }
  ranges.splice(i, j - i, [lo, hi]);
}

export function akeyId(oidKey: string, dkey: string, akey: string): string {
  return `${oidKey}\u0000${dkey}\u0000${akey}`;
}

export interface ContHandle {
  readonly id: number;
  readonly poh: number;
  readonly poolId: string;
  readonly contId: string;
  readonly principal: Principal;
  readonly mode: AccessMode;
  readonly caps: number;
  readonly txs: Set<number>;
}

export type TxState = 'OPEN' | 'COMMITTED' | 'ABORTED' | 'FAILED';

export interface Tx {
  readonly id: number;
  readonly coh: number;
  readonly readOnly: boolean;
  /** Snapshot transactions read at this token (TX-1). */
  readonly snapshot: number | null;
  state: TxState;
  /** TX-4: the epoch whose committed state the transaction reads; null until the first ok op. */
  startEpoch: number | null;
  readonly reads: WriteUnit[];
  readonly writes: WriteUnit[];
  /** Buffered write operations, replayed in order at commit (TX-3, TX-6). */
  readonly buffer: BufferedWrite[];
}

/** A validated object write, ready to apply (standalone or at commit). */
export type BufferedWrite =
  | { readonly kind: 'update'; readonly oid: Oid; readonly dkey: string; readonly iods: readonly ResolvedIod[] }
  | { readonly kind: 'punch'; readonly oid: Oid }
  | { readonly kind: 'punchDkey'; readonly oid: Oid; readonly dkey: string }
  | { readonly kind: 'punchAkeys'; readonly oid: Oid; readonly dkey: string; readonly akeys: readonly string[] }
  | { readonly kind: 'punchExtents'; readonly oid: Oid; readonly dkey: string; readonly akey: string; readonly ranges: readonly { offset: number; length: number }[] };

export type ResolvedIod =
  | { readonly akey: string; readonly single: Uint8Array }
  | { readonly akey: string; readonly extents: readonly { offset: number; data: Uint8Array }[] };

export interface SystemInfo {
  readonly nodes: number;
  readonly enginesPerNode: number;
  readonly targetsPerEngine: number;
  readonly poolRf: number;
}

export interface EngineState {
  readonly prng: Prng;
  readonly bus: Bus;
  system: SystemInfo | null;
  cluster: Cluster<VosStoreApi> | null;
  /** Pools in creation order. */
  readonly pools: Map<string, Pool>;
  readonly poolHandles: Map<number, PoolHandle>;
  readonly contHandles: Map<number, ContHandle>;
  readonly txs: Map<number, Tx>;
  nextHandle: number;
  /** Cluster-wide logical clock (HLC stand-in): the newest epoch handed out to any container. */
  hlc: number;
}

export function issueHandle(state: EngineState): number {
  return state.nextHandle++;
}

/** Each committed write and snapshot takes the next epoch of the cluster-wide clock. */
export function nextEpoch(state: EngineState, cont: Container): number {
  state.hlc += 1;
  cont.clock = state.hlc;
  return cont.clock;
}
