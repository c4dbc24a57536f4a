import {
  COND, encodeOid, err, LIMITS, OBJ_CLASSES, OBJ_TYPE_VALUES, ok, REDUNDANCY_CODES,
  type ErrOutcome, type FetchEntry, type Oid, type OpOf, type Outcome,
} from '../../../contract/index.ts';
import { countUpin } from '../../placement/index.ts';
import {
  isValidKey, isValidOid, resolveIods, validAkeyList, validFetchCond, validPunchKeyCond, validPunchRanges, validRequests, validUpdateCond, writeExaminesKeys,
} from '../args/object-args.ts';
import { assert } from '../assert.ts';
import { ecExists, ecFetch, ecListAkeys, ecListDkeys, ecRollbackApply, ecRollbackPlan } from '../ec/client.ts';
import { akeyId, unitKey } from '../io/keys.ts';
import {
  applyToReplica, existsOnReplica, fetchOnReplica, firstWriteOf, listAkeysOnReplica, listDkeysOnReplica, snapshotViewOnReplica,
} from '../io/object-io.ts';
import { dkeyGroup, groupState, objectInfoOf, readGroup, writeGroup } from '../io/replicas.ts';
import type { Container, ObjectInfo } from '../state/container.ts';
import { CAP, type ContHandle } from '../state/handles.ts';
import { isHalted, type Pool } from '../state/pool.ts';
import type { RunningState } from '../state/running.ts';
import type { BufferedWrite, Tx, WriteUnit } from '../state/tx.ts';
import { applyWrite } from './apply-write.ts';
import { pruneCommitLog, WHOLE_CONTAINER } from './commit-log.ts';
import type { OpResult } from './handler.ts';
import { findContHandle, findTx } from './lookup.ts';

/**
 * Object client: generateOid and open (OBJ-4..7), update/fetch/punch/list (KV, ARR, PUNCH, COND),
 * standalone or inside a transaction (TX-2..4, COND-7: conditions see the transaction's view and
 * count as its reads), and rollback (SNAP-7). Checks run in section 22's
 * order: step 1 here, steps 2..6 in `resolve`, step 7 per operation, step 8 in the read path:
 * io/replicas.ts for S and RP classes, ec/client.ts for EC classes.
 */
interface ObjCtx {
  readonly handle: ContHandle;
  readonly pool: Pool;
  readonly cont: Container;
  readonly tx: Tx | null;
  readonly info: ObjectInfo;
}

function domainCount(s: RunningState, cont: Container): number {
  const sys = s.system;
  return cont.props.get('rd_lvl') === 1 ? sys.nodes * sys.enginesPerNode : sys.nodes;
}

/** OBJ-6: the class tolerates the container's rd_fac, and its groups fit the rd_lvl domains. */
function classFits(s: RunningState, cont: Container, info: ObjectInfo): boolean {
  if (info.toleratedFailures < (cont.props.get('rd_fac') as number)) return false;
  return info.groupSize <= domainCount(s, cont);
}

/** Steps 2, 2b, 3, 4, 5 and 6 for an object operation. */
function resolve(s: RunningState, coh: number, th: number | undefined, oid: Oid, access: 'read' | 'write', examines = false): Outcome<ObjCtx> {
  const found = findContHandle(s, coh);
  if (!found.ok) return found;
  let tx: Tx | null = null;
  if (th !== undefined) {
    const t = findTx(s, th);
    if (!t.ok) return t;
    tx = t.value;
    if (tx.coh !== coh) return err('INVAL');
    if (tx.state !== 'OPEN') return err('NO_PERM');
    if (access === 'write' && (tx.readOnly || tx.snapshot !== null)) return err('NO_PERM');
  }
  const { handle, pool, cont } = found.value;
  const buffered = access === 'write' && tx !== null;
  // A buffered write whose conditions examine keys reads them now (COND-7): halted, that is TIMEDOUT.
  if ((!buffered || examines) && isHalted(pool)) return err('TIMEDOUT');
  if (!(handle.caps & (access === 'read' ? CAP.READ_DATA : CAP.WRITE_DATA))) return err('NO_PERM');
  if (!buffered && cont.status === 'UNCLEAN') return err('RF');
  const info = objectInfoOf(oid);
  if (!classFits(s, cont, info)) return err('INVAL');
  return ok({ handle, pool, cont, tx, info });
}

function readEpoch(cont: Container, tx: Tx | null): number {
  if (!tx) return cont.latestEpoch;
  return tx.snapshot ?? tx.startEpoch ?? cont.latestEpoch;
}

/** SNAP-6: a snapshot transaction whose token is no longer live reads nothing. */
function snapshotGone(ctx: ObjCtx): boolean {
  return ctx.tx !== null && ctx.tx.snapshot !== null && !ctx.cont.snapshots.includes(ctx.tx.snapshot);
}

/**
 * TX-4: the first ok operation that reads (a fetch, a listing, or a write whose condition passed,
 * COND-7) fixes a non-snapshot transaction's start point at the latest commit; what it read joins
 * the transaction's read record for TX-7.
 */
function noteRead(cont: Container, tx: Tx | null, units: readonly WriteUnit[]): void {
  if (!tx || units.length === 0) return;
  if (tx.snapshot === null && tx.startEpoch === null) tx.startEpoch = cont.latestEpoch;
  tx.reads.push(...units);
}

/**
 * The epoch a write's conditions examine (COND-6): the latest commit for a standalone write; in a
 * transaction its view (COND-7): its start point, or the latest commit while it has none (TX-4).
 * Never the transaction's own buffered writes (TX-3).
 */
function conditionEpoch(ctx: ObjCtx): number {
  return ctx.tx?.startEpoch ?? ctx.cont.latestEpoch;
}

// ---------------------------------------------------------------- kinds and existence

function kindFor(ctx: ObjCtx, dkey: string, akey: string): 'single' | 'array' | undefined {
  const committed = ctx.cont.akeys.get(akeyId(ctx.info.key, dkey, akey))?.kind;
  if (committed || !ctx.tx) return committed;
  for (const w of ctx.tx.buffer) {
    if (w.oid.hi !== ctx.info.oid.hi || w.oid.lo !== ctx.info.oid.lo) continue;
    if (w.kind === 'update' && w.dkey === dkey) for (const iod of w.iods) if (iod.akey === akey) return 'single' in iod ? 'single' : 'array';
    if (w.kind === 'punchExtents' && w.dkey === dkey && w.akey === akey) return 'array';
  }
  return undefined;
}

function exists(s: RunningState, ctx: ObjCtx, dkey: string, akey: string | null, epoch: number): boolean {
  if (ctx.info.family === 'EC') {
    // FAULT-8.3, as below.
    const there = ecExists(s, ctx.pool, ctx.cont, ctx.info, dkey, akey, epoch);
    return there.ok && there.value;
  }
  const g = dkeyGroup(ctx.info, dkey);
  const r = readGroup(s, ctx.pool, ctx.cont, ctx.info, g, (store, unit) => existsOnReplica(store, unit, dkey, akey, epoch, 0, undefined));
  // FAULT-8.3: write conditions never depend on lost state, so "no replica" can only mean absent.
  return r.ok ? r.value : false;
}

/** Existence for a fetch condition: a read, so lost history answers DATA_LOSS (DUR-3). */
function existsForRead(s: RunningState, ctx: ObjCtx, dkey: string, akey: string | null, epoch: number): Outcome<boolean> {
  if (ctx.info.family === 'EC') return ecExists(s, ctx.pool, ctx.cont, ctx.info, dkey, akey, epoch);
  const g = dkeyGroup(ctx.info, dkey);
  const older = firstWriteOf(ctx.cont, ctx.info.key, dkey, akey);
  return readGroup(s, ctx.pool, ctx.cont, ctx.info, g, (store, unit, validFrom) => existsOnReplica(store, unit, dkey, akey, epoch, validFrom, older));
}

/** COND-3 on one level: INSERT needs absence (EXIST), UPDATE presence (NONEXIST). */
function condError(flags: number, insert: number, update: number, present: () => boolean): ErrOutcome | null {
  if (!(flags & (insert | update))) return null;
  const there = present();
  if (flags & insert && there) return err('EXIST');
  if (flags & update && !there) return err('NONEXIST');
  return null;
}

/**
 * A write that passed steps 1..7: buffered in its transaction, or applied now as its own commit.
 * `examined` are the units its conditions read (COND-7): in a transaction they are reads and fix
 * the start point (TX-4); an unconditional buffered write fixes nothing, so a transaction of such
 * writes takes its start point at commit.
 */
function submit(s: RunningState, ctx: ObjCtx, w: BufferedWrite, units: readonly WriteUnit[], examined: readonly WriteUnit[]): Outcome<null> {
  if (ctx.tx) {
    noteRead(ctx.cont, ctx.tx, examined);
    ctx.tx.buffer.push(w);
    ctx.tx.writes.push(...units);
    return ok(null);
  }
  const epoch = s.clock.nextEpoch(ctx.cont);
  applyWrite(s, ctx.pool, ctx.cont, w, epoch);
  ctx.cont.commitLog.push({ epoch, units });
  pruneCommitLog(s, ctx.cont);
  return ok(null);
}

// ---------------------------------------------------------------- operations

export function objGenerateOid(s: RunningState, op: OpOf<'obj.generateOid'>): OpResult<'obj.generateOid'> {
  if (!OBJ_TYPE_VALUES.includes(op.objType)) return err('INVAL');
  const cls = typeof op.class === 'string' ? OBJ_CLASSES.get(op.class) : undefined;
  if (!cls) return err('INVAL');
  const hi = op.hi ?? 0;
  if (!Number.isInteger(hi) || hi < 0 || hi > LIMITS.uint32Max) return err('INVAL');
  let lo: bigint;
  if (typeof op.lo === 'number' && Number.isInteger(op.lo) && op.lo >= 0) lo = BigInt(op.lo);
  else if (typeof op.lo === 'string' && /^[0-9]{1,20}$/.test(op.lo)) lo = BigInt(op.lo);
  else return err('INVAL');
  if (lo > (1n << 64n) - 1n) return err('INVAL');
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { pool, cont } = found.value;
  const rc = REDUNDANCY_CODES.get(cls.code);
  assert(rc !== undefined, 'an object class has no redundancy code');
  if (rc.groupSize > domainCount(s, cont)) return err('INVAL');
  const upin = countUpin(pool.map);
  let groups = cls.groups;
  if (groups === LIMITS.groupCountX) groups = Math.max(1, Math.floor(upin / rc.groupSize));
  else if (groups * rc.groupSize > upin) return err('INVAL');
  return ok(encodeOid({ type: op.objType, code: cls.code, groups, hiUser: hi, lo }));
}

export function objOpen(s: RunningState, op: OpOf<'obj.open'>): OpResult<'obj.open'> {
  if (!isValidOid(op.oid)) return err('INVAL');
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  if (!classFits(s, found.value.cont, objectInfoOf(op.oid))) return err('INVAL');
  return ok(null);
}

/** What a conditional write's checks established: the context, the view's epoch and the units examined. */
interface PreparedWrite {
  readonly ctx: ObjCtx;
  readonly epoch: number;
  readonly examined: WriteUnit[];
}

/**
 * Steps 2..6 and the dkey condition shared by update and extent punch (COND-3, PUNCH-3): resolve
 * the handles for a write, then check DKEY_INSERT / DKEY_UPDATE against the condition view
 * (COND-6, COND-7), which then counts as a read of (oid, dkey, *).
 */
function prepareConditionalWrite(
  s: RunningState,
  op: { readonly coh: number; readonly tx?: number; readonly oid: Oid; readonly dkey: string },
  cond: number,
  examines: boolean,
): Outcome<PreparedWrite> {
  const r = resolve(s, op.coh, op.tx, op.oid, 'write', examines);
  if (!r.ok) return r;
  const ctx = r.value;
  const epoch = conditionEpoch(ctx);
  const dkeyErr = condError(cond, COND.DKEY_INSERT, COND.DKEY_UPDATE, () => exists(s, ctx, op.dkey, null, epoch));
  if (dkeyErr) return dkeyErr;
  const examined: WriteUnit[] = cond & (COND.DKEY_INSERT | COND.DKEY_UPDATE) ? [{ oid: ctx.info.key, dkey: op.dkey, akey: null }] : [];
  return ok({ ctx, epoch, examined });
}

/** COND-4: the akey flags of one request: its own with PER_AKEY, else the call's. */
function akeyFlagsOf(cond: number, own: number | undefined): number {
  return (cond & COND.PER_AKEY ? (own ?? 0) : cond) & (COND.AKEY_INSERT | COND.AKEY_UPDATE);
}

export function objUpdate(s: RunningState, op: OpOf<'obj.update'>): OpResult<'obj.update'> {
  if (!isValidOid(op.oid) || !isValidKey(op.dkey)) return err('INVAL');
  const iods = resolveIods(op.iods);
  if (!iods) return err('INVAL');
  const cond = op.cond ?? 0;
  if (!validUpdateCond(cond, op.iods.map((i) => i.cond))) return err('INVAL');
  const w = prepareConditionalWrite(s, op, cond, writeExaminesKeys(cond, op.iods.map((i) => i.cond)));
  if (!w.ok) return w;
  const { ctx, epoch, examined } = w.value;
  // COND-6: per akey in request order, its condition, then its kind (KV-3).
  for (let i = 0; i < iods.length; i++) {
    const akey = iods[i].akey;
    const akeyFlags = akeyFlagsOf(cond, op.iods[i].cond);
    const akeyErr = condError(akeyFlags, COND.AKEY_INSERT, COND.AKEY_UPDATE, () => exists(s, ctx, op.dkey, akey, epoch));
    if (akeyErr) return akeyErr;
    if (akeyFlags) examined.push({ oid: ctx.info.key, dkey: op.dkey, akey });
    const have = kindFor(ctx, op.dkey, akey);
    if (have && have !== ('single' in iods[i] ? 'single' : 'array')) return err('NO_PERM');
  }
  const units = iods.map((iod) => ({ oid: ctx.info.key, dkey: op.dkey, akey: iod.akey }));
  return submit(s, ctx, { kind: 'update', oid: op.oid, dkey: op.dkey, iods }, units, examined);
}

export function objFetch(s: RunningState, op: OpOf<'obj.fetch'>): OpResult<'obj.fetch'> {
  if (!isValidOid(op.oid) || !isValidKey(op.dkey) || !validRequests(op.requests)) return err('INVAL');
  const cond = op.cond ?? 0;
  if (!validFetchCond(cond, op.requests.map((q) => q.cond))) return err('INVAL');
  const r = resolve(s, op.coh, op.tx, op.oid, 'read');
  if (!r.ok) return r;
  const ctx = r.value;
  if (snapshotGone(ctx)) return err('NONEXIST');
  const epoch = readEpoch(ctx.cont, ctx.tx);
  // COND-6: every failing check answers NONEXIST, so one key known absent decides the result even
  // when an earlier check could not be answered (lost history, DUR-3); only then is the read lost.
  let unknown: ErrOutcome | null = null;
  const checks: (string | null)[] = cond & COND.DKEY_FETCH ? [null] : [];
  for (const q of op.requests) if ((cond & COND.PER_AKEY ? (q.cond ?? 0) : cond) & COND.AKEY_FETCH) checks.push(q.akey);
  for (const akey of checks) {
    const there = existsForRead(s, ctx, op.dkey, akey, epoch);
    if (!there.ok) unknown ??= there;
    else if (!there.value) return err('NONEXIST');
  }
  if (unknown) return unknown;
  let value: FetchEntry[];
  if (ctx.info.family === 'EC') {
    const read = ecFetch(s, ctx.pool, ctx.cont, ctx.info, op.dkey, op.requests, epoch);
    if (!read.ok) return read;
    value = read.value;
  } else {
    const g = dkeyGroup(ctx.info, op.dkey);
    const read = readGroup<FetchEntry[]>(s, ctx.pool, ctx.cont, ctx.info, g, (store, unit, validFrom) =>
      fetchOnReplica(store, unit, ctx.cont, ctx.info.key, op.dkey, op.requests, epoch, validFrom));
    if (!read.ok) return read;
    value = read.value;
  }
  const units: WriteUnit[] = op.requests.map((q) => ({ oid: ctx.info.key, dkey: op.dkey, akey: q.akey }));
  if (cond & COND.DKEY_FETCH) units.push({ oid: ctx.info.key, dkey: op.dkey, akey: null });
  noteRead(ctx.cont, ctx.tx, units);
  return ok(value);
}

export function objPunch(s: RunningState, op: OpOf<'obj.punch'>): OpResult<'obj.punch'> {
  if (!isValidOid(op.oid)) return err('INVAL');
  const r = resolve(s, op.coh, op.tx, op.oid, 'write');
  if (!r.ok) return r;
  // PUNCH-1: flags are ignored, so an object punch examines nothing.
  return submit(s, r.value, { kind: 'punch', oid: op.oid }, [{ oid: r.value.info.key, dkey: null, akey: null }], []);
}

export function objPunchDkey(s: RunningState, op: OpOf<'obj.punchDkey'>): OpResult<'obj.punchDkey'> {
  if (!isValidOid(op.oid) || !isValidKey(op.dkey)) return err('INVAL');
  const cond = op.cond ?? 0;
  if (!validPunchKeyCond(cond)) return err('INVAL');
  const r = resolve(s, op.coh, op.tx, op.oid, 'write', (cond & COND.COND_PUNCH) !== 0);
  if (!r.ok) return r;
  const ctx = r.value;
  const units = [{ oid: ctx.info.key, dkey: op.dkey, akey: null }];
  // COND-5, COND-7: with COND_PUNCH the dkey must exist in the condition view, a read of (oid, dkey, *).
  const conditional = (cond & COND.COND_PUNCH) !== 0;
  if (conditional && !exists(s, ctx, op.dkey, null, conditionEpoch(ctx))) return err('NONEXIST');
  return submit(s, ctx, { kind: 'punchDkey', oid: op.oid, dkey: op.dkey }, units, conditional ? units : []);
}

export function objPunchAkeys(s: RunningState, op: OpOf<'obj.punchAkeys'>): OpResult<'obj.punchAkeys'> {
  if (!isValidOid(op.oid) || !isValidKey(op.dkey) || !validAkeyList(op.akeys)) return err('INVAL');
  const cond = op.cond ?? 0;
  if (!validPunchKeyCond(cond)) return err('INVAL');
  const r = resolve(s, op.coh, op.tx, op.oid, 'write', (cond & COND.COND_PUNCH) !== 0);
  if (!r.ok) return r;
  const ctx = r.value;
  // COND-5, COND-6, COND-7: with COND_PUNCH every listed akey must exist in the view, in list order;
  // each is then a read of (oid, dkey, akey).
  const conditional = (cond & COND.COND_PUNCH) !== 0;
  if (conditional) {
    const epoch = conditionEpoch(ctx);
    for (const a of op.akeys) if (!exists(s, ctx, op.dkey, a, epoch)) return err('NONEXIST');
  }
  const units = op.akeys.map((a) => ({ oid: ctx.info.key, dkey: op.dkey, akey: a }));
  return submit(s, ctx, { kind: 'punchAkeys', oid: op.oid, dkey: op.dkey, akeys: [...op.akeys] }, units, conditional ? units : []);
}

export function objPunchExtents(s: RunningState, op: OpOf<'obj.punchExtents'>): OpResult<'obj.punchExtents'> {
  if (!isValidOid(op.oid) || !isValidKey(op.dkey) || !isValidKey(op.akey) || !validPunchRanges(op.ranges)) return err('INVAL');
  const cond = op.cond ?? 0;
  if (!validUpdateCond(cond, [])) return err('INVAL');
  const w = prepareConditionalWrite(s, op, cond, writeExaminesKeys(cond, [undefined]));
  if (!w.ok) return w;
  const { ctx, epoch, examined } = w.value;
  const unit = { oid: ctx.info.key, dkey: op.dkey, akey: op.akey };
  const akeyFlags = akeyFlagsOf(cond, undefined);
  const akeyErr = condError(akeyFlags, COND.AKEY_INSERT, COND.AKEY_UPDATE, () => exists(s, ctx, op.dkey, op.akey, epoch));
  if (akeyErr) return akeyErr;
  if (akeyFlags) examined.push(unit);
  if (kindFor(ctx, op.dkey, op.akey) === 'single') return err('NO_PERM');
  const ranges = op.ranges.map((x) => ({ offset: x.offset, length: x.length }));
  return submit(s, ctx, { kind: 'punchExtents', oid: op.oid, dkey: op.dkey, akey: op.akey, ranges }, [unit], examined);
}

export function objListDkeys(s: RunningState, op: OpOf<'obj.listDkeys'>): OpResult<'obj.listDkeys'> {
  if (!isValidOid(op.oid) || (op.cond ?? 0) !== 0) return err('INVAL');
  const r = resolve(s, op.coh, op.tx, op.oid, 'read');
  if (!r.ok) return r;
  const ctx = r.value;
  if (snapshotGone(ctx)) return err('NONEXIST');
  const epoch = readEpoch(ctx.cont, ctx.tx);
  if (ctx.info.family === 'EC') {
    const read = ecListDkeys(s, ctx.pool, ctx.cont, ctx.info, epoch);
    if (!read.ok) return read;
    noteRead(ctx.cont, ctx.tx, [{ oid: ctx.info.key, dkey: null, akey: null }]);
    return read;
  }
  const keys = new Set<string>();
  for (let g = 0; g < ctx.info.groupCount; g++) {
    const first = ctx.cont.groups.get(unitKey(ctx.info.key, g))?.firstWriteEpoch ?? 0;
    const read = readGroup(s, ctx.pool, ctx.cont, ctx.info, g, (store, unit, validFrom) => listDkeysOnReplica(store, unit, epoch, validFrom, first));
    if (!read.ok) return read;
    for (const k of read.value) keys.add(k);
  }
  noteRead(ctx.cont, ctx.tx, [{ oid: ctx.info.key, dkey: null, akey: null }]);
  return ok([...keys]);
}

export function objListAkeys(s: RunningState, op: OpOf<'obj.listAkeys'>): OpResult<'obj.listAkeys'> {
  if (!isValidOid(op.oid) || !isValidKey(op.dkey) || (op.cond ?? 0) !== 0) return err('INVAL');
  const r = resolve(s, op.coh, op.tx, op.oid, 'read');
  if (!r.ok) return r;
  const ctx = r.value;
  if (snapshotGone(ctx)) return err('NONEXIST');
  const epoch = readEpoch(ctx.cont, ctx.tx);
  if (ctx.info.family === 'EC') {
    const read = ecListAkeys(s, ctx.pool, ctx.cont, ctx.info, op.dkey, epoch);
    if (!read.ok) return read;
    noteRead(ctx.cont, ctx.tx, [{ oid: ctx.info.key, dkey: op.dkey, akey: null }]);
    return read;
  }
  const g = dkeyGroup(ctx.info, op.dkey);
  const read = readGroup(s, ctx.pool, ctx.cont, ctx.info, g, (store, unit, validFrom) =>
    listAkeysOnReplica(store, unit, ctx.cont, ctx.info.key, op.dkey, epoch, validFrom));
  if (!read.ok) return read;
  noteRead(ctx.cont, ctx.tx, [{ oid: ctx.info.key, dkey: op.dkey, akey: null }]);
  return ok([...read.value]);
}

/** SNAP-7: the current view of every object becomes the snapshot's, as one new write. */
export function contRollback(s: RunningState, op: OpOf<'cont.rollback'>): OpResult<'cont.rollback'> {
  const found = findContHandle(s, op.coh);
  if (!found.ok) return found;
  const { handle, pool, cont } = found.value;
  if (isHalted(pool)) return err('TIMEDOUT');
  if (!(handle.caps & CAP.WRITE_DATA)) return err('NO_PERM');
  if (cont.status === 'UNCLEAN') return err('RF');
  if (!cont.snapshots.includes(op.token)) return err('NONEXIST');
  const token = op.token;
  // Read every group's snapshot view first, then write them all at one new epoch.
  const plans: { info: ObjectInfo; group: number; writes: BufferedWrite[] }[] = [];
  const ecPlans = [...cont.objects.values()].filter((info) => info.family === 'EC').map((info) => ({ info, plans: ecRollbackPlan(s, pool, cont, info, token) }));
  for (const info of cont.objects.values()) {
    if (info.family === 'EC') continue;
    for (let g = 0; g < info.groupCount; g++) {
      const gs = cont.groups.get(unitKey(info.key, g));
      if (!gs || gs.firstWriteEpoch === 0) continue;
      const view = readGroup(s, pool, cont, info, g, (store, unit) => ok(snapshotViewOnReplica(store, unit, cont, info.key, token)));
      // FAULT-8.3: rollback never depends on lost or corrupted state.
      assert(view.ok, `rollback: no replica of ${unitKey(info.key, g)} could be read`);
      plans.push({ info, group: g, writes: view.value });
    }
  }
  const epoch = s.clock.nextEpoch(cont);
  for (const { info, group, writes } of plans) {
    groupState(cont, unitKey(info.key, group));
    writeGroup(s, pool, cont, info, group, epoch, (store, unit) => {
      store.punchObject(unit, epoch);
      for (const w of writes) applyToReplica(store, unit, w, epoch, cont.cksum);
    });
  }
  for (const { info, plans: groups } of ecPlans) ecRollbackApply(s, pool, cont, info, groups, epoch);
  cont.commitLog.push({ epoch, units: [WHOLE_CONTAINER] });
  pruneCommitLog(s, cont);
  return ok(null);
}
