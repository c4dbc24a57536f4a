import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_KINDS, fallbackOps, type Op, type OpKind } from '../contract/index.ts';
import { FOLDED_LOG, type AkeyView, type ContView, type LogReader } from '../model/data.ts';
import { INITIAL_STATE, type ContainerState, type ModelState } from '../model/state.ts';
import { referenceStep } from '../model/step-reference.ts';
import { step, type StepResult } from '../model/step.ts';
import { REMEMBERED_LOG } from '../model/views.ts';
import { isAdmissible } from './admissible.ts';
import { caseArb } from './arbitraries.ts';
import { ATTR_NAMES, POOL_LABELS, oidFor } from './names.ts';
import { canonical, sameCanonical } from './normalize.ts';
import { swarmArb, type SwarmConfig } from './swarm.ts';
import { RefTable } from './symbolic.ts';

/**
 * The law of the model's fast step (model/step.ts: copy-on-write, remembered views) against its
 * slow twin (model/step-reference.ts: immer, the log folded on every read), sorted-btree style.
 * Generated traces (the project's swarm generator, plus the pool operations of revision 2 and
 * obj.open, which it does not generate) are replayed through both, resolving symbolic references as the lockstep
 * runner does and skipping what FAULT-8 skips. At every op both must cite the same rules (MAP-1,
 * SNAP-7, DUR-3 among them), allow the same outcomes in the same order (canonical form) and pair
 * each with the same state; and for every container, the remembered view must equal the folded
 * one at the latest epoch and at every live snapshot (SNAP-6), with the same listing deciders.
 * Both then follow the same outcome: the first or the last allowed one (an error of an outcome set).
 *
 * Size: RUNS traces of up to MAX_OPS generated ops after a setup prefix (about 60,000 ops).
 * Does NOT check that either step is right about the spec: the example tests and the lockstep
 * property do that; this law only says the fast step is the slow one.
 */
const RUNS = 2000;
const MAX_OPS = 40;
const SEED = 20261202;

const poolRef = fc.constantFrom('#p0', '#p0', '#p1', ...POOL_LABELS);
const pohRef = fc.constantFrom(0, 0, -1, 1);
const aceText = fc.constantFrom('A::OWNER@:rw', 'A:G:GROUP@:rw', 'A::EVERYONE@:r', 'A::bob@:rw', 'A:G:ops@:rw', 'A::carol@:', 'Q::bob@:r');
const attrName = fc.constantFrom(...ATTR_NAMES, '');
const payload = fc.constantFrom({ text: 'v' }, { hex: '0a0b' }, { seed: 3, length: 5 }, { text: '' });

/**
 * Revision 2's pool operations (POOL-8..10) and obj.open (OBJ-7), which the trace generator does
 * not draw; and corruption of the setup containers (FAULT-5) and clearing their status (RF-5), so
 * that CSUM-4's and DUR-3's outcome sets come up often enough to be compared.
 */
const extraOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ cont: fc.constantFrom('#c0', '#c1', '#c2'), rank: fc.nat(3), target: fc.nat(1) }).map((o) => ({ type: 'fault.corrupt', ...o }) as Op),
  fc.record({ coh: fc.constantFrom(-1, -2, 0, 1) }).map((o) => ({ type: 'cont.setProps', ...o, entries: [['status', 'HEALTHY']] }) as Op),
  fc.record({ coh: fc.constantFrom(-1, 0, 9), lo: fc.nat(3), cls: fc.constantFrom('S1', 'RP_2G1', 'EC_2P1G1', 'RP_6G1') }).map(({ coh, lo, cls }) => ({ type: 'obj.open', coh, oid: oidFor(cls, 0, lo, 1) }) as Op),
  fc.record({ pool: poolRef }).map((o) => ({ type: 'pool.getAcl', ...o }) as Op),
  fc.record({ pool: poolRef, aces: fc.array(aceText, { maxLength: 3 }) }).map((o) => ({ type: 'pool.overwriteAcl', ...o }) as Op),
  fc.record({ pool: poolRef, aces: fc.array(aceText, { minLength: 1, maxLength: 2 }) }).map((o) => ({ type: 'pool.updateAcl', ...o }) as Op),
  fc.record({ pool: poolRef, principal: fc.constantFrom('u:bob@', 'g:ops@', 'EVERYONE@', 'OWNER@', 'bob@') }).map((o) => ({ type: 'pool.deleteAcl', ...o }) as Op),
  fc.record({ pool: poolRef, names: fc.option(fc.subarray(['label', 'rd_fac', 'owner', 'group', 'acl', 'ec_cell_sz']), { nil: undefined }) }).map(({ names, ...o }) => ({ type: 'pool.getProps', ...o, ...(names ? { names } : {}) }) as Op),
  fc.record({ pool: poolRef, entries: fc.constantFrom([['label', 'tank']], [['label', 'p9']], [['rd_fac', 1]], [['owner', 'bob@']], [['label', 'bad label']]) }).map((o) => ({ type: 'pool.setProps', ...o }) as Op),
  fc.record({ poh: pohRef, entries: fc.array(fc.tuple(attrName, payload), { minLength: 1, maxLength: 2 }) }).map((o) => ({ type: 'pool.setAttrs', ...o }) as Op),
  fc.record({ poh: pohRef, names: fc.array(attrName, { minLength: 1, maxLength: 2 }) }).map((o) => ({ type: 'pool.getAttrs', ...o }) as Op),
  fc.record({ poh: pohRef, names: fc.array(attrName, { minLength: 1, maxLength: 2 }) }).map((o) => ({ type: 'pool.delAttrs', ...o }) as Op),
  fc.record({ poh: pohRef }).map((o) => ({ type: 'pool.listAttrs', ...o }) as Op),
);

/**
 * Every third trace leans on faults and reads, so that outcome sets (DUR-3 after an RF break,
 * CSUM-4 after corruption) and halts occur often enough to be compared.
 */
const lawSwarmArb: fc.Arbitrary<SwarmConfig> = fc.oneof(
  { weight: 2, arbitrary: swarmArb() },
  {
    weight: 1,
    arbitrary: swarmArb().map((s) => ({
      weights: { ...s.weights, faultCorrupt: 6, faultEngine: 4, faultNode: 3, faultTarget: 3, mapAdmin: 4, objRead: 24, snapshot: 6, faultRestart: 0, tx: 3 },
    })),
  },
);

/** A generated case with the extra operations spliced into its body, and which outcome to follow. */
const traceArb = fc
  .tuple(caseArb(lawSwarmArb, { maxOps: MAX_OPS }), fc.array(fc.tuple(fc.nat(), extraOp), { maxLength: 8 }), fc.constantFrom<'first' | 'last'>('first', 'first', 'last'))
  .map(([kase, extra, follow]) => {
    const ops = fallbackOps(kase.ops);
    const setup = ops.findIndex((op) => op.type === 'cont.open');
    for (const [at, op] of extra) ops.splice(setup + 1 + (at % (ops.length - setup)), 0, op);
    return { ops, follow };
  });

interface LawStats {
  ops: number;
  kinds: Set<OpKind>;
  outcomeSets: number;
  rollbacks: number;
  viewsCompared: number;
}

function replay(ops: readonly Op[], follow: 'first' | 'last', stats: LawStats): void {
  const refs = new RefTable();
  let slow: ModelState = INITIAL_STATE;
  let fast: ModelState = INITIAL_STATE;
  for (const [index, symbolic] of ops.entries()) {
    const op = refs.resolveRelative(symbolic, (kind, i) => {
      switch (kind) {
        case 'poh': return fast.poolHandles[refs.pohs[i]] !== undefined;
        case 'coh': return fast.contHandles[refs.cohs[i]] !== undefined;
        case 'th': return fast.txs[refs.ths[i]] !== undefined;
        case 'token': return fast.pools.some((p) => p.containers.some((c) => c.snapshots.includes(refs.tokens[i])));
      }
    });
    const concrete = refs.toConcrete(op);
    const where = `op ${index} ${JSON.stringify(concrete).slice(0, 300)}`;
    const expected = referenceStep(slow, concrete);
    const actual = step(fast, concrete);
    sameStep(expected, actual, where);
    const admitted = isAdmissible(slow, concrete, expected.allowed[0].state);
    if (admitted !== isAdmissible(fast, concrete, actual.allowed[0].state)) throw new Error(`${where}: FAULT-8 decided differently`);
    if (!admitted) continue;
    const pick = follow === 'first' ? 0 : actual.allowed.length - 1;
    slow = expected.allowed[pick].state;
    fast = actual.allowed[pick].state;
    refs.register(op.type, actual.allowed[pick].outcome);
    stats.ops++;
    stats.kinds.add(op.type);
    if (actual.allowed.length > 1) stats.outcomeSets++;
    if (op.type === 'cont.rollback' && actual.allowed[pick].outcome.ok) stats.rollbacks++;
    for (const pool of fast.pools) for (const cont of pool.containers) stats.viewsCompared += sameViews(cont, where);
  }
}

function sameStep(expected: StepResult, actual: StepResult, where: string): void {
  if (expected.rules.join() !== actual.rules.join()) throw new Error(`${where}: rules ${expected.rules.join()} vs ${actual.rules.join()}`);
  if (expected.allowed.length !== actual.allowed.length) throw new Error(`${where}: ${expected.allowed.length} vs ${actual.allowed.length} allowed outcomes`);
  expected.allowed.forEach((e, i) => {
    const a = actual.allowed[i];
    if (!sameCanonical(canonical(e.outcome), canonical(a.outcome))) throw new Error(`${where}: outcome ${i}: ${JSON.stringify(canonical(e.outcome)).slice(0, 300)} vs ${JSON.stringify(canonical(a.outcome)).slice(0, 300)}`);
    const diff = stateDifference(e.state, a.state, 'state');
    if (diff) throw new Error(`${where}: outcome ${i} leads to different states at ${diff}`);
  });
}

/**
 * Views of one container through both readers, at the latest epoch and every live snapshot. A
 * container object is compared once: states are immutable, so an unchanged one has the same views.
 */
const viewsCompared = new WeakSet<ContainerState>();

function sameViews(cont: ContainerState, where: string): number {
  if (viewsCompared.has(cont)) return 0;
  viewsCompared.add(cont);
  const epochs = [cont.epoch, ...cont.snapshots];
  for (const epoch of epochs) {
    const folded = FOLDED_LOG.viewAt(cont, epoch);
    const diff = viewDifference(folded, REMEMBERED_LOG.viewAt(cont, epoch));
    if (diff) throw new Error(`${where}: container ${cont.id} at epoch ${epoch}: views differ at ${diff}`);
    for (const [oid, obj] of folded) {
      sameDecider(FOLDED_LOG, REMEMBERED_LOG, cont, epoch, oid, undefined, where);
      for (const dkey of obj.keys()) sameDecider(FOLDED_LOG, REMEMBERED_LOG, cont, epoch, oid, dkey, where);
    }
  }
  return epochs.length;
}

function sameDecider(a: LogReader, b: LogReader, cont: ContainerState, epoch: number, oid: string, dkey: string | undefined, where: string): void {
  const x = a.listingDecidedSince(cont, epoch, oid, dkey);
  const y = b.listingDecidedSince(cont, epoch, oid, dkey);
  if (x !== y) throw new Error(`${where}: listing decider of ${oid}/${dkey ?? '*'} at ${epoch}: ${x} vs ${y}`);
}

function viewDifference(a: ContView, b: ContView): string | undefined {
  const keys = (x: ReadonlyMap<string, unknown>) => [...x.keys()].sort().join('|');
  if (keys(a) !== keys(b)) return `objects ${keys(a)} vs ${keys(b)}`;
  for (const [oid, objA] of a) {
    const objB = b.get(oid)!;
    if (keys(objA) !== keys(objB)) return `${oid}: dkeys ${keys(objA)} vs ${keys(objB)}`;
    for (const [dkey, dkA] of objA) {
      const dkB = objB.get(dkey)!;
      if (keys(dkA) !== keys(dkB)) return `${oid}/${dkey}: akeys ${keys(dkA)} vs ${keys(dkB)}`;
      for (const [akey, akA] of dkA) {
        const diff = stateDifference(plainAkey(akA), plainAkey(dkB.get(akey)!), `${oid}/${dkey}/${akey}`);
        if (diff) return diff;
      }
    }
  }
  return undefined;
}

function plainAkey(ak: AkeyView): unknown {
  return { visible: ak.visible, decidedAt: ak.decidedAt, single: ak.single, floor: ak.floor, extents: ak.extents.map((x) => ({ ...x })) };
}

/**
 * Where two plain values differ, or undefined. Frozen objects proven equal once are remembered:
 * both steps share unchanged parts between successive states, so each op compares only what it
 * changed (a state holds the whole write log; comparing it in full on every op would be quadratic).
 */
const provenEqual = new WeakMap<object, object>();

function stateDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${String(a)} vs ${String(b)}`;
  if (provenEqual.get(a) === b) return undefined;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('|') !== kb.join('|')) return `${path}: keys ${ka.join(',')} vs ${kb.join(',')}`;
  for (const k of ka) {
    const diff = stateDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (diff) return diff;
  }
  if (Object.isFrozen(a) && Object.isFrozen(b)) provenEqual.set(a, b);
  return undefined;
}

describe('law: the fast model step is the reference step', () => {
  it(`allows the same outcomes with the same states and views on every op of ${RUNS} generated traces (MAP-1, SNAP-6, SNAP-7, DUR-3, ERR-2)`, () => {
    const stats: LawStats = { ops: 0, kinds: new Set(), outcomeSets: 0, rollbacks: 0, viewsCompared: 0 };
    fc.assert(
      fc.property(traceArb, ({ ops, follow }) => {
        replay(ops, follow, stats);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`model step law: ${RUNS} traces, ${stats.ops} ops, ${stats.kinds.size} op kinds, ${stats.outcomeSets} outcome sets, ${stats.rollbacks} rollbacks, ${stats.viewsCompared} views compared`);
    // The law is only as strong as the traces: every op kind (revision 2's included) must occur.
    expect(OP_KINDS.filter((k) => !stats.kinds.has(k))).toEqual([]);
    expect(stats.ops).toBeGreaterThan(40_000);
    expect(stats.outcomeSets).toBeGreaterThan(10);
    expect(stats.rollbacks).toBeGreaterThan(20);
  }, 600_000);
});
