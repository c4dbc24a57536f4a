import type { FetchEntry, FetchRequest, Oid, Outcome, Payload } from '../../contract/index.ts';
import {
  akeyCondFailure,
  akeyFlagsFor,
  dkeyCondFailure,
  punchNeedsExistence,
  writeExaminesKeys,
  readsWholeDkey,
  validFetchCond,
  validListingCond,
  validPunchKeysCond,
  validUpdateCond,
} from '../cond.ts';
import { akeyVisible, dkeyVisible, readRanges, readSingle, visibleAkeys, visibleDkeys } from '../data.ts';
import { csumMayFail, isAtRisk, readOutcomes } from '../durability.ts';
import { fail, type Allowed, type Draftable, type HandlerTable, type StepContext } from '../framework.ts';
import { classFitsContainer, generateOid, parseGenerateArgs, validateOid, type ValidOid } from '../objects.ts';
import { contHandle, contOfHandle } from '../resolve.ts';
import type { ConflictUnit, WriteEffect } from '../state.ts';
import { unit } from '../tx.ts';
import { validAkeyList, validDisjointRanges, validIods, validKey, validRequests } from './data-args.ts';
import { applyWrite, conditionView, isOutcome, kindOf, objPrelude, readEpoch, recordTxRead, type ObjTarget } from './data-common.ts';

/**
 * Object handlers (sections 11-15): each runs section 22's steps in order: 1 arguments, 2-6 via
 * objPrelude, 7 snapshot liveness then conditions and kinds, 8 the read's outcome set.
 */

type ObjKinds =
  | 'obj.generateOid' | 'obj.open' | 'obj.update' | 'obj.fetch' | 'obj.punch' | 'obj.punchDkey'
  | 'obj.punchAkeys' | 'obj.punchExtents' | 'obj.listDkeys' | 'obj.listAkeys';

/** Payloads are copied into the state so that freezing the state (model/cow.ts) never reaches the caller's op. */
function copyPayload(p: Payload): Payload {
  return { ...p };
}

/** OBJ-5 (step 1). */
function checkOid(oid: Oid, ctx: StepContext): ValidOid | Outcome {
  const valid = validateOid(oid);
  return valid ?? fail(ctx, 'INVAL', 'OBJ-5');
}

/**
 * Step 7 for writes: the dkey condition, then per akey in request order its condition and kind
 * (COND-6, KV-3). Conditions examine conditionView(): the latest commit, or inside a transaction
 * its view (COND-7); the kind check sees the latest commit plus earlier buffered writes (TX-3).
 * Returns the units the conditions examined (reads of a transaction, COND-7), or the failure.
 */
function checkWriteState(
  target: ObjTarget,
  oid: string,
  dkey: string,
  cond: number | undefined,
  akeys: readonly { akey: string; kind: 'single' | 'array'; cond?: number }[],
  ctx: StepContext,
): ConflictUnit[] | Outcome {
  const { cont, tx } = target;
  // Without flags nothing is examined, so no view is built.
  const view = (cond ?? 0) !== 0 ? conditionView(target, ctx) : undefined;
  const examined: ConflictUnit[] = [];
  if (view) {
    const dkeyFailure = dkeyCondFailure(cond, dkeyVisible(view, oid, dkey));
    if (dkeyFailure) return fail(ctx, dkeyFailure, 'COND-3', 'COND-6');
    if (readsWholeDkey(cond)) examined.push(unit(oid, dkey));
  }
  for (const a of akeys) {
    if (view) {
      const flags = akeyFlagsFor(cond, a.cond);
      const failure = akeyCondFailure(flags, akeyVisible(view, oid, dkey, a.akey));
      if (failure) return fail(ctx, failure, 'COND-3', 'COND-4', 'COND-6');
      if (flags !== 0) examined.push(unit(oid, dkey, a.akey));
    }
    const kind = kindOf(cont, tx, oid, dkey, a.akey);
    if (kind !== undefined && kind !== a.kind) return fail(ctx, 'NO_PERM', 'KV-3');
  }
  return examined;
}

export const objHandlers: Pick<HandlerTable, ObjKinds> = {
  'obj.generateOid': (draft, op, ctx) => {
    const parsed = parseGenerateArgs(op);
    if (!parsed) return fail(ctx, 'INVAL', 'OBJ-4');
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    const { pool, cont } = contOfHandle(draft, handle);
    const system = draft.system!;
    // OBJ-4: no permission, halt or health check; no rd_fac check.
    const oid = generateOid(system, pool, cont, parsed);
    ctx.cite('OBJ-1', 'OBJ-4');
    return oid ? { ok: true, value: oid } : fail(ctx, 'INVAL', 'OBJ-4');
  },

  'obj.open': (draft, op, ctx) => {
    // OBJ-7: steps 1, 2 and 6 only.
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    const handle = contHandle(draft, op.coh);
    if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
    const { cont } = contOfHandle(draft, handle);
    if (!classFitsContainer(draft.system!, cont, oid.code)) return fail(ctx, 'INVAL', 'OBJ-6');
    ctx.cite('OBJ-7');
    return { ok: true, value: null };
  },

  'obj.update': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validKey(op.dkey) || !validIods(op.iods)) return fail(ctx, 'INVAL', 'KV-1', 'KV-2', 'ARR-1');
    if (!validUpdateCond(op.cond, op.iods.map((i) => i.cond))) return fail(ctx, 'INVAL', 'COND-3', 'COND-4');
    const target = objPrelude(draft, ctx, { coh: op.coh, tx: op.tx, oid, access: 'write', examines: writeExaminesKeys(op.cond, op.iods.map((i) => i.cond)) });
    if (isOutcome(target)) return target;
    const akeys = op.iods.map((i) => ({ akey: i.akey, kind: 'single' in i ? ('single' as const) : ('array' as const), cond: i.cond }));
    const examined = checkWriteState(target, oid.key, op.dkey, op.cond, akeys, ctx);
    if (isOutcome(examined)) return examined;
    const effects: WriteEffect[] = [];
    for (const iod of op.iods) {
      if ('single' in iod) effects.push({ op: 'single', oid: oid.key, dkey: op.dkey, akey: iod.akey, value: copyPayload(iod.single) });
      else for (const x of iod.extents) effects.push({ op: 'extent', oid: oid.key, dkey: op.dkey, akey: iod.akey, offset: x.offset, data: copyPayload(x.data) });
    }
    return applyWrite(draft, target, effects, op.iods.map((i) => unit(oid.key, op.dkey, i.akey)), examined, ctx);
  },

  'obj.punchExtents': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validKey(op.dkey) || !validKey(op.akey) || !validDisjointRanges(op.ranges)) return fail(ctx, 'INVAL', 'KV-1', 'PUNCH-3');
    if (!validUpdateCond(op.cond, [])) return fail(ctx, 'INVAL', 'PUNCH-3', 'COND-3');
    const target = objPrelude(draft, ctx, { coh: op.coh, tx: op.tx, oid, access: 'write', examines: writeExaminesKeys(op.cond, [undefined]) });
    if (isOutcome(target)) return target;
    // PUNCH-3: an array write of that akey for kind (KV-3) and visibility (KV-6).
    const examined = checkWriteState(target, oid.key, op.dkey, op.cond, [{ akey: op.akey, kind: 'array' }], ctx);
    if (isOutcome(examined)) return examined;
    const effects: WriteEffect[] = op.ranges.map((r) => ({ op: 'punchExtent', oid: oid.key, dkey: op.dkey, akey: op.akey, offset: r.offset, length: r.length }));
    ctx.cite('PUNCH-3');
    return applyWrite(draft, target, effects, [unit(oid.key, op.dkey, op.akey)], examined, ctx);
  },

  'obj.punchAkeys': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validKey(op.dkey) || !validAkeyList(op.akeys)) return fail(ctx, 'INVAL', 'KV-1', 'PUNCH-2');
    if (!validPunchKeysCond(op.cond)) return fail(ctx, 'INVAL', 'COND-5');
    const target = objPrelude(draft, ctx, { coh: op.coh, tx: op.tx, oid, access: 'write', examines: punchNeedsExistence(op.cond) });
    if (isOutcome(target)) return target;
    const units = op.akeys.map((a) => unit(oid.key, op.dkey, a));
    if (punchNeedsExistence(op.cond)) {
      // COND-5, COND-6, COND-7: every listed akey must exist in the view, checked in list order.
      const view = conditionView(target, ctx);
      if (op.akeys.some((a) => !akeyVisible(view, oid.key, op.dkey, a))) return fail(ctx, 'NONEXIST', 'COND-5');
    }
    const effects: WriteEffect[] = op.akeys.map((akey) => ({ op: 'punchAkey', oid: oid.key, dkey: op.dkey, akey }));
    ctx.cite('PUNCH-2', 'PUNCH-5');
    return applyWrite(draft, target, effects, units, punchNeedsExistence(op.cond) ? units : [], ctx);
  },

  'obj.punchDkey': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validKey(op.dkey)) return fail(ctx, 'INVAL', 'KV-1');
    if (!validPunchKeysCond(op.cond)) return fail(ctx, 'INVAL', 'COND-5');
    const target = objPrelude(draft, ctx, { coh: op.coh, tx: op.tx, oid, access: 'write', examines: punchNeedsExistence(op.cond) });
    if (isOutcome(target)) return target;
    const units = [unit(oid.key, op.dkey)];
    // COND-5, COND-7: with COND_PUNCH the dkey must exist in the view.
    if (punchNeedsExistence(op.cond) && !dkeyVisible(conditionView(target, ctx), oid.key, op.dkey)) return fail(ctx, 'NONEXIST', 'COND-5');
    ctx.cite('PUNCH-2', 'PUNCH-5');
    return applyWrite(draft, target, [{ op: 'punchDkey', oid: oid.key, dkey: op.dkey }], units, punchNeedsExistence(op.cond) ? units : [], ctx);
  },

  'obj.punch': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    // PUNCH-1: conditional flags are ignored, even invalid combinations and inside a transaction.
    ctx.cite('PUNCH-1');
    const target = objPrelude(draft, ctx, { coh: op.coh, tx: op.tx, oid, access: 'write' });
    if (isOutcome(target)) return target;
    return applyWrite(draft, target, [{ op: 'punchObj', oid: oid.key }], [unit(oid.key)], [], ctx);
  },

  'obj.fetch': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validKey(op.dkey) || !validRequests(op.requests)) return fail(ctx, 'INVAL', 'KV-1', 'ARR-3');
    if (!validFetchCond(op.cond, op.requests.map((r) => r.cond))) return fail(ctx, 'INVAL', 'COND-2', 'COND-4');
    const target = objPrelude(draft, ctx, { coh: op.coh, tx: op.tx, oid, access: 'read' });
    if (isOutcome(target)) return target;
    const epoch = readEpoch(target, ctx);
    if (isOutcome(epoch)) return epoch;
    const { cont } = target;
    const view = ctx.log.viewAt(cont, epoch);
    // DUR-3 for conditions (choice: DUR-3 names bytes, values and absences; that a fetch passed
    // DKEY_FETCH / AKEY_FETCH is decided by the existence of that dkey and its akeys, so writes and
    // punches on the dkey decide a successful conditional read too, as they do for listAkeys). A
    // failing condition stays the only outcome: it is step 7, before step 8's DATA_LOSS (ERR-3).
    const conditional = fetchHasConditions(op.cond, op.requests);
    const decidedBy: number[] = conditional ? [ctx.log.listingDecidedSince(cont, epoch, oid.key, op.dkey)] : [];
    // COND-6 (COND-7: a transaction's conditions see its view, TX-4): dkey first, then akeys in order.
    const dkeyFailure = dkeyCondFailure(op.cond, dkeyVisible(view, oid.key, op.dkey));
    if (dkeyFailure) return fail(ctx, dkeyFailure, 'COND-2', 'COND-6');
    for (const r of op.requests) {
      const failure = akeyCondFailure(akeyFlagsFor(op.cond, r.cond), akeyVisible(view, oid.key, op.dkey, r.akey));
      if (failure) return fail(ctx, failure, 'COND-2', 'COND-4', 'COND-6');
    }
    const entries: FetchEntry[] = op.requests.map((r) => {
      if ('single' in r) {
        const read = readSingle(view, cont.kinds, oid.key, op.dkey, r.akey);
        decidedBy.push(...read.decidedBy);
        return { type: 'single', value: read.value };
      }
      const read = readRanges(view, cont.kinds, oid.key, op.dkey, r.akey, r.ranges);
      decidedBy.push(...read.decidedBy);
      return { type: 'array', ranges: read.value };
    });
    ctx.cite('KV-5', 'ARR-2', 'ARR-3');
    if (target.tx) {
      const units: ConflictUnit[] = op.requests.map((r) => unit(oid.key, op.dkey, r.akey));
      if (readsWholeDkey(op.cond)) units.push(unit(oid.key, op.dkey));
      recordTxRead(target.tx, cont, units, ctx);
    }
    return readResult(target, { ok: true, value: entries }, decidedBy, oid, true, ctx);
  },

  'obj.listDkeys': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validListingCond(op.cond)) return fail(ctx, 'INVAL', 'COND-2');
    return listing(draft, op.coh, op.tx, oid, undefined, ctx);
  },

  'obj.listAkeys': (draft, op, ctx) => {
    const oid = checkOid(op.oid, ctx);
    if (isOutcome(oid)) return oid;
    if (!validKey(op.dkey)) return fail(ctx, 'INVAL', 'KV-1');
    if (!validListingCond(op.cond)) return fail(ctx, 'INVAL', 'COND-2');
    return listing(draft, op.coh, op.tx, oid, op.dkey, ctx);
  },
};

/** KV-7: listDkeys (dkey undefined) or listAkeys of one dkey. */
function listing(draft: Draftable, coh: number, tx: number | undefined, oid: ValidOid, dkey: string | undefined, ctx: StepContext): Allowed {
  const target = objPrelude(draft, ctx, { coh, tx, oid, access: 'read' });
  if (isOutcome(target)) return target;
  const epoch = readEpoch(target, ctx);
  if (isOutcome(epoch)) return epoch;
  const { cont } = target;
  const view = ctx.log.viewAt(cont, epoch);
  const keys = dkey === undefined ? visibleDkeys(view, oid.key) : visibleAkeys(view, oid.key, dkey);
  ctx.cite('KV-6', 'KV-7');
  if (target.tx) recordTxRead(target.tx, cont, [unit(oid.key, dkey)], ctx);
  return readResult(target, { ok: true, value: keys }, [ctx.log.listingDecidedSince(cont, epoch, oid.key, dkey)], oid, false, ctx);
}

/** Does this fetch evaluate any existence condition (COND-2, COND-4)? */
function fetchHasConditions(cond: number | undefined, requests: readonly FetchRequest[]): boolean {
  return requests.some((r) => akeyFlagsFor(cond, r.cond) !== 0) || dkeyCondFailure(cond, false) !== undefined;
}

/** Step 8: DUR-3 for every read, CSUM-4 for fetches only (listings are never affected). */
function readResult(target: ObjTarget, exact: Outcome, decidedBy: readonly number[], oid: ValidOid, isFetch: boolean, ctx: StepContext): Allowed {
  const atRisk = isAtRisk(target.cont, decidedBy);
  const csum = isFetch && csumMayFail(target.system, target.pool, target.cont, oid.code.toleratedFailures);
  if (atRisk) ctx.cite('DUR-3');
  if (csum) ctx.cite('CSUM-4');
  if (!atRisk && !csum) ctx.cite('DUR-1');
  return readOutcomes(exact, atRisk, csum);
}
