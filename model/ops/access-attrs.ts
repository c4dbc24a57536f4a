import { expandPayload, ok, type Outcome, type Payload } from '../../contract/index.ts';
import { fail, type Allowed, type Draftable, type Handler, type HandlerTable, type StepContext } from '../framework.ts';
import { own } from '../cow.ts';
import { ownContainer, ownPool, poolById, poolHandle } from '../resolve.ts';
import { CONT_CAP } from '../state.ts';
import { copyPayload, isAttrName, isOutcome, lacks, payloadBytes, resolveCoh } from './access-common.ts';

/**
 * Attributes of containers (spec section 10) and of pools (POOL-10, rev. 2): one implementation of
 * ATTR-1..5, reached through a container handle or a pool handle. Not versioned and unaffected by
 * halt and health (ATTR-5, POOL-10): nothing here consults snapshots, transactions, halt or status.
 * Does NOT check: any limit on value size (the spec sets none).
 */

type Attrs = Array<[string, Payload]>;

/** Access an attribute operation needs: read (getAttrs, listAttrs) or write (setAttrs, delAttrs). */
type AttrAccess = 'read' | 'write';

/**
 * Steps 2 and 4 (section 23) for one attribute operation: the attribute list it acts on, or the
 * error. `rule` is cited for NO_PERM. For writing, the list is owned by the step (model/cow.ts).
 */
type LocateAttrs = (draft: Draftable, access: AttrAccess, rule: string, ctx: StepContext) => Attrs | Outcome;

/** Through a container handle: READ_DATA to read, WRITE_DATA to write (ATTR-1..4). */
function contAttrs(coh: number): LocateAttrs {
  return (draft, access, rule, ctx) => {
    const found = resolveCoh(draft, coh, ctx);
    if (isOutcome(found)) return found;
    if (lacks(found.handle, access === 'read' ? CONT_CAP.READ_DATA : CONT_CAP.WRITE_DATA)) return fail(ctx, 'NO_PERM', rule);
    return access === 'read' ? found.cont.attrs : own(ownContainer(draft, found.cont), 'attrs');
  };
}

/** Through a pool handle (POOL-10): any valid handle reads; writing needs one connected RW or EX. */
function poolAttrs(poh: number): LocateAttrs {
  return (draft, access, rule, ctx) => {
    const handle = poolHandle(draft, poh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    if (access === 'write' && handle.mode === 'RO') return fail(ctx, 'NO_PERM', 'POOL-10', rule);
    ctx.cite('POOL-10');
    return access === 'read' ? poolById(draft, handle.poolId).attrs : own(ownPool(draft, handle.poolId), 'attrs');
  };
}

/** Step 1 for a list of names (ATTR-2, ATTR-3): non-empty, each 1..511 bytes. */
function namesValid(names: unknown): names is readonly string[] {
  return Array.isArray(names) && names.length > 0 && names.every(isAttrName);
}

/** ATTR-1: step 1 (entries), steps 2 and 4; creates or overwrites all entries at once. */
function setAttrs(draft: Draftable, entries: readonly (readonly [string, Payload])[], locate: LocateAttrs, ctx: StepContext): Allowed {
  if (!Array.isArray(entries) || entries.length === 0) return fail(ctx, 'INVAL', 'ATTR-1');
  const seen: string[] = [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isAttrName(entry[0])) return fail(ctx, 'INVAL', 'ATTR-1');
    const bytes = payloadBytes(entry[1]);
    if (bytes === null || bytes < 1 || seen.includes(entry[0])) return fail(ctx, 'INVAL', 'ATTR-1');
    seen.push(entry[0]);
  }
  const attrs = locate(draft, 'write', 'ATTR-1', ctx);
  if (isOutcome(attrs)) return attrs;
  for (const [name, value] of entries) {
    const at = attrs.findIndex(([n]) => n === name);
    if (at >= 0) own(attrs, at)[1] = copyPayload(value);
    else attrs.push([name, copyPayload(value)]);
  }
  ctx.cite('ATTR-1', 'ATTR-5');
  return ok(null);
}

/** ATTR-2: request order, `none` (null) for a missing name; NONEXIST only if all are missing. */
function getAttrs(draft: Draftable, names: readonly string[], locate: LocateAttrs, ctx: StepContext): Allowed {
  if (!namesValid(names)) return fail(ctx, 'INVAL', 'ATTR-2');
  const attrs = locate(draft, 'read', 'ATTR-2', ctx);
  if (isOutcome(attrs)) return attrs;
  const values = names.map((name) => attrs.find(([n]) => n === name)?.[1] ?? null);
  if (values.every((v) => v === null)) return fail(ctx, 'NONEXIST', 'ATTR-2');
  ctx.cite('ATTR-2', 'ATTR-5');
  return ok(values.map((v) => (v === null ? null : expandPayload(copyPayload(v as Payload)))));
}

/** ATTR-3: deletes the names that exist; NONEXIST only if every name is missing. */
function delAttrs(draft: Draftable, names: readonly string[], locate: LocateAttrs, ctx: StepContext): Allowed {
  if (!namesValid(names)) return fail(ctx, 'INVAL', 'ATTR-3');
  const attrs = locate(draft, 'write', 'ATTR-3', ctx);
  if (isOutcome(attrs)) return attrs;
  if (!names.some((name) => attrs.some(([n]) => n === name))) return fail(ctx, 'NONEXIST', 'ATTR-3');
  // Removed in place: `attrs` is the container's or the pool's own list (draft).
  for (let i = attrs.length - 1; i >= 0; i--) if (names.includes(attrs[i][0])) attrs.splice(i, 1);
  ctx.cite('ATTR-3', 'ATTR-5');
  return ok(null);
}

/** ATTR-4: the set of names. */
function listAttrs(draft: Draftable, locate: LocateAttrs, ctx: StepContext): Allowed {
  const attrs = locate(draft, 'read', 'ATTR-4', ctx);
  if (isOutcome(attrs)) return attrs;
  ctx.cite('ATTR-4', 'ATTR-5');
  return ok(attrs.map(([n]) => n));
}

const contSetAttrs: Handler<'cont.setAttrs'> = (draft, op, ctx) => setAttrs(draft, op.entries, contAttrs(op.coh), ctx);
const contGetAttrs: Handler<'cont.getAttrs'> = (draft, op, ctx) => getAttrs(draft, op.names, contAttrs(op.coh), ctx);
const contDelAttrs: Handler<'cont.delAttrs'> = (draft, op, ctx) => delAttrs(draft, op.names, contAttrs(op.coh), ctx);
const contListAttrs: Handler<'cont.listAttrs'> = (draft, op, ctx) => listAttrs(draft, contAttrs(op.coh), ctx);

const poolSetAttrs: Handler<'pool.setAttrs'> = (draft, op, ctx) => setAttrs(draft, op.entries, poolAttrs(op.poh), ctx);
const poolGetAttrs: Handler<'pool.getAttrs'> = (draft, op, ctx) => getAttrs(draft, op.names, poolAttrs(op.poh), ctx);
const poolDelAttrs: Handler<'pool.delAttrs'> = (draft, op, ctx) => delAttrs(draft, op.names, poolAttrs(op.poh), ctx);
const poolListAttrs: Handler<'pool.listAttrs'> = (draft, op, ctx) => listAttrs(draft, poolAttrs(op.poh), ctx);

export const attrAccessHandlers: Partial<HandlerTable> = {
  'cont.setAttrs': contSetAttrs,
  'cont.getAttrs': contGetAttrs,
  'cont.delAttrs': contDelAttrs,
  'cont.listAttrs': contListAttrs,
  'pool.setAttrs': poolSetAttrs,
  'pool.getAttrs': poolGetAttrs,
  'pool.delAttrs': poolDelAttrs,
  'pool.listAttrs': poolListAttrs,
};
