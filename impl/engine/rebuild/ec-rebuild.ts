import type { PoolMap } from '../../placement/index.ts';
import { VosStore } from '../../vos/index.ts';
import { assert } from '../assert.ts';
import { marksEmpty, ecStateOf } from '../ec/client-state.ts';
import { ecGeometry, positionUnit } from '../ec/layout.ts';
import { ecCtx, type EcCtx } from '../ec/read.ts';
import { collectView, planItems } from '../ec/view.ts';
import { emptyPlan } from '../ec/write.ts';
import { unitKey } from '../io/keys.ts';
import { groupShardTargets, groupState } from '../io/replicas.ts';
import type { Container, EcLostMarks, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { wasSource } from './sources.ts';

/**
 * Rebuild of EC groups (MAP-8, DUR-1), run by pool.rebuild after the map changed.
 *
 * A group needs work when some position is not held by exactly its placed target as a complete,
 * serving holder (a target failed or drained, a reintegrated target got its shard back, a fallback
 * only has writes since it was chosen). Such a group is regenerated whole: for every read point X
 * that can still be read (each live snapshot, the start point of each open transaction, and the
 * current epoch) the group's view at X is read through the normal read path (degraded reads
 * reconstruct lost cells from any k good ones, a checksum failure counting as an erasure), then
 * every position is rewritten on its placed target as that sequence of views, each at its own epoch
 * X, with every whole stripe freshly encoded. So rebuild also aggregates: partial-stripe replicas are
 * folded into parity. Other holders drop their copy; every position ends with one complete holder.
 * What could not be read is recorded as lost (ec/client-state.ts); what failed on checksums is
 * poisoned, or recorded as lost too when it is at-risk (DUR-3, ec/view.ts).
 *
 * Does NOT preserve history between read points (no read can observe it) or model progress.
 */

/** Epochs at which reads may still happen in this container. */
export function readPoints(s: RunningState, cont: Container): number[] {
  const points = new Set<number>([...cont.snapshots, cont.latestEpoch]);
  for (const tx of s.txs.values()) {
    if (tx.state !== 'OPEN' || tx.snapshot !== null || tx.startEpoch === null) continue;
    if (s.contHandles.get(tx.coh)?.contId === cont.id) points.add(tx.startEpoch);
  }
  return [...points].filter((x) => x >= 1).sort((a, b) => a - b);
}

function needsWork(ctx: EcCtx, targets: readonly number[], source: (t: number) => boolean): boolean {
  for (let position = 0; position < ctx.geom.n; position++) {
    const gs = ctx.cont.groups.get(positionUnit(ctx.info.key, ctx.group, position));
    if (!gs || (gs.firstWriteEpoch === 0 && gs.holders.size === 0)) continue;
    const t = targets[position];
    if (gs.holders.size !== 1 || gs.holders.get(t) !== 0 || !source(t)) return true;
  }
  return false;
}

function rebuildGroup(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, source: (t: number) => boolean): void {
  const g = ecGeometry(cont, info);
  const ctx = ecCtx(s, pool, cont, info, group, g, source);
  const targets = groupShardTargets(s, pool, cont, info, group);
  if (!needsWork(ctx, targets, source)) return;
  const fresh = Array.from({ length: g.n }, () => new VosStore());
  const units = Array.from({ length: g.n }, (_, position) => positionUnit(info.key, group, position));
  const points = new Map<number, EcLostMarks>();
  // Read every view before writing anything: the reads use the holders as they are.
  const views = readPoints(s, cont).map((point) => ({ point, view: collectView(ctx, point) }));
  for (const { point, view } of views) {
    if (!marksEmpty(view.marks)) points.set(point, view.marks);
    const ops = emptyPlan(g);
    ops.forEach((list) => list.push((store, unit) => store.punchObject(unit, point)));
    planItems(ops, ctx, view.items, { epoch: point, cksum: cont.cksum, scratch: null, scratchPrefix: '' });
    ops.forEach((list, position) => list.forEach((op) => op(fresh[position], units[position])));
  }
  const lost = ecStateOf(cont).lost;
  const key = unitKey(info.key, group);
  if (points.size > 0) lost.set(key, { rebuiltAt: cont.latestEpoch, points });
  else lost.delete(key);
  const cluster = s.cluster;
  for (let position = 0; position < g.n; position++) {
    const gs = groupState(cont, units[position]);
    const t = targets[position];
    for (const h of [...gs.holders.keys()]) {
      if (h === t) continue;
      gs.holders.delete(h);
      if (cluster.isAlive(h)) s.bus.call(h, () => cluster.store(h, cont.id).discardObject(units[position]));
    }
    if (t < 0) continue;
    assert(cluster.isAlive(t), `EC rebuild: placed target ${t} is not alive`);
    const records = [...fresh[position].records(units[position])];
    s.bus.call(t, () => {
      const store = cluster.store(t, cont.id);
      store.discardObject(units[position]);
      store.importRecords(records);
      return null;
    });
    gs.holders.clear();
    gs.holders.set(t, 0);
    if (gs.firstWriteEpoch === 0 && views.length > 0) gs.firstWriteEpoch = views[0].point;
  }
}

export function rebuildEcObject(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, before: PoolMap): void {
  const source = (t: number) => wasSource(s, before, t);
  for (let group = 0; group < info.groupCount; group++) rebuildGroup(s, pool, cont, info, group, source);
}
