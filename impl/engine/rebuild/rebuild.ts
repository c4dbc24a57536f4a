import type { PoolMap } from '../../placement/index.ts';
import type { VosRecord, VosStoreApi } from '../../vos/index.ts';
import { assert } from '../assert.ts';
import { verifyMeta } from '../io/checksum.ts';
import { unitKey } from '../io/keys.ts';
import { placedTargets } from '../io/replicas.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import { rebuildEcObject } from './ec-rebuild.ts';

/**
 * Rebuild data movement (MAP-8, DUR-1), run by pool.rebuild right after the map moved DOWN and DRAIN
 * targets to DOWNOUT and UP targets to UPIN.
 *
 * For every group replica of every object: the targets placement now chooses must hold a complete
 * copy. A placed target that is not already a complete holder discards what it has of the group and
 * imports the records of a complete source (a holder alive and UPIN, DRAIN or UP before this rebuild;
 * one whose records all verify their checksums is preferred, so corruption is not spread when a
 * clean copy exists). Holders that are no longer placed drop their copy. Without a complete source
 * the data older than the best partial holder is gone: placed targets keep or receive that partial
 * copy, which io/replicas.ts reads under the DUR-3 rule.
 *
 * EC objects are rebuilt by ec-rebuild.ts. Does NOT model rebuild progress: it is atomic (MAP-8).
 */
const SOURCE_STATES = new Set(['UPIN', 'DRAIN', 'UP']);

function recordsVerify(records: readonly VosRecord[]): boolean {
  for (const r of records) {
    if (r.type === 'single' && !verifyMeta(r.record.value, r.record.meta)) return false;
    if (r.type === 'extent' && r.record.data !== null && !verifyMeta(r.record.data, r.record.meta)) return false;
  }
  return true;
}

function rebuildGroup(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, unit: string, before: PoolMap): void {
  const gs = cont.groups.get(unit);
  assert(gs !== undefined, 'rebuild of a group that was never written');
  const cluster = s.cluster;
  const placed = placedTargets(s, pool, cont, info, group);
  const usable = [...gs.holders.entries()].filter(([t]) => SOURCE_STATES.has(before.states[t]) && cluster.isAlive(t));
  const complete = usable.filter(([, from]) => from === 0).map(([t]) => t);
  let source: { target: number; records: VosRecord[]; validFrom: number } | null = null;
  for (const t of complete) {
    const records = s.bus.call(t, () => [...cluster.store(t, cont.id).records(unit)]);
    if (!source) source = { target: t, records, validFrom: 0 };
    if (recordsVerify(records)) {
      source = { target: t, records, validFrom: 0 };
      break;
    }
  }
  if (!source && usable.length > 0) {
    const [t, from] = usable.sort(([, x], [, y]) => x - y)[0];
    source = { target: t, records: s.bus.call(t, () => [...cluster.store(t, cont.id).records(unit)]), validFrom: from };
  }
  for (const t of placed) {
    assert(cluster.isAlive(t), `rebuild: placed target ${t} is not alive`);
    const held = gs.holders.get(t);
    if (held !== undefined && source && held <= source.validFrom && SOURCE_STATES.has(before.states[t])) continue;
    if (!source) {
      // Nothing readable survives: the target starts empty for this group; every older write is lost.
      s.bus.call(t, () => cluster.store(t, cont.id).discardObject(unit));
      gs.holders.set(t, cont.latestEpoch + 1);
      continue;
    }
    if (source.target === t) continue;
    const records = source.records;
    s.bus.call(t, () => {
      const store: VosStoreApi = cluster.store(t, cont.id);
      store.discardObject(unit);
      store.importRecords(records);
      return null;
    });
    gs.holders.set(t, source.validFrom);
  }
  for (const t of [...gs.holders.keys()]) {
    if (placed.includes(t)) continue;
    gs.holders.delete(t);
    if (cluster.isAlive(t)) s.bus.call(t, () => cluster.store(t, cont.id).discardObject(unit));
  }
}

export function rebuildPoolData(s: RunningState, pool: Pool, before: PoolMap): void {
  for (const cont of pool.containers.values()) {
    for (const info of cont.objects.values()) {
      if (info.family === 'EC') {
        rebuildEcObject(s, pool, cont, info, before);
        continue;
      }
      for (let g = 0; g < info.groupCount; g++) {
        const unit = unitKey(info.key, g);
        const gs = cont.groups.get(unit);
        if (!gs || gs.firstWriteEpoch === 0) continue;
        rebuildGroup(s, pool, cont, info, g, unit, before);
      }
    }
  }
}
