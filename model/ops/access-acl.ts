import { ok, type AclValue, type Outcome } from '../../contract/index.ts';
import { aclProblem, canonicalOrder, formatAce, mergeAcl, parseAcl, parseDeletePrincipal, samePrincipal } from '../acl.ts';
import { fail, type Allowed, type Draftable, type Handler, type HandlerTable, type StepContext } from '../framework.ts';
import { referenceProblem } from '../labels.ts';
import { findPool, ownContainer, ownPool } from '../resolve.ts';
import { CONT_CAP, type Ace } from '../state.ts';
import { isOutcome, lacks, resolveCoh } from './access-common.ts';

/**
 * The ACL operations (ACL-7..9) on a container, through a handle (section 23: GET_ACL, SET_ACL),
 * and on a pool, by reference (POOL-8, rev. 2: administrator operations, no permission). One
 * implementation; only step 2 (finding the ACL) and step 4 (the capability) differ.
 * Does NOT check: how an ACL is evaluated (ACL-10, model/acl.ts); a change affects later connects
 * and opens only (ACL-14) because capabilities are stored on handles at connect or open.
 */

/** ACL-7: the `{aces, owner, group}` value, as plain data. */
export function aclValue(aces: readonly Ace[], owner: string, group: string): AclValue {
  return { aces: aces.map(formatAce), owner, group };
}

/** The ACL an operation acts on, with the owner and owner group that OWNER@ and GROUP@ denote. */
interface AclSubject {
  readonly aces: readonly Ace[];
  readonly owner: string;
  readonly group: string;
  replace(aces: Ace[]): void;
}

/** Steps 2 and 4 for one ACL operation: its subject, or the error. */
type LocateAcl = (draft: Draftable, ctx: StepContext) => AclSubject | Outcome;

/** A container through its handle, which must hold `cap` (ACL-13). */
function contAcl(coh: number, cap: number): LocateAcl {
  return (draft, ctx) => {
    const found = resolveCoh(draft, coh, ctx);
    if (isOutcome(found)) return found;
    if (lacks(found.handle, cap)) return fail(ctx, 'NO_PERM', 'ACL-13');
    const cont = found.cont;
    return { aces: cont.acl, owner: cont.owner, group: cont.group, replace: (aces) => void (ownContainer(draft, cont).acl = aces) };
  };
}

/**
 * A pool by id or label (POOL-8, LABEL-5): unknown is NONEXIST. (choice, section 25: OWNER@ and
 * GROUP@ of a pool ACL denote the pool's owner and owner group, as at connect, POOL-1.)
 */
function poolAcl(ref: string): LocateAcl {
  return (draft, ctx) => {
    // Step 1 (LABEL-5): every argument check of these operations runs before `locate`.
    if (referenceProblem(ref)) return fail(ctx, 'INVAL', 'LABEL-5');
    const pool = findPool(draft, ref);
    if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5', 'POOL-8');
    ctx.cite('POOL-8');
    return { aces: pool.acl, owner: pool.owner, group: pool.ownerGroup, replace: (aces) => void (ownPool(draft, pool.id).acl = aces) };
  };
}

/** ACL-7. */
function getAcl(draft: Draftable, locate: LocateAcl, ctx: StepContext): Allowed {
  const subject = locate(draft, ctx);
  if (isOutcome(subject)) return subject;
  ctx.cite('ACL-7');
  return ok(aclValue(subject.aces, subject.owner, subject.group));
}

/** ACL-8: replaces the whole ACL. Step 1 (ACL-1..6), then steps 2 and 4. */
function overwriteAcl(draft: Draftable, texts: readonly string[], locate: LocateAcl, ctx: StepContext): Allowed {
  const parsed = parseAcl(texts);
  if (typeof parsed === 'string') return fail(ctx, 'INVAL', parsed);
  const subject = locate(draft, ctx);
  if (isOutcome(subject)) return subject;
  subject.replace(canonicalOrder(parsed));
  ctx.cite('ACL-8', 'ACL-7');
  return ok(null);
}

/**
 * ACL-8: merges. Step 1 (the supplied list, ACL-1..6), steps 2 and 4, then the merged ACL must
 * satisfy ACL-6. (choice: the result's size is checked last, as DAOS's server merges only after
 * checking the capability; the code is INVAL.)
 */
function updateAcl(draft: Draftable, texts: readonly string[], locate: LocateAcl, ctx: StepContext): Allowed {
  const parsed = parseAcl(texts);
  if (typeof parsed === 'string') return fail(ctx, 'INVAL', parsed);
  const subject = locate(draft, ctx);
  if (isOutcome(subject)) return subject;
  const merged = mergeAcl(subject.aces, parsed);
  const rule = aclProblem(merged);
  if (rule) return fail(ctx, 'INVAL', 'ACL-8', rule);
  subject.replace(merged);
  ctx.cite('ACL-8', 'ACL-7');
  return ok(null);
}

/** ACL-9: step 1 (principal form), steps 2 and 4, step 7 (absent entry NONEXIST). */
function deleteAcl(draft: Draftable, principal: string, locate: LocateAcl, ctx: StepContext): Allowed {
  const target = parseDeletePrincipal(principal);
  if (!target) return fail(ctx, 'INVAL', 'ACL-9');
  const subject = locate(draft, ctx);
  if (isOutcome(subject)) return subject;
  if (!subject.aces.some((ace) => samePrincipal(ace, target))) return fail(ctx, 'NONEXIST', 'ACL-9');
  subject.replace(subject.aces.filter((ace) => !samePrincipal(ace, target)));
  ctx.cite('ACL-9');
  return ok(null);
}

const contGetAcl: Handler<'cont.getAcl'> = (draft, op, ctx) => getAcl(draft, contAcl(op.coh, CONT_CAP.GET_ACL), ctx);
const contOverwriteAcl: Handler<'cont.overwriteAcl'> = (draft, op, ctx) => overwriteAcl(draft, op.aces, contAcl(op.coh, CONT_CAP.SET_ACL), ctx);
const contUpdateAcl: Handler<'cont.updateAcl'> = (draft, op, ctx) => updateAcl(draft, op.aces, contAcl(op.coh, CONT_CAP.SET_ACL), ctx);
const contDeleteAcl: Handler<'cont.deleteAcl'> = (draft, op, ctx) => deleteAcl(draft, op.principal, contAcl(op.coh, CONT_CAP.SET_ACL), ctx);

const poolGetAcl: Handler<'pool.getAcl'> = (draft, op, ctx) => getAcl(draft, poolAcl(op.pool), ctx);
const poolOverwriteAcl: Handler<'pool.overwriteAcl'> = (draft, op, ctx) => overwriteAcl(draft, op.aces, poolAcl(op.pool), ctx);
const poolUpdateAcl: Handler<'pool.updateAcl'> = (draft, op, ctx) => updateAcl(draft, op.aces, poolAcl(op.pool), ctx);
const poolDeleteAcl: Handler<'pool.deleteAcl'> = (draft, op, ctx) => deleteAcl(draft, op.principal, poolAcl(op.pool), ctx);

export const aclAccessHandlers: Partial<HandlerTable> = {
  'cont.getAcl': contGetAcl,
  'cont.overwriteAcl': contOverwriteAcl,
  'cont.updateAcl': contUpdateAcl,
  'cont.deleteAcl': contDeleteAcl,
  'pool.getAcl': poolGetAcl,
  'pool.overwriteAcl': poolOverwriteAcl,
  'pool.updateAcl': poolUpdateAcl,
  'pool.deleteAcl': poolDeleteAcl,
};
