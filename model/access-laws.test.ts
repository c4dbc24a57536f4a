import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DER_NAMES, type Op, type Principal } from '../contract/index.ts';
import { aclProblem, canonicalOrder, evaluateAcl, parseAce } from './acl.ts';
import { modelUuid } from './resolve.ts';
import { INITIAL_STATE, type Ace, type ModelState } from './state.ts';
import { step } from './step.ts';
import { ALICE, BOB, CAROL } from './test-driver.ts';

/**
 * Laws over random sequences of access operations (sections 2, 5-10, 23), with fixed seeds.
 * Does NOT check: exact outcomes of individual ops (the example tests do that).
 */

const DAVE: Principal = { user: 'dave@', groups: ['ops@', 'lab@'] };
const BAD: Principal = { user: 'nobody', groups: [] };

/** Weighted choice: the first values are the likely ones, so that sequences get somewhere. */
function weighted<T>(...choices: Array<[T, number]>): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}
const principal = weighted<Principal>([ALICE, 6], [BOB, 2], [CAROL, 1], [DAVE, 1], [BAD, 1]);
const poolRef = weighted([modelUuid('pool', 1), 6], [modelUuid('pool', 2), 2], ['p0', 1], ['p1', 1], ['bad label', 1]);
const contRef = weighted([modelUuid('cont', 1), 4], [modelUuid('cont', 2), 2], ['c0', 1], ['c1', 1], [modelUuid('cont', 3), 1]);
/**
 * Handles are symbolic: an index counted back from the newest issued handle of the op's kind
 * (pool or container), resolved when the op runs; past the issued ones it is a never-issued number.
 */
const handle = weighted([0, 6], [1, 3], [2, 2], [3, 1]);

interface Issued { poh: number[]; coh: number[] }

function resolveHandles(op: Op, issued: Issued): Op {
  const pick = (list: number[], idx: number) => list[list.length - 1 - idx] ?? 100_000 + idx;
  const out = { ...op } as Record<string, unknown>;
  if (typeof out.poh === 'number') out.poh = pick(issued.poh, out.poh);
  if (typeof out.coh === 'number') out.coh = pick(issued.coh, out.coh);
  return out as unknown as Op;
}

function recordIssued(op: Op, value: unknown, issued: Issued): void {
  if (op.type === 'pool.connect') issued.poh.push(value as number);
  if (op.type === 'cont.open') issued.coh.push(value as number);
}
/** Mostly absent: optional arguments are usually left out so that ops succeed often enough. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 });
}
const mode = weighted(['RW', 6], ['RO', 2], ['EX', 1], ['XX', 1]);
const aceText = fc.constantFrom(
  'A::OWNER@:rwdtTaAo', 'A::OWNER@:', 'A:G:GROUP@:rwtT', 'A:G:GROUP@:r', 'A::EVERYONE@:r', 'A::EVERYONE@:rw',
  'A::bob@:rwcd', 'A::bob@:t', 'A:G:ops@:rwaA', 'AU:S:carol@:rw', 'A::carol@:o', 'A::dave@:d',
  'A::GROUP@:r', 'Q::bob@:r', 'A::bob@', // invalid ones
);
const aces = fc.array(aceText, { maxLength: 4 });
const propEntry = fc.constantFrom<readonly [string, unknown]>(
  ['label', 'c0'], ['label', 'c1'], ['label', 'bad label'], ['status', 'HEALTHY'], ['rd_fac', 1], ['rd_fac', 9], ['cksum', 'crc32'],
  ['owner', 'alice@'], ['owner', 'bob@'], ['layout_type', 'posix'], ['nope', 1], ['global_version', 1],
  ['group', 'ops@'], ['acl', ['A::OWNER@:rwdtTaAo', 'A::bob@:rw']], ['acl', []], // PROP-5 (rev. 2)
);
const props = fc.array(propEntry, { maxLength: 2 }) as fc.Arbitrary<never[]>;
const poolPropEntry = fc.constantFrom<readonly [string, unknown]>(
  ['label', 'p0'], ['label', 'p2'], ['label', 'bad label'], ['rd_fac', 1], ['ec_cell_sz', 8192], ['owner', 'bob@'], ['nope', 1],
);
const attrName = fc.constantFrom('a', 'b', 'c', '');
const payload = fc.constantFrom({ text: 'v' }, { text: '' }, { hex: '0a' }, { seed: 3, length: 4 });

const accessOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.create' as const), owner: principal, label: rarely(fc.constantFrom('p0', 'p1')), acl: rarely(aces), props: rarely(fc.constantFrom([['rd_fac', 1]], [['rd_fac', 7]], [['cksum', 'off']]) as unknown as fc.Arbitrary<never[]>) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.destroy' as const), pool: poolRef, force: fc.boolean(), recursive: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('pool.connect' as const), pool: poolRef, principal, mode }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.disconnect' as const), poh: handle }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.listContainers' as const), poh: handle }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('cont.create' as const), poh: handle, label: rarely(fc.constantFrom('c0', 'c1', 'c2')), props: rarely(props), acl: rarely(aces) }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('cont.open' as const), poh: handle, cont: contRef, mode, force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.close' as const), coh: handle }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.destroy' as const), poh: handle, cont: contRef, force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.query' as const), coh: handle }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.getProps' as const), coh: handle, names: rarely(fc.subarray(['label', 'acl', 'owner', 'rd_fac', 'status'])) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.setProps' as const), coh: handle, entries: props }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.setOwner' as const), coh: handle, user: rarely(fc.constantFrom('alice@', 'bob@', 'bad')), group: rarely(fc.constantFrom('lab@', 'ops@')) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.getAcl' as const), coh: handle }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.overwriteAcl' as const), coh: handle, aces }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.updateAcl' as const), coh: handle, aces }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.deleteAcl' as const), coh: handle, principal: fc.constantFrom('u:bob@', 'g:ops@', 'GROUP@', 'EVERYONE@', 'OWNER@', 'bob@') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('cont.setAttrs' as const), coh: handle, entries: fc.array(fc.tuple(attrName, payload), { maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('cont.getAttrs' as const), coh: handle, names: fc.array(attrName, { maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('cont.delAttrs' as const), coh: handle, names: fc.array(attrName, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cont.listAttrs' as const), coh: handle }) },
  // Revision 2: pool ACL, properties and attributes after create (POOL-8..10).
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.getAcl' as const), pool: poolRef }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.overwriteAcl' as const), pool: poolRef, aces }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.updateAcl' as const), pool: poolRef, aces }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.deleteAcl' as const), pool: poolRef, principal: fc.constantFrom('u:bob@', 'g:ops@', 'GROUP@', 'EVERYONE@', 'OWNER@', 'bob@') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.getProps' as const), pool: poolRef, names: rarely(fc.subarray(['label', 'rd_fac', 'owner', 'group', 'acl'])) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.setProps' as const), pool: poolRef, entries: fc.array(poolPropEntry, { maxLength: 2 }) as fc.Arbitrary<never[]> }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pool.setAttrs' as const), poh: handle, entries: fc.array(fc.tuple(attrName, payload), { maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pool.getAttrs' as const), poh: handle, names: fc.array(attrName, { maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pool.delAttrs' as const), poh: handle, names: fc.array(attrName, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('pool.listAttrs' as const), poh: handle }) },
);

function initialState(): ModelState {
  const r = step(INITIAL_STATE, { type: 'system.create', nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 });
  return r.allowed[0].state;
}

/**
 * A system with pools p0 (alice) and p1 (bob), alice connected to p0 with container c0 open, so
 * that random sequences start somewhere.
 */
function prelude(): { state: ModelState; issued: Issued } {
  let state = initialState();
  const issued: Issued = { poh: [], coh: [] };
  const ops: Op[] = [
    { type: 'pool.create', owner: ALICE, label: 'p0' },
    { type: 'pool.create', owner: BOB, label: 'p1' },
    { type: 'pool.connect', pool: 'p0', principal: ALICE, mode: 'RW' },
    { type: 'cont.create', poh: 0, label: 'c0' },
    { type: 'cont.open', poh: 0, cont: 'c0', mode: 'RW' },
  ];
  for (const symbolic of ops) {
    const op = resolveHandles(symbolic, issued);
    const [{ outcome, state: next }] = step(state, op).allowed;
    if (!outcome.ok) throw new Error(`test prelude failed at ${op.type}`);
    recordIssued(op, outcome.value, issued);
    state = next;
  }
  return { state, issued };
}

/** Structural invariants of the access part of the state (every handle resolves; labels unique; ACLs canonical). */
function checkAccessInvariants(state: ModelState): void {
  for (const h of Object.values(state.poolHandles)) expect(state.pools.some((p) => p.id === h.poolId)).toBe(true);
  for (const h of Object.values(state.contHandles)) {
    expect(state.poolHandles[h.poh]?.poolId).toBe(h.poolId); // POOL-5: no container handle outlives its pool handle
    expect(state.pools.find((p) => p.id === h.poolId)?.containers.some((c) => c.id === h.contId)).toBe(true);
  }
  for (const tx of Object.values(state.txs)) expect(state.contHandles[tx.coh]).toBeDefined();
  for (const [coh, orphan] of Object.entries(state.orphanedContHandles)) {
    expect(state.contHandles[Number(coh)]).toBeUndefined(); // ERR-7: invalid for everything but one close
    expect(state.poolHandles[orphan.poh]).toBeDefined(); // section 25: the exception ends with its pool handle
  }
  const poolLabels = state.pools.map((p) => p.label).filter((l) => l !== null);
  expect(new Set(poolLabels).size).toBe(poolLabels.length); // LABEL-4
  for (const pool of state.pools) {
    expect(canonicalOrder(pool.acl)).toEqual(pool.acl); // POOL-8, ACL-7
    expect(aclProblem(pool.acl)).toBeNull(); // ACL-6
    const labels = pool.containers.map((c) => c.label).filter((l) => l !== null);
    expect(new Set(labels).size).toBe(labels.length); // LABEL-4
    for (const c of pool.containers) {
      expect(canonicalOrder(c.acl)).toEqual(c.acl); // ACL-7
      expect(aclProblem(c.acl)).toBeNull(); // ACL-6
    }
  }
}

describe('laws over random access-op sequences', () => {
  it('ERR-1, ERR-2, ERR-5, ERR-6: one outcome per access op, codes from the list (never NOSPACE), a failed op changes no state', () => {
    let okCount = 0;
    const okKinds = new Set<string>();
    fc.assert(
      fc.property(fc.array(accessOp, { minLength: 5, maxLength: 40, size: 'max' }), (ops) => {
        const start = prelude();
        const issued = start.issued;
        let state = start.state;
        for (const symbolic of ops) {
          const op = resolveHandles(symbolic, issued);
          const result = step(state, op);
          expect(result.allowed).toHaveLength(1); // ERR-5: outcome sets only for reads of data
          const [{ outcome, state: next }] = result.allowed;
          if (!outcome.ok) {
            expect(DER_NAMES).toContain(outcome.err); // ERR-1
            expect(outcome.err).not.toBe('NOSPACE'); // ERR-6
            expect(next).toEqual(state); // ERR-2
          }
          else {
            okCount++;
            okKinds.add(op.type);
            recordIssued(op, outcome.value, issued);
          }
          checkAccessInvariants(next);
          state = next;
        }
      }),
      { seed: 20261121, numRuns: 150 },
    );
    // The generator must reach successful ops too, or the invariants above would be vacuous.
    expect(okCount).toBeGreaterThan(800);
    expect(okKinds.size).toBe(31); // every access op kind succeeded at least once
  });

  it('ERR-7: a handle number never issued is NO_HDL for every handle-taking access op', () => {
    fc.assert(
      fc.property(fc.array(accessOp, { maxLength: 20 }), accessOp, (ops, last) => {
        let state = initialState();
        const issued: Issued = { poh: [], coh: [] };
        for (const symbolic of ops) {
          const op = resolveHandles(symbolic, issued);
          const [{ outcome, state: next }] = step(state, op).allowed;
          if (outcome.ok) recordIssued(op, outcome.value, issued);
          state = next;
        }
        const unissued = state.nextHandle + 5;
        const probe = { ...last } as Record<string, unknown>;
        for (const key of ['poh', 'coh']) if (key in probe) probe[key] = unissued;
        if (!('poh' in probe) && !('coh' in probe)) return;
        const [{ outcome }] = step(state, probe as unknown as Op).allowed;
        // Step 1 (INVAL) may come first (ERR-3); otherwise the handle decides.
        if (!outcome.ok && outcome.err === 'INVAL') return;
        expect(outcome).toEqual({ ok: false, err: 'NO_HDL' });
      }),
      { seed: 77, numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------- section 23 vs ACL-10..13

const validAce = aceText.filter((t) => typeof parseAce(t) !== 'string');
const validAcl = fc.uniqueArray(validAce, { maxLength: 5, selector: (t) => {
  const a = parseAce(t) as Ace;
  return `${a.kind}|${a.principal}`;
} });
const namedPrincipal = fc.constantFrom(ALICE, BOB, CAROL, DAVE);
/** Container ACLs around `d` (CONT-4): alone, with a read side, with a write side, through groups. */
const destroyAcl = fc.uniqueArray(
  fc.constantFrom(
    'A::OWNER@:d', 'A::OWNER@:rwdtTaAo', 'A::OWNER@:r', 'A::bob@:d', 'A::bob@:rd', 'A::bob@:td', 'A::bob@:wd', 'A::bob@:rw',
    'A:G:ops@:ad', 'A:G:ops@:Td', 'A:G:GROUP@:rwtT', 'A:G:GROUP@:rd', 'A::EVERYONE@:rd', 'A::EVERYONE@:d', 'A::EVERYONE@:r',
  ),
  { maxLength: 4, selector: (t) => {
    const a = parseAce(t) as Ace;
    return `${a.kind}|${a.principal}`;
  } },
);

function has(perms: Ace['perms'], letters: string): boolean {
  const table: Record<string, number> = { r: 1, w: 2, c: 4, d: 8, t: 16, T: 32, a: 64, A: 128, o: 256 };
  return [...letters].some((l) => (perms & table[l]) !== 0);
}

describe('section 23 permission table agrees with the model', () => {
  it('ACL-12: pool.connect succeeds exactly as the section 23 rows say', () => {
    fc.assert(
      fc.property(validAcl, namedPrincipal, fc.constantFrom('RO', 'RW', 'EX'), (acl, p, m) => {
        let state = initialState();
        const created = step(state, { type: 'pool.create', owner: ALICE, acl, ...(acl.length === 0 ? { acl: undefined } : {}) });
        state = created.allowed[0].state;
        const pool = state.pools[0];
        const perms = evaluateAcl(pool.acl, pool.owner, pool.ownerGroup, p, 'pool');
        const expected = m === 'RO' ? has(perms, 'rt') : has(perms, 'rt') && has(perms, 'wcd');
        const [{ outcome }] = step(state, { type: 'pool.connect', pool: pool.id, principal: p, mode: m }).allowed;
        expect(outcome.ok ? 'ok' : outcome.err).toBe(expected ? 'ok' : 'NO_PERM');
      }),
      { seed: 1212, numRuns: 300 },
    );
  });

  it('ACL-13: cont.open succeeds exactly as the section 23 rows say; the owner can always open RO and RW', () => {
    fc.assert(
      fc.property(validAcl, namedPrincipal, fc.constantFrom('RO', 'RW', 'EX'), (acl, p, m) => {
        let state = initialState();
        state = step(state, { type: 'pool.create', owner: ALICE, acl: ['A::EVERYONE@:rw'] }).allowed[0].state;
        const poolId = state.pools[0].id;
        const owner = step(state, { type: 'pool.connect', pool: poolId, principal: ALICE, mode: 'RW' }).allowed[0];
        state = owner.state;
        const created = step(state, { type: 'cont.create', poh: owner.outcome.ok ? (owner.outcome.value as number) : -1, ...(acl.length > 0 ? { acl } : {}) });
        state = created.allowed[0].state;
        const cont = state.pools[0].containers[0];
        const conn = step(state, { type: 'pool.connect', pool: poolId, principal: p, mode: 'RO' }).allowed[0];
        state = conn.state;
        const perms = evaluateAcl(cont.acl, cont.owner, cont.group, p, 'cont');
        const isOwner = p.user === cont.owner;
        const ro = has(perms, 'rta') || isOwner;
        const rw = ro && (has(perms, 'wTAo') || isOwner);
        const expected = m === 'RO' ? ro : m === 'RW' ? rw : rw && isOwner;
        const [{ outcome }] = step(state, { type: 'cont.open', poh: (conn.outcome as { value: number }).value, cont: cont.id, mode: m }).allowed;
        expect(outcome.ok ? 'ok' : outcome.err).toBe(expected ? 'ok' : 'NO_PERM');
        if (isOwner && m !== 'EX') expect(outcome.ok).toBe(true);
      }),
      { seed: 1313, numRuns: 300 },
    );
  });

  it('CONT-4 (rev. 2): cont.destroy succeeds exactly as the section 23 row says: DEL_CONT, or DELETE after the pool handle mode filter', () => {
    const seen = { byAcl: 0, refused: 0 };
    fc.assert(
      fc.property(destroyAcl, namedPrincipal, fc.constantFrom('RO', 'RW', 'EX'), fc.constantFrom('A::EVERYONE@:r', 'A::EVERYONE@:rc', 'A::EVERYONE@:rw', 'A::EVERYONE@:rd'), (acl, p, m, poolAce) => {
        let state = initialState();
        state = step(state, { type: 'pool.create', owner: ALICE, acl: ['A::OWNER@:rw', poolAce] }).allowed[0].state;
        const poolId = state.pools[0].id;
        const creator = step(state, { type: 'pool.connect', pool: poolId, principal: ALICE, mode: 'RW' }).allowed[0];
        state = creator.state;
        state = step(state, { type: 'cont.create', poh: (creator.outcome as { value: number }).value, ...(acl.length > 0 ? { acl } : {}) }).allowed[0].state;
        state = step(state, { type: 'pool.disconnect', poh: (creator.outcome as { value: number }).value }).allowed[0].state;
        const cont = state.pools[0].containers[0];
        const conn = step(state, { type: 'pool.connect', pool: poolId, principal: p, mode: m }).allowed[0];
        if (!conn.outcome.ok) return; // the pool ACL refuses this connect (ACL-12)
        state = conn.state;
        const poh = conn.outcome.value as number;
        const delCont = (state.poolHandles[poh].caps & 4) !== 0; // POOL_CAP.DEL_CONT
        const perms = evaluateAcl(cont.acl, cont.owner, cont.group, p, 'cont');
        const isOwner = p.user === cont.owner;
        const readSide = has(perms, 'rta') || isOwner; // ACL-10 step 5: the owner has `a` and `A`
        const writeSide = has(perms, 'wTAod') || isOwner;
        const aclDelete = m !== 'RO' && readSide && writeSide && has(perms, 'd');
        const [{ outcome }] = step(state, { type: 'cont.destroy', poh, cont: cont.id }).allowed;
        expect(outcome.ok ? 'ok' : outcome.err).toBe(delCont || aclDelete ? 'ok' : 'NO_PERM');
        if (!delCont) seen[aclDelete ? 'byAcl' : 'refused']++;
      }),
      { seed: 1414, numRuns: 1000 },
    );
    // Both sides of the container-ACL path were reached (not only DEL_CONT).
    expect(seen.byAcl).toBeGreaterThan(10);
    expect(seen.refused).toBeGreaterThan(10);
  });
});
