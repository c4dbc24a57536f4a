import { bytesEqual } from '../../../contract/bytes.ts';
import { VISIT_EXTENT, type RecordVisitor, type Segment, type VosStore } from '../../vos/index.ts';
import { copiesOf } from './copies.ts';
import type { GroupScope } from './group-scope.ts';
import { encodeParityInto, ecGeometry, PARITY_AKEY_PREFIX, positionOfRole, positionUnit, roleOfPosition, rotationOf, userAkey } from '../ec/layout.ts';
import { verifyMeta } from '../io/checksum.ts';
import { groupShardTargets, isReadable } from '../io/replicas.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';

/**
 * O(records) checks of one EC group, run by checkInvariants (engine-invariants.ts, incremental.ts):
 *  - placement chooses only in-service, alive targets for every position;
 *  - complete, readable holders of one position hold the same records (`fingerprint`);
 *  - when every written position has a complete readable holder: every parity cell visible at its
 *    own epoch P equals the encoding of the stripe's data cells as of P (what degraded reads rely
 *    on), and parity akeys exist only on positions whose role is parity for that dkey.
 *
 * Does NOT check: cells or parity whose checksums fail (corruption is allowed to exist, CSUM-4),
 * partial holders, replicas of partial-stripe writes against data cells (they are the newer truth
 * until folded), single-value fragments, or lost marks.
 */
function fail(message: string): never {
  throw new Error(`engine invariant: ${message}`);
}

/**
 * Whether `data` verifies its checksum `meta` (absent: checksums off), through the engine's verdict
 * cache (sim/touch-log.ts): the same records are verified after op after op, and bytes change in
 * place only when corrupted, which empties the cache.
 */
function verifiedData(s: RunningState, data: Uint8Array, meta: Uint8Array | undefined): boolean {
  if (meta === undefined || s.touched.verifiedBefore(meta, data)) return true;
  const ok = verifyMeta(data, meta);
  if (ok) s.touched.rememberVerified(meta, data);
  return ok;
}

/** Whether every segment's record verifies its checksum. */
function verified(s: RunningState, segments: readonly Segment[]): boolean {
  for (const seg of segments) {
    const record = seg.record;
    if (record.data !== null && !verifiedData(s, record.data, record.meta)) return false;
  }
  return true;
}

/** Placement of one EC group chooses only in-service, alive targets for every position. */
export function checkEcPlacement(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number): void {
  const states = pool.map.states;
  for (const t of groupShardTargets(s, pool, cont, info, group)) {
    if (t < 0) continue;
    if (states[t] !== 'UPIN' && states[t] !== 'DRAIN') fail(`EC placement chose ${states[t]} target ${t}`);
    if (!s.cluster.isAlive(t)) fail(`EC placement chose target ${t}, which is not alive`);
  }
}

/** The data checks of one EC group: its positions' copies agree, and its parity matches its data. */
export function checkEcGroup(s: RunningState, pool: Pool, cont: Container, info: ObjectInfo, group: number, scope: GroupScope): void {
  const g = ecGeometry(cont, info);
  const cluster = s.cluster;
  // One complete readable holder per written position (null: never written, holds nothing).
  const holder: (number | null)[] = [];
  let allServing = true;
  for (let position = 0; position < g.n; position++) {
    const unit = positionUnit(info.key, group, position);
    const gs = cont.groups.get(unit);
    const first = gs === undefined ? null : copiesOf(s, pool, cont, unit, gs.holders, scope, 'EC copies');
    if (first === null && gs && gs.firstWriteEpoch > 0) allServing = false;
    holder.push(first);
  }
  if (allServing) checkParity(group, holder);

  function checkParity(group: number, holder: readonly (number | null)[]): void {
    // One set of cell buffers per group check, reused for every parity cell: encoding reads them
    // and keeps nothing, and a cell is zeroed before each read (cells can be 64 KiB).
    let dataCells: Uint8Array[] | null = null;
    let parityCells: Uint8Array[] | null = null;
    const read = (into: Uint8Array, position: number, dkey: string, akey: string, epoch: number, offset: number): Uint8Array | null => {
      const t = holder[position];
      const cell = into.fill(0);
      if (t === null) return cell;
      const r = cluster.store(t, cont.id).fetchArray(positionUnit(info.key, group, position), dkey, akey, epoch, offset, g.cellBytes);
      if (!r.ok) fail('EC invariant read refused');
      if (!verified(s, r.segments)) return null;
      for (const seg of r.segments) {
        if (seg.record.data === null) continue;
        const from = seg.offset - seg.record.offset;
        cell.set(seg.record.data.subarray(from, from + seg.length), seg.offset - offset);
      }
      return cell;
    };
    const rotations = new Map<string, number>();
    // Parity dkeys in scope, in the store's key order (records() order): null means every dkey.
    const dkeys = scope.parity === null ? null : [...scope.parity.keys()].sort();
    for (let position = 0; position < g.n; position++) {
      const t = holder[position];
      if (t === null) continue;
      const unit = positionUnit(info.key, group, position);
      const store = cluster.store(t, cont.id);
      // Visiting (not records()) builds no record object per record: this runs after every EC write.
      const visit: RecordVisitor = (kind, dkey, akey, epoch, offset, length, bytes, meta, minor) => {
        if (kind !== VISIT_EXTENT || bytes === null || !akey.startsWith(PARITY_AKEY_PREFIX)) return;
        if (scope.parity !== null && !(epoch >= (scope.parity.get(dkey) ?? Infinity))) return;
        checkParityCell(position, unit, store, dkey, akey, epoch, offset, length, bytes, meta, minor);
      };
      if (dkeys === null) store.visitObject(unit, visit);
      else for (const dkey of dkeys) store.visitObject(unit, visit, dkey);
    }

    function checkParityCell(position: number, unit: string, store: VosStore, dkey: string, akey: string, parityEpoch: number, offset: number, length: number, bytes: Uint8Array, meta: Uint8Array | undefined, minor: number): void {
      let rot = rotations.get(dkey);
      if (rot === undefined) rotations.set(dkey, (rot = rotationOf(g, dkey)));
      const role = roleOfPosition(g, rot, position);
      if (role < g.k) fail(`parity akey on data position ${position} of ${unit}/${dkey}`);
      if (length !== g.cellBytes || offset % g.cellBytes !== 0) fail(`parity cell of ${unit} is not one whole cell`);
      const visible = store.fetchArray(unit, dkey, akey, parityEpoch, offset, g.cellBytes);
      if (!visible.ok || visible.segments.length !== 1 || visible.segments[0].record.minor !== minor) return;
      if (!verifiedData(s, bytes, meta)) return;
      dataCells ??= Array.from({ length: g.k }, () => new Uint8Array(g.cellBytes));
      for (let c = 0; c < g.k; c++) {
        if (read(dataCells[c], positionOfRole(g, rot, c), dkey, userAkey(akey), parityEpoch, offset) === null) return;
      }
      parityCells ??= Array.from({ length: g.p }, () => new Uint8Array(g.cellBytes));
      encodeParityInto(g, dataCells, parityCells);
      if (!bytesEqual(parityCells[role - g.k], bytes)) fail(`parity of ${unit}/${dkey}/${userAkey(akey)} stripe ${offset / g.cellBytes} at epoch ${parityEpoch} disagrees with its data cells`);
    }
  }
}
