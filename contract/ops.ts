import type { Oid } from './objclass.ts';
import type { Payload } from './payload.ts';
import type { AccessMode, Principal } from './principal.ts';
import type { AclValue, PropEntry, PropValue } from './props.ts';

/**
 * The operation vocabulary (spec section 1) as plain JSON data. The `Op` union is the xstate model's
 * event type and what the implementation's engine executes.
 *
 * References. `pool` and `cont` arguments are strings: an id (UUID form) or a label (LABEL-5).
 * Handles (`poh`, `coh`, `th`) and snapshot tokens are opaque numbers issued by the system that
 * runs the op. In a stored trace they are symbolic instead (see properties/symbolic.ts): the runner
 * maps "the n-th pool handle" to each system's own value, and maps a never-issued reference to a
 * value that no system issues, so both sides answer NO_HDL or NONEXIST.
 */

export type Handle = number;
export type SnapToken = number;

export interface Topology {
  readonly nodes: number;
  readonly enginesPerNode: number;
  readonly targetsPerEngine: number;
  /** DAOS_POOL_RF; out of 0..4 it becomes 2 (MAP-1). */
  readonly poolRf?: number;
}

// ---------------------------------------------------------------- system and pool admin (sections 3-5)

export interface SystemCreate extends Topology { readonly type: 'system.create' }

export interface PoolCreate {
  readonly type: 'pool.create';
  readonly owner: Principal;
  readonly label?: string;
  readonly acl?: readonly string[];
  readonly props?: readonly PropEntry[];
}
export interface PoolDestroy { readonly type: 'pool.destroy'; readonly pool: string; readonly force?: boolean; readonly recursive?: boolean }
export interface PoolQuery { readonly type: 'pool.query'; readonly pool: string }
export interface PoolExclude { readonly type: 'pool.exclude'; readonly pool: string; readonly rank: number; readonly targets?: readonly number[]; readonly force?: boolean }
export interface PoolDrain { readonly type: 'pool.drain'; readonly pool: string; readonly rank: number; readonly targets?: readonly number[] }
export interface PoolReintegrate { readonly type: 'pool.reintegrate'; readonly pool: string; readonly rank: number; readonly targets?: readonly number[] }
export interface PoolRebuild { readonly type: 'pool.rebuild'; readonly pool: string }

// ---------------------------------------------------------------- pool ACL and properties after create (POOL-8, POOL-9; rev. 2)

export interface PoolGetAcl { readonly type: 'pool.getAcl'; readonly pool: string }
export interface PoolOverwriteAcl { readonly type: 'pool.overwriteAcl'; readonly pool: string; readonly aces: readonly string[] }
export interface PoolUpdateAcl { readonly type: 'pool.updateAcl'; readonly pool: string; readonly aces: readonly string[] }
export interface PoolDeleteAcl { readonly type: 'pool.deleteAcl'; readonly pool: string; readonly principal: string }
export interface PoolGetProps { readonly type: 'pool.getProps'; readonly pool: string; readonly names?: readonly string[] }
export interface PoolSetProps { readonly type: 'pool.setProps'; readonly pool: string; readonly entries: readonly PropEntry[] }

// ---------------------------------------------------------------- pool client (POOL-4..6)

export interface PoolConnect { readonly type: 'pool.connect'; readonly pool: string; readonly principal: Principal; readonly mode: AccessMode | string }
export interface PoolDisconnect { readonly type: 'pool.disconnect'; readonly poh: Handle }
export interface PoolListContainers { readonly type: 'pool.listContainers'; readonly poh: Handle }

// ---------------------------------------------------------------- pool attributes (POOL-10; rev. 2)

export interface PoolSetAttrs { readonly type: 'pool.setAttrs'; readonly poh: Handle; readonly entries: readonly (readonly [name: string, value: Payload])[] }
export interface PoolGetAttrs { readonly type: 'pool.getAttrs'; readonly poh: Handle; readonly names: readonly string[] }
export interface PoolDelAttrs { readonly type: 'pool.delAttrs'; readonly poh: Handle; readonly names: readonly string[] }
export interface PoolListAttrs { readonly type: 'pool.listAttrs'; readonly poh: Handle }

// ---------------------------------------------------------------- containers (sections 8-10)

export interface ContCreate {
  readonly type: 'cont.create';
  readonly poh: Handle;
  readonly label?: string;
  readonly props?: readonly PropEntry[];
  readonly acl?: readonly string[];
}
export interface ContOpen { readonly type: 'cont.open'; readonly poh: Handle; readonly cont: string; readonly mode: AccessMode | string; readonly force?: boolean }
export interface ContClose { readonly type: 'cont.close'; readonly coh: Handle }
export interface ContDestroy { readonly type: 'cont.destroy'; readonly poh: Handle; readonly cont: string; readonly force?: boolean }
export interface ContQuery { readonly type: 'cont.query'; readonly coh: Handle }
export interface ContGetProps { readonly type: 'cont.getProps'; readonly coh: Handle; readonly names?: readonly string[] }
export interface ContSetProps { readonly type: 'cont.setProps'; readonly coh: Handle; readonly entries: readonly PropEntry[] }
export interface ContSetOwner { readonly type: 'cont.setOwner'; readonly coh: Handle; readonly user?: string; readonly group?: string }
export interface ContGetAcl { readonly type: 'cont.getAcl'; readonly coh: Handle }
export interface ContOverwriteAcl { readonly type: 'cont.overwriteAcl'; readonly coh: Handle; readonly aces: readonly string[] }
export interface ContUpdateAcl { readonly type: 'cont.updateAcl'; readonly coh: Handle; readonly aces: readonly string[] }
export interface ContDeleteAcl { readonly type: 'cont.deleteAcl'; readonly coh: Handle; readonly principal: string }
export interface ContSetAttrs { readonly type: 'cont.setAttrs'; readonly coh: Handle; readonly entries: readonly (readonly [name: string, value: Payload])[] }
export interface ContGetAttrs { readonly type: 'cont.getAttrs'; readonly coh: Handle; readonly names: readonly string[] }
export interface ContDelAttrs { readonly type: 'cont.delAttrs'; readonly coh: Handle; readonly names: readonly string[] }
export interface ContListAttrs { readonly type: 'cont.listAttrs'; readonly coh: Handle }

// ---------------------------------------------------------------- snapshots (section 16)

export interface SnapCreate { readonly type: 'snap.create'; readonly coh: Handle; readonly name?: string }
export interface SnapList { readonly type: 'snap.list'; readonly coh: Handle }
export interface SnapDestroy { readonly type: 'snap.destroy'; readonly coh: Handle; readonly token: SnapToken }
export interface ContRollback { readonly type: 'cont.rollback'; readonly coh: Handle; readonly token: SnapToken }

// ---------------------------------------------------------------- objects (sections 11-15)

/** Update iod: a single value, or array extents (KV-2, ARR-1). `cond` is used only with PER_AKEY (COND-4). */
export type Iod =
  | { readonly akey: string; readonly single: Payload; readonly cond?: number }
  | { readonly akey: string; readonly extents: readonly Extent[]; readonly cond?: number };

export interface Extent { readonly offset: number; readonly data: Payload }
export interface Range { readonly offset: number; readonly length: number }

/** Fetch request: a single value, or array ranges (KV-5, ARR-3). */
export type FetchRequest =
  | { readonly akey: string; readonly single: true; readonly cond?: number }
  | { readonly akey: string; readonly ranges: readonly Range[]; readonly cond?: number };

/** Options every object I/O op takes: conditional flags (COND-1) and a transaction (TX-2). */
export interface ObjOpts { readonly cond?: number; readonly tx?: Handle }

export interface ObjGenerateOid {
  readonly type: 'obj.generateOid';
  readonly coh: Handle;
  /** Object type number (OBJ-2): 0, 8 or 13; anything else INVAL. The spec's `type` argument. */
  readonly objType: number;
  /** Class name as in OBJ-3 (S1, RP_3G1, EC_4P2GX, ...); unknown INVAL. */
  readonly class: string;
  /** User bits 31..0 of hi (default 0); must fit 32 bits (OBJ-4). */
  readonly hi?: number;
  /** User lo, 64 bits, decimal string or number (OBJ-4). */
  readonly lo: number | string;
}
export interface ObjOpen { readonly type: 'obj.open'; readonly coh: Handle; readonly oid: Oid }
export interface ObjUpdate extends ObjOpts { readonly type: 'obj.update'; readonly coh: Handle; readonly oid: Oid; readonly dkey: string; readonly iods: readonly Iod[] }
export interface ObjFetch extends ObjOpts { readonly type: 'obj.fetch'; readonly coh: Handle; readonly oid: Oid; readonly dkey: string; readonly requests: readonly FetchRequest[] }
export interface ObjPunch extends ObjOpts { readonly type: 'obj.punch'; readonly coh: Handle; readonly oid: Oid }
export interface ObjPunchDkey extends ObjOpts { readonly type: 'obj.punchDkey'; readonly coh: Handle; readonly oid: Oid; readonly dkey: string }
export interface ObjPunchAkeys extends ObjOpts { readonly type: 'obj.punchAkeys'; readonly coh: Handle; readonly oid: Oid; readonly dkey: string; readonly akeys: readonly string[] }
export interface ObjPunchExtents extends ObjOpts { readonly type: 'obj.punchExtents'; readonly coh: Handle; readonly oid: Oid; readonly dkey: string; readonly akey: string; readonly ranges: readonly Range[] }
export interface ObjListDkeys extends ObjOpts { readonly type: 'obj.listDkeys'; readonly coh: Handle; readonly oid: Oid }
export interface ObjListAkeys extends ObjOpts { readonly type: 'obj.listAkeys'; readonly coh: Handle; readonly oid: Oid; readonly dkey: string }

// ---------------------------------------------------------------- transactions (section 17)

export interface TxOpen { readonly type: 'tx.open'; readonly coh: Handle; readonly readOnly?: boolean }
export interface TxOpenSnapshot { readonly type: 'tx.openSnapshot'; readonly coh: Handle; readonly token: SnapToken }
export interface TxCommit { readonly type: 'tx.commit'; readonly th: Handle }
export interface TxAbort { readonly type: 'tx.abort'; readonly th: Handle }
export interface TxRestart { readonly type: 'tx.restart'; readonly th: Handle }
export interface TxClose { readonly type: 'tx.close'; readonly th: Handle }

// ---------------------------------------------------------------- faults (section 19)

export interface FaultFailTarget { readonly type: 'fault.failTarget'; readonly rank: number; readonly target: number }
export interface FaultFailEngine { readonly type: 'fault.failEngine'; readonly rank: number }
export interface FaultFailNode { readonly type: 'fault.failNode'; readonly node: number }
export interface FaultRestartEngine { readonly type: 'fault.restartEngine'; readonly rank: number }
/** `cont` is a container id, or a label looked up in pools in creation order (first match). */
export interface FaultCorrupt { readonly type: 'fault.corrupt'; readonly cont: string; readonly rank: number; readonly target: number }
export interface FaultDropMessages { readonly type: 'fault.dropMessages'; readonly rank: number; readonly target: number; readonly count: number }

export type Op =
  | SystemCreate
  | PoolCreate | PoolDestroy | PoolQuery | PoolExclude | PoolDrain | PoolReintegrate | PoolRebuild
  | PoolGetAcl | PoolOverwriteAcl | PoolUpdateAcl | PoolDeleteAcl | PoolGetProps | PoolSetProps
  | PoolConnect | PoolDisconnect | PoolListContainers
  | PoolSetAttrs | PoolGetAttrs | PoolDelAttrs | PoolListAttrs
  | ContCreate | ContOpen | ContClose | ContDestroy | ContQuery
  | ContGetProps | ContSetProps | ContSetOwner | ContGetAcl | ContOverwriteAcl | ContUpdateAcl | ContDeleteAcl
  | ContSetAttrs | ContGetAttrs | ContDelAttrs | ContListAttrs
  | SnapCreate | SnapList | SnapDestroy | ContRollback
  | ObjGenerateOid | ObjOpen | ObjUpdate | ObjFetch | ObjPunch | ObjPunchDkey | ObjPunchAkeys | ObjPunchExtents
  | ObjListDkeys | ObjListAkeys
  | TxOpen | TxOpenSnapshot | TxCommit | TxAbort | TxRestart | TxClose
  | FaultFailTarget | FaultFailEngine | FaultFailNode | FaultRestartEngine | FaultCorrupt | FaultDropMessages;

export type OpKind = Op['type'];
export type OpOf<K extends OpKind> = Extract<Op, { type: K }>;

// ---------------------------------------------------------------- result values

export interface PoolInfo {
  readonly ntarget: number;
  readonly disabled: number;
  readonly version: number;
  readonly state: 'Ready' | 'TargetsExcluded';
  readonly rebuild: 'idle' | 'busy' | 'done';
  /** Sets (section 24): compared without regard to order. */
  readonly disabledRanks: readonly number[];
  readonly deadRanks: readonly number[];
}

export interface ContainerListEntry { readonly id: string; readonly label: string }

export interface ContInfo {
  readonly nhandles: number;
  readonly nsnapshots: number;
  readonly latestSnapshot: SnapToken | null;
}

/** One fetch result per request (KV-5): a single value (null = none) or one byte block per range. */
export type FetchEntry =
  | { readonly type: 'single'; readonly value: Uint8Array | null }
  | { readonly type: 'array'; readonly ranges: readonly Uint8Array[] };

/** The `ok` value of each op kind. Sets are arrays compared without regard to order (section 24). */
export interface OpValueMap {
  'system.create': null;
  'pool.create': string;
  'pool.destroy': null;
  'pool.query': PoolInfo;
  'pool.exclude': null;
  'pool.drain': null;
  'pool.reintegrate': null;
  'pool.rebuild': null;
  'pool.getAcl': AclValue;
  'pool.overwriteAcl': null;
  'pool.updateAcl': null;
  'pool.deleteAcl': null;
  'pool.getProps': Readonly<Record<string, PropValue>>;
  'pool.setProps': null;
  'pool.connect': Handle;
  'pool.disconnect': null;
  'pool.listContainers': readonly ContainerListEntry[];
  'pool.setAttrs': null;
  /** Request order; null for a missing name (ATTR-2 via POOL-10). */
  'pool.getAttrs': readonly (Uint8Array | null)[];
  'pool.delAttrs': null;
  'pool.listAttrs': readonly string[];
  'cont.create': string;
  'cont.open': Handle;
  'cont.close': null;
  'cont.destroy': null;
  'cont.query': ContInfo;
  'cont.getProps': Readonly<Record<string, PropValue>>;
  'cont.setProps': null;
  'cont.setOwner': null;
  'cont.getAcl': AclValue;
  'cont.overwriteAcl': null;
  'cont.updateAcl': null;
  'cont.deleteAcl': null;
  'cont.setAttrs': null;
  /** Request order; null for a missing name (ATTR-2). */
  'cont.getAttrs': readonly (Uint8Array | null)[];
  'cont.delAttrs': null;
  'cont.listAttrs': readonly string[];
  'snap.create': SnapToken;
  /** Creation order (SNAP-3): order is observable. */
  'snap.list': readonly SnapToken[];
  'snap.destroy': null;
  'cont.rollback': null;
  'obj.generateOid': Oid;
  'obj.open': null;
  'obj.update': null;
  'obj.fetch': readonly FetchEntry[];
  'obj.punch': null;
  'obj.punchDkey': null;
  'obj.punchAkeys': null;
  'obj.punchExtents': null;
  'obj.listDkeys': readonly string[];
  'obj.listAkeys': readonly string[];
  'tx.open': Handle;
  'tx.openSnapshot': Handle;
  'tx.commit': null;
  'tx.abort': null;
  'tx.restart': null;
  'tx.close': null;
  'fault.failTarget': null;
  'fault.failEngine': null;
  'fault.failNode': null;
  'fault.restartEngine': null;
  'fault.corrupt': null;
  'fault.dropMessages': null;
}

export const OP_KINDS: readonly OpKind[] = [
  'system.create',
  'pool.create', 'pool.destroy', 'pool.query', 'pool.exclude', 'pool.drain', 'pool.reintegrate', 'pool.rebuild',
  'pool.getAcl', 'pool.overwriteAcl', 'pool.updateAcl', 'pool.deleteAcl', 'pool.getProps', 'pool.setProps',
  'pool.connect', 'pool.disconnect', 'pool.listContainers',
  'pool.setAttrs', 'pool.getAttrs', 'pool.delAttrs', 'pool.listAttrs',
  'cont.create', 'cont.open', 'cont.close', 'cont.destroy', 'cont.query',
  'cont.getProps', 'cont.setProps', 'cont.setOwner', 'cont.getAcl', 'cont.overwriteAcl', 'cont.updateAcl', 'cont.deleteAcl',
  'cont.setAttrs', 'cont.getAttrs', 'cont.delAttrs', 'cont.listAttrs',
  'snap.create', 'snap.list', 'snap.destroy', 'cont.rollback',
  'obj.generateOid', 'obj.open', 'obj.update', 'obj.fetch', 'obj.punch', 'obj.punchDkey', 'obj.punchAkeys', 'obj.punchExtents',
  'obj.listDkeys', 'obj.listAkeys',
  'tx.open', 'tx.openSnapshot', 'tx.commit', 'tx.abort', 'tx.restart', 'tx.close',
  'fault.failTarget', 'fault.failEngine', 'fault.failNode', 'fault.restartEngine', 'fault.corrupt', 'fault.dropMessages',
];

export function isFaultOp(op: Op): boolean {
  return op.type.startsWith('fault.');
}
