import type { Oid, PropValue } from '../../../contract/index.ts';
import type { Ace } from '../args/acl.ts';
import type { WriteUnit } from './tx.ts';

/**
 * A container as the container service and the object client keep it: properties, ACL, attributes,
 * snapshots, and the metadata of the objects written in it (kinds of akeys, holders of each group,
 * the TX-7 commit log, EC client state). Object data lives on the targets.
 */
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
   * DUR-3: the newest epoch the container had used when it last became UNCLEAN (0: never). What was
   * committed at or before it was committed before the container's redundancy was exceeded: a value
   * of that age that no copy can verify any more is reported as lost (DATA_LOSS), a newer one as CSUM.
   */
  atRiskThrough: number;
  /**
   * The newest epoch this container used. Epochs come from the cluster-wide clock (sim/clock.ts), as
   * DAOS epochs come from its HLC, so snapshot tokens of different containers never coincide and a
   * token passed to the wrong container is simply not live there (SNAP-4, SNAP-6).
   */
  latestEpoch: number;
  readonly attrs: Map<string, Uint8Array>;
  /** Live snapshot tokens (epochs) in creation order. */
  snapshots: number[];
  /** Container handles open on this container (services/handle-table.ts keeps this in step). */
  readonly handles: Set<number>;
  /** Objects ever written, by oidKey. */
  readonly objects: Map<string, ObjectInfo>;
  /** KV-3: akey kinds, fixed by the first write ever, with that write's epoch; keyed by io/keys.ts akeyId. */
  readonly akeys: Map<string, AkeyInfo>;
  /** Holders of each replicated group or EC group position, keyed by unit id (io/keys.ts). */
  readonly groups: Map<string, GroupState>;
  /** TX-7: committed writes, ascending epoch (pruned below the oldest open transaction's start). */
  commitLog: CommitRecord[];
  readonly cksum: boolean;
  /** EC client state (ec/client-state.ts), created on first use. */
  ec?: EcContainerState;
}

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

export interface AkeyInfo {
  readonly kind: 'single' | 'array';
  readonly firstEpoch: number;
  /** The epoch of the akey's newest update or extent punch (every value of the akey is at most this old). */
  lastEpoch: number;
  /** Arrays: the largest extent end ever written (bounds the rollback scan). */
  maxEnd?: number;
  /**
   * Arrays: every byte range ever written or punched, merged and sorted ([start, end) pairs). Kept as
   * metadata beside the data, so that after a lossy rebuild never-written bytes still read as known
   * zeros (DUR-3: they are decided by no write) instead of DATA_LOSS.
   */
  written?: Array<[number, number]>;
}

/** A committed write for TX-7 validation: its epoch and the units it wrote. */
export interface CommitRecord {
  readonly epoch: number;
  readonly units: readonly WriteUnit[];
}

/**
 * Holders of one unit (a replicated group, or one position of an EC group; io/replicas.ts):
 * target -> validFrom, where 0 means the holder has every write of the unit (complete) and E > 0
 * that it has every write from epoch E on (partial).
 */
export interface GroupState {
  readonly holders: Map<number, number>;
  /** Epoch of the unit's first write, 0 if never written. */
  firstWriteEpoch: number;
}

/**
 * Client-side EC bookkeeping of one container (ec/client-state.ts says how it is used): the
 * same-epoch merge buffer of whole stripes, and what lossy rebuilds could not regenerate.
 */
export interface EcContainerState {
  scratchEpoch: number;
  readonly scratch: Map<string, Uint8Array>;
  readonly lost: Map<string, EcLost>;
}

/** What a lossy rebuild of one EC group lost, per read point it rewrote. */
export interface EcLost {
  readonly rebuiltAt: number;
  readonly points: Map<number, EcLostMarks>;
}

/** The akeys (`dkey\0akey`) whose content or visibility a rebuild lost at one read point. */
export interface EcLostMarks {
  readonly akeys: Set<string>;
}
