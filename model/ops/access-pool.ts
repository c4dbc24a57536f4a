import { ok } from '../../contract/index.ts';
import { DEFAULT_POOL_ACL, builtinAcl, canonicalOrder, evaluateAcl, isValidPrincipal, parseAcl, poolCaps } from '../acl.ts';
import { fail, type Handler, type HandlerTable } from '../framework.ts';
import { labelOrSentinel, labelProblem, referenceProblem } from '../labels.ts';
import { poolCreateProps } from '../props.ts';
import { own } from '../cow.ts';
import { dropContainerHandles, dropPoolHandle, findPool, issueHandle, modelUuid, poolHandle } from '../resolve.ts';
import { initialPoolMap } from '../topology.ts';
import { copyPrincipal, isAccessMode } from './access-common.ts';

/**
 * Pool administration and pool client operations (spec section 5): create, destroy, connect,
 * disconnect, listContainers. Each handler runs the checks of section 22 in step order.
 * Does NOT handle: pool.query and map changes (ops/map.ts), the pool ACL (access-acl.ts), pool
 * properties after create (access-pool-props.ts), pool attributes (access-attrs.ts).
 */

/** POOL-1..3, LABEL-1..4. Step 1 in argument order (owner, label, acl, props), then step 7. */
const poolCreate: Handler<'pool.create'> = (draft, op, ctx) => {
  const system = draft.system;
  if (!system) throw new Error('model invariant: pool.create before system.create');
  if (!isValidPrincipal(op.owner)) return fail(ctx, 'INVAL', 'ACL-15');
  if (op.label !== undefined) {
    const rule = labelProblem(op.label);
    if (rule) return fail(ctx, 'INVAL', rule);
  }
  let acl = builtinAcl(DEFAULT_POOL_ACL); // POOL-3
  if (op.acl !== undefined) {
    const parsed = parseAcl(op.acl);
    if (typeof parsed === 'string') return fail(ctx, 'INVAL', parsed);
    acl = canonicalOrder(parsed); // POOL-3: replaces the default entirely; ACL-7 order
    ctx.cite('POOL-3');
  }
  const props = poolCreateProps(op.props, system.nodes);
  if (typeof props === 'string') return fail(ctx, 'INVAL', props);
  // Step 7, LABEL-4: pool labels are unique within the system.
  if (op.label !== undefined && draft.pools.some((p) => p.label === op.label)) return fail(ctx, 'EXIST', 'LABEL-4');

  draft.poolsCreated += 1;
  const id = modelUuid('pool', draft.poolsCreated);
  const map = initialPoolMap(system); // MAP-3
  own(draft, 'pools').push({
    id,
    label: op.label ?? null,
    owner: op.owner.user, // POOL-1
    ownerGroup: op.owner.groups[0],
    acl,
    rdFac: props.rdFac, // POOL-2
    ecCellSz: props.ecCellSz,
    targets: map.targets,
    version: map.version,
    dead: map.dead,
    events: [],
    rebuildEverChanged: false,
    containers: [],
    attrs: [], // POOL-10
  });
  ctx.cite('POOL-1', 'POOL-2');
  return ok(id);
};

/** POOL-7: step 2 (pool), step 7 (containers without recursive, then handles without force). */
const poolDestroy: Handler<'pool.destroy'> = (draft, op, ctx) => {
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const pool = findPool(draft, op.pool);
  if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5', 'POOL-7');
  if (pool.containers.length > 0 && !op.recursive) return fail(ctx, 'BUSY', 'POOL-7');
  const pohs = Object.keys(draft.poolHandles).map(Number).filter((poh) => draft.poolHandles[poh].poolId === pool.id);
  if (pohs.length > 0 && !op.force) return fail(ctx, 'BUSY', 'POOL-7');
  // POOL-7: every handle of the pool (transaction, container, pool) becomes invalid (ERR-7).
  for (const cont of pool.containers) dropContainerHandles(draft, cont.id);
  for (const poh of pohs) dropPoolHandle(draft, poh);
  draft.pools = draft.pools.filter((p) => p.id !== pool.id);
  ctx.cite('POOL-7');
  return ok(null);
};

/** POOL-4, ACL-12, ACL-15: step 1 (principal, mode), 2 (pool), 4 (ACL), 7 (EX conflicts). */
const poolConnect: Handler<'pool.connect'> = (draft, op, ctx) => {
  if (!isValidPrincipal(op.principal)) return fail(ctx, 'INVAL', 'ACL-15');
  if (!isAccessMode(op.mode)) return fail(ctx, 'INVAL', 'POOL-4');
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const pool = findPool(draft, op.pool);
  if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5', 'POOL-4');
  const perms = evaluateAcl(pool.acl, pool.owner, pool.ownerGroup, op.principal, 'pool'); // ACL-10
  const caps = poolCaps(perms, op.mode); // ACL-12
  if (caps === 0) return fail(ctx, 'NO_PERM', 'ACL-12', 'POOL-4');
  const others = Object.values(draft.poolHandles).filter((h) => h.poolId === pool.id);
  if (op.mode === 'EX' && others.length > 0) return fail(ctx, 'BUSY', 'POOL-4');
  if (others.some((h) => h.mode === 'EX')) return fail(ctx, 'BUSY', 'POOL-4');
  const poh = issueHandle(draft);
  // ACL-14: capabilities are fixed now.
  own(draft, 'poolHandles')[poh] = { poolId: pool.id, principal: copyPrincipal(op.principal), mode: op.mode, caps };
  ctx.cite('POOL-4', 'ACL-12', 'ACL-14');
  return ok(poh);
};

/** POOL-5: step 2 (handle), step 7 (open container handles). */
const poolDisconnect: Handler<'pool.disconnect'> = (draft, op, ctx) => {
  if (!poolHandle(draft, op.poh)) return fail(ctx, 'NO_HDL', 'ERR-7');
  if (Object.values(draft.contHandles).some((h) => h.poh === op.poh)) return fail(ctx, 'BUSY', 'POOL-5');
  dropPoolHandle(draft, op.poh);
  ctx.cite('POOL-5');
  return ok(null);
};

/** POOL-6, LABEL-3: the set of {id, label}, an unset label read back as the sentinel. */
const poolListContainers: Handler<'pool.listContainers'> = (draft, op, ctx) => {
  const handle = poolHandle(draft, op.poh);
  if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
  const pool = draft.pools.find((p) => p.id === handle.poolId);
  if (!pool) throw new Error('model invariant: pool handle of a destroyed pool');
  ctx.cite('POOL-6');
  return ok(pool.containers.map((c) => ({ id: c.id, label: labelOrSentinel(c.label, 'cont') })));
};

export const poolAccessHandlers: Partial<HandlerTable> = {
  'pool.create': poolCreate,
  'pool.destroy': poolDestroy,
  'pool.connect': poolConnect,
  'pool.disconnect': poolDisconnect,
  'pool.listContainers': poolListContainers,
};
