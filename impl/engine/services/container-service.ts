import {
  ACCESS_MODES, CONT_PROP_NAMES, CONTAINER_LABEL_NOT_SET, err, expandPayload, LIMITS, ok,
  type AccessMode, type AclValue, type OpOf, type Payload, type PropValue,
} from '../../../contract/index.ts';
import {
  DEFAULT_CONT_ACL, evaluateAcl, formatAce, isValidAcl, isValidPrincipalName, mergeAcl, parseAceList, parseDeletePrincipal, PERM,
} from '../args/acl.ts';
import { isValidLabel } from '../args/labels.ts';
import { checkSetProps, isKnownProp, parseCreateProps } from '../args/props.ts';
import { assert } from '../assert.ts';
import type { Container } from '../state/container.ts';
import { CAP, CAP_POOL_CREATE, CAP_POOL_DELETE } from '../state/handles.ts';
import { isHalted } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { closeContainer, openContainer, removeContainer } from './handle-table.ts';
import type { OpResult } from './handler.ts';
import { findContainer, findContHandle, findContHandleWith, findPoolHandle } from './lookup.ts';

/**
 * Container service: create/open/close/destroy/query (CONT-*), properties (PROP-*), ACL operations
 * (ACL-7..9), attributes (ATTR-*) and snapshot create/list/destroy (SNAP-1..5). Rollback and object
 * I/O are in object-client.ts. Checks follow section 22's order.
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
    latestEpoch: 0,
    attrs: new Map(),
    snapshots: [],
    handles: new Set(),
    objects: new Map(),
    akeys: new Map(),
    groups: new Map(),
    commitLog: [],
    marks: new Map(),
    cksum: parsed.props.get('cksum') !== 'off',
  };
  pool.containers.set(id, cont);
  return ok(id);
}

/** ACL-10 with step 5 for containers. */
function containerPerms(cont: Container, principal: { user: string; groups: readonly string[] }): number {
  let perms = evaluateAcl(cont.acl, principal, cont.owner, cont.group);
  if (principal.user === cont.owner) perms |= PERM.a | PERM.A;
  return perms;
}

export function contOpen(s: RunningState, op: OpOf<'cont.open'>): OpResult<'cont.open'> {
  if (!ACCESS_MODES.includes(op.mode as AccessMode)) return err('INVAL');
  const pohFound = findPoolHandle(s, op.poh);
  if (!pohFound.ok) return pohFound;
  const { handle: poh, pool } = pohFound.value;
  const contFound = findContainer(pool, op.cont);
  if (!contFound.ok) return contFound;
  const cont = contFound.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  const mode = op.mode as AccessMode;
  // ACL-13
  const perms = containerPerms(cont, poh.principal);
  const bits: [number, number][] = [
    [PERM.r, CAP.READ_DATA], [PERM.w, CAP.WRITE_DATA], [PERM.t, CAP.GET_PROP], [PERM.T, CAP.SET_PROP],
    [PERM.a, CAP.GET_ACL], [PERM.A, CAP.SET_ACL], [PERM.o, CAP.SET_OWNER], [PERM.d, CAP.DELETE],
  ];
  let caps = 0;
  for (const [p, c] of bits) if (perms & p) caps |= c;
  if (poh.principal.user === cont.owner) caps |= CAP.OPEN_EX;
  const readish = CAP.READ_DATA | CAP.GET_PROP | CAP.GET_ACL;
  const writeish = CAP.WRITE_DATA | CAP.SET_PROP | CAP.SET_ACL | CAP.SET_OWNER;
  if (mode === 'RO') {
    caps &= readish;
    if (!caps) return err('NO_PERM');
  } else {
    if (!(caps & readish) || !(caps & writeish)) return err('NO_PERM');
    if (mode === 'EX' && !(caps & CAP.OPEN_EX)) return err('NO_PERM');
  }
  if (cont.status === 'UNCLEAN' && !op.force) return err('RF');
  if (mode === 'EX' && cont.handles.size > 0) return err('BUSY');
  for (const h of cont.handles) if (s.contHandles.get(h)?.mode === 'EX') return err('BUSY');
  return ok(openContainer(s, poh, cont, mode, caps));
}

export function contClose(s: RunningState, op: OpOf<'cont.close'>): OpResult<'cont.close'> {
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  closeContainer(s, op.coh);
  return ok(null);
}

export function contDestroy(s: RunningState, op: OpOf<'cont.destroy'>): OpResult<'cont.destroy'> {
  const pohFound = findPoolHandle(s, op.poh);
  if (!pohFound.ok) return pohFound;
  const { handle: poh, pool } = pohFound.value;
  const contFound = findContainer(pool, op.cont);
  if (!contFound.ok) return contFound;
  const cont = contFound.value;
  if (!(poh.caps & CAP_POOL_DELETE) && !(containerPerms(cont, poh.principal) & PERM.d)) return err('NO_PERM');
  if (cont.handles.size > 0 && !op.force) return err('BUSY');
  removeContainer(s, pool, cont);
  return ok(null);
}

export function contQuery(s: RunningState, op: OpOf<'cont.query'>): OpResult<'cont.query'> {
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { cont } = found.value;
  const n = cont.snapshots.length;
  return ok({ nhandles: cont.handles.size, nsnapshots: n, latestSnapshot: n > 0 ? cont.snapshots[n - 1] : null });
}

function aclValue(cont: Container): AclValue {
  return { aces: cont.acl.map(formatAce), owner: cont.owner, group: cont.group };
}

function propValue(cont: Container, name: string): PropValue {
  switch (name) {
    case 'label': return cont.label ?? CONTAINER_LABEL_NOT_SET;
    case 'status': return { status: cont.status, version: cont.statusVersion };
    case 'acl': return aclValue(cont);
    case 'owner': return cont.owner;
    case 'group': return cont.group;
    default: {
      const v = cont.props.get(name);
      if (v === undefined) throw new Error(`container property ${name} missing`);
      return v;
    }
  }
}

export function contGetProps(s: RunningState, op: OpOf<'cont.getProps'>): OpResult<'cont.getProps'> {
  let names: string[];
  if (op.names === undefined) names = CONT_PROP_NAMES.filter((n) => n !== 'acl');
  else {
    if (!Array.isArray(op.names) || op.names.length === 0) return err('INVAL');
    if (new Set(op.names).size !== op.names.length) return err('INVAL');
    if (!op.names.every(isKnownProp)) return err('INVAL');
    names = [...op.names];
  }
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { handle, cont } = found.value;
  for (const name of names) {
    const allowed =
      name === 'acl' ? handle.caps & CAP.GET_ACL
      : name === 'owner' || name === 'group' ? handle.caps & (CAP.GET_PROP | CAP.GET_ACL)
      : handle.caps & CAP.GET_PROP;
    if (!allowed) return err('NO_PERM');
  }
  const out: Record<string, PropValue> = {};
  for (const name of names) out[name] = propValue(cont, name);
  return ok(out);
}

export function contSetProps(s: RunningState, op: OpOf<'cont.setProps'>): OpResult<'cont.setProps'> {
  const check = checkSetProps(op.entries);
  if (!check.ok) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.SET_PROP);
  if (!found.ok) return found;
  const { pool, cont } = found.value;
  if (check.immutable) return err('NO_PERM');
  if (check.label !== undefined) {
    for (const c of pool.containers.values()) if (c !== cont && c.label === check.label) return err('EXIST');
    cont.label = check.label;
  }
  if (check.status) {
    cont.status = 'HEALTHY';
    cont.statusVersion = pool.map.version;
  }
  return ok(null);
}

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

export function contGetAcl(s: RunningState, op: OpOf<'cont.getAcl'>): OpResult<'cont.getAcl'> {
  const found = findContHandleWith(s, op.coh, CAP.GET_ACL);
  if (!found.ok) return found;
  return ok(aclValue(found.value.cont));
}

export function contOverwriteAcl(s: RunningState, op: OpOf<'cont.overwriteAcl'>): OpResult<'cont.overwriteAcl'> {
  const aces = parseAceList(op.aces);
  if (!aces) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.SET_ACL);
  if (!found.ok) return found;
  found.value.cont.acl = aces;
  return ok(null);
}

export function contUpdateAcl(s: RunningState, op: OpOf<'cont.updateAcl'>): OpResult<'cont.updateAcl'> {
  const aces = parseAceList(op.aces);
  if (!aces) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.SET_ACL);
  if (!found.ok) return found;
  // ACL-8 keeps the supplied order within a kind; parseAceList already sorted stably by kind.
  const merged = mergeAcl(found.value.cont.acl, aces);
  if (!isValidAcl(merged)) return err('INVAL');
  found.value.cont.acl = merged;
  return ok(null);
}

export function contDeleteAcl(s: RunningState, op: OpOf<'cont.deleteAcl'>): OpResult<'cont.deleteAcl'> {
  const who = parseDeletePrincipal(op.principal);
  if (!who) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.SET_ACL);
  if (!found.ok) return found;
  const { cont } = found.value;
  const at = cont.acl.findIndex((a) => a.kind === who.kind && a.name === who.name);
  if (at < 0) return err('NONEXIST');
  cont.acl = cont.acl.filter((_, i) => i !== at);
  return ok(null);
}

// ---------------------------------------------------------------- attributes (ATTR)

function isAttrName(name: unknown): name is string {
  return typeof name === 'string' && name.length >= 1 && name.length <= LIMITS.attrNameCharsMax;
}

function payloadBytes(p: unknown): Uint8Array | undefined {
  try {
    return expandPayload(p as Payload);
  } catch {
    return undefined;
  }
}

export function contSetAttrs(s: RunningState, op: OpOf<'cont.setAttrs'>): OpResult<'cont.setAttrs'> {
  if (!Array.isArray(op.entries) || op.entries.length === 0) return err('INVAL');
  const values = new Map<string, Uint8Array>();
  for (const entry of op.entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return err('INVAL');
    const [name, payload] = entry;
    if (!isAttrName(name) || values.has(name)) return err('INVAL');
    const bytes = payloadBytes(payload);
    if (!bytes || bytes.length < 1) return err('INVAL');
    values.set(name, bytes);
  }
  const found = findContHandleWith(s, op.coh, CAP.WRITE_DATA);
  if (!found.ok) return found;
  for (const [name, bytes] of values) found.value.cont.attrs.set(name, bytes);
  return ok(null);
}

export function contGetAttrs(s: RunningState, op: OpOf<'cont.getAttrs'>): OpResult<'cont.getAttrs'> {
  if (!Array.isArray(op.names) || op.names.length === 0 || !op.names.every(isAttrName)) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.READ_DATA);
  if (!found.ok) return found;
  const attrs = found.value.cont.attrs;
  const out = op.names.map((n) => {
    const value = attrs.get(n);
    return value === undefined ? null : new Uint8Array(value);
  });
  if (out.every((v) => v === null)) return err('NONEXIST');
  return ok(out);
}

export function contDelAttrs(s: RunningState, op: OpOf<'cont.delAttrs'>): OpResult<'cont.delAttrs'> {
  if (!Array.isArray(op.names) || op.names.length === 0 || !op.names.every(isAttrName)) return err('INVAL');
  const found = findContHandleWith(s, op.coh, CAP.WRITE_DATA);
  if (!found.ok) return found;
  const attrs = found.value.cont.attrs;
  if (!op.names.some((n) => attrs.has(n))) return err('NONEXIST');
  for (const n of op.names) attrs.delete(n);
  return ok(null);
}

export function contListAttrs(s: RunningState, op: OpOf<'cont.listAttrs'>): OpResult<'cont.listAttrs'> {
  const found = findContHandleWith(s, op.coh, CAP.READ_DATA);
  if (!found.ok) return found;
  return ok([...found.value.cont.attrs.keys()]);
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
