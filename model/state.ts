import type { AccessMode, Payload, Principal, PropValue } from '../contract/index.ts';

/**
 * The reference model's state: plain, JSON-like data, deeply frozen. Stepped purely (model/step.ts)
 * on a copy-on-write draft (model/cow.ts): a handler owns what it writes, and an error outcome
 * simply discards the draft (ERR-2).
 *
 * Ownership of fields, by spec area:
 *  - system, pool map fields, failure events, dead targets, marks: model/poolmap.ts, halt.ts, rf.ts
 *  - labels, owners, ACLs, props, attrs, handles: model/acl.ts, props.ts, ops/access*.ts
 *  - epochs, writes, kinds, snapshots, transactions, at-risk: model/data*.ts, ops/data*.ts
 */
export interface ModelState {
  readonly system: SystemState | null;
  /** Live pools in creation order; a destroyed pool is removed (POOL-7). */
  readonly pools: PoolState[];
  /** Counters for deterministic ids and handles; never reused. */
  readonly poolsCreated: number;
  readonly containersCreated: number;
  readonly nextHandle: number;
  readonly poolHandles: Record<number, PoolHandleState>;
  readonly contHandles: Record<number, ContHandleState>;
  /**
   * Container handles invalidated by a forced cont.destroy whose first cont.close is still `ok`
   * (ERR-7), keyed by handle, with the pool handle they were opened through (section 25: the
   * exception ends when that pool handle goes away).
   */
  readonly orphanedContHandles: Record<number, OrphanedContHandle>;
  readonly txs: Record<number, TxState>;
}

export interface OrphanedContHandle {
  readonly poh: number;
}

export type TargetStateName = 'UPIN' | 'UP' | 'DOWN' | 'DOWNOUT' | 'DRAIN';

export interface SystemState {
  readonly nodes: number;
  readonly enginesPerNode: number;
  readonly targetsPerEngine: number;
  /** DAOS_POOL_RF after MAP-1's normalization. */
  readonly poolRf: number;
  /** Per rank: is the engine running (section 19). */
  engineRunning: boolean[];
  /** Per global target: failed since its engine last started (FAULT-1). */
  targetFailed: boolean[];
}

export interface FailureEvent {
  /** Global target index. */
  readonly target: number;
  /** Map version at which the target entered DOWN (MAP-7). */
  readonly openedAt: number;
  /** Map version at which it next reached DOWNOUT or UPIN; null while open. */
  closedAt: number | null;
}

export interface CorruptionMark {
  /** Global target index (CSUM-3). */
  readonly target: number;
  /** Pool map version when FAULT-5 created it (CSUM-4's "entered DOWN after"). */
  readonly createdAtVersion: number;
  /**
   * Set when the target reached DOWNOUT and the mark was kept rather than removed (CSUM-3 as read in
   * docs/semantics.md section 25): the number of other rd_lvl domains then in CSUM-4's M ∪ F. Reads
   * of objects tolerating t failures, 1 <= t <= keptFor, may answer CSUM from then on; for the
   * others the mark is gone. Absent while the mark is outstanding.
   */
  readonly keptFor?: number;
}

export interface PoolState {
  readonly id: string;
  label: string | null;
  readonly owner: string;
  readonly ownerGroup: string;
  /** Parsed ACEs in canonical order (ACL-7). */
  acl: Ace[];
  readonly rdFac: number;
  readonly ecCellSz: number;
  /** Per global target (MAP-3). */
  targets: TargetStateName[];
  /** Map version (MAP-3, MAP-4). */
  version: number;
  /** Per global target: dead in this pool (HALT-2). */
  dead: boolean[];
  events: FailureEvent[];
  /** Some pool.rebuild ever changed a target (MAP-10 `rebuild: done`). */
  rebuildEverChanged: boolean;
  /** Live containers in creation order. */
  containers: ContainerState[];
  /** Pool attributes in first-set order (POOL-10, ATTR-1..5). */
  attrs: Array<[string, Payload]>;
}

/** A parsed ACE (ACL-1..4). Bit values as in ACL-2. */
export interface Ace {
  readonly types: number;
  readonly flags: number;
  /** 'OWNER@' | 'GROUP@' | 'EVERYONE@' | a named principal. */
  readonly principal: string;
  /** 'owner' | 'user' | 'group-owner' | 'group' | 'everyone' (ACL-7 kind order). */
  readonly kind: AceKind;
  readonly perms: number;
}

export type AceKind = 'owner' | 'user' | 'owner-group' | 'group' | 'everyone';

export interface ContainerState {
  readonly id: string;
  readonly poolId: string;
  label: string | null;
  owner: string;
  group: string;
  acl: Ace[];
  /** Stored properties other than label, status, acl, owner, group (PROP-1), effective values. */
  props: Record<string, PropValue>;
  status: 'HEALTHY' | 'UNCLEAN';
  /** Map version stamped on the status (CONT-1, RF-3, PROP-6). */
  statusVersion: number;
  /** Attributes in first-set order (ATTR-*); not versioned (ATTR-5). */
  attrs: Array<[string, Payload]>;
  /** Live snapshot tokens in creation order (SNAP-3). */
  snapshots: number[];
  /** Last epoch handed out; writes and snapshots take the next one (SNAP-1, SNAP-2). */
  epoch: number;
  /** Committed writes in epoch order, newest first as a persistent list (appendWrite). */
  writes: WriteLog;
  /** akey kind fixed by its first update (KV-3), keyed by akeyPath(). */
  kinds: Record<string, 'single' | 'array'>;
  /** Writes and punches with epoch <= this are at-risk (DUR-3); 0 = none. */
  atRiskThrough: number;
  /** Corruption marks (CSUM-3): outstanding ones, and ones kept when their target reached DOWNOUT. */
  marks: CorruptionMark[];
}

/**
 * The committed log: a persistent list, newest write first, so appending shares every earlier write
 * with the states that came before (a step never copies the history). `length` counts the writes.
 * EMPTY_LOG is the log of a new container; `writesOldestFirst` lists a log in epoch order.
 */
export type WriteLog = EmptyLog | WriteLogNode;

export interface EmptyLog {
  readonly length: 0;
  readonly last: null;
  readonly prev: null;
}

export interface WriteLogNode {
  readonly length: number;
  /** The newest write. */
  readonly last: CommittedWrite;
  /** The log before it. */
  readonly prev: WriteLog;
}

export const EMPTY_LOG: EmptyLog = Object.freeze({ length: 0, last: null, prev: null });

/** The log with `write` appended; its epoch must exceed the newest one (DUR-2: one epoch each). */
export function appendWrite(log: WriteLog, write: CommittedWrite): WriteLogNode {
  if (log.last !== null && !(write.epoch > log.last.epoch)) throw new Error(`model invariant: write at ${write.epoch} after ${log.last.epoch}`);
  return { length: log.length + 1, last: write, prev: log };
}

/** The log's writes in epoch order (oldest first). */
export function writesOldestFirst(log: WriteLog): CommittedWrite[] {
  const out: CommittedWrite[] = [];
  for (let node: WriteLog = log; node.last !== null; node = node.prev) out.push(node.last);
  return out.reverse();
}

/** One committed write: a standalone op, a transaction commit, or a rollback (one epoch each). */
export interface CommittedWrite {
  readonly epoch: number;
  readonly effects: WriteEffect[];
  /** Conflict units written (TX-7). */
  readonly units: ConflictUnit[];
}

/** `oid` fields hold oidKey(oid) from the contract. */
export type WriteEffect =
  | { readonly op: 'single'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly value: Payload }
  | { readonly op: 'extent'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly offset: number; readonly data: Payload }
  | { readonly op: 'punchExtent'; readonly oid: string; readonly dkey: string; readonly akey: string; readonly offset: number; readonly length: number }
  | { readonly op: 'punchAkey'; readonly oid: string; readonly dkey: string; readonly akey: string }
  | { readonly op: 'punchDkey'; readonly oid: string; readonly dkey: string }
  | { readonly op: 'punchObj'; readonly oid: string }
  | { readonly op: 'rollback'; readonly token: number };

/** TX-7 unit; '*' is the wildcard. */
export interface ConflictUnit {
  readonly oid: string;
  readonly dkey: string;
  readonly akey: string;
}

export interface PoolHandleState {
  readonly poolId: string;
  readonly principal: Principal;
  readonly mode: AccessMode;
  /** POOL_CAP bits (ACL-12), fixed at connect (ACL-14). */
  readonly caps: number;
}

export interface ContHandleState {
  readonly poh: number;
  readonly poolId: string;
  readonly contId: string;
  readonly principal: Principal;
  readonly mode: AccessMode;
  /** CONT_CAP bits (ACL-13), fixed at open (ACL-14). */
  readonly caps: number;
}

export type TxLifecycle = 'OPEN' | 'COMMITTED' | 'ABORTED' | 'FAILED';

export interface TxState {
  readonly coh: number;
  state: TxLifecycle;
  readonly readOnly: boolean;
  /** Snapshot transactions read at this token (TX-1); null otherwise. */
  readonly snapshotToken: number | null;
  /**
   * Epoch of the start point (TX-4); null until the first successful read (fetch, listing, or a
   * write whose condition passed, COND-7). A commit without one takes it at commit.
   */
  startEpoch: number | null;
  /** Buffered writes in issue order (TX-3). */
  buffer: WriteEffect[];
  /** Units read and written by successful ops (TX-7). */
  readUnits: ConflictUnit[];
  writeUnits: ConflictUnit[];
}

/** Pool capability bits (ACL-12). */
export const POOL_CAP = { READ: 1, CREATE_CONT: 2, DEL_CONT: 4 } as const;

/** Container capability bits (ACL-13). */
export const CONT_CAP = {
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

/** Frozen, like every state the model hands out (model/cow.ts). */
export const INITIAL_STATE: ModelState = Object.freeze({
  system: null,
  pools: Object.freeze([]) as unknown as PoolState[],
  poolsCreated: 0,
  containersCreated: 0,
  nextHandle: 1,
  poolHandles: Object.freeze({}),
  contHandles: Object.freeze({}),
  orphanedContHandles: Object.freeze({}),
  txs: Object.freeze({}),
});
