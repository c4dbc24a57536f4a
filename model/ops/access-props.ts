import { CONT_PROP_NAMES, ok, type PropEntry, type PropValue } from '../../contract/index.ts';
import { canonicalOrder, isNamedPrincipal, parseAcl } from '../acl.ts';
import { fail, type Handler, type HandlerTable, type StepContext } from '../framework.ts';
import { labelOrSentinel } from '../labels.ts';
import { defaultGetPropNames, getPropNamesProblem, setPropCapability, setPropsProblem } from '../props.ts';
import { CONT_CAP, type ContainerState } from '../state.ts';
import { aclValue } from './access-acl.ts';
import { ownContainer } from '../resolve.ts';
import { isOutcome, lacks, resolveCoh } from './access-common.ts';

/**
 * Container properties and owner (spec section 9, section 23 rows).
 * Does NOT handle: create-time properties (access-cont.ts), status changes by exclusion (RF-3),
 * the ACL operations (access-acl.ts), pool properties (access-pool-props.ts).
 */

/** A plain (non-draft) copy of a stored property value: the outcome outlives the draft. */
function plainValue(value: PropValue): PropValue {
  return typeof value === 'object' ? (JSON.parse(JSON.stringify(value)) as PropValue) : value;
}

/** PROP-1, PROP-4, LABEL-3: the reported value of one property. */
function propValue(cont: ContainerState, name: string): PropValue {
  switch (name) {
    case 'label': return labelOrSentinel(cont.label, 'cont');
    case 'status': return { status: cont.status, version: cont.statusVersion };
    case 'acl': return aclValue(cont.acl, cont.owner, cont.group);
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
 * (section 25). Step 4: all or nothing; without names every property, acl included (rev. 2), so
 * GET_PROP and GET_ACL are both needed.
 */
const contGetProps: Handler<'cont.getProps'> = (draft, op, ctx) => {
  if (getPropNamesProblem(op.names, CONT_PROP_NAMES)) return fail(ctx, 'INVAL', 'PROP-4');
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  const names = op.names ?? defaultGetPropNames();
  if (!names.every((name) => mayGet(found.handle.caps, name))) return fail(ctx, 'NO_PERM', 'PROP-4');
  const result: Record<string, PropValue> = {};
  for (const name of names) result[name] = propValue(found.cont, name);
  ctx.cite('PROP-4');
  return ok(result);
};

/**
 * PROP-5, PROP-6, PROP-7, ACL-8, LABEL-4. Step 1 (names, values), 4 (per entry in list order its
 * capability, or NO_PERM for a property fixed after create), 7 (label in use).
 */
const contSetProps: Handler<'cont.setProps'> = (draft, op, ctx) => {
  const rule = setPropsProblem(op.entries);
  if (rule) return fail(ctx, 'INVAL', rule);
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  const { handle, pool, cont } = found;
  for (const [name] of op.entries) {
    const cap = setPropCapability(name);
    if (cap === null || lacks(handle, cap)) return fail(ctx, 'NO_PERM', 'PROP-5');
  }
  const label = op.entries.find(([name]) => name === 'label')?.[1] as string | undefined;
  if (label !== undefined && pool.containers.some((c) => c.id !== cont.id && c.label === label)) return fail(ctx, 'EXIST', 'LABEL-4');
  // PROP-5: every entry was checked above; now apply them all.
  const owned = ownContainer(draft, cont);
  for (const [name, value] of op.entries as readonly PropEntry[]) applyProp(owned, name, value, pool.version, ctx);
  ctx.cite('PROP-5');
  return ok(null);
};

/** PROP-5: applies one checked setProps entry. */
function applyProp(cont: ContainerState, name: string, value: PropValue, mapVersion: number, ctx: StepContext): void {
  switch (name) {
    case 'label':
      cont.label = value as string; // LABEL-4: re-setting its own label changes nothing
      return;
    case 'status':
      // PROP-6, RF-5: HEALTHY stamped with the current map version, even if already HEALTHY.
      cont.status = 'HEALTHY';
      cont.statusVersion = mapVersion;
      ctx.cite('PROP-6', 'RF-5');
      return;
    case 'owner':
      cont.owner = value as string; // PROP-7's effect, through setProps
      return;
    case 'group':
      cont.group = value as string;
      return;
    case 'acl': {
      // ACL-8: replaces the ACL as cont.overwriteAcl does.
      const parsed = parseAcl(value);
      if (typeof parsed === 'string') throw new Error(`model invariant: setProps acl passed step 1 yet breaks ${parsed}`);
      cont.acl = canonicalOrder(parsed);
      ctx.cite('ACL-8');
      return;
    }
    default:
      throw new Error(`model invariant: setProps applied immutable property ${name}`);
  }
}

/** PROP-7: step 1 (at least one field, each a valid name), step 4 (SET_OWNER). */
const contSetOwner: Handler<'cont.setOwner'> = (draft, op, ctx) => {
  if (op.user === undefined && op.group === undefined) return fail(ctx, 'INVAL', 'PROP-7');
  if (op.user !== undefined && !isNamedPrincipal(op.user)) return fail(ctx, 'INVAL', 'PROP-7', 'ACL-3');
  if (op.group !== undefined && !isNamedPrincipal(op.group)) return fail(ctx, 'INVAL', 'PROP-7', 'ACL-3');
  const found = resolveCoh(draft, op.coh, ctx);
  if (isOutcome(found)) return found;
  if (lacks(found.handle, CONT_CAP.SET_OWNER)) return fail(ctx, 'NO_PERM', 'PROP-7');
  const cont = ownContainer(draft, found.cont);
  if (op.user !== undefined) cont.owner = op.user;
  if (op.group !== undefined) cont.group = op.group;
  ctx.cite('PROP-7');
  return ok(null);
};

export const propAccessHandlers: Partial<HandlerTable> = {
  'cont.getProps': contGetProps,
  'cont.setProps': contSetProps,
  'cont.setOwner': contSetOwner,
};
