import type { Topology } from '../../../contract/index.ts';
import type { Bus } from '../sim/bus.ts';
import type { Clock } from '../sim/clock.ts';
import type { Cluster } from '../sim/cluster.ts';
import type { Prng } from '../sim/prng.ts';
import type { TouchLog, TrackedVosStore } from '../sim/touch-log.ts';
import type { PoolHandle, ContHandle } from './handles.ts';
import type { Pool } from './pool.ts';
import type { Tx } from './tx.ts';

/**
 * The engine's state from `system.create` on: the fixed topology, the simulated cluster with its bus,
 * PRNG and clock, and the services' tables of pools (with their containers), handles and
 * transactions. Before `system.create` there is none (engine.ts answers NONEXIST, as the model), so
 * every handler receives it whole and nothing in the engine asks whether the system exists.
 */
export interface SystemInfo extends Required<Topology> {
  readonly poolRf: number;
}

export interface RunningState {
  readonly system: SystemInfo;
  readonly cluster: Cluster<TrackedVosStore>;
  /** What the stores changed since the last invariant check (invariants/incremental.ts). */
  readonly touched: TouchLog;
  readonly prng: Prng;
  readonly bus: Bus;
  readonly clock: Clock;
  /** Pools in creation order. */
  readonly pools: Map<string, Pool>;
  readonly poolHandles: Map<number, PoolHandle>;
  readonly contHandles: Map<number, ContHandle>;
  readonly txs: Map<number, Tx>;
  /**
   * ERR-7 (rev. 2): container handles invalidated by a forced cont.destroy whose first cont.close
   * still answers ok, each with the pool handle it was opened through (the exception ends when that
   * pool handle is disconnected or its pool destroyed: docs/semantics.md section 25). They are no
   * longer open: nothing else counts them.
   */
  readonly orphanedContHandles: Map<number, number>;
  /** The next handle number (services/handle-table.ts issues them). */
  nextHandle: number;
}
