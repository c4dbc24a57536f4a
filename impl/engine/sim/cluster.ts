import type { Topology } from '../../../contract/index.ts';
import { assert } from '../assert.ts';

/**
 * The simulated hardware: nodes > engines (ranks) > targets (MAP-2), liveness (section 19), and the
 * data each target stores. A target's data survives engine stops and restarts (FAULT-4); only the
 * engine's rebuild logic adds or drops replicas.
 *
 * Storage layout on a target: one VOS store per container (DAOS's VOS container in the target's VOS
 * pool). Inside it, each object *group replica* is its own VOS object, keyed by the unit id
 * `oidKey.g<group>` (DAOS likewise keys VOS objects by oid plus shard), so rebuild can discard and
 * re-import one group replica from one source (the VOS import rule).
 */
export class Cluster<S> {
  readonly targetCount: number;
  /** Bumped on every liveness change (placement caches depend on it). */
  livenessVersion = 0;
  readonly rankCount: number;
  private readonly engineRunning: boolean[];
  /** A target failed since its engine last started (FAULT-1). */
  private readonly targetFailed: boolean[];
  /** target -> container id -> store. */
  private readonly stores: Map<string, S>[];

  constructor(
    readonly topology: Topology,
    private readonly makeStore: (target: number, contId: string) => S,
  ) {
    this.rankCount = topology.nodes * topology.enginesPerNode;
    this.targetCount = this.rankCount * topology.targetsPerEngine;
    this.engineRunning = new Array<boolean>(this.rankCount).fill(true);
    this.targetFailed = new Array<boolean>(this.targetCount).fill(false);
    this.stores = [];
    for (let g = 0; g < this.targetCount; g++) this.stores.push(new Map());
  }

  rankOf(target: number): number {
    return Math.floor(target / this.topology.targetsPerEngine);
  }

  nodeOf(target: number): number {
    return Math.floor(target / (this.topology.targetsPerEngine * this.topology.enginesPerNode));
  }

  /** MAP-2: the global index of target `index` of engine `rank`. */
  targetOf(rank: number, index: number): number {
    assert(Number.isInteger(rank) && rank >= 0 && rank < this.rankCount, 'cluster: no such rank');
    assert(Number.isInteger(index) && index >= 0 && index < this.topology.targetsPerEngine, 'cluster: no such target in an engine');
    return rank * this.topology.targetsPerEngine + index;
  }

  targetsOfRank(rank: number): number[] {
    assert(Number.isInteger(rank) && rank >= 0 && rank < this.rankCount, 'cluster: no such rank');
    const out: number[] = [];
    for (let t = 0; t < this.topology.targetsPerEngine; t++) out.push(rank * this.topology.targetsPerEngine + t);
    return out;
  }

  isAlive(target: number): boolean {
    return this.engineRunning[this.rankOf(target)] && !this.targetFailed[target];
  }

  isEngineRunning(rank: number): boolean {
    return this.engineRunning[rank];
  }

  /** FAULT-1: returns the targets that stopped being alive (empty if it already was not). */
  failTarget(target: number): number[] {
    this.assertTarget(target);
    if (!this.isAlive(target)) return [];
    this.targetFailed[target] = true;
    this.livenessVersion++;
    return [target];
  }

  /** FAULT-2: returns the targets that stopped being alive. */
  failEngine(rank: number): number[] {
    const lost = this.targetsOfRank(rank).filter((g) => this.isAlive(g));
    this.engineRunning[rank] = false;
    this.livenessVersion++;
    return lost;
  }

  /** FAULT-4: returns the targets that became alive again. Restarting a running engine does nothing. */
  restartEngine(rank: number): number[] {
    assert(Number.isInteger(rank) && rank >= 0 && rank < this.rankCount, 'cluster: no such rank');
    if (this.engineRunning[rank]) return [];
    this.engineRunning[rank] = true;
    this.livenessVersion++;
    const back: number[] = [];
    for (const g of this.targetsOfRank(rank)) {
      this.targetFailed[g] = false;
      back.push(g);
    }
    return back;
  }

  /** The store of `contId` on `target`, created empty on first use. */
  store(target: number, contId: string): S {
    this.assertTarget(target);
    let store = this.stores[target].get(contId);
    if (!store) {
      store = this.makeStore(target, contId);
      this.stores[target].set(contId, store);
    }
    return store;
  }

  /** Stores of every container on a target (for invariant checks and corruption). */
  storesOf(target: number): ReadonlyMap<string, S> {
    return this.stores[target];
  }

  dropContainer(contId: string): void {
    for (const byCont of this.stores) byCont.delete(contId);
  }

  private assertTarget(target: number): void {
    assert(Number.isInteger(target) && target >= 0 && target < this.targetCount, 'cluster: no such target');
  }
}
