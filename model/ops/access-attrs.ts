import { expandPayload, ok, type Payload } from '../../contract/index.ts';
import { fail, type Handler, type HandlerTable } from '../framework.ts';
import { CONT_CAP } from '../state.ts';
import { copyPayload, isAttrName, isOutcome, lacks, payloadBytes, resolveCoh } from './access-common.ts';

/**
 * Container attributes (spec section 10). Not versioned and unaffected by halt and health (ATTR-5):
 * no handler here consults snapshots, transactions, halt or status.
 * Does NOT check: any limit on value size (the spec sets none).
 */

/** Step 1 for a list of names (ATTR-2, ATTR-3): non-empty, each 1..511 characters. */
function namesValid(names: unknown): names is readonly string[] {
  return Array.isArray(names) && names.length > 0 && names.every(isAttrName);
}

/** ATTR-1: step 1 (entries), step 4 (WRITE_DATA); creates or overwrites all entries at once. */
const contSetAttrs: Handler<'cont.setAttrs'> = (draft, op, ctx) => {
  if (!Array.isArray(op.entries) || op.entries.length === 0) return fail(ctx, 'INVAL', 'ATTR-1');
  const seen: string[] = [];
  for (const entry of op.entries) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isAttrName(entry[0])) return fail(ctx, 'INVAL', 'ATTR-1');
    const bytes = payloadBytes(entry[1]);
    if (bytes === null || bytes < 1 || seen.includes(entry[0])) return fail(ctx, 'INVAL', 'ATTR-1');
    seen.push(entry[0]);
  }
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.WRITE_DATA)) return fail(ctx, 'NO_PERM', 'ATTR-1');
  const attrs = found.cont.attrs;
  for (const [name, value] of op.entries) {
    const at = attrs.findIndex(([n]) => n === name);
    if (at >= 0) attrs[at][1] = copyPayload(value);
    else attrs.push([name, copyPayload(value)]);
  }
  ctx.cite('ATTR-1', 'ATTR-5');
  return ok(null);
};

/** ATTR-2: request order, `none` (null) for a missing name; NONEXIST only if all are missing. */
const contGetAttrs: Handler<'cont.getAttrs'> = (draft, op, ctx) => {
  if (!namesValid(op.names)) return fail(ctx, 'INVAL', 'ATTR-2');
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.READ_DATA)) return fail(ctx, 'NO_PERM', 'ATTR-2');
  const values = op.names.map((name) => found.cont.attrs.find(([n]) => n === name)?.[1] ?? null);
  if (values.every((v) => v === null)) return fail(ctx, 'NONEXIST', 'ATTR-2');
  ctx.cite('ATTR-2', 'ATTR-5');
  return ok(values.map((v) => (v === null ? null : expandPayload(copyPayload(v as Payload)))));
};

/** ATTR-3: deletes the names that exist; NONEXIST only if every name is missing. */
const contDelAttrs: Handler<'cont.delAttrs'> = (draft, op, ctx) => {
  if (!namesValid(op.names)) return fail(ctx, 'INVAL', 'ATTR-3');
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.WRITE_DATA)) return fail(ctx, 'NO_PERM', 'ATTR-3');
  const cont = found.cont;
  if (!op.names.some((name) => cont.attrs.some(([n]) => n === name))) return fail(ctx, 'NONEXIST', 'ATTR-3');
  cont.attrs = cont.attrs.filter(([n]) => !op.names.includes(n));
  ctx.cite('ATTR-3', 'ATTR-5');
  return ok(null);
};

/** ATTR-4: the set of names. */
const contListAttrs: Handler<'cont.listAttrs'> = (draft, op, ctx) => {
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.READ_DATA)) return fail(ctx, 'NO_PERM', 'ATTR-4');
  ctx.cite('ATTR-4', 'ATTR-5');
  return ok(found.cont.attrs.map(([n]) => n));
};

export const attrAccessHandlers: Partial<HandlerTable> = {
  'cont.setAttrs': contSetAttrs,
  'cont.getAttrs': contGetAttrs,
  'cont.delAttrs': contDelAttrs,
  'cont.listAttrs': contListAttrs,
};
