import { assert } from './assert.ts';
import { BaseLayoutBuilder } from './base-layout.ts';
import type { DomainLevel } from './fault-domain.ts';
import { FallbackFinder } from './fallback.ts';
import { checkLayoutRequest, type LayoutRequest, type ObjectLayout } from './layout.ts';
import { objectKeyOf } from './object-key.ts';
import type { PoolMap } from './pool-map.ts';
import { isInService } from './target-state.ts';

export interface JumpMapPlacerOptions {
  /** Objects whose layouts are cached; the oldest entry is evicted beyond this. Default 4096. */
  readonly cacheEntriesMax?: number;
}

interface CacheEntry {
  readonly seedHi: number;
  readonly seedLo: number;
  readonly base: readonly number[];
  layout: ObjectLayout;
  /** Placer epoch the layout was computed for. */
  epoch: number;
}

const NO_SHARDS: readonly number[] = Object.freeze([]);

/**
 * Optimized jump-map placement (rules in layout.ts) for one pool: a per-object cache of base
 * layouts, and incremental remap when the map changes by one step. Layouts it returns are
 * immutable and may be shared between calls.
 *
 * Map changes: each time `layout` sees a map object other than the last one, the placer diffs the
 * in-service sets (O(targets)) and starts a new epoch. An entry one epoch old is updated
 * incrementally: only groups with a shard on a target that left service are re-placed, plus, when
 * some target re-entered service, the groups with a shard currently remapped (it may return). Older entries are
 * re-placed from their cached base layout. A map with a different topology drops the cache.
 *
 * Does NOT validate requests against the spec (OBJ-4/OBJ-6 are the engine's): it throws on
 * requests no engine may send.
 */
export class JumpMapPlacer {
  private readonly cacheEntriesMax: number;
  private readonly cache = new Map<string, CacheEntry>();
  /** Keys in insertion order, as a ring: FIFO eviction in O(1). (Map's own oldest-key iterator
   * walks over the holes left by earlier deletions, which made eviction O(cache size).) */
  private readonly ring: string[] = [];
  private ringNext = 0;
  private map: PoolMap | undefined;
  private inService = new Uint8Array(0);
  private leftService = new Uint8Array(0);
  private anyReturned = false;
  private epoch = 0;
  private builders = new Map<DomainLevel, { base: BaseLayoutBuilder; fallback: FallbackFinder }>();
  private readonly seed = new Uint32Array(2);

  constructor(options: JumpMapPlacerOptions = {}) {
    this.cacheEntriesMax = options.cacheEntriesMax ?? 4096;
    assert(Number.isInteger(this.cacheEntriesMax) && this.cacheEntriesMax >= 1, 'cacheEntriesMax >= 1');
  }

  get cachedObjects(): number {
    return this.cache.size;
  }

  layout(map: PoolMap, request: LayoutRequest): ObjectLayout {
    checkLayoutRequest(request);
    if (map !== this.map) this.advance(map);
    const level = request.level ?? 'node';
    const cacheKey = `${request.oid.hi}.${request.oid.lo}/${request.groupSize}/${request.groupCount}/${level}`;
    const entry = this.cache.get(cacheKey);
    if (entry === undefined) return this.insert(cacheKey, request, level);
    if (entry.epoch === this.epoch) return entry.layout;
    const tools = this.toolsFor(level);
    entry.layout =
      entry.epoch === this.epoch - 1
        ? this.replaceIncremental(entry, request.groupSize, tools.fallback)
        : this.placeAll(entry.base, request, entry.seedHi, entry.seedLo, tools.fallback);
    entry.epoch = this.epoch;
    return entry.layout;
  }

  private insert(cacheKey: string, request: LayoutRequest, level: DomainLevel): ObjectLayout {
    const tools = this.toolsFor(level);
    objectKeyOf(request.oid, this.seed);
    const seedHi = this.seed[0];
    const seedLo = this.seed[1];
    const base = Object.freeze(tools.base.build(seedHi, seedLo, request.groupSize, request.groupCount));
    const layout = this.placeAll(base, request, seedHi, seedLo, tools.fallback);
    if (this.ring.length < this.cacheEntriesMax) {
      this.ring.push(cacheKey);
    } else {
      const evicted = this.cache.delete(this.ring[this.ringNext]);
      assert(evicted, 'every ring key is cached');
      this.ring[this.ringNext] = cacheKey;
      this.ringNext = this.ringNext + 1 === this.cacheEntriesMax ? 0 : this.ringNext + 1;
    }
    this.cache.set(cacheKey, { seedHi, seedLo, base, layout, epoch: this.epoch });
    assert(this.cache.size === this.ring.length, 'cache and ring hold the same keys');
    return layout;
  }

  /** Places every shard against the current map, starting from the base layout. */
  private placeAll(base: readonly number[], request: LayoutRequest, seedHi: number, seedLo: number, fallback: FallbackFinder): ObjectLayout {
    const inService = this.inService;
    let placed: number[] | undefined;
    let remapped: number[] | undefined;
    for (let s = 0; s < base.length; s++) {
      if (inService[base[s]] === 1) continue;
      placed ??= base.slice();
      remapped ??= [];
      placed[s] = fallback.find(inService, base, placed, s, request.groupSize, seedHi, seedLo);
      remapped.push(s);
    }
    return freezeLayout(request.groupSize, request.groupCount, base, placed ?? base, remapped ?? NO_SHARDS);
  }

  /**
   * Re-places only the groups a one-step map change can move (see the class comment): a group with
   * a shard on a target that left service, or, when some target re-entered service, with a shard
   * off its base target. Such a group is placed again whole, shard by shard, since a fallback
   * avoids the targets of the shards before it.
   */
  private replaceIncremental(entry: CacheEntry, groupSize: number, fallback: FallbackFinder): ObjectLayout {
    const old = entry.layout;
    const base = entry.base;
    const inService = this.inService;
    let placed: number[] | undefined;
    for (let groupStart = 0; groupStart < base.length; groupStart += groupSize) {
      if (!this.groupMayMove(old.shardTargets, base, groupStart, groupSize)) continue;
      placed ??= old.shardTargets.slice();
      for (let s = groupStart; s < groupStart + groupSize; s++) {
        placed[s] = inService[base[s]] === 1 ? base[s] : fallback.find(inService, base, placed, s, groupSize, entry.seedHi, entry.seedLo);
      }
    }
    if (placed === undefined || placed.every((x, s) => x === old.shardTargets[s])) return old;
    const remapped: number[] = [];
    for (let s = 0; s < base.length; s++) if (placed[s] !== base[s]) remapped.push(s);
    return freezeLayout(old.groupSize, old.groupCount, base, remapped.length === 0 ? base : placed, remapped.length === 0 ? NO_SHARDS : remapped);
  }

  /** Whether a shard of the group sits on a target that left service, or may return to its base. */
  private groupMayMove(current: readonly number[], base: readonly number[], groupStart: number, groupSize: number): boolean {
    for (let s = groupStart; s < groupStart + groupSize; s++) {
      const x = current[s];
      if (x >= 0 && this.leftService[x] === 1) return true;
      if (this.anyReturned && x !== base[s]) return true;
    }
    return false;
  }

  private advance(map: PoolMap): void {
    const prev = this.map;
    const total = map.states.length;
    const sameTopology =
      prev !== undefined &&
      prev.nodes === map.nodes &&
      prev.enginesPerNode === map.enginesPerNode &&
      prev.targetsPerEngine === map.targetsPerEngine;
    if (!sameTopology) {
      this.cache.clear();
      this.ring.length = 0;
      this.ringNext = 0;
      this.builders.clear();
      this.inService = new Uint8Array(total);
      this.leftService = new Uint8Array(total);
    }
    this.leftService.fill(0);
    this.anyReturned = false;
    for (let x = 0; x < total; x++) {
      const now = isInService(map.states[x]) ? 1 : 0;
      if (sameTopology) {
        if (this.inService[x] === 1 && now === 0) this.leftService[x] = 1;
        if (this.inService[x] === 0 && now === 1) this.anyReturned = true;
      }
      this.inService[x] = now;
    }
    this.map = map;
    this.epoch++;
  }

  private toolsFor(level: DomainLevel): { base: BaseLayoutBuilder; fallback: FallbackFinder } {
    let tools = this.builders.get(level);
    if (tools === undefined) {
      assert(this.map !== undefined, 'a map is set before any layout');
      tools = { base: new BaseLayoutBuilder(this.map, level), fallback: new FallbackFinder(this.map, level) };
      this.builders.set(level, tools);
    }
    return tools;
  }
}

function freezeLayout(groupSize: number, groupCount: number, base: readonly number[], placed: readonly number[], remapped: readonly number[]): ObjectLayout {
  if (placed !== base) Object.freeze(placed);
  if (remapped !== NO_SHARDS) Object.freeze(remapped);
  return Object.freeze({ groupSize, groupCount, shardTargets: placed, baseTargets: base, remappedShards: remapped });
}
