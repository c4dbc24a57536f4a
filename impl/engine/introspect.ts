import { decodeOid, REDUNDANCY_CODES, type Oid, type PlacementInfo, type ShardPlacement } from '../../contract/index.ts';
import { ecGeometry, positionOfRole, rotationOf } from './ec/layout.ts';
import { dkeyGroup, groupShardTargets, objectInfoOf } from './io/replicas.ts';
import type { RunningState } from './state/running.ts';

/**
 * The optional placement hook of SystemUnderTest (contract/aim.ts): where the shards of one dkey live,
 * so a generator's aimed fault can hit the data a read needs next. Read-only: it asks placement the
 * same question a read would, and changes nothing but placement's own caches.
 *
 * Does NOT say which holders have the data (a rebuilt or fallback holder may differ from placement).
 */
export function placementOf(s: RunningState, coh: number, oid: Oid, dkey: string): PlacementInfo | undefined {
  const handle = s.contHandles.get(coh);
  const pool = handle && s.pools.get(handle.poolId);
  const cont = handle && pool?.containers.get(handle.contId);
  const fields = decodeOid(oid);
  if (!pool || !cont || !fields || typeof dkey !== 'string' || dkey.length === 0) return undefined;
  const code = REDUNDANCY_CODES.get(fields.code);
  if (!code || fields.groups < 1 || fields.groups > 65_534) return undefined;
  const info = objectInfoOf(oid);
  const group = dkeyGroup(info, dkey);
  const targets = groupShardTargets(s, pool, cont, info, group);
  const toShard = (g: number): ShardPlacement => ({ rank: Math.floor(g / s.system.targetsPerEngine), target: g % s.system.targetsPerEngine });
  if (code.family === 'EC') {
    const geometry = ecGeometry(cont, info);
    const rot = rotationOf(geometry, dkey);
    const byRole = Array.from({ length: geometry.n }, (_, role) => targets[positionOfRole(geometry, rot, role)]);
    return { shards: byRole.filter((g) => g >= 0).map(toShard) };
  }
  // Replicated: the order a read tries placed replicas (io/replicas.ts readGroup: ascending index).
  return { shards: [...new Set(targets.filter((g) => g >= 0))].sort((a, b) => a - b).map(toShard) };
}
