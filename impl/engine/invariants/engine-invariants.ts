import { bytesToHex } from '../../../contract/index.ts';
import type { VosRecord } from '../../vos/index.ts';
import { crc32c } from '../io/checksum.ts';
import { unitKey } from '../io/keys.ts';
import { isReadable, placedTargets } from '../io/replicas.ts';
import type { RunningState } from '../state/running.ts';
import { checkEcObject } from './ec-invariants.ts';

/**
 * O(n) consistency checks over the whole engine; each throws on a broken invariant.
 *
 * Checks: handle tables agree with pools and containers in both directions; every transaction's
 * container handle exists; map states have one entry per target and the version is >= 1; open
 * failure events belong to DOWN or UP targets; dead targets are not alive and still in service in
 * the map; placement only chooses in-service, alive targets; every complete, readable replica of a group holds the same records
 * (epochs, keys, and bytes or their checksums; minors are per store); every VOS
 * store's own checkInvariants(); EC objects as ec-invariants.ts says (copies agree, parity matches
 * the data cells it encodes).
 *
 * Does NOT check: that data equals the model's (the lockstep runner does that), partial replicas'
 * contents, the commit log's completeness, bus dedupe tables, or stores of containers on targets
 * that are no longer holders (garbage that is never read).
 */
function fail(message: string): never {
  throw new Error(`engine invariant: ${message}`);
}

/**
 * A stored value as compared between replicas: its checksum when it has one (silent corruption,
 * FAULT-5, changes bytes but never metadata, and reads detect it), else the CRC32C and length of its
 * bytes. A hash, not the bytes, because this runs after every op over every stored value; two
 * different values collide with probability about 2^-32, which only weakens this check, never the
 * read path.
 */
function content(bytes: Uint8Array, meta: Uint8Array | undefined): string {
  return meta ? `crc:${bytesToHex(meta)}` : `bytes:${bytes.length}:${crc32c(bytes).toString(16)}`;
}

function fingerprint(records: Iterable<VosRecord>): string {
  const parts: string[] = [];
  for (const r of records) {
    switch (r.type) {
      case 'store': break;
      case 'objectPunch': parts.push(`op@${r.stamp.epoch}`); break;
      case 'dkeyPunch': parts.push(`dp/${r.dkey}@${r.stamp.epoch}`); break;
      case 'akeyPunch': parts.push(`ap/${r.dkey}/${r.akey}@${r.stamp.epoch}`); break;
      case 'akey': parts.push(`k/${r.dkey}/${r.akey}:${r.kind}`); break;
      case 'single': parts.push(`s/${r.dkey}/${r.akey}@${r.record.epoch}=${content(r.record.value, r.record.meta)}`); break;
      case 'extent': parts.push(`e/${r.dkey}/${r.akey}@${r.record.epoch}[${r.record.offset}+${r.record.length}]=${r.record.data ? content(r.record.data, r.record.meta) : 'hole'}`); break;
    }
  }
  return parts.sort().join('|');
}

export function checkEngineInvariants(s: RunningState): void {
  for (const [id, h] of s.poolHandles) {
    const pool = s.pools.get(h.poolId) ?? fail(`pool handle ${id} names a missing pool`);
    if (!pool.handles.has(id)) fail(`pool ${pool.id} does not list handle ${id}`);
    for (const coh of h.contHandles) if (s.contHandles.get(coh)?.poh !== id) fail(`pool handle ${id} lists foreign container handle ${coh}`);
  }
  for (const [id, h] of s.contHandles) {
    const cont = s.pools.get(h.poolId)?.containers.get(h.contId) ?? fail(`container handle ${id} names a missing container`);
    if (!cont.handles.has(id)) fail(`container ${cont.id} does not list handle ${id}`);
    if (!s.poolHandles.get(h.poh)?.contHandles.has(id)) fail(`container handle ${id} is not listed by its pool handle`);
    for (const th of h.txs) if (s.txs.get(th)?.coh !== id) fail(`container handle ${id} lists foreign transaction ${th}`);
  }
  for (const [id, tx] of s.txs) if (!s.contHandles.get(tx.coh)?.txs.has(id)) fail(`transaction ${id} has no container handle`);
  const cluster = s.cluster;
  for (const pool of s.pools.values()) {
    for (const h of pool.handles) if (s.poolHandles.get(h)?.poolId !== pool.id) fail(`pool ${pool.id} lists foreign handle ${h}`);
    const states = pool.map.states;
    if (states.length !== cluster.targetCount || pool.map.version < 1) fail(`pool ${pool.id} map shape`);
    for (const e of pool.failureEvents) {
      if (e.closedAt === null && states[e.target] !== 'DOWN' && states[e.target] !== 'UP') fail(`open failure event on ${states[e.target]} target ${e.target}`);
    }
    for (const g of pool.deadTargets) {
      if (cluster.isAlive(g)) fail(`dead target ${g} is alive`);
      if (states[g] === 'DOWN' || states[g] === 'DOWNOUT') fail(`dead target ${g} is excluded`);
    }
    for (const cont of pool.containers.values()) {
      for (const h of cont.handles) if (s.contHandles.get(h)?.contId !== cont.id) fail(`container ${cont.id} lists foreign handle ${h}`);
      for (const info of cont.objects.values()) {
        if (info.family === 'EC') {
          checkEcObject(s, pool, cont, info, fingerprint);
          continue;
        }
        for (let g = 0; g < info.groupCount; g++) {
          for (const t of placedTargets(s, pool, cont, info, g)) {
            if (states[t] !== 'UPIN' && states[t] !== 'DRAIN') fail(`placement chose ${states[t]} target ${t}`);
            if (!cluster.isAlive(t)) fail(`placement chose target ${t}, which is not alive`);
          }
          const unit = unitKey(info.key, g);
          const gs = cont.groups.get(unit);
          if (!gs) continue;
          let reference: string | null = null;
          for (const [t, from] of gs.holders) {
            if (from !== 0 || !isReadable(s, pool, t)) continue;
            const print = fingerprint(cluster.store(t, cont.id).records(unit));
            if (reference === null) reference = print;
            else if (print !== reference) fail(`replicas of ${unit} disagree (target ${t})`);
          }
        }
      }
    }
  }
  for (let t = 0; t < cluster.targetCount; t++) for (const store of cluster.storesOf(t).values()) store.checkInvariants();
}
