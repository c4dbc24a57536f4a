import { LIMITS, type OpOf } from '../../../contract/index.ts';
import { Bus } from '../sim/bus.ts';
import { Clock } from '../sim/clock.ts';
import { Cluster } from '../sim/cluster.ts';
import { TouchLog, TrackedVosStore } from '../sim/touch-log.ts';
import type { Prng } from '../sim/prng.ts';
import type { RunningState, SystemInfo } from '../state/running.ts';
import { FIRST_HANDLE } from './handle-table.ts';

/**
 * system.create (MAP-1): the topology, fixed for the system's lifetime, and the running state it
 * starts: a simulated cluster of targets, each keeping a VOS store per container, reached over the
 * seeded bus, with the cluster-wide clock and empty service tables.
 */

/** MAP-1: the system `op` asks for, or undefined for INVAL. An out-of-range poolRf becomes the default. */
export function systemInfoOf(op: OpOf<'system.create'>): SystemInfo | undefined {
  const { nodes, enginesPerNode, targetsPerEngine } = op;
  for (const n of [nodes, enginesPerNode, targetsPerEngine]) if (!Number.isSafeInteger(n) || n < 1) return undefined;
  const rf = op.poolRf;
  const poolRf = Number.isInteger(rf) && (rf as number) >= 0 && (rf as number) <= LIMITS.poolRfMax ? (rf as number) : LIMITS.poolRfDefault;
  return { nodes, enginesPerNode, targetsPerEngine, poolRf };
}

export function startSystem(system: SystemInfo, prng: Prng): RunningState {
  // Every store notes its writes in one log, which the per-op invariant check reads (engine.ts).
  const touched = new TouchLog();
  const cluster = new Cluster<TrackedVosStore>(system, (target, contId) => new TrackedVosStore(target, contId, touched));
  return {
    touched,
    system,
    cluster,
    prng,
    bus: new Bus(prng, (target) => cluster.isAlive(target)),
    clock: new Clock(),
    pools: new Map(),
    poolHandles: new Map(),
    contHandles: new Map(),
    txs: new Map(),
    orphanedContHandles: new Map(),
    nextHandle: FIRST_HANDLE,
  };
}
