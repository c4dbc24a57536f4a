import { err, type Op, type OpValueMap, type Outcome, type SystemUnderTest } from '../../contract/index.ts';
import { Bus } from './bus.ts';
import * as cs from './container-service.ts';
import * as faults from './faults.ts';
import { checkEngineInvariants } from './invariants.ts';
import * as obj from './object-client.ts';
import * as ps from './pool-service.ts';
import { Prng } from './prng.ts';
import type { EngineState } from './state.ts';
import * as tx from './tx.ts';

/**
 * The system under test: pool and container services, the object client and rebuild, running on a
 * deterministic simulated cluster (cluster.ts) whose targets each keep VOS stores (impl/vos) and are
 * reached over a seeded lossy message bus (bus.ts). Placement is impl/placement's jump map.
 *
 * Determinism: all randomness comes from `seed` (ids, which half of a lost exchange was lost, which
 * bytes a corruption flips); time is a cluster-wide logical clock (epochs, an HLC stand-in). Same seed and ops, same results.
 * Handles are numbered from 1001 (the model numbers its own; they are compared by identity).
 */
export interface EngineOptions {
  readonly seed: number;
}

export const FIRST_HANDLE = 1001;

type Handler = (s: EngineState, op: never) => Outcome<unknown>;

function notYetServed(): Outcome<unknown> {
  return err('NOSYS');
}

const HANDLERS: Record<Op['type'], Handler> = {
  'system.create': ps.systemCreate,
  'pool.create': ps.poolCreate,
  'pool.destroy': ps.poolDestroy,
  'pool.query': ps.poolQuery,
  'pool.exclude': ps.poolExclude,
  'pool.drain': ps.poolDrain,
  'pool.reintegrate': ps.poolReintegrate,
  'pool.rebuild': ps.poolRebuild,
  // Spec revision 2 (POOL-8..10): the engine's services for these land with issue 11; until then
  // they answer NOSYS, which the model never allows, so any trace that reaches them diverges loudly.
  'pool.getAcl': notYetServed,
  'pool.overwriteAcl': notYetServed,
  'pool.updateAcl': notYetServed,
  'pool.deleteAcl': notYetServed,
  'pool.getProps': notYetServed,
  'pool.setProps': notYetServed,
  'pool.setAttrs': notYetServed,
  'pool.getAttrs': notYetServed,
  'pool.delAttrs': notYetServed,
  'pool.listAttrs': notYetServed,
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

export class Engine implements SystemUnderTest {
  /** Exposed for engine tests (bus statistics, replica tables); not part of SystemUnderTest. */
  readonly state: EngineState;

  constructor(options: EngineOptions) {
    const prng = new Prng(options.seed);
    const state: EngineState = {
      prng,
      bus: new Bus(prng, (target) => state.cluster !== null && state.cluster.isAlive(target)),
      system: null,
      cluster: null,
      pools: new Map(),
      poolHandles: new Map(),
      contHandles: new Map(),
      txs: new Map(),
      nextHandle: FIRST_HANDLE,
      hlc: 0,
    };
    this.state = state;
  }

  apply<O extends Op>(op: O): Outcome<OpValueMap[O['type']]> {
    const handler = HANDLERS[op.type as Op['type']];
    if (!handler) return err('INVAL') as Outcome<OpValueMap[O['type']]>;
    // (choice, as the model) nothing exists before system.create.
    if (this.state.system === null && op.type !== 'system.create') return err('NONEXIST') as Outcome<OpValueMap[O['type']]>;
    return handler(this.state, op as never) as Outcome<OpValueMap[O['type']]>;
  }

  checkInvariants(): void {
    checkEngineInvariants(this.state);
  }
}
