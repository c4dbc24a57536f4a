import { err, ok, type FetchEntry, type FetchRequest, type Outcome } from '../../../contract/index.ts';
import { assert } from '../assert.ts';
import { akeyId, unitKey } from '../io/keys.ts';
import { firstWriteOf } from '../io/object-io.ts';
import { dkeyGroup } from '../io/replicas.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { scratchAt } from './client-state.ts';
import { ecGeometry, positionUnit } from './layout.ts';
import { ecCtx, existsEc, readRangeEc, readSingleEc, type EcCtx } from './read.ts';
import { applyLostMarks, collectView, listKeys, listingLost, planItems, type ViewItem } from './view.ts';
import { emptyPlan, sendPlan } from './write.ts';

/**
 * EC object operations as services/object-client.ts calls them: fetch (KV-5, ARR-3), listings (KV-7),
 * existence for conditions (COND-6) and rollback (SNAP-7). Reads map a checksum failure with no
 * verifiable copy left to CSUM (CSUM-4) and data that is gone to DATA_LOSS (DUR-3); keys and values
 * never written at the read epoch are answered without any I/O.
 *
 * Does NOT validate arguments, check permissions, halt or health (services/object-client.ts does).
 */
function ctxFor(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number): EcCtx {
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

export function ecFetch(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, dkey: string, requests: readonly FetchRequest[], epoch: number): Outcome<FetchEntry[]> {
  const ctx = ctxFor(s, pool, cont, info, dkeyGroup(info, dkey));
  const out: FetchEntry[] = [];
  for (const req of requests) {
    const akey = cont.akeys.get(akeyId(info.key, dkey, req.akey));
    const written = akey !== undefined && akey.firstEpoch <= epoch;
    if ('single' in req) {
      // KV-3: an array akey read as a single value holds nothing of that kind.
      if (!written || akey.kind !== 'single') {
        out.push({ type: 'single', value: null });
        continue;
      }
      const got = applyLostMarks(ctx, dkey, req.akey, epoch, readSingleEc(ctx, { dkey, akey: req.akey, firstEpoch: akey.firstEpoch, epoch }));
      if (!got.ok) return got;
      out.push({ type: 'single', value: got.value });
      continue;
    }
    const ranges: Uint8Array[] = [];
    for (const r of req.ranges) {
      if (!written || akey.kind !== 'array') {
        ranges.push(new Uint8Array(r.length));
        continue;
      }
      const read = { dkey, akey: req.akey, firstEpoch: akey.firstEpoch, epoch, offset: r.offset, length: r.length, maxEnd: akey.maxEnd ?? 0, written: akey.written };
      const got = applyLostMarks(ctx, dkey, req.akey, epoch, readRangeEc(ctx, read));
      if (!got.ok) return got;
      ranges.push(got.value);
    }
    out.push({ type: 'array', ranges });
  }
  return ok(out);
}

export function ecListDkeys(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, epoch: number): Outcome<string[]> {
  const keys = new Set<string>();
  for (let group = 0; group < info.groupCount; group++) {
    const ctx = ctxFor(s, pool, cont, info, group);
    const first = groupFirstWrite(cont, info, group, ctx.geom.n);
    if (first === 0 || first > epoch) continue;
    const got = listKeys(ctx, null, epoch);
    if (!got.ok) return got;
    for (const k of got.value) keys.add(k);
  }
  return ok([...keys]);
}

export function ecListAkeys(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, dkey: string, epoch: number): Outcome<string[]> {
  const group = dkeyGroup(info, dkey);
  const ctx = ctxFor(s, pool, cont, info, group);
  const first = groupFirstWrite(cont, info, group, ctx.geom.n);
  if (first === 0 || first > epoch) return ok([]);
  const got = listKeys(ctx, dkey, epoch);
  return got.ok ? ok(got.value) : got;
}

/** Existence for a condition; lost state answers DATA_LOSS (a fetch condition is a read, DUR-3). */
export function ecExists(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, dkey: string, akey: string | null, epoch: number): Outcome<boolean> {
  const group = dkeyGroup(info, dkey);
  const ctx = ctxFor(s, pool, cont, info, group);
  const first = akey === null ? firstWriteOf(cont, info.key, dkey, null) : cont.akeys.get(akeyId(info.key, dkey, akey))?.firstEpoch;
  if (first === undefined || first > epoch) return ok(false);
  if (listingLost(ctx, dkey, epoch)) return err('DATA_LOSS');
  const got = existsEc(ctx, dkey, akey, epoch);
  return got.ok ? ok(got.value) : got;
}

/** SNAP-7 for one EC object: reads every group's view at `token` (plan), then writes it at `epoch`. */
export function ecRollbackPlan(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, token: number): { group: number; items: ViewItem[] }[] {
  const plans: { group: number; items: ViewItem[] }[] = [];
  for (let group = 0; group < info.groupCount; group++) {
    const ctx = ctxFor(s, pool, cont, info, group);
    if (groupFirstWrite(cont, info, group, ctx.geom.n) === 0) continue;
    const view = collectView(ctx, token);
    // FAULT-8.3: rollback never depends on lost or corrupted state.
    const readable = view.marks.akeys.size === 0 && !view.items.some((x) => x.kind !== 'visible' && x.poison);
    assert(readable, `rollback: the view of ${unitKey(info.key, group)} at ${token} could not be read`);
    plans.push({ group, items: view.items });
  }
  return plans;
}

export function ecRollbackApply(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, plans: readonly { group: number; items: ViewItem[] }[], epoch: number): void {
  const scratch = scratchAt(cont, epoch);
  for (const { group, items } of plans) {
    const ctx = ctxFor(s, pool, cont, info, group);
    const ops = emptyPlan(ctx.geom);
    ops.forEach((list) => list.push((store, unit) => store.punchObject(unit, epoch)));
    planItems(ops, ctx, items, { epoch, cksum: cont.cksum, scratch, scratchPrefix: unitKey(info.key, group) });
    sendPlan(s, pool, cont, info, group, epoch, ops);
  }
}
