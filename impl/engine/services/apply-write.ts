import { ecApplyWrite } from '../ec/write.ts';
import { akeyId } from '../io/keys.ts';
import { applyToReplica } from '../io/object-io.ts';
import { dkeyGroup, objectInfoOf, writeGroup } from '../io/replicas.ts';
import { addWrittenRange } from '../io/written-ranges.ts';
import { assert } from '../assert.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import type { Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { BufferedWrite } from '../state/tx.ts';

/**
 * Applying one validated write at its epoch, as a standalone write's own commit
 * (object-client.ts) or inside a transaction's commit (transactions.ts): the container's metadata
 * first (the object, KV-3 kinds fixed by the first write, byte ranges ever written), then the data,
 * on every replica of the groups the write touches (io/replicas.ts) or every position of its EC
 * groups (ec/write.ts).
 */
function registerObject(cont: Container, info: ObjectInfo): void {
  if (!cont.objects.has(info.key)) cont.objects.set(info.key, info);
}

function fixKind(cont: Container, key: string, dkey: string, akey: string, kind: 'single' | 'array', epoch: number, ranges: readonly { offset: number; length: number }[]): void {
  const id = akeyId(key, dkey, akey);
  let info = cont.akeys.get(id);
  if (!info) {
    info = { kind, firstEpoch: epoch, lastEpoch: epoch };
    cont.akeys.set(id, info);
  }
  assert(info.kind === kind, 'KV-3: a write of another kind than the akey has reached apply');
  info.lastEpoch = Math.max(info.lastEpoch, epoch);
  if (kind !== 'array') return;
  info.written ??= [];
  for (const r of ranges) {
    info.maxEnd = Math.max(info.maxEnd ?? 0, r.offset + r.length);
    addWrittenRange(info.written, r.offset, r.offset + r.length);
  }
}

/** Applies one validated write at `epoch` to every replica of the groups it touches. */
export function applyWrite(s: RunningState, pool: Pool, cont: Container, w: BufferedWrite, epoch: number): void {
  const info = objectInfoOf(w.oid);
  registerObject(cont, info);
  if (w.kind === 'update') {
    for (const iod of w.iods) {
      if ('single' in iod) fixKind(cont, info.key, w.dkey, iod.akey, 'single', epoch, []);
      else fixKind(cont, info.key, w.dkey, iod.akey, 'array', epoch, iod.extents.map((e) => ({ offset: e.offset, length: e.data.length })));
    }
  }
  if (w.kind === 'punchExtents') fixKind(cont, info.key, w.dkey, w.akey, 'array', epoch, w.ranges);
  if (info.family === 'EC') {
    ecApplyWrite(s, pool, cont, info, w, epoch);
    return;
  }
  const groups = w.kind === 'punch' ? [...Array(info.groupCount).keys()] : [dkeyGroup(info, w.dkey)];
  for (const g of groups) writeGroup(s, pool, cont, info, g, epoch, (store, unit) => applyToReplica(store, unit, w, epoch, cont.cksum));
}

