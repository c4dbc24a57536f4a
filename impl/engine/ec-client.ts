import { err, type ErrOutcome, type FetchEntry, type FetchRequest } from '../../contract/index.ts';
import { ecGeometry, positionUnit } from './ec-layout.ts';
import { ecCtx, existsEc, readRangeEc, readSingleEc, type EcCtx } from './ec-read.ts';
import { applyLostMarks, collectView, errName, listKeys, listingLost, planItems, type ViewItem } from './ec-view.ts';
import { ecStateOf } from './ec-state.ts';
import { emptyPlan, sendPlan } from './ec-write.ts';
import { firstWriteOf } from './object-io.ts';
import { dkeyGroup } from './replicas.ts';
import { akeyId, type Container, type EngineState, type ObjectInfo, type Pool } from './state.ts';

/**
 * EC object operations as object-client.ts calls them: fetch (KV-5, ARR-3), listings (KV-7),
 * existence for conditions (COND-6) and rollback (SNAP-7). Reads map a checksum failure with no
 * verifiable copy left to CSUM (CSUM-4) and data that is gone to DATA_LOSS (DUR-3); keys and values
 * never written at the read epoch are answered without any I/O.
 *
 * Does NOT validate arguments, check permissions, halt or health (object-client.ts does).
 */
function ctxFor(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, group: number): EcCtx {
  return ecCtx(s, pool, cont, info, group, ecGeometry(cont, info));
}

/** The first epoch any position of the group was written at, or 0. */
function groupFirstWrite(cont: Container, info: ObjectInfo, group: number, n: number): number {
  let first = 0;
  for (let position = 0; position < n; position++) {
    const e = cont.groups.get(positionUnit(info.key, group, position))?.firstWriteEpoch ?? 0;
    if (e > 0 && (first === 0 || e < first)) first = e;
  }
  return first;
}

export function ecFetch(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, dkey: string, requests: readonly FetchRequest[], E: number): FetchEntry[] | ErrOutcome {
  const ctx = ctxFor(s, pool, cont, info, dkeyGroup(info, dkey));
  const out: FetchEntry[] = [];
  for (const req of requests) {
    const akey = cont.akeys.get(akeyId(info.key, dkey, req.akey));
    const written = akey !== undefined && akey.firstEpoch <= E;
    if ('single' in req) {
      // KV-3: an array akey read as a single value holds nothing of that kind.
      if (!written || akey.kind !== 'single') {
        out.push({ type: 'single', value: null });
        continue;
      }
      const got = applyLostMarks(ctx, dkey, req.akey, E, readSingleEc(ctx, dkey, req.akey, akey.firstEpoch, E));
      if (!got.ok) return err(errName(got));
      out.push({ type: 'single', value: got.value });
      continue;
    }
    const ranges: Uint8Array[] = [];
    for (const r of req.ranges) {
      if (!written || akey.kind !== 'array') {
        ranges.push(new Uint8Array(r.length));
        continue;
      }
      const got = applyLostMarks(ctx, dkey, req.akey, E, readRangeEc(ctx, dkey, req.akey, akey.firstEpoch, akey.maxEnd ?? 0, r.offset, r.length, E, akey.written));
      if (!got.ok) return err(errName(got));
      ranges.push(got.value);
    }
    out.push({ type: 'array', ranges });
  }
  return out;
}

export function ecListDkeys(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, E: number): string[] | ErrOutcome {
  const keys = new Set<string>();
  for (let group = 0; group < info.groupCount; group++) {
    const ctx = ctxFor(s, pool, cont, info, group);
    const first = groupFirstWrite(cont, info, group, ctx.geom.n);
    if (first === 0 || first > E) continue;
    const got = listKeys(ctx, null, E);
    if (!got.ok) return err(errName(got));
    for (const k of got.value) keys.add(k);
  }
  return [...keys];
}

export function ecListAkeys(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, dkey: string, E: number): string[] | ErrOutcome {
  const group = dkeyGroup(info, dkey);
  const ctx = ctxFor(s, pool, cont, info, group);
  const first = groupFirstWrite(cont, info, group, ctx.geom.n);
  if (first === 0 || first > E) return [];
  const got = listKeys(ctx, dkey, E);
  return got.ok ? got.value : err(errName(got));
}

/** Existence for a condition; lost state answers DATA_LOSS (a fetch condition is a read, DUR-3). */
export function ecExists(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, dkey: string, akey: string | null, E: number): boolean | ErrOutcome {
  const group = dkeyGroup(info, dkey);
  const ctx = ctxFor(s, pool, cont, info, group);
  const first = akey === null ? firstWriteOf(cont, info.key, dkey, null) : cont.akeys.get(akeyId(info.key, dkey, akey))?.firstEpoch;
  if (first === undefined || first > E) return false;
  if (listingLost(ctx, dkey, E)) return err('DATA_LOSS');
  const got = existsEc(ctx, dkey, akey, E);
  return got.ok ? got.value : err(errName(got));
}

/** SNAP-7 for one EC object: reads every group's view at `token` (plan), then writes it at `epoch`. */
export function ecRollbackPlan(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, token: number): { group: number; items: ViewItem[] }[] {
  const plans: { group: number; items: ViewItem[] }[] = [];
  for (let group = 0; group < info.groupCount; group++) {
    const ctx = ctxFor(s, pool, cont, info, group);
    if (groupFirstWrite(cont, info, group, ctx.geom.n) === 0) continue;
    const view = collectView(ctx, token);
    // FAULT-8.3: rollback never depends on lost or corrupted state.
    if (view.marks.akeys.size > 0 || view.items.some((x) => x.kind !== 'visible' && x.poison)) {
      throw new Error(`rollback: the view of ${info.key}.g${group} at ${token} could not be read`);
    }
    plans.push({ group, items: view.items });
  }
  return plans;
}

export function ecRollbackApply(s: EngineState, pool: Pool, cont: Container, info: ObjectInfo, plans: readonly { group: number; items: ViewItem[] }[], epoch: number): void {
  const ec = ecStateOf(cont);
  if (ec.scratchEpoch !== epoch) {
    ec.scratch.clear();
    ec.scratchEpoch = epoch;
  }
  for (const { group, items } of plans) {
    const ctx = ctxFor(s, pool, cont, info, group);
    const ops = emptyPlan(ctx.geom);
    ops.forEach((list) => list.push((store, unit) => store.punchObject(unit, epoch)));
    planItems(ops, ctx, items, { epoch, cksum: cont.cksum, scratch: ec.scratch, scratchPrefix: `${info.key}.g${group}` });
    sendPlan(s, pool, cont, info, group, epoch, ops);
  }
}
