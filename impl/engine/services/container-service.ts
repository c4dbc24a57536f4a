import {
  ACCESS_MODES, CONT_PROP_NAMES, CONTAINER_LABEL_NOT_SET, err, LIMITS, ok,
  type AccessMode, type OpOf, type PropValue,
} from '../../../contract/index.ts';
import { DEFAULT_CONT_ACL, parseAceList, isValidPrincipalName } from '../args/acl.ts';
import { isReference, isValidLabel } from '../args/labels.ts';
import { checkSetProps, isKnownProp, parseCreateProps } from '../args/props.ts';
import { assert } from '../assert.ts';
import type { Container } from '../state/container.ts';
import { CAP, CAP_POOL_CREATE, CAP_POOL_DELETE } from '../state/handles.ts';
import { isHalted } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import * as aclOps from './acl-ops.ts';
import * as attributes from './attributes.ts';
import { containerDeleteAllowed, containerOpenCaps } from './capabilities.ts';
import { closeContainer, closeOrphan, destroyContainer, openContainer } from './handle-table.ts';
import type { OpResult } from './handler.ts';
import { findContainer, findContHandle, findContHandleWith, findPoolHandle } from './lookup.ts';

/**
 * Container service: create/open/close/destroy/query (CONT-*), properties (PROP-*), ACL operations
 * (ACL-7..9, through acl-ops.ts, which pools share), attributes (ATTR-*, through attributes.ts,
 * which pools share) and snapshot create/list/destroy (SNAP-1..5). Rollback and object I/O are in
 * object-client.ts. Checks follow section 22's order.
 */
export function contCreate(s: RunningState, op: OpOf<'cont.create'>): OpResult<'cont.create'> {
  if (op.label !== undefined && !isValidLabel(op.label)) return err('INVAL');
  const pohFound = findPoolHandle(s, op.poh);
  // Property defaults need the pool; validate syntax first with neutral defaults (step 1).
  const syntax = parseCreateProps(op.props, { rdFac: 0, ecCellSz: LIMITS.ecCellBytesDefault });
  if (!syntax) return err('INVAL');
  const acl = parseAceList(op.acl ?? DEFAULT_CONT_ACL);
  if (!acl) return err('INVAL');
  if (syntax.label !== undefined && op.label !== undefined && syntax.label !== op.label) return err('INVAL');
  if (!pohFound.ok) return pohFound;
  const { handle: poh, pool } = pohFound.value;
  const parsed = parseCreateProps(op.props, pool);
  assert(parsed !== undefined, 'container properties valid with neutral defaults are valid with the pool\'s');
  // CONT-1: owner and group come from the handle's principal.
  if (parsed.owner !== undefined && parsed.owner !== poh.principal.user) return err('INVAL');
  if (parsed.group !== undefined && parsed.group !== poh.principal.groups[0]) return err('INVAL');
  if (!(poh.caps & CAP_POOL_CREATE)) return err('NO_PERM');
  const label = op.label ?? parsed.label;
  if (label !== undefined) for (const c of pool.containers.values()) if (c.label === label) return err('EXIST');
  const id = s.prng.uuid();
  const cont: Container = {
    id,
    poolId: pool.id,
    label,
    owner: poh.principal.user,
    group: poh.principal.groups[0],
    acl,
    props: parsed.props,
    status: 'HEALTHY',
    statusVersion: pool.map.version,
    atRiskThrough: 0,
    latestEpoch: 0,
    attrs: new Map(),
    snapshots: [],
    handles: new Set(),
    objects: new Map(),
    akeys: new Map(),
    groups: new Map(),
    commitLog: [],
    cksum: parsed.props.get('cksum') !== 'off',
  };
  pool.containers.set(id, cont);
  return ok(id);
}

/**
 * CONT-2, ACL-13, HALT-4, RF-4. Step 1 (the reference, LABEL-5; the mode), 2 (pool handle, then the
 * container), 3 (halt), 4 (ACL), 4b (open handles and EX conflicts: rev. 2, DAOS checks handle
 * compatibility before health), 5 (health).
 */
export function contOpen(s: RunningState, op: OpOf<'cont.open'>): OpResult<'cont.open'> {
  if (!isReference(op.cont)) return err('INVAL');
  if (!ACCESS_MODES.includes(op.mode as AccessMode)) return err('INVAL');
  const pohFound = findPoolHandle(s, op.poh);
  if (!pohFound.ok) return pohFound;
  const { handle: poh, pool } = pohFound.value;
  const contFound = findContainer(pool, op.cont);
  if (!contFound.ok) return contFound;
  const cont = contFound.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  const mode = op.mode as AccessMode;
  const caps = containerOpenCaps(cont, poh.principal, mode);
  if (caps === 0) return err('NO_PERM');
  if (mode === 'EX' && cont.handles.size > 0) return err('BUSY');
  for (const h of cont.handles) if (s.contHandles.get(h)?.mode === 'EX') return err('BUSY');
  if (cont.status === 'UNCLEAN' && !op.force) return err('RF');
  return ok(openContainer(s, poh, cont, mode, caps));
}

/**
 * CONT-3: the handle and its transactions go. ERR-7 (rev. 2, DAOS CONT20): a handle invalidated by
 * a forced cont.destroy closes once with ok, then is NO_HDL like any other invalid handle.
 */
export function contClose(s: RunningState, op: OpOf<'cont.close'>): OpResult<'cont.close'> {
  if (closeOrphan(s, op.coh)) return ok(null);
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  closeContainer(s, op.coh);
  return ok(null);
}

/**
 * CONT-4. Step 1 (the reference, LABEL-5), 2 (pool handle, container), 4 (DEL_CONT on the pool
 * handle, or DELETE from the container ACL filtered by the pool handle's mode: rev. 2), 7 (open
 * handles without force).
 */
export function contDestroy(s: RunningState, op: OpOf<'cont.destroy'>): OpResult<'cont.destroy'> {
  if (!isReference(op.cont)) return err('INVAL');
  const pohFound = findPoolHandle(s, op.poh);
  if (!pohFound.ok) return pohFound;
  const { handle: poh, pool } = pohFound.value;
  const contFound = findContainer(pool, op.cont);
  if (!contFound.ok) return contFound;
  const cont = contFound.value;
  if (!(poh.caps & CAP_POOL_DELETE) && !containerDeleteAllowed(cont, poh.principal, poh.mode)) return err('NO_PERM');
  if (cont.handles.size > 0 && !op.force) return err('BUSY');
  destroyContainer(s, pool, cont);
  return ok(null);
}

/** CONT-5: open handles of all principals (handles orphaned by a forced destroy are not open). */
export function contQuery(s: RunningState, op: OpOf<'cont.query'>): OpResult<'cont.query'> {
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { cont } = found.value;
  const n = cont.snapshots.length;
  return ok({ nhandles: cont.handles.size, nsnapshots: n, latestSnapshot: n > 0 ? cont.snapshots[n - 1] : null });
}

// ---------------------------------------------------------------- properties (PROP)

function propValue(cont: Container, name: string): PropValue {
  switch (name) {
    case 'label': return cont.label ?? CONTAINER_LABEL_NOT_SET;
    case 'status': return { status: cont.status, version: cont.statusVersion };
    case 'acl': return aclOps.aclValueOf(cont);
    case 'owner': return cont.owner;
    case 'group': return cont.group;
    default: {
      const v = cont.props.get(name);
      assert(v !== undefined, 'PROP-1: a container lacks a stored property');
      return v;
    }
  }
}

/** PROP-4: the capability reading one property needs. */
function mayGet(caps: number, name: string): boolean {
  if (name === 'acl') return (caps & CAP.GET_ACL) !== 0;
  if (name === 'owner' || name === 'group') return (caps & (CAP.GET_PROP | CAP.GET_ACL)) !== 0;
  return (caps & CAP.GET_PROP) !== 0;
}

/**
 * PROP-4. Step 1: a given list is non-empty, of known names, without duplicates (section 25). Step
 * 4: all or nothing. Without names (rev. 2, DAOS CONT14) every property, acl included, so GET_PROP
 * and GET_ACL are both needed.
 */
export function contGetProps(s: RunningState, op: OpOf<'cont.getProps'>): OpResult<'cont.getProps'> {
  if (op.names !== undefined) {
    if (!Array.isArray(op.names) || op.names.length === 0) return err('INVAL');
    if (new Set(op.names).size !== op.names.length || !op.names.every(isKnownProp)) return err('INVAL');
  }
  const names: readonly string[] = op.names ?? CONT_PROP_NAMES;
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { handle, cont } = found.value;
  if (!names.every((name) => mayGet(handle.caps, name))) return err('NO_PERM');
  const out: Record<string, PropValue> = {};
  for (const name of names) out[name] = propValue(cont, name);
  return ok(out);
}

/**
 * PROP-5..7 (rev. 2), LABEL-4. Step 1: names and values (args/props.ts checkSetProps); 2: the
 * handle; 4: each entry in list order needs its capability (label, status SET_PROP; owner, group
 * SET_OWNER; acl SET_ACL), a property fixed after create is NO_PERM whatever the handle holds;
 * 7: a label another container holds is EXIST. Then every entry applies, or none (ERR-2).
 */
export function contSetProps(s: RunningState, op: OpOf<'cont.setProps'>): OpResult<'cont.setProps'> {
  const check = checkSetProps(op.entries);
  if (!check.ok) return err('INVAL');
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { handle, pool, cont } = found.value;
  for (const cap of check.capabilities) if (cap === null || !(handle.caps & CAP[cap])) return err('NO_PERM');
  const { label, status, owner, group, acl } = check.changes;
  if (label !== undefined) for (const c of pool.containers.values()) if (c !== cont && c.label === label) return err('EXIST');
  if (label !== undefined) cont.label = label; // LABEL-4: re-setting its own label changes nothing
  if (status) {
    // PROP-6, RF-5: HEALTHY stamped with the current map version, even if it already was.
    cont.status = 'HEALTHY';
    cont.statusVersion = pool.map.version;
  }
  if (owner !== undefined) cont.owner = owner;
  if (group !== undefined) cont.group = group;
  if (acl !== undefined) cont.acl = acl; // ACL-8: as cont.overwriteAcl
  return ok(null);
}

/** PROP-7: step 1 (at least one field, each a valid name), step 4 (SET_OWNER). */
export function contSetOwner(s: RunningState, op: OpOf<'cont.setOwner'>): OpResult<'cont.setOwner'> {
  if (op.user === undefined && op.group === undefined) return err('INVAL');
  if (op.user !== undefined && !isValidPrincipalName(op.user)) return err('INVAL');
  if (op.group !== undefined && !isValidPrincipalName(op.group)) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.SET_OWNER);
  if (!found.ok) return found;
  const { cont } = found.value;
  if (op.user !== undefined) cont.owner = op.user;
  if (op.group !== undefined) cont.group = op.group;
  return ok(null);
}

// ---------------------------------------------------------------- ACL (ACL-7..9), shared with pools

/** Steps 2 and 4 of a container ACL operation: the container behind a handle holding `cap`. */
function containerAcl(s: RunningState, coh: number, cap: number): aclOps.LocateAcl {
  return () => {
    const found = findContHandleWith(s, coh, cap);
    if (!found.ok) return found;
    const cont = found.value.cont;
    return ok({ acl: cont.acl, owner: cont.owner, group: cont.group, replace: (acl) => void (cont.acl = acl) });
  };
}

export function contGetAcl(s: RunningState, op: OpOf<'cont.getAcl'>): OpResult<'cont.getAcl'> {
  return aclOps.getAcl(containerAcl(s, op.coh, CAP.GET_ACL));
}

export function contOverwriteAcl(s: RunningState, op: OpOf<'cont.overwriteAcl'>): OpResult<'cont.overwriteAcl'> {
  return aclOps.overwriteAcl(op.aces, containerAcl(s, op.coh, CAP.SET_ACL));
}

export function contUpdateAcl(s: RunningState, op: OpOf<'cont.updateAcl'>): OpResult<'cont.updateAcl'> {
  return aclOps.updateAcl(op.aces, containerAcl(s, op.coh, CAP.SET_ACL));
}

export function contDeleteAcl(s: RunningState, op: OpOf<'cont.deleteAcl'>): OpResult<'cont.deleteAcl'> {
  return aclOps.deleteAcl(op.principal, containerAcl(s, op.coh, CAP.SET_ACL));
}

// ---------------------------------------------------------------- attributes (ATTR), shared with pools

/** Steps 2 and 4 of a container attribute operation: READ_DATA to read, WRITE_DATA to write. */
function containerAttrs(s: RunningState, coh: number): attributes.LocateAttrs {
  return (access) => {
    const found = findContHandleWith(s, coh, access === 'read' ? CAP.READ_DATA : CAP.WRITE_DATA);
    return found.ok ? ok(found.value.cont.attrs) : found;
  };
}

export function contSetAttrs(s: RunningState, op: OpOf<'cont.setAttrs'>): OpResult<'cont.setAttrs'> {
  return attributes.setAttrs(op.entries, containerAttrs(s, op.coh));
}

export function contGetAttrs(s: RunningState, op: OpOf<'cont.getAttrs'>): OpResult<'cont.getAttrs'> {
  return attributes.getAttrs(op.names, containerAttrs(s, op.coh));
}

export function contDelAttrs(s: RunningState, op: OpOf<'cont.delAttrs'>): OpResult<'cont.delAttrs'> {
  return attributes.delAttrs(op.names, containerAttrs(s, op.coh));
}

export function contListAttrs(s: RunningState, op: OpOf<'cont.listAttrs'>): OpResult<'cont.listAttrs'> {
  return attributes.listAttrs(containerAttrs(s, op.coh));
}

// ---------------------------------------------------------------- snapshots (SNAP-1..5)

export function snapCreate(s: RunningState, op: OpOf<'snap.create'>): OpResult<'snap.create'> {
  if (op.name !== undefined) return err('NOSYS');
  const found = findContHandleWith(s, op.coh, CAP.WRITE_DATA);
  if (!found.ok) return found;
  const { cont } = found.value;
  const token = s.clock.nextEpoch(cont);
  cont.snapshots.push(token);
  const max = cont.props.get('max_snapshot') as number;
  if (max > 0 && cont.snapshots.length > max) cont.snapshots.shift();
  return ok(token);
}

export function snapList(s: RunningState, op: OpOf<'snap.list'>): OpResult<'snap.list'> {
  const found = findContHandleWith(s, op.coh, CAP.READ_DATA);
  if (!found.ok) return found;
  return ok([...found.value.cont.snapshots]);
}

export function snapDestroy(s: RunningState, op: OpOf<'snap.destroy'>): OpResult<'snap.destroy'> {
  if (op.token === 0) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.WRITE_DATA);
  if (!found.ok) return found;
  const { cont } = found.value;
  const at = cont.snapshots.indexOf(op.token);
  if (at < 0) return err('NONEXIST');
  cont.snapshots.splice(at, 1);
  return ok(null);
}
