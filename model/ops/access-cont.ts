import { ok, type PropEntry } from '../../contract/index.ts';
import { DEFAULT_CONT_ACL, builtinAcl, canonicalOrder, contCaps, contDeleteAllowed, evaluateAcl, parseAcl } from '../acl.ts';
import { fail, type Handler, type HandlerTable } from '../framework.ts';
import { labelProblem, referenceProblem } from '../labels.ts';
import { createPropsProblem, entryValue, initialContainerProps } from '../props.ts';
import { own } from '../cow.ts';
import { dropContainerHandles, dropTxHandlesOf, findContainer, isHalted, issueHandle, modelUuid, ownPool, poolById, poolHandle } from '../resolve.ts';
import { EMPTY_LOG, POOL_CAP, type ContainerState } from '../state.ts';
import { copyPrincipal, isAccessMode, isOutcome, lacks, openHandlesOf, resolveCoh } from './access-common.ts';

/** Width of each container's epoch range (see cont.create). */
const EPOCH_BLOCK = 2 ** 32;

/**
 * Container lifecycle (spec section 8): create, open, close, destroy, query.
 * Does NOT handle: properties, ACLs, attributes (access-props.ts, access-attrs.ts), snapshots and
 * data (ops/data*.ts), status changes by exclusion (RF-3, ops/map.ts).
 */

/**
 * CONT-1, PROP-2, PROP-3, LABEL-1..4, ACL-11. Step 1 in argument order (label, props, acl), step 2
 * (poh, then CONT-1's owner/group equality), step 4 (CREATE_CONT), step 7 (label in use).
 */
const contCreate: Handler<'cont.create'> = (draft, op, ctx) => {
  if (op.label !== undefined) {
    const rule = labelProblem(op.label);
    if (rule) return fail(ctx, 'INVAL', rule);
  }
  const entries: readonly PropEntry[] = op.props ?? [];
  if (!Array.isArray(entries)) return fail(ctx, 'INVAL', 'PROP-2');
  const propRule = createPropsProblem(entries);
  if (propRule) return fail(ctx, 'INVAL', propRule);
  // (choice) A label both as the argument and as a property is a duplicate name, INVAL (PROP-2);
  // DAOS's daos_cont_create_with_label refuses a property list that already carries a label.
  if (op.label !== undefined && entryValue(entries, 'label') !== undefined) return fail(ctx, 'INVAL', 'PROP-2');
  let acl = builtinAcl(DEFAULT_CONT_ACL); // ACL-11
  if (op.acl !== undefined) {
    const parsed = parseAcl(op.acl);
    if (typeof parsed === 'string') return fail(ctx, 'INVAL', parsed);
    acl = canonicalOrder(parsed); // ACL-11: replaces the default entirely; ACL-7 order
  }

  const handle = poolHandle(draft, op.poh);
  if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
  const owner = handle.principal.user;
  const group = handle.principal.groups[0];
  // CONT-1: an owner or group property that differs from the creator's is INVAL. (choice: checked
  // at the end of step 2, once the handle's principal is known, like TX-2's handle match.)
  const ownerProp = entryValue(entries, 'owner');
  const groupProp = entryValue(entries, 'group');
  if ((ownerProp !== undefined && ownerProp !== owner) || (groupProp !== undefined && groupProp !== group)) {
    return fail(ctx, 'INVAL', 'CONT-1');
  }
  if (lacks(handle, POOL_CAP.CREATE_CONT)) return fail(ctx, 'NO_PERM', 'CONT-1');
  const pool = poolById(draft, handle.poolId);
  const label = (op.label ?? entryValue(entries, 'label') ?? null) as string | null;
  if (label !== null && pool.containers.some((c) => c.label === label)) return fail(ctx, 'EXIST', 'LABEL-4');

  draft.containersCreated += 1;
  if (draft.containersCreated >= 2 ** 20) throw new Error('model bound: at most 2^20 containers per run keep epochs exact');
  const cont: ContainerState = {
    id: modelUuid('cont', draft.containersCreated),
    poolId: pool.id,
    label,
    owner,
    group,
    acl,
    props: initialContainerProps(entries, pool), // PROP-1 defaults, PROP-3 inheritance
    status: 'HEALTHY', // CONT-1: stamped with the current map version
    statusVersion: pool.version,
    attrs: [],
    snapshots: [],
    // Epochs (and so snapshot tokens) of different containers never coincide: each container's
    // epochs start in its own 2^32-wide block. Token values are unobservable (section 24) except
    // for their order, but a token passed to another container must never name one of its own
    // snapshots by accident (SNAP-4: "not live in this container" is NONEXIST).
    epoch: draft.containersCreated * EPOCH_BLOCK,
    writes: EMPTY_LOG,
    kinds: {},
    atRiskThrough: 0,
    marks: [],
  };
  own(ownPool(draft, pool.id), 'containers').push(cont);
  ctx.cite('CONT-1', 'PROP-3');
  return ok(cont.id);
};

/**
 * CONT-2, ACL-13, HALT-4, RF-4. Step 1 (mode), 2 (poh, cont), 3 (halt), 4 (ACL), 4b (open handles
 * and EX conflicts: rev. 2, DAOS checks handle compatibility before health), 5 (health).
 */
const contOpen: Handler<'cont.open'> = (draft, op, ctx) => {
  if (referenceProblem(op.cont)) return fail(ctx, 'INVAL', 'LABEL-5');
  if (!isAccessMode(op.mode)) return fail(ctx, 'INVAL', 'CONT-2');
  const handle = poolHandle(draft, op.poh);
  if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
  const pool = poolById(draft, handle.poolId);
  const cont = findContainer(pool, op.cont);
  if (!cont) return fail(ctx, 'NONEXIST', 'LABEL-5', 'CONT-2');
  if (isHalted(pool)) return fail(ctx, 'TIMEDOUT', 'HALT-4', 'CONT-2');
  const isOwner = handle.principal.user === cont.owner;
  const perms = evaluateAcl(cont.acl, cont.owner, cont.group, handle.principal, 'cont'); // ACL-10
  const caps = contCaps(perms, isOwner, op.mode); // ACL-13
  if (caps === 0) return fail(ctx, 'NO_PERM', 'ACL-13', 'CONT-2');
  const open = openHandlesOf(draft, cont.id);
  if (op.mode === 'EX' && open.length > 0) return fail(ctx, 'BUSY', 'CONT-2');
  if (open.some((h) => h.mode === 'EX')) return fail(ctx, 'BUSY', 'CONT-2');
  if (cont.status === 'UNCLEAN' && !op.force) return fail(ctx, 'RF', 'RF-4', 'CONT-2');
  const coh = issueHandle(draft);
  // ACL-14: capabilities fixed now; the handle inherits the pool handle's principal (section 1).
  own(draft, 'contHandles')[coh] = { poh: op.poh, poolId: pool.id, contId: cont.id, principal: copyPrincipal(handle.principal), mode: op.mode, caps };
  ctx.cite('CONT-2', 'ACL-13', 'ACL-14');
  return ok(coh);
};

/**
 * CONT-3: invalidates the handle and its transactions (their buffered writes are dropped).
 * ERR-7 (rev. 2, DAOS CONT20): the first close of a handle orphaned by a forced cont.destroy is ok.
 */
const contClose: Handler<'cont.close'> = (draft, op, ctx) => {
  if (Object.prototype.hasOwnProperty.call(draft.orphanedContHandles, op.coh)) {
    delete own(draft, 'orphanedContHandles')[op.coh]; // a second close is NO_HDL
    ctx.cite('ERR-7', 'CONT-4');
    return ok(null);
  }
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  dropTxHandlesOf(draft, op.coh);
  delete own(draft, 'contHandles')[op.coh];
  ctx.cite('CONT-3');
  return ok(null);
};

/**
 * CONT-4: step 2 (poh, cont), step 4 (DEL_CONT, or DELETE from the container ACL, ACL-10 now,
 * after the filter for the pool handle's mode: rev. 2), step 7 (open handles).
 */
const contDestroy: Handler<'cont.destroy'> = (draft, op, ctx) => {
  if (referenceProblem(op.cont)) return fail(ctx, 'INVAL', 'LABEL-5');
  const handle = poolHandle(draft, op.poh);
  if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
  const pool = poolById(draft, handle.poolId);
  const cont = findContainer(pool, op.cont);
  if (!cont) return fail(ctx, 'NONEXIST', 'LABEL-5', 'CONT-4');
  const perms = evaluateAcl(cont.acl, cont.owner, cont.group, handle.principal, 'cont');
  const aclAllows = contDeleteAllowed(perms, handle.principal.user === cont.owner, handle.mode);
  if (lacks(handle, POOL_CAP.DEL_CONT) && !aclAllows) return fail(ctx, 'NO_PERM', 'CONT-4', 'ACL-10');
  const open = openHandlesOf(draft, cont.id);
  if (open.length > 0 && !op.force) return fail(ctx, 'BUSY', 'CONT-4');
  // ERR-7: each open handle (all of them, since only a forced destroy gets here with some) may
  // still be closed once, with ok.
  for (const coh of Object.keys(draft.contHandles).map(Number)) {
    if (draft.contHandles[coh].contId === cont.id) own(draft, 'orphanedContHandles')[coh] = { poh: draft.contHandles[coh].poh };
  }
  // CONT-4: data, snapshots and attributes go with the container; its label becomes free; its
  // container and transaction handles become invalid (ERR-7).
  dropContainerHandles(draft, cont.id);
  const from = ownPool(draft, pool.id);
  from.containers = from.containers.filter((c) => c.id !== cont.id);
  ctx.cite('CONT-4');
  return ok(null);
};

/** CONT-5: needs only a valid handle. */
const contQuery: Handler<'cont.query'> = (draft, op, ctx) => {
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  const { cont } = found;
  ctx.cite('CONT-5');
  return ok({
    nhandles: openHandlesOf(draft, cont.id).length,
    nsnapshots: cont.snapshots.length,
    latestSnapshot: cont.snapshots.length > 0 ? cont.snapshots[cont.snapshots.length - 1] : null,
  });
};

export const contAccessHandlers: Partial<HandlerTable> = {
  'cont.create': contCreate,
  'cont.open': contOpen,
  'cont.close': contClose,
  'cont.destroy': contDestroy,
  'cont.query': contQuery,
};
