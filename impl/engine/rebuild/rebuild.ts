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
import { SOURCE_STATES, wasSource } from './sources.ts';

/**
 * Rebuild data movement (MAP-8, DUR-1), run by pool.rebuild right after the map moved DOWN and DRAIN
 * targets to DOWNOUT and UP targets to UPIN.
 *
 * For every group replica of every object: the targets placement now chooses must hold a complete
 * copy. A placed target that is not already a complete holder discards what it has of the group and
 * imports the records of a complete source (a holder alive and UPIN, DRAIN or UP before this rebuild;
 * one whose records all verify their checksums is preferred). Holders that are no longer placed drop
 * their copy. Without a complete source the data older than the best partial holder is gone: placed
 * targets keep or receive that partial copy, which io/replicas.ts reads under the DUR-3 rule.
 *
 * What is copied is verified record by record (CSUM-2: servers verify; DAOS's rebuild verifies what
 * it fetches and tries another replica on a checksum error): a source record that fails its checksum
 * is replaced by a copy of the same record (keys, epoch, extent) that verifies on another usable
 * holder, so corruption is never spread over a good copy. A record that no holder can verify is
 * copied as it is: it keeps failing its checksum (no older value shows through), and reads answer it
 * as io/replicas.ts says (CSUM, or DATA_LOSS when it was committed before the container last became
 * UNCLEAN, DUR-3).
 *
 * EC objects are rebuilt by ec-rebuild.ts. Does NOT model rebuild progress (it is atomic, MAP-8), or
 * repair a holder it keeps: a placed complete holder keeps its own copy, bad records included, and
 * reads skip a copy that fails.
 */
function recordVerifies(r: VosRecord): boolean {
  if (r.type === 'single') return verifyMeta(r.record.value, r.record.meta);
  if (r.type === 'extent' && r.record.data !== null) return verifyMeta(r.record.data, r.record.meta);
  return true;
}

function recordsVerify(records: readonly VosRecord[]): boolean {
  return records.every(recordVerifies);
}

/**
 * Which record of a copy this is, the same on every replica: kind, keys, epoch, extent, and its rank
 * among records with all of those equal (writes at one epoch reach every replica in the same order;
 * minors are per store, so they are left out).
 */
function recordIds(records: readonly VosRecord[]): (string | null)[] {
  const seen = new Map<string, number>();
  return records.map((r) => {
    let id: string;
    if (r.type === 'single') id = `s\u0000${r.oid}\u0000${r.dkey}\u0000${r.akey}\u0000${r.record.epoch}`;
    else if (r.type === 'extent' && r.record.data !== null) id = `e\u0000${r.oid}\u0000${r.dkey}\u0000${r.akey}\u0000${r.record.epoch}\u0000${r.record.offset}\u0000${r.record.length}`;
    else return null;
    const rank = seen.get(id) ?? 0;
    seen.set(id, rank + 1);
    return `${id}\u0000${rank}`;
  });
}

function sameMeta(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The source's records with every record that fails its checksum replaced by a verified copy of it
 * from `others` (records of other usable holders), where one exists; the source's own stamp is kept.
 */
function repaired(records: readonly VosRecord[], others: readonly (readonly VosRecord[])[]): VosRecord[] {
  const bad = records.map((r) => !recordVerifies(r));
  if (!bad.includes(true)) return [...records];
  const good = new Map<string, VosRecord>();
  for (const list of others) {
    const ids = recordIds(list);
    list.forEach((r, i) => {
      const id = ids[i];
      if (id !== null && !good.has(id) && recordVerifies(r)) good.set(id, r);
    });
  }
  const ids = recordIds(records);
  return records.map((r, i) => {
    const id = ids[i];
    const copy = bad[i] && id !== null ? good.get(id) : undefined;
    if (!copy) return r;
    if (r.type === 'single' && copy.type === 'single' && sameMeta(r.record.meta, copy.record.meta)) {
      return { ...r, record: { ...r.record, value: copy.record.value } };
    }
    if (r.type === 'extent' && copy.type === 'extent' && copy.record.data !== null && sameMeta(r.record.meta, copy.record.meta)) {
      return { ...r, record: { ...r.record, data: copy.record.data } };
    }
    return r;
  });
}

/**
 * Whether a group already is where placement wants it: exactly the placed targets hold it, each a
 * complete copy (`from` 0) on a target alive and a source before this rebuild. rebuildGroup would
 * then keep every copy and drop none; returning early skips reading and verifying a source copy
 * that nothing uses (most groups of a pool.rebuild are on targets the map change did not touch).
 */
function alreadyInPlace(s: RunningState, holders: ReadonlyMap<number, number>, placed: readonly number[], before: PoolMap): boolean {
  if (holders.size !== placed.length) return false;
  for (const t of placed) if (holders.get(t) !== 0 || !wasSource(s, before, t)) return false;
  return true;
}

function rebuildGroup(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, unit: string, before: PoolMap): void {
  const gs = cont.groups.get(unit);
  assert(gs !== undefined, 'rebuild of a group that was never written');
  const cluster = s.cluster;
  const placed = placedTargets(s, pool, cont, info, group);
  if (alreadyInPlace(s, gs.holders, placed, before)) return;
  const usable = [...gs.holders.entries()].filter(([t]) => wasSource(s, before, t));
  const copies = new Map<number, VosRecord[]>();
  const copyOf = (t: number): VosRecord[] => {
    let records = copies.get(t);
    if (!records) copies.set(t, (records = s.bus.call(t, () => [...cluster.store(t, cont.id).records(unit)])));
    return records;
  };
  const complete = usable.filter(([, from]) => from === 0).map(([t]) => t);
  let source: { target: number; records: VosRecord[]; validFrom: number; verified: boolean } | null = null;
  for (const t of complete) {
    const records = copyOf(t);
    const verified = recordsVerify(records);
    if (!source || verified) source = { target: t, records, validFrom: 0, verified };
    if (verified) break;
  }
  if (!source && usable.length > 0) {
    const [t, from] = usable.sort(([, x], [, y]) => x - y)[0];
    const records = copyOf(t);
    source = { target: t, records, validFrom: from, verified: recordsVerify(records) };
  }
  if (source && !source.verified) {
    const from = source.target;
    source = { ...source, records: repaired(source.records, usable.filter(([t]) => t !== from).map(([t]) => copyOf(t))) };
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
