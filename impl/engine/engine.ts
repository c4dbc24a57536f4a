import { err, ok, type InvariantScope, type Oid, type Op, type OpOf, type OpValueMap, type Outcome, type PlacementInfo, type SystemUnderTest } from '../../contract/index.ts';
import { assert } from './assert.ts';
import { checkAllInvariants, checkTouchedInvariants, sweepDue, type CheckMemory } from './invariants/incremental.ts';
import { placementOf } from './introspect.ts';
import * as cs from './services/container-service.ts';
import * as faults from './services/faults.ts';
import type { Handler, HandlerTable, RunningOpKind } from './services/handler.ts';
import * as obj from './services/object-client.ts';
import * as ps from './services/pool-service.ts';
import { startSystem, systemInfoOf } from './services/system.ts';
import * as tx from './services/transactions.ts';
import { Prng } from './sim/prng.ts';
import type { RunningState } from './state/running.ts';

/**
 * The system under test: pool and container services, the object client and rebuild, running on a
 * deterministic simulated cluster (sim/) whose targets each keep VOS stores (impl/vos) and are
 * reached over a seeded lossy message bus. Placement is impl/placement's jump map; EC classes use
 * impl/ec's codec (ec/). README.md in this folder maps the rooms and which way they depend.
 *
 * Determinism: all randomness comes from `seed` (ids, which half of a lost exchange was lost, which
 * bytes a corruption flips); time is a cluster-wide logical clock (epochs, an HLC stand-in). Same
 * seed and ops, same results. Handles are numbered from 1001 (the model numbers its own; they are
 * compared by identity).
 */
export interface EngineOptions {
  readonly seed: number;
}

/** One handler per op kind, typed from the contract (services/handler.ts). */
const HANDLERS: HandlerTable = {
  'pool.create': ps.poolCreate,
  'pool.destroy': ps.poolDestroy,
  'pool.query': ps.poolQuery,
  'pool.exclude': ps.poolExclude,
  'pool.drain': ps.poolDrain,
  'pool.reintegrate': ps.poolReintegrate,
  'pool.rebuild': ps.poolRebuild,
  'pool.getAcl': ps.poolGetAcl,
  'pool.overwriteAcl': ps.poolOverwriteAcl,
  'pool.updateAcl': ps.poolUpdateAcl,
  'pool.deleteAcl': ps.poolDeleteAcl,
  'pool.getProps': ps.poolGetProps,
  'pool.setProps': ps.poolSetProps,
  'pool.setAttrs': ps.poolSetAttrs,
  'pool.getAttrs': ps.poolGetAttrs,
  'pool.delAttrs': ps.poolDelAttrs,
  'pool.listAttrs': ps.poolListAttrs,
  'pool.connect': ps.poolConnect,
  'pool.disconnect': ps.poolDisconnect,
  'pool.listContainers': ps.poolListContainers,
  'cont.create': cs.contCreate,
  'cont.open': cs.contOpen,
  'cont.close': cs.contClose,
  'cont.destroy': cs.contDestroy,
  'cont.query': cs.contQuery,
  'cont.getProps': cs.contGetProps,
  'cont.setProps': cs.contSetProps,
  'cont.setOwner': cs.contSetOwner,
  'cont.getAcl': cs.contGetAcl,
  'cont.overwriteAcl': cs.contOverwriteAcl,
  'cont.updateAcl': cs.contUpdateAcl,
  'cont.deleteAcl': cs.contDeleteAcl,
  'cont.setAttrs': cs.contSetAttrs,
  'cont.getAttrs': cs.contGetAttrs,
  'cont.delAttrs': cs.contDelAttrs,
  'cont.listAttrs': cs.contListAttrs,
  'snap.create': cs.snapCreate,
  'snap.list': cs.snapList,
  'snap.destroy': cs.snapDestroy,
  'cont.rollback': obj.contRollback,
  'obj.generateOid': obj.objGenerateOid,
  'obj.open': obj.objOpen,
  'obj.update': obj.objUpdate,
  'obj.fetch': obj.objFetch,
  'obj.punch': obj.objPunch,
  'obj.punchDkey': obj.objPunchDkey,
  'obj.punchAkeys': obj.objPunchAkeys,
  'obj.punchExtents': obj.objPunchExtents,
  'obj.listDkeys': obj.objListDkeys,
  'obj.listAkeys': obj.objListAkeys,
  'tx.open': tx.txOpen,
  'tx.openSnapshot': tx.txOpenSnapshot,
  'tx.commit': tx.txCommit,
  'tx.abort': tx.txAbort,
  'tx.restart': tx.txRestart,
  'tx.close': tx.txClose,
  'fault.failTarget': faults.failTarget,
  'fault.failEngine': faults.failEngine,
  'fault.failNode': faults.failNode,
  'fault.restartEngine': faults.restartEngine,
  'fault.corrupt': faults.corrupt,
  'fault.dropMessages': faults.dropMessages,
};

/** The op's handler, chosen by its kind: the table's type ties each kind to its handler, so no cast. */
function dispatch<K extends RunningOpKind>(s: RunningState, kind: K, op: OpOf<K>): Outcome<OpValueMap[K]> {
  const handler: Handler<K> = HANDLERS[kind];
  return handler(s, op);
}

function isRunningOp(op: Op): op is OpOf<RunningOpKind> {
  return Object.hasOwn(HANDLERS, op.type);
}

export class Engine implements SystemUnderTest {
  private readonly prng: Prng;
  private running: RunningState | null = null;
  /** What the last invariant check saw (null: none yet, or it threw); the next 'touched' check compares with it. */
  private memory: CheckMemory | null = null;
  private checksSinceSweep = 0;
  /** Invariant checks since the engine started, for the sweep cadence (invariants/incremental.ts sweepDue). */
  private checksTotal = 0;

  constructor(options: EngineOptions) {
    this.prng = new Prng(options.seed);
  }

  /** The running state, for engine tests (bus statistics, replica tables); not part of SystemUnderTest. */
  get state(): RunningState {
    assert(this.running !== null, 'the engine has no state before system.create');
    return this.running;
  }

  apply<O extends Op>(op: O): Outcome<OpValueMap[O['type']]> {
    // The contract's apply is generic in the op; the engine answers per kind (one cast, here).
    return this.serve(op) as Outcome<OpValueMap[O['type']]>;
  }

  /**
   * 'touched': what changed since the last check (invariants/incremental.ts), and the full sweep
   * when `sweepDue` says so (after 64 calls, then at doubling intervals); 'full': the sweep now.
   */
  checkInvariants(scope: InvariantScope = 'full'): void {
    const s = this.running;
    if (s === null) return;
    this.checksSinceSweep++;
    this.checksTotal++;
    if (scope === 'full' || this.memory === null || sweepDue(this.checksSinceSweep, this.checksTotal)) {
      this.memory = null; // a sweep that throws leaves no memory to trust
      this.memory = checkAllInvariants(s);
      this.checksSinceSweep = 0;
    } else {
      const memory = this.memory;
      this.memory = null;
      this.memory = checkTouchedInvariants(s, memory);
    }
  }

  /** The placement hook for aimed faults (introspect.ts); undefined before system.create. */
  placementOf(coh: number, oid: Oid, dkey: string): PlacementInfo | undefined {
    return this.running === null ? undefined : placementOf(this.running, coh, oid, dkey);
  }

  private serve(op: Op): Outcome {
    if (op.type === 'system.create') return this.create(op);
    // An op kind the contract does not know (a malformed trace) is an argument error.
    if (!isRunningOp(op)) return err('INVAL');
    // (choice, as the model) nothing exists before system.create.
    if (this.running === null) return err('NONEXIST');
    return dispatch(this.running, op.type, op);
  }

  /** MAP-1: INVAL for a topology out of range, then ALREADY for a second system (ERR-3). */
  private create(op: OpOf<'system.create'>): Outcome<null> {
    const system = systemInfoOf(op);
    if (system === undefined) return err('INVAL');
    if (this.running !== null) return err('ALREADY');
    this.running = startSystem(system, this.prng);
    return ok(null);
  }
}
