import type { Outcome } from '../../contract/index.ts';
import { own } from '../cow.ts';
import { fail, type Draftable, type StepContext } from '../framework.ts';
import { akeyPath, type ContView } from '../data.ts';
import { classFitsContainer, type ValidOid } from '../objects.ts';
import { contHandle, contOfHandle, isHalted, ownContainer, ownTx, txHandle } from '../resolve.ts';
import { appendWrite, CONT_CAP, type ConflictUnit, type ContainerState, type PoolState, type SystemState, type TxState, type WriteEffect } from '../state.ts';
import { txStep } from '../tx.ts';

/**
 * Steps 2 to 6 of section 22 shared by every object I/O op, the read point (TX-4, SNAP-6) and how a
 * write is committed (standalone) or buffered (TX-3).
 */

export type Access = 'read' | 'write';

export interface ObjTarget {
  readonly system: SystemState;
  readonly pool: PoolState;
  readonly cont: ContainerState;
  /** The transaction, owned by the step: a successful op in it records a read or buffers a write. */
  readonly tx: TxState | undefined;
}

export function isOutcome(x: unknown): x is Outcome {
  return typeof x === 'object' && x !== null && 'ok' in x;
}

/**
 * Steps 2..6 for object I/O (`oid` already valid, step 1).
 * 2: the container handle, the transaction handle, then TX-2's match. 2b: TX-5.
 * 3: halt (HALT-4). 4: READ_DATA / WRITE_DATA (section 23). 5: health (RF-4). 6: OBJ-6.
 * TX-3: a write buffered in a transaction skips 3 and 5 (checked at commit), except that one whose
 * conditions examine keys takes 3 (COND-7: those keys are read when the write is issued).
 */
export function objPrelude(
  draft: Draftable,
  ctx: StepContext,
  args: { readonly coh: number; readonly tx?: number; readonly oid: ValidOid; readonly access: Access; readonly examines?: boolean },
): ObjTarget | Outcome {
  const handle = contHandle(draft, args.coh);
  if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
  let tx: TxState | undefined;
  if (args.tx !== undefined) {
    tx = txHandle(draft, args.tx);
    if (!tx) return fail(ctx, 'NO_HDL', 'ERR-7');
    if (tx.coh !== args.coh) return fail(ctx, 'INVAL', 'TX-2');
    const { verdict } = txStep(tx.state, txIsReadOnly(tx), args.access);
    if (verdict !== 'allowed') return fail(ctx, verdict === 'ALREADY' ? 'ALREADY' : 'NO_PERM', 'TX-5');
  }
  const { pool, cont } = contOfHandle(draft, handle);
  const buffered = tx !== undefined && args.access === 'write';
  // A buffered write whose conditions examine keys reads them now (COND-7): halted, that is TIMEDOUT.
  if ((!buffered || args.examines === true) && isHalted(pool)) return fail(ctx, 'TIMEDOUT', 'HALT-4');
  const cap = args.access === 'read' ? CONT_CAP.READ_DATA : CONT_CAP.WRITE_DATA;
  if ((handle.caps & cap) === 0) return fail(ctx, 'NO_PERM', 'ACL-13');
  if (!buffered && cont.status === 'UNCLEAN') return fail(ctx, 'RF', 'RF-4');
  const system = draft.system;
  if (!system) throw new Error('model invariant: object op without a system');
  if (!classFitsContainer(system, cont, args.oid.code)) return fail(ctx, 'INVAL', 'OBJ-6');
  if (buffered) ctx.cite('TX-3');
  return { system, pool, cont, tx: args.tx === undefined ? undefined : ownTx(draft, args.tx) };
}

/** TX-5: snapshot transactions are read-only (TX-1). */
export function txIsReadOnly(tx: TxState): boolean {
  return tx.readOnly || tx.snapshotToken !== null;
}

/**
 * The epoch a read sees: a snapshot transaction's token (step 7: NONEXIST once it is not live,
 * SNAP-6), a transaction's start point (TX-4, or now if this op fixes it), or the latest commit.
 */
export function readEpoch(target: ObjTarget, ctx: StepContext): number | Outcome {
  const { cont, tx } = target;
  if (tx && tx.snapshotToken !== null) {
    if (!cont.snapshots.includes(tx.snapshotToken)) return fail(ctx, 'NONEXIST', 'SNAP-6');
    ctx.cite('SNAP-6');
    return tx.snapshotToken;
  }
  if (tx) {
    ctx.cite('TX-4');
    return tx.startEpoch ?? cont.epoch;
  }
  return cont.epoch;
}

/** KV-3: the kind of an akey: the committed one, else the first of the transaction's buffered writes. */
export function kindOf(cont: ContainerState, tx: TxState | undefined, oid: string, dkey: string, akey: string): 'single' | 'array' | undefined {
  const committed = cont.kinds[akeyPath(oid, dkey, akey)];
  if (committed !== undefined || !tx) return committed;
  for (const e of tx.buffer) {
    if (e.op === 'rollback' || e.op === 'punchObj' || e.op === 'punchDkey' || e.op === 'punchAkey') continue;
    if (e.oid === oid && e.dkey === dkey && e.akey === akey) return e.op === 'single' ? 'single' : 'array';
  }
  return undefined;
}

/**
 * TX-4: the first successful operation that reads (a fetch, a listing, or a write whose condition
 * passed, COND-7) fixes the start point of a non-snapshot transaction at the latest commit; the
 * units it read join the transaction's read record (TX-7).
 */
export function recordTxRead(tx: TxState, cont: ContainerState, units: readonly ConflictUnit[], ctx: StepContext): void {
  if (tx.snapshotToken === null && tx.startEpoch === null) tx.startEpoch = cont.epoch;
  own(tx, 'readUnits').push(...units);
  ctx.cite('TX-4', 'TX-7');
}

/**
 * The state a write's conditions examine (COND-6): the latest commit for a standalone write; inside
 * a transaction its view (COND-7): the start point, or the latest commit while it has none (TX-4).
 * Never the transaction's own buffered writes (TX-3).
 */
export function conditionView(target: ObjTarget, ctx: StepContext): ContView {
  const { cont, tx } = target;
  return ctx.log.viewAt(cont, tx?.startEpoch ?? cont.epoch);
}

/**
 * A successful write: standalone, one new epoch and one committed write (KV-4, TX-9); inside a
 * transaction, buffered in issue order (TX-3) with its units (TX-7). An unconditional buffered write
 * fixes no start point (TX-4, rev. 2); `conditionReads`, the units its conditions examined, are
 * reads of the transaction and fix it (COND-7).
 */
export function applyWrite(draft: Draftable, target: ObjTarget, effects: WriteEffect[], units: ConflictUnit[], conditionReads: readonly ConflictUnit[], ctx: StepContext): Outcome {
  const { cont, tx } = target;
  if (tx) {
    if (conditionReads.length > 0) {
      recordTxRead(tx, cont, conditionReads, ctx);
      ctx.cite('COND-7');
    }
    own(tx, 'buffer').push(...effects);
    own(tx, 'writeUnits').push(...units);
    ctx.cite('TX-3');
  } else {
    commitWrite(draft, cont, effects, units);
    ctx.cite('KV-4', 'TX-9');
  }
  return { ok: true, value: null };
}

/**
 * One committed write at the next epoch (DUR-2) in container `of`; fixes the kinds of newly written
 * akeys (KV-3). Returns the write's epoch.
 */
export function commitWrite(draft: Draftable, of: ContainerState, effects: WriteEffect[], units: ConflictUnit[]): number {
  const cont = ownContainer(draft, of);
  cont.epoch += 1;
  for (const e of effects) {
    if (e.op !== 'single' && e.op !== 'extent' && e.op !== 'punchExtent') continue;
    const path = akeyPath(e.oid, e.dkey, e.akey);
    const kind = e.op === 'single' ? 'single' : 'array';
    const had = cont.kinds[path];
    if (had === undefined) own(cont, 'kinds')[path] = kind;
    else if (had !== kind) throw new Error(`model invariant: write of kind ${kind} to ${had} akey ${path}`);
  }
  cont.writes = appendWrite(cont.writes, { epoch: cont.epoch, effects, units });
  return cont.epoch;
}
