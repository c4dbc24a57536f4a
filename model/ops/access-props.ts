import { ok, type AclValue, type PropEntry, type PropValue } from '../../contract/index.ts';
import { aclProblem, canonicalOrder, formatAce, isNamedPrincipal, mergeAcl, parseAcl, parseDeletePrincipal, samePrincipal } from '../acl.ts';
import { fail, type Handler, type HandlerTable } from '../framework.ts';
import { labelOrSentinel } from '../labels.ts';
import { defaultGetPropNames, isContPropName, setPropsProblem, setsImmutableProp } from '../props.ts';
import { CONT_CAP, type ContainerState } from '../state.ts';
import { isOutcome, lacks, resolveCoh } from './access-common.ts';

/**
 * Container properties, owner and ACL operations (spec sections 7 and 9, section 23 rows).
 * Does NOT handle: create-time properties (access-cont.ts), status changes by exclusion (RF-3).
 */

/** ACL-7: the `{aces, owner, group}` value, as plain data. */
function aclValue(cont: ContainerState): AclValue {
  return { aces: cont.acl.map(formatAce), owner: cont.owner, group: cont.group };
}

/** A plain (non-draft) copy of a stored property value: the outcome outlives the draft. */
function plainValue(value: PropValue): PropValue {
  return typeof value === 'object' ? (JSON.parse(JSON.stringify(value)) as PropValue) : value;
}

/** PROP-1, PROP-4, LABEL-3: the reported value of one property. */
function propValue(cont: ContainerState, name: string): PropValue {
  switch (name) {
    case 'label': return labelOrSentinel(cont.label, 'cont');
    case 'status': return { status: cont.status, version: cont.statusVersion };
    case 'acl': return aclValue(cont);
    case 'owner': return cont.owner;
    case 'group': return cont.group;
    default: {
      const value = cont.props[name];
      if (value === undefined) throw new Error(`model invariant: container lacks property ${name}`);
      return plainValue(value);
    }
  }
}

/** PROP-4: the capability test for reading one property. */
function mayGet(caps: number, name: string): boolean {
  if (name === 'acl') return (caps & CONT_CAP.GET_ACL) !== 0;
  if (name === 'owner' || name === 'group') return (caps & (CONT_CAP.GET_PROP | CONT_CAP.GET_ACL)) !== 0;
  return (caps & CONT_CAP.GET_PROP) !== 0;
}

/**
 * PROP-4. Step 1: a given `names` list must be non-empty, of known names, without duplicates
 * (choice: the spec leaves these unsaid; we apply PROP-5's list rules). Step 4: all or nothing.
 */
const contGetProps: Handler<'cont.getProps'> = (draft, op, ctx) => {
  if (op.names !== undefined) {
    if (!Array.isArray(op.names) || op.names.length === 0) return fail(ctx, 'INVAL', 'PROP-4');
    for (let i = 0; i < op.names.length; i++) {
      if (!isContPropName(op.names[i]) || op.names.indexOf(op.names[i]) !== i) return fail(ctx, 'INVAL', 'PROP-4');
    }
  }
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  const names = op.names ?? defaultGetPropNames();
  if (!names.every((name) => mayGet(found.handle.caps, name))) return fail(ctx, 'NO_PERM', 'PROP-4');
  const result: Record<string, PropValue> = {};
  for (const name of names) result[name] = propValue(found.cont, name);
  ctx.cite('PROP-4');
  return ok(result);
};

/** PROP-5, PROP-6, LABEL-4. Step 1 (names, values), 4 (SET_PROP, immutable), 7 (label in use). */
const contSetProps: Handler<'cont.setProps'> = (draft, op, ctx) => {
  const rule = setPropsProblem(op.entries);
  if (rule) return fail(ctx, 'INVAL', rule);
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  const { handle, pool, cont } = found;
  if (lacks(handle, CONT_CAP.SET_PROP)) return fail(ctx, 'NO_PERM', 'PROP-5');
  if (setsImmutableProp(op.entries)) return fail(ctx, 'NO_PERM', 'PROP-5');
  const label = op.entries.find(([name]) => name === 'label')?.[1] as string | undefined;
  if (label !== undefined && pool.containers.some((c) => c.id !== cont.id && c.label === label)) return fail(ctx, 'EXIST', 'LABEL-4');
  // PROP-5: every entry was checked above; now apply them all.
  for (const [name] of op.entries as readonly PropEntry[]) {
    if (name === 'label') {
      cont.label = label as string; // LABEL-4: re-setting its own label changes nothing
    } else {
      // PROP-6, RF-5: HEALTHY stamped with the current map version, even if already HEALTHY.
      cont.status = 'HEALTHY';
      cont.statusVersion = pool.version;
      ctx.cite('PROP-6', 'RF-5');
    }
  }
  ctx.cite('PROP-5');
  return ok(null);
};

/** PROP-7: step 1 (at least one field, each a valid name), step 4 (SET_OWNER). */
const contSetOwner: Handler<'cont.setOwner'> = (draft, op, ctx) => {
  if (op.user === undefined && op.group === undefined) return fail(ctx, 'INVAL', 'PROP-7');
  if (op.user !== undefined && !isNamedPrincipal(op.user)) return fail(ctx, 'INVAL', 'PROP-7', 'ACL-3');
  if (op.group !== undefined && !isNamedPrincipal(op.group)) return fail(ctx, 'INVAL', 'PROP-7', 'ACL-3');
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.SET_OWNER)) return fail(ctx, 'NO_PERM', 'PROP-7');
  if (op.user !== undefined) found.cont.owner = op.user;
  if (op.group !== undefined) found.cont.group = op.group;
  ctx.cite('PROP-7');
  return ok(null);
};

/** ACL-7: needs GET_ACL. */
const contGetAcl: Handler<'cont.getAcl'> = (draft, op, ctx) => {
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.GET_ACL)) return fail(ctx, 'NO_PERM', 'ACL-13');
  ctx.cite('ACL-7');
  return ok(aclValue(found.cont));
};

/** ACL-8: replaces the whole ACL. Step 1 (ACL-1..6), step 4 (SET_ACL). */
const contOverwriteAcl: Handler<'cont.overwriteAcl'> = (draft, op, ctx) => {
  const parsed = parseAcl(op.aces);
  if (typeof parsed === 'string') return fail(ctx, 'INVAL', parsed);
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.SET_ACL)) return fail(ctx, 'NO_PERM', 'ACL-13');
  found.cont.acl = canonicalOrder(parsed);
  ctx.cite('ACL-8', 'ACL-7');
  return ok(null);
};

/**
 * ACL-8: merges. Step 1 (the supplied list, ACL-1..6), step 4 (SET_ACL), then the merged ACL must
 * satisfy ACL-6. (choice: the result's size is checked after the permission check, as DAOS's
 * server merges only after checking the capability; the code is INVAL.)
 */
const contUpdateAcl: Handler<'cont.updateAcl'> = (draft, op, ctx) => {
  const parsed = parseAcl(op.aces);
  if (typeof parsed === 'string') return fail(ctx, 'INVAL', parsed);
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.SET_ACL)) return fail(ctx, 'NO_PERM', 'ACL-13');
  const merged = mergeAcl(found.cont.acl, parsed);
  const rule = aclProblem(merged);
  if (rule) return fail(ctx, 'INVAL', 'ACL-8', rule);
  found.cont.acl = merged;
  ctx.cite('ACL-8', 'ACL-7');
  return ok(null);
};

/** ACL-9: step 1 (principal form), step 4 (SET_ACL), step 7 (absent entry NONEXIST). */
const contDeleteAcl: Handler<'cont.deleteAcl'> = (draft, op, ctx) => {
  const target = parseDeletePrincipal(op.principal);
  if (!target) return fail(ctx, 'INVAL', 'ACL-9');
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.SET_ACL)) return fail(ctx, 'NO_PERM', 'ACL-13');
  if (!found.cont.acl.some((ace) => samePrincipal(ace, target))) return fail(ctx, 'NONEXIST', 'ACL-9');
  found.cont.acl = found.cont.acl.filter((ace) => !samePrincipal(ace, target));
  ctx.cite('ACL-9');
  return ok(null);
};

export const propAccessHandlers: Partial<HandlerTable> = {
  'cont.getProps': contGetProps,
  'cont.setProps': contSetProps,
  'cont.setOwner': contSetOwner,
  'cont.getAcl': contGetAcl,
  'cont.overwriteAcl': contOverwriteAcl,
  'cont.updateAcl': contUpdateAcl,
  'cont.deleteAcl': contDeleteAcl,
};
