import type { AimedFault, Op, PlacementInfo } from '../contract/index.ts';
import type { ModelState } from '../model/state.ts';
import type { RefTable } from './symbolic.ts';

/**
 * Resolves a fault aimed at data (contract/aim.ts) into the literal op it becomes, when the runner
 * reaches it: the system's placement hook said where the shards of (coh, oid, dkey) live
 * (`placement`), and the aim's shard position picks one. Without a hook, or when the hook knew
 * nothing (a stale handle, a malformed OID, an empty group), the aim's random fallback runs instead,
 * so every system can run every generated trace. The container and pool an aimed corruption or map
 * op names are those of the handle's container, as symbols (#cN, #pN), so the literal op replays on
 * any system.
 *
 * Does NOT look at model data: the model answers the resolved op as it answers any other.
 */
export function resolveAim(aim: AimedFault, placement: PlacementInfo | undefined, modelRefs: RefTable, state: ModelState): Op {
  if (!placement || placement.shards.length === 0 || aim.coh < 0) return aim.fallback;
  const { rank, target } = placement.shards[Math.abs(aim.shard) % placement.shards.length];
  const handle = state.contHandles[modelRefs.cohOf(aim.coh)];
  const pool = handle ? modelRefs.poolSymbol(handle.poolId) : '#p0';
  switch (aim.fault) {
    case 'failTarget': return { type: 'fault.failTarget', rank, target };
    case 'failEngine': return { type: 'fault.failEngine', rank };
    case 'restartEngine': return { type: 'fault.restartEngine', rank };
    case 'failNode': return { type: 'fault.failNode', node: Math.floor(rank / Math.max(1, state.system?.enginesPerNode ?? 1)) };
    case 'dropMessages': return { type: 'fault.dropMessages', rank, target, count: aim.fallback.type === 'fault.dropMessages' ? aim.fallback.count : 1 };
    case 'exclude': return { type: 'pool.exclude', pool, rank, targets: [target] };
    case 'drain': return { type: 'pool.drain', pool, rank, targets: [target] };
    case 'reintegrate': return { type: 'pool.reintegrate', pool, rank, targets: [target] };
    case 'corrupt': {
      const cont = handle ? modelRefs.contSymbol(handle.contId) : '#c?';
      return cont.endsWith('?') ? aim.fallback : { type: 'fault.corrupt', cont, rank, target };
    }
  }
}
