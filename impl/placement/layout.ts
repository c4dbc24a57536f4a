import type { Oid } from '../../contract/objclass.ts';
import type { DomainLevel } from './fault-domain.ts';

/**
 * The jump-map layout rules, shared by the optimized placer (jump-map-placer.ts) and the slow
 * reference (layout-reference.ts). Written in the manner of DAOS's jump_map.c: jump consistent
 * hashing picks a fault domain, then a target inside it, with "used" bitmaps so an object spreads
 * over domains and targets before reusing any. Placement is not observable (spec section 24), so
 * these rules are ours; they are fixed here so both implementations can be compared exactly.
 *
 * Keys. objKey = mix64(mix64(oid.hi) XOR oid.lo) (SplitMix64's finalizer). key(i) is output i of
 * SplitMix64 seeded with objKey. With N = groupSize·groupCount shards, shard s = g·groupSize + i
 * uses key(3s) to pick a domain, key(3s+1) a target slot, key(3s+2) its fallback slot; group g
 * uses key(3N+g) to order its spare domains. D domains of Td targets each; domain d holds targets
 * d·Td .. d·Td+Td-1.
 *
 * Base layout (depends on topology, oid, group size and count, level; never on target states):
 * for s = 0..N-1, when every target is already used by this object, clear the target and domain
 * bitmaps. Start at d0 = jump(key(3s), D) and take the first domain in cyclic order d0, d0+1, ...
 * in the best non-empty tier:
 *   1. not used by this group, has an unused target, not yet used in this round of domains;
 *   2. not used by this group, has an unused target;
 *   3. not used by this group (a target is reused: distinct domains outrank target freshness);
 *   4. has an unused target (only when the group already covers every domain, D < group size);
 *   5. d0.
 * Mark the domain used by the group and the round (a round ends, and its bitmap clears, when all D
 * domains are marked). Inside the domain start at slot t0 = jump(key(3s+1), Td) and take the first
 * unused target in cyclic slot order; if none, the first target not holding a shard of this group;
 * if none, slot t0.
 *
 * Target states. In service: UPIN and DRAIN. A draining target keeps serving its shards (MAP-10)
 * and nothing moves when a drain starts; its shards move when rebuild makes it DOWNOUT (MAP-8),
 * exactly like an exclusion. It also stays a valid fallback, so a drain never moves another
 * object's fallback shard either; a fallback that lands on a draining target moves again at
 * rebuild. Not in service: DOWN, DOWNOUT and UP. A reintegrating (UP) target gets its shards back
 * only when rebuild makes it UPIN, so the layout changes when the data has been migrated.
 *
 * Remap. A shard
 * stays on its base target while that is in service; otherwise it goes to the first in-service
 * target of its fallback sequence that keeps apart from the other shards of its group: in neither
 * the target nor the fault domain of one (the earlier shards, in shard order, where they were
 * placed; the later ones on their base targets if those serve). Failing that, the first no earlier
 * shard of its group is on (the group shares a domain, as it must when fewer domains serve than it
 * has shards); failing that, the first in-service one (it shares a target, when fewer targets serve
 * than it has shards); -1 if none is in service. Let B be the group's base domains and S
 * the other domains in cyclic order from jump(key(3N+g), D). Slots inside a domain run cyclically
 * from jump(key(3s+2), Td). The sequence is:
 *   1. the shard's own spare domains S[i], S[i+groupSize], S[i+2·groupSize], ...;
 *   2. its own base domain, skipping the group's base targets;
 *   3. every spare domain, S[i], S[i+1], ... cyclically;
 *   4. every target, cyclically from jump(key(3s+2), T), skipping the group's base targets.
 * The sequence depends only on the base layout, and a shard keeps apart only from its own group:
 * excluding targets moves the shards sitting on them and, in their groups, the fallback shards
 * whose choice that changes; other groups never move, and returning every target to UPIN restores
 * the base layout. Why apart: shards of a group on one target, or in one domain, are lost together,
 * beyond what the redundancy factor counts on. Two chaos cases showed it (DUR-1): an EC 2+1 group
 * with two fallbacks on one target lost its data to one exclusion that rd_fac 1 tolerates
 * (corpus/chaos-15b1af4aa4-17ops.json), an EC 4+1 group with two fallbacks on one node to one
 * engine failure (corpus/chaos-6a51eb3d32-16ops.json). DAOS's jump map likewise skips the domains
 * and targets its layout already used when it remaps a shard.
 */

export interface LayoutRequest {
  readonly oid: Oid;
  /** Shards per redundancy group (OBJ-3): 1 for S, r for RP, k+p for EC. */
  readonly groupSize: number;
  /** Resolved group count (the engine resolves GX per OBJ-4 and passes the number). */
  readonly groupCount: number;
  /** Fault-domain level; default 'node' (MAP-2). */
  readonly level?: DomainLevel;
}

/** Largest shard count we lay out: OBJ-5's 65534 groups of the largest group size (EC 16+3). */
export const LAYOUT_SHARDS_MAX = 65_534 * 19;

export interface ObjectLayout {
  readonly groupSize: number;
  readonly groupCount: number;
  /** Placed target of shard s = group·groupSize + index; -1 when no target of its sequence is in service. */
  readonly shardTargets: readonly number[];
  /** The base layout (what shardTargets is when every target is UPIN). */
  readonly baseTargets: readonly number[];
  /** Shards whose placed target differs from their base target, ascending. */
  readonly remappedShards: readonly number[];
}

/** Global targets of one group's shards, in shard order. */
export function groupTargets(layout: ObjectLayout, group: number): number[] {
  if (!Number.isInteger(group) || group < 0 || group >= layout.groupCount) throw new RangeError(`group ${group} out of range`);
  return layout.shardTargets.slice(group * layout.groupSize, (group + 1) * layout.groupSize);
}

/** Throws on a request no engine should send (the engine validates user input first, OBJ-4/OBJ-5). */
export function checkLayoutRequest(request: LayoutRequest): void {
  const { groupSize, groupCount } = request;
  if (!Number.isInteger(groupSize) || groupSize < 1 || groupSize > 19) throw new RangeError(`group size ${groupSize}`);
  if (!Number.isInteger(groupCount) || groupCount < 1 || groupCount > 65_534) throw new RangeError(`group count ${groupCount}`);
}
