import fc from 'fast-check';
import { COND, type FetchRequest, type Iod, type Op, type Payload, type PropEntry, type Topology } from '../contract/index.ts';
import { AKEYS, ATTR_NAMES, BAD_CONT_REFS, BAD_POOL_REFS, CONT_LABELS, DKEYS, LONG_ATTR_NAMES, POOL_LABELS, PRINCIPALS, oidFor } from './names.ts';
import type { Category, SwarmConfig } from './swarm.ts';

/**
 * fast-check arbitraries for whole traces: a setup prefix (system, pool, connections, containers
 * with random properties and ACLs, opens) followed by a swarm-weighted sequence over small name
 * domains. Ops are symbolic (properties/symbolic.ts). Invalid arguments are generated on purpose
 * by the `invalid` category and by occasional out-of-domain picks.
 */
export interface TraceShape {
  readonly maxOps: number;
}

export interface GeneratedCase {
  readonly swarm: SwarmConfig;
  /** Seed of the implementation's own PRNG (message scheduling, ids), so it varies per case too. */
  readonly engineSeed: number;
  readonly ops: Op[];
}

export const topologyArb: fc.Arbitrary<Topology> = fc.record({
  // EC_4P2 needs six fault domains and, under FAULT-8.1, six healthy nodes; up to eight leaves room for failures.
  nodes: fc.integer({ min: 4, max: 8 }),
  enginesPerNode: fc.integer({ min: 1, max: 2 }),
  targetsPerEngine: fc.integer({ min: 1, max: 3 }),
  poolRf: fc.constantFrom(0, 1, 2, 2, 2, 3, 7),
});

const principalArb = fc.constantFrom(...PRINCIPALS);
/** Pool and container references: mostly symbols and labels in use, rarely ones naming nothing (LABEL-5). */
const poolRefArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('#p0', '#p0', '#p0', '#p1', 'tank', 'scratch') },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_POOL_REFS) },
);
const contRefArb = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom('#c0', '#c0', '#c1', '#c2', '#c3', 'home', 'data') },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_CONT_REFS) },
);
/** Attribute names (containers and pools): mostly short, sometimes multi-byte near ATTR-1's 511 bytes. */
const attrNameArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ATTR_NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...LONG_ATTR_NAMES) });
const pohArb = fc.constantFrom(0, 0, 0, -1, 1, 2);
/** Container handles: mostly the latest live ones (relative refs); sometimes an absolute, possibly stale one. */
const cohArb = fc.constantFrom(-1, -1, -1, -1, -1, -1, -2, -2, -3, 0, 1, 4);
const thArb = fc.constantFrom(-1, -1, -1, -1, -2, 0, 1, 3);
/**
 * Standalone object ops rarely name a transaction (transactions come as coherent blocks, see
 * txBlockArb); the rare ones exercise stale and finished transaction handles (TX-5, ERR-7).
 */
const optionalTxArb: fc.Arbitrary<number | undefined> = fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: thArb });
const tokenArb = fc.constantFrom(-1, -1, -1, -2, 1, 2, 3, 0);
const modeArb = fc.constantFrom('RO', 'RW', 'RW', 'EX');
const dkeyArb = fc.constantFrom(...DKEYS);
const akeyArb = fc.constantFrom(...AKEYS);

export const payloadArb = (maxLength: number): fc.Arbitrary<Payload> =>
  fc.record({ seed: fc.nat(1000), length: fc.integer({ min: 1, max: maxLength }) });

const rangeArb = fc.record({ offset: fc.integer({ min: 0, max: 96 }), length: fc.integer({ min: 1, max: 48 }) });

/** Non-overlapping extents (ARR-1), built from sorted gaps so overlap is impossible by construction. */
const extentsArb = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 24 }), length: fc.integer({ min: 1, max: 32 }), seed: fc.nat(1000) }), { minLength: 1, maxLength: 3 })
  .map((parts) => {
    let offset = 0;
    return parts.map((p) => {
      offset += p.gap;
      const extent = { offset, data: { seed: p.seed, length: p.length } };
      offset += p.length;
      return extent;
    });
  });

const nonOverlappingRangesArb = extentsArb.map((exts) => exts.map((e) => ({ offset: e.offset, length: (e.data as { length: number }).length })));

/**
 * Eight objects in all, so that writes, punches, listings and faults meet on the same object often
 * (with every class x type x lo combination, collisions become too rare to find bugs).
 */
const OBJECTS: ReadonlyArray<readonly [cls: string, objType: number, lo: number]> = [
  ['RP_2G1', 0, 0], ['RP_2G1', 13, 1], ['RP_3G1', 8, 0], ['RP_2G2', 0, 2],
  ['S1', 13, 0], ['S2', 0, 1], ['SX', 8, 2], ['RP_3GX', 0, 3],
];

function replicatedOidArb(groupsX: number) {
  return fc
    .constantFrom(...OBJECTS, OBJECTS[0], OBJECTS[1], OBJECTS[2])
    .map(([cls, objType, lo]) => oidFor(cls, objType, lo, Math.max(1, Math.floor(groupsX / (cls.startsWith('RP_3') ? 3 : cls.startsWith('RP_2') ? 2 : 1)))));
}

/** Any object: mostly replicated, sometimes EC (with the generic, small extents and values). */
function oidArb(groupsX: number) {
  return fc.oneof({ weight: 5, arbitrary: replicatedOidArb(groupsX) }, { weight: 1, arbitrary: ecObjectArb.map((x) => x.oid) });
}

/**
 * EC objects, with their data-cell count k. Their extents, ranges and values are sized in cells of
 * EC_CELL_BYTES (the usual generated ec_cell_sz) so that short traces fill whole stripes, write
 * partial ones, and read across cells: offsets within the first three stripes, lengths up to two
 * cells or one whole stripe; single values sometimes larger than a cell (split across data shards).
 */
const EC_OBJECTS: ReadonlyArray<readonly [cls: string, objType: number, lo: number, k: number]> = [
  ['EC_2P1G1', 13, 4, 2], ['EC_2P2G1', 0, 5, 2], ['EC_4P2G1', 13, 6, 4], ['EC_2P1G2', 8, 7, 2],
];
const EC_CELL_BYTES = 4096;

const ecObjectArb = fc.constantFrom(...EC_OBJECTS, EC_OBJECTS[0]).map(([cls, objType, lo, k]) => ({ oid: oidFor(cls, objType, lo, 1), k }));

/** One extent (or range) of an EC object with k data cells. */
function ecSpanArb(k: number): fc.Arbitrary<{ offset: number; length: number }> {
  return fc
    .record({ stripe: fc.nat(2), cell: fc.nat(k - 1), jitter: fc.constantFrom(0, 0, 0, 1, 100, 4000), shape: fc.constantFrom('small', 'small', 'cell', 'stripe', 'stripe', 'two'), small: fc.integer({ min: 1, max: 64 }) })
    .map(({ stripe, cell, jitter, shape, small }) => {
      const stripeStart = stripe * k * EC_CELL_BYTES;
      if (shape === 'stripe') return { offset: stripeStart, length: k * EC_CELL_BYTES };
      const length = shape === 'small' ? small : shape === 'cell' ? EC_CELL_BYTES : 2 * EC_CELL_BYTES;
      return { offset: stripeStart + cell * EC_CELL_BYTES + jitter, length };
    });
}

/** One or two non-overlapping EC spans (the second starts after the first ends). */
function ecSpansArb(k: number): fc.Arbitrary<{ offset: number; length: number }[]> {
  return fc.tuple(ecSpanArb(k), fc.option(fc.tuple(fc.nat(EC_CELL_BYTES), ecSpanArb(k)), { freq: 3 })).map(([first, second]) => {
    if (!second) return [first];
    const [gap, next] = second;
    return [first, { offset: first.offset + first.length + gap, length: next.length }];
  });
}

const ecSinglePayloadArb: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 3, arbitrary: payloadArb(48) },
  { weight: 1, arbitrary: fc.record({ seed: fc.nat(1000), length: fc.integer({ min: EC_CELL_BYTES + 1, max: 2 * EC_CELL_BYTES }) }) },
);

const aceArb = fc.constantFrom(
  'A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT', 'A::EVERYONE@:r', 'A::bob@:rw', 'A::carol@:rwt', 'A:G:ops@:rt',
  'A::bob@:', 'AU:S:bob@:r', 'A:G:lab@:rwcd', 'A::OWNER@:rt',
);

/** The principal field of an ACE string with its group flag, for keeping generated ACLs free of duplicates (ACL-6). */
function acePrincipal(ace: string): string {
  const [, flags, principal] = ace.split(':');
  return `${flags.includes('G') ? 'g' : 'u'}:${principal}`;
}

/** Pool ACEs (POOL-8): the capabilities of ACL-12 (r, t; w, c; w, d), one invalid letter, audit. */
const poolAceArb = fc.constantFrom(
  'A::OWNER@:rw', 'A:G:GROUP@:rw', 'A::bob@:r', 'A::bob@:rc', 'A::carol@:rwcd', 'A:G:ops@:rt', 'A::EVERYONE@:r',
  'A::bob@:q', 'AU:S:carol@:r', 'A::OWNER@:rc',
);

const attrEntriesArb = fc.uniqueArray(fc.tuple(attrNameArb, payloadArb(16)), { minLength: 1, maxLength: 2, selector: (e) => e[0] });
const attrNamesArb = fc.uniqueArray(attrNameArb, { minLength: 1, maxLength: 2 });

/** An `acl` entry of cont.setProps (PROP-5, rev. 2): a list of ACE strings. */
const aclEntry = (...aces: string[]): PropEntry => ['acl', aces];

/**
 * cont.setProps entries (PROP-5..7, rev. 2): label and status (SET_PROP), owner and group
 * (SET_OWNER), acl (SET_ACL), combinations, properties fixed after create (NO_PERM) and invalid
 * values (INVAL). ACLs keep GROUP@ so the owner group (alice's) can still open RW.
 */
const setPropsEntriesArb = fc.constantFrom<PropEntry[]>(
  [['status', 'HEALTHY']], [['label', 'logs']], [['label', 'home']], [['rd_fac', 1]], [['label', 'bad label!']],
  [['owner', 'bob@']], [['group', 'ops@']], [['owner', 'alice@'], ['group', 'lab@']], [['owner', 'carol@'], ['status', 'HEALTHY']],
  [aclEntry('A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT', 'A::bob@:rwt')], [aclEntry('A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT', 'A::EVERYONE@:rt')],
  [['label', 'tmp'], aclEntry('A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtTaAo')],
  [['owner', 'OWNER@']], [aclEntry()], [aclEntry('A::bob@:q')], [aclEntry('A::OWNER@:rwdtTaAo'), ['rd_fac', 1]], [['group', 'lab@'], ['global_version', 1]],
);

/**
 * setProps and getProps through a fresh handle of chosen mode and pool handle (alice's or bob's),
 * so that each capability is both held and withheld (PROP-4, PROP-5); then the handle is closed and
 * a setup container reopened, keeping the latest-handle reference live.
 */
const propsAccessBlockArb: fc.Arbitrary<Op[]> = fc
  .record({ poh: fc.constantFrom(0, 1, -1), cont: fc.constantFrom('#c0', '#c1'), mode: fc.constantFrom('RO', 'RW', 'RW'), entries: setPropsEntriesArb, all: fc.boolean() })
  .map(({ poh, cont, mode, entries, all }) => [
    { type: 'cont.open', poh, cont, mode, force: true } as Op,
    { type: 'cont.setProps', coh: -1, entries } as Op,
    { type: 'cont.getProps', coh: -1, ...(all ? {} : { names: ['owner', 'group', 'acl'] }) } as Op,
    { type: 'cont.close', coh: -1 } as Op,
    { type: 'cont.open', poh: 0, cont, mode: 'RW', force: true } as Op,
  ]);

/** POOL-10: pool attributes through a read-only handle (NO_PERM to write, ok to read), then disconnected. */
const poolAttrsReadOnlyBlockArb: fc.Arbitrary<Op[]> = fc
  .record({ pool: fc.constantFrom('#p0', '#p1'), principal: principalArb, entries: attrEntriesArb, names: attrNamesArb })
  .map(({ pool, principal, entries, names }) => [
    { type: 'pool.connect', pool, principal, mode: 'RO' } as Op,
    { type: 'pool.setAttrs', poh: -1, entries } as Op,
    { type: 'pool.getAttrs', poh: -1, names } as Op,
    { type: 'pool.delAttrs', poh: -1, names } as Op,
    { type: 'pool.listAttrs', poh: -1 } as Op,
    { type: 'pool.disconnect', poh: -1 } as Op,
  ]);

/**
 * CONT-4 (rev. 2) and ERR-7 in a pool of their own ('dpool', destroyed at the end): alice creates
 * container 'dv' with an ACL that gives or withholds `d`, with or without a read-side letter, to
 * the owner and to bob; then alice, bob or carol connects RO, RW or EX (EX after alice leaves)
 * and destroys it, with or without force. The pool ACL gives the owner DEL_CONT (`rw`) or not
 * (`rc`), and bob and carol READ only, CREATE_CONT or DEL_CONT. When alice has opened 'dv' first,
 * a forced destroy orphans her two handles, which are then closed (ERR-7: ok once each).
 */
const destroyAccessBlockArb: fc.Arbitrary<Op[]> = fc
  .record({
    who: fc.nat(2),
    mode: fc.constantFrom('RO', 'RW', 'RW', 'EX'),
    ownerPool: fc.constantFrom('rw', 'rc', 'rc'),
    otherPool: fc.constantFrom('r', 'rc', 'rc', 'rw'),
    ownerCont: fc.constantFrom('rwdtTaAo', 'd', 'rd', 'td', 'r', 'rw', ''),
    bobCont: fc.constantFrom('d', 'rd', 'td', 'ad', 'rw', 'rwd', ''),
    carolAce: fc.boolean(),
    openFirst: fc.constantFrom(false, true, true),
    force: fc.constantFrom(false, true, true),
  })
  .map(({ who, mode, ownerPool, otherPool, ownerCont, bobCont, carolAce, openFirst, force }) => {
    const principal = PRINCIPALS[who];
    const opened = openFirst && mode !== 'EX'; // alice's open handles would keep her pool handle connected
    const contAcl = [`A::OWNER@:${ownerCont}`, `A::bob@:${bobCont}`, ...(carolAce ? ['A::carol@:rtd'] : [])];
    return [
      { type: 'pool.create', owner: PRINCIPALS[0], label: 'dpool', acl: [`A::OWNER@:${ownerPool}`, `A::bob@:${otherPool}`, `A::carol@:${otherPool}`] } as Op,
      { type: 'pool.connect', pool: 'dpool', principal: PRINCIPALS[0], mode: 'RW' } as Op,
      { type: 'cont.create', poh: -1, label: 'dv', acl: contAcl } as Op,
      ...(opened ? [{ type: 'cont.open', poh: -1, cont: 'dv', mode: 'RW' } as Op, { type: 'cont.open', poh: -1, cont: 'dv', mode: 'RO' } as Op] : []),
      ...(mode === 'EX' ? [{ type: 'pool.disconnect', poh: -1 } as Op] : []),
      { type: 'pool.connect', pool: 'dpool', principal, mode } as Op,
      { type: 'cont.destroy', poh: -1, cont: 'dv', ...(force ? { force } : {}) } as Op,
      ...(opened ? [{ type: 'cont.close', coh: -1 } as Op, { type: 'cont.close', coh: -1 } as Op, { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW', force: true } as Op] : []),
      { type: 'pool.destroy', pool: 'dpool', force: true, recursive: true } as Op,
    ];
  });

const contPropsArb: fc.Arbitrary<PropEntry[]> = fc
  .record(
    {
      rd_fac: fc.constantFrom(0, 0, 0, 1, 1, 2),
      rd_lvl: fc.constantFrom(1, 2),
      cksum: fc.constantFrom('off', 'crc32', 'crc64'),
      max_snapshot: fc.integer({ min: 0, max: 3 }),
      ec_cell_sz: fc.constantFrom(4096, 4096, 4096, 65536),
      layout_type: fc.constantFrom('posix', 'hdf5'),
    },
    { requiredKeys: [] },
  )
  .map((r) => Object.entries(r) as PropEntry[]);

/** The setup prefix: a system, one or two pools, connections, containers and opens. */
export function setupArb(): fc.Arbitrary<{ ops: Op[]; groupsX: number; ranks: number }> {
  return fc
    .record({
      topology: topologyArb,
      poolLabel: fc.option(fc.constantFrom(...POOL_LABELS), { nil: undefined }),
      poolRdFac: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
      secondPool: fc.boolean(),
      conts: fc.array(
        fc.record({ label: fc.option(fc.constantFrom(...CONT_LABELS), { nil: undefined }), props: contPropsArb, acl: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.uniqueArray(aceArb, { minLength: 1, maxLength: 3, selector: acePrincipal }) }) }),
        { minLength: 2, maxLength: 3 },
      ),
      bobConnects: fc.boolean(),
    })
    .map(({ topology, poolLabel, poolRdFac, secondPool, conts, bobConnects }) => {
      const ops: Op[] = [{ type: 'system.create', ...topology }];
      ops.push({ type: 'pool.create', owner: PRINCIPALS[0], ...(poolLabel ? { label: poolLabel } : {}), ...(poolRdFac !== undefined ? { props: [['rd_fac', poolRdFac]] } : {}) });
      if (secondPool) ops.push({ type: 'pool.create', owner: PRINCIPALS[1] });
      ops.push({ type: 'pool.connect', pool: '#p0', principal: PRINCIPALS[0], mode: 'RW' });
      if (bobConnects) ops.push({ type: 'pool.connect', pool: '#p0', principal: PRINCIPALS[1], mode: 'RW' });
      // Labels unique within the setup, so every setup container exists (LABEL-4 would refuse a repeat).
      const seen = new Set<string>();
      conts.forEach((c) => {
        const label = c.label && !seen.has(c.label) ? c.label : undefined;
        if (label) seen.add(label);
        ops.push({ type: 'cont.create', poh: 0, ...(label ? { label } : {}), props: c.props, ...(c.acl ? { acl: c.acl } : {}) });
      });
      conts.forEach((_c, i) => ops.push({ type: 'cont.open', poh: 0, cont: `#c${i}`, mode: 'RW' }));
      const targets = topology.nodes * topology.enginesPerNode * topology.targetsPerEngine;
      return { ops, groupsX: targets, ranks: topology.nodes * topology.enginesPerNode };
    });
}

function ecWriteArb(): fc.Arbitrary<Op> {
  return ecObjectArb.chain(({ oid, k }) => {
    const iodArb: fc.Arbitrary<Iod> = fc.oneof(
      fc.record({ akey: akeyArb, single: ecSinglePayloadArb }),
      fc.record({ akey: akeyArb, extents: fc.tuple(ecSpansArb(k), fc.nat(1000)).map(([spans, seed]) => spans.map((x, i) => ({ offset: x.offset, data: { seed: seed + i, length: x.length } }))) }),
    );
    return fc.record({ coh: cohArb, dkey: dkeyArb, iods: fc.uniqueArray(iodArb, { minLength: 1, maxLength: 2, selector: (i) => i.akey }), tx: optionalTxArb })
      .map(({ tx, ...rest }) => ({ type: 'obj.update', oid, ...rest, ...(tx !== undefined ? { tx } : {}) }) as Op);
  });
}

function objWriteArb(groupsX: number): fc.Arbitrary<Op> {
  return fc.oneof({ weight: 3, arbitrary: replicatedWriteArb(groupsX) }, { weight: 1, arbitrary: ecWriteArb() });
}

function replicatedWriteArb(groupsX: number): fc.Arbitrary<Op> {
  const iodArb: fc.Arbitrary<Iod> = fc.oneof(
    fc.record({ akey: akeyArb, single: payloadArb(48) }),
    fc.record({ akey: akeyArb, extents: extentsArb }),
  );
  const condArb = fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.constantFrom(COND.DKEY_INSERT, COND.DKEY_UPDATE, COND.AKEY_INSERT, COND.AKEY_UPDATE, COND.DKEY_UPDATE | COND.AKEY_INSERT), weight: 2 },
    // COND-4: per-akey conditions; an iod without one examines nothing (section 25).
    { arbitrary: fc.constantFrom(COND.PER_AKEY, COND.PER_AKEY | COND.DKEY_UPDATE), weight: 1 },
  );
  const perAkeyCondArb = fc.constantFrom(undefined, COND.AKEY_INSERT, COND.AKEY_UPDATE);
  return fc.record({
    coh: cohArb, oid: oidArb(groupsX), dkey: dkeyArb,
    iods: fc.uniqueArray(iodArb, { minLength: 1, maxLength: 3, selector: (i) => i.akey }),
    cond: condArb, perAkey: fc.array(perAkeyCondArb, { minLength: 3, maxLength: 3 }), tx: optionalTxArb,
  }).map(({ cond, perAkey, tx, iods, ...rest }) => {
    const withConds = cond & COND.PER_AKEY ? iods.map((iod, i) => (perAkey[i] === undefined ? iod : { ...iod, cond: perAkey[i] })) : iods;
    return { type: 'obj.update', ...rest, iods: withConds, ...(cond ? { cond } : {}), ...(tx !== undefined ? { tx } : {}) } as Op;
  });
}

function ecReadArb(): fc.Arbitrary<Op> {
  return ecObjectArb.chain(({ oid, k }) => {
    const reqArb: fc.Arbitrary<FetchRequest> = fc.oneof(
      fc.record({ akey: akeyArb, single: fc.constant(true as const) }),
      fc.record({ akey: akeyArb, ranges: ecSpansArb(k) }),
    );
    return fc.oneof(
      { weight: 5, arbitrary: fc.record({ coh: cohArb, dkey: dkeyArb, requests: fc.uniqueArray(reqArb, { minLength: 1, maxLength: 3, selector: (r) => r.akey }), tx: optionalTxArb })
        .map(({ tx, ...rest }) => ({ type: 'obj.fetch', oid, ...rest, ...(tx !== undefined ? { tx } : {}) }) as Op) },
      { weight: 1, arbitrary: fc.record({ coh: cohArb, tx: optionalTxArb }).map(({ tx, ...rest }) => ({ type: 'obj.listDkeys', oid, ...rest, ...(tx !== undefined ? { tx } : {}) }) as Op) },
      { weight: 1, arbitrary: fc.record({ coh: cohArb, dkey: dkeyArb, tx: optionalTxArb }).map(({ tx, ...rest }) => ({ type: 'obj.listAkeys', oid, ...rest, ...(tx !== undefined ? { tx } : {}) }) as Op) },
    );
  });
}

function objReadArb(groupsX: number): fc.Arbitrary<Op> {
  return fc.oneof({ weight: 3, arbitrary: replicatedReadArb(groupsX) }, { weight: 1, arbitrary: ecReadArb() });
}

function replicatedReadArb(groupsX: number): fc.Arbitrary<Op> {
  const reqArb: fc.Arbitrary<FetchRequest> = fc.oneof(
    fc.record({ akey: akeyArb, single: fc.constant(true as const) }),
    fc.record({ akey: akeyArb, ranges: fc.array(rangeArb, { minLength: 1, maxLength: 2 }) }),
  );
  const tx = optionalTxArb;
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ coh: cohArb, oid: oidArb(groupsX), dkey: dkeyArb, requests: fc.uniqueArray(reqArb, { minLength: 1, maxLength: 3, selector: (r) => r.akey }), cond: fc.constantFrom(0, 0, 0, COND.DKEY_FETCH, COND.AKEY_FETCH), tx })
      .map(({ cond, tx: t, ...rest }) => ({ type: 'obj.fetch', ...rest, ...(cond ? { cond } : {}), ...(t !== undefined ? { tx: t } : {}) }) as Op) },
    { weight: 2, arbitrary: fc.record({ coh: cohArb, oid: oidArb(groupsX), tx }).map(({ tx: t, ...rest }) => ({ type: 'obj.listDkeys', ...rest, ...(t !== undefined ? { tx: t } : {}) }) as Op) },
    { weight: 2, arbitrary: fc.record({ coh: cohArb, oid: oidArb(groupsX), dkey: dkeyArb, tx }).map(({ tx: t, ...rest }) => ({ type: 'obj.listAkeys', ...rest, ...(t !== undefined ? { tx: t } : {}) }) as Op) },
    // OBJ-7: open is local (steps 1, 2 and 6 only).
    { weight: 1, arbitrary: fc.record({ coh: cohArb, oid: oidArb(groupsX) }).map((o) => ({ type: 'obj.open', ...o }) as Op) },
  );
}

function objPunchArb(groupsX: number): fc.Arbitrary<Op> {
  const tx = optionalTxArb;
  const withTx = <T extends object>(o: T & { tx?: number }) => { const { tx: t, ...rest } = o; return t === undefined ? rest : { ...rest, tx: t }; };
  return fc.oneof(
    fc.record({ coh: cohArb, oid: oidArb(groupsX), tx }).map((o) => ({ type: 'obj.punch', ...withTx(o) }) as Op),
    fc.record({ coh: cohArb, oid: oidArb(groupsX), dkey: dkeyArb, tx, cond: fc.constantFrom(0, 0, COND.COND_PUNCH) }).map(({ cond, ...o }) => ({ type: 'obj.punchDkey', ...withTx(o), ...(cond ? { cond } : {}) }) as Op),
    fc.record({ coh: cohArb, oid: oidArb(groupsX), dkey: dkeyArb, akeys: fc.uniqueArray(akeyArb, { minLength: 1, maxLength: 2 }), tx, cond: fc.constantFrom(0, 0, COND.COND_PUNCH) })
      .map(({ cond, ...o }) => ({ type: 'obj.punchAkeys', ...withTx(o), ...(cond ? { cond } : {}) }) as Op),
    fc.record({ coh: cohArb, oid: oidArb(groupsX), dkey: dkeyArb, akey: akeyArb, ranges: nonOverlappingRangesArb, tx, cond: fc.constantFrom(0, 0, 0, COND.DKEY_UPDATE, COND.AKEY_UPDATE, COND.AKEY_INSERT) })
      .map(({ cond, ...o }) => ({ type: 'obj.punchExtents', ...withTx(o), ...(cond ? { cond } : {}) }) as Op),
    ecObjectArb.chain(({ oid, k }) => fc.record({ coh: cohArb, dkey: dkeyArb, akey: akeyArb, ranges: ecSpansArb(k), tx }).map((o) => ({ type: 'obj.punchExtents', oid, ...withTx(o) }) as Op)),
  );
}

function categoryArb(category: Category, groupsX: number, ranks: number): fc.Arbitrary<Op | Op[]> {
  switch (category) {
    case 'poolAdmin':
      return fc.oneof(
        fc.record({ pool: poolRefArb }).map((o) => ({ type: 'pool.query', ...o }) as Op),
        fc.record({ owner: principalArb, label: fc.option(fc.constantFrom(...POOL_LABELS), { nil: undefined }) }).map(({ owner, label }) => ({ type: 'pool.create', owner, ...(label ? { label } : {}) }) as Op),
        // Never the first pool: destroying it would leave every later op of a long trace without a handle.
        fc.record({ pool: fc.constantFrom('#p1', '#p2', 'scratch'), force: fc.constantFrom(false, false, true), recursive: fc.boolean() }).map((o) => ({ type: 'pool.destroy', ...o }) as Op),
      );
    case 'poolClient':
      return fc.oneof(
        fc.record({ pool: poolRefArb, principal: principalArb, mode: modeArb }).map((o) => ({ type: 'pool.connect', ...o }) as Op),
        // Not the first pool handle: every container reopen in a long trace goes through it.
        fc.record({ poh: fc.constantFrom(1, 2, 3, -1) }).map((o) => ({ type: 'pool.disconnect', ...o }) as Op),
        fc.record({ poh: pohArb }).map((o) => ({ type: 'pool.listContainers', ...o }) as Op),
      );
    case 'container':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ poh: pohArb, label: fc.option(fc.constantFrom(...CONT_LABELS), { nil: undefined }), props: contPropsArb }).map(({ label, ...o }) => ({ type: 'cont.create', ...o, ...(label ? { label } : {}) }) as Op) },
        { weight: 4, arbitrary: fc.record({ poh: pohArb, cont: contRefArb, mode: modeArb, force: fc.boolean() }).map((o) => ({ type: 'cont.open', ...o }) as Op) },
        // A close comes with a reopen (as applications do), so the latest-handle reference (-1) that most
        // ops use stays live in long traces; a bare close of a stale handle is still generated.
        { weight: 2, arbitrary: fc.record({ coh: cohArb, cont: fc.constantFrom('#c0', '#c1'), mode: fc.constantFrom('RW', 'RW', 'RW', 'RO') }).map(({ coh, cont, mode }) => [{ type: 'cont.close', coh } as Op, { type: 'cont.open', poh: 0, cont, mode, force: true } as Op]) },
        { weight: 1, arbitrary: fc.record({ coh: fc.constantFrom(4, 5, -3) }).map((o) => ({ type: 'cont.close', ...o }) as Op) },
        // Only containers created after the setup, so long traces keep containers to work on.
        { weight: 1, arbitrary: fc.record({ poh: pohArb, cont: fc.constantFrom('#c3', '#c4', '#c5'), force: fc.constantFrom(false, false, true) }).map((o) => ({ type: 'cont.destroy', ...o }) as Op) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb }).map((o) => ({ type: 'cont.query', ...o }) as Op) },
      );
    case 'props':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ coh: cohArb, names: fc.option(fc.subarray(['label', 'status', 'rd_fac', 'cksum', 'owner', 'group', 'acl', 'max_snapshot'], { minLength: 1 }), { nil: undefined }) }).map(({ names, ...o }) => ({ type: 'cont.getProps', ...o, ...(names ? { names } : {}) }) as Op) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb, entries: setPropsEntriesArb }).map((o) => ({ type: 'cont.setProps', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, user: fc.constantFrom('bob@', 'carol@', 'alice@') }).map((o) => ({ type: 'cont.setOwner', ...o }) as Op) },
        { weight: 2, arbitrary: propsAccessBlockArb },
      );
    case 'acl':
      return fc.oneof(
        fc.record({ coh: cohArb }).map((o) => ({ type: 'cont.getAcl', ...o }) as Op),
        fc.record({ coh: cohArb, aces: fc.array(aceArb, { minLength: 1, maxLength: 3 }) }).map((o) => ({ type: 'cont.updateAcl', ...o }) as Op),
        fc.record({ coh: cohArb, aces: fc.array(aceArb, { minLength: 1, maxLength: 3 }) }).map((o) => ({ type: 'cont.overwriteAcl', ...o }) as Op),
        fc.record({ coh: cohArb, principal: fc.constantFrom('u:bob@', 'g:ops@', 'EVERYONE@', 'OWNER@') }).map((o) => ({ type: 'cont.deleteAcl', ...o }) as Op),
      );
    case 'attrs':
      return fc.oneof(
        fc.record({ coh: cohArb, entries: attrEntriesArb }).map((o) => ({ type: 'cont.setAttrs', ...o }) as Op),
        fc.record({ coh: cohArb, names: attrNamesArb }).map((o) => ({ type: 'cont.getAttrs', ...o }) as Op),
        fc.record({ coh: cohArb, names: attrNamesArb }).map((o) => ({ type: 'cont.delAttrs', ...o }) as Op),
        fc.record({ coh: cohArb }).map((o) => ({ type: 'cont.listAttrs', ...o }) as Op),
      );
    case 'snapshot':
      return fc.oneof(
        { weight: 3, arbitrary: fc.record({ coh: cohArb }).map((o) => ({ type: 'snap.create', ...o }) as Op) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb }).map((o) => ({ type: 'snap.list', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, token: tokenArb }).map((o) => ({ type: 'snap.destroy', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, token: tokenArb }).map((o) => ({ type: 'cont.rollback', ...o }) as Op) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb, token: tokenArb }).map((o) => ({ type: 'tx.openSnapshot', ...o }) as Op) },
        { weight: 4, arbitrary: snapshotBlockArb(groupsX) },
      );
    case 'poolAcl':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ pool: poolRefArb }).map((o) => ({ type: 'pool.getAcl', ...o }) as Op) },
        { weight: 2, arbitrary: fc.record({ pool: poolRefArb, aces: fc.array(poolAceArb, { minLength: 1, maxLength: 3 }) }).map((o) => ({ type: 'pool.updateAcl', ...o }) as Op) },
        // The owner keeps `rw` in most overwrites, so long traces can still connect.
        { weight: 1, arbitrary: fc.record({ pool: poolRefArb, aces: fc.uniqueArray(poolAceArb, { minLength: 0, maxLength: 3, selector: acePrincipal }), keepOwner: fc.constantFrom(true, true, true, false) })
          .map(({ keepOwner, aces, ...o }) => ({ type: 'pool.overwriteAcl', ...o, aces: keepOwner ? ['A::OWNER@:rw', ...aces.filter((a) => !a.includes('OWNER@'))] : aces }) as Op) },
        { weight: 1, arbitrary: fc.record({ pool: poolRefArb, principal: fc.constantFrom('u:bob@', 'u:carol@', 'g:ops@', 'EVERYONE@', 'GROUP@', 'OWNER@', 'bob@') }).map((o) => ({ type: 'pool.deleteAcl', ...o }) as Op) },
      );
    case 'poolProps':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ pool: poolRefArb, names: fc.option(fc.oneof({ weight: 5, arbitrary: fc.subarray(['label', 'rd_fac', 'ec_cell_sz', 'owner', 'group'], { minLength: 1 }) }, { weight: 1, arbitrary: fc.constantFrom(['acl'], [], ['label', 'label']) }), { nil: undefined }) })
          .map(({ names, ...o }) => ({ type: 'pool.getProps', ...o, ...(names ? { names } : {}) }) as Op) },
        { weight: 1, arbitrary: fc.record({ pool: poolRefArb, entries: fc.constantFrom<PropEntry[]>(
          [['label', 'tank']], [['label', 'scratch']], [['label', 'pond']], [['label', 'bad label']], [['label', 'pool_label_not_set']],
          [['rd_fac', 1]], [['ec_cell_sz', 8192]], [['rd_fac', 9]], [['owner', 'bob@']], [['group', 'ops@']], [['label', 'pond'], ['rd_fac', 0]], [],
        ) }).map((o) => ({ type: 'pool.setProps', ...o }) as Op) },
      );
    case 'poolAttrs':
      return fc.oneof(
        { weight: 3, arbitrary: fc.record({ poh: pohArb, entries: attrEntriesArb }).map((o) => ({ type: 'pool.setAttrs', ...o }) as Op) },
        { weight: 2, arbitrary: fc.record({ poh: pohArb, names: attrNamesArb }).map((o) => ({ type: 'pool.getAttrs', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ poh: pohArb, names: attrNamesArb }).map((o) => ({ type: 'pool.delAttrs', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ poh: pohArb }).map((o) => ({ type: 'pool.listAttrs', ...o }) as Op) },
        { weight: 2, arbitrary: poolAttrsReadOnlyBlockArb },
      );
    case 'contAccess': return destroyAccessBlockArb;
    case 'txRace': return txRaceBlockArb(groupsX);
    case 'objWrite': return objWriteArb(groupsX);
    case 'objRead': return objReadArb(groupsX);
    case 'objPunch': return objPunchArb(groupsX);
    case 'tx':
      return fc.oneof(
        { weight: 4, arbitrary: txBlockArb(groupsX) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, readOnly: fc.boolean() }).map((o) => ({ type: 'tx.open', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => ({ type: 'tx.commit', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => ({ type: 'tx.abort', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => ({ type: 'tx.restart', ...o }) as Op) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => ({ type: 'tx.close', ...o }) as Op) },
      );
    case 'mapAdmin':
      return fc.oneof(
        fc.record({ pool: poolRefArb, rank: fc.nat(7), targets: fc.option(fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 2 }), { nil: undefined }), force: fc.boolean() }).map(({ targets, ...o }) => ({ type: 'pool.exclude', ...o, ...(targets ? { targets } : {}) }) as Op),
        fc.record({ pool: poolRefArb, rank: fc.nat(7) }).map((o) => ({ type: 'pool.drain', ...o }) as Op),
        fc.record({ pool: poolRefArb, rank: fc.nat(7) }).map((o) => ({ type: 'pool.reintegrate', ...o }) as Op),
        fc.record({ pool: poolRefArb }).map((o) => ({ type: 'pool.rebuild', ...o }) as Op),
      );
    case 'faultTarget': return fc.record({ rank: fc.nat(7), target: fc.nat(2) }).map((o) => ({ type: 'fault.failTarget', ...o }) as Op);
    case 'faultEngine': return fc.record({ rank: fc.nat(7) }).map((o) => ({ type: 'fault.failEngine', ...o }) as Op);
    case 'faultNode': return fc.record({ node: fc.nat(7) }).map((o) => ({ type: 'fault.failNode', ...o }) as Op);
    case 'faultRestart':
      return fc.oneof(
        { weight: 3, arbitrary: fc.record({ rank: fc.nat(7) }).map((o) => ({ type: 'fault.restartEngine', ...o }) as Op) },
        { weight: 1, arbitrary: recoveryBlockArb(ranks) },
      );
    case 'faultCorrupt': return fc.record({ cont: contRefArb, rank: fc.nat(7), target: fc.nat(2) }).map((o) => ({ type: 'fault.corrupt', ...o }) as Op);
    case 'faultDrop': return fc.record({ rank: fc.nat(7), target: fc.nat(2), count: fc.integer({ min: 1, max: 3 }) }).map((o) => ({ type: 'fault.dropMessages', ...o }) as Op);
    case 'invalid':
      return fc.oneof(
        fc.constant<Op>({ type: 'obj.update', coh: 0, oid: { hi: '0', lo: '0' }, dkey: '', iods: [{ akey: 'a0', single: { seed: 1, length: 4 } }] }),
        fc.constant<Op>({ type: 'cont.create', poh: 0, label: '12345678-1234-1234-1234-123456789abc' }),
        fc.constant<Op>({ type: 'pool.connect', pool: '#p0', principal: PRINCIPALS[0], mode: 'XX' }),
        fc.constant<Op>({ type: 'fault.dropMessages', rank: 0, target: 0, count: 9 }),
        fc.constant<Op>({ type: 'cont.updateAcl', coh: 0, aces: ['A:G:OWNER@:r'] }),
        fc.constant<Op>({ type: 'obj.generateOid', coh: 0, objType: 3, class: 'S1', lo: 1 }),
        // LABEL-5 (section 25): references of neither UUID nor label syntax, checked before handles.
        fc.constantFrom(...BAD_POOL_REFS).map((pool) => ({ type: 'pool.connect', pool, principal: PRINCIPALS[0], mode: 'RO' }) as Op),
        fc.constantFrom(...BAD_CONT_REFS).map((cont) => ({ type: 'cont.open', poh: 99, cont, mode: 'RO' }) as Op),
        fc.constantFrom(...BAD_CONT_REFS).map((cont) => ({ type: 'cont.destroy', poh: 0, cont }) as Op),
        fc.constantFrom(...BAD_POOL_REFS).map((pool) => ({ type: 'pool.getProps', pool }) as Op),
        fc.constant<Op>({ type: 'pool.setAttrs', poh: 0, entries: [['', { seed: 1, length: 1 }]] }),
        // Step 1 of the rules no valid generated op breaks: ACE syntax (ACL-1, ACL-3), principals
        // (ACL-15), create-time properties (PROP-2), keys and values (KV-1, KV-2, ARR-1).
        fc.constantFrom(['A:bob@:r'], [`A::${'b'.repeat(320)}@:r`], ['A::bob:r'], ['A::@bob:r']).map((aces) => ({ type: 'cont.overwriteAcl', coh: -1, aces }) as Op),
        fc.constantFrom({ user: 'nobody', groups: ['lab@'] }, { user: 'alice@', groups: [] }).map((principal) => ({ type: 'pool.connect', pool: '#p0', principal, mode: 'RO' }) as Op),
        fc.constantFrom<PropEntry[]>([['status', 'HEALTHY']], [['alloc_oid', 1]], [['rd_lvl', 3]], [['cksum', 'md5']]).map((props) => ({ type: 'cont.create', poh: 0, props }) as Op),
        replicatedOidArb(1).chain((oid) => fc.constantFrom<Iod[]>(
          [{ akey: 'a0', single: { seed: 1, length: 1 } }, { akey: 'a0', single: { seed: 2, length: 1 } }], // KV-1 (DAOS: NO_PERM, a finding)
          [{ akey: 'a0', single: { text: '' } }], // KV-2
          [{ akey: 'a1', extents: [{ offset: 0, data: { seed: 1, length: 8 } }, { offset: 4, data: { seed: 2, length: 8 } }] }], // ARR-1
        ).map((iods) => ({ type: 'obj.update', coh: -1, oid, dkey: 'd0', iods }) as Op)),
        fc.record({ coh: cohArb, cls: fc.constantFrom('RP_6G1', 'S1', 'RP_2GX', 'EC_2P1G1', 'NOPE'), lo: fc.nat(3) }).map(({ coh, cls, lo }) => ({ type: 'obj.generateOid', coh, objType: 0, class: cls, lo }) as Op),
      );
  }
}

/**
 * A transaction as a coherent block: open on the latest container handle, a few reads and buffered
 * writes in it (th -1 = the transaction just opened), sometimes a conflicting standalone write,
 * then commit (possibly restart and commit again), abort, or nothing. Writes keep their conditions
 * (COND-7, rev. 2: evaluated against the transaction's view, counted as reads), passing or failing.
 */
function txBlockArb(groupsX: number): fc.Arbitrary<Op[]> {
  const inTx = (op: Op): Op => ({ ...op, tx: -1 }) as Op;
  const bodyOp = fc.oneof(
    { weight: 3, arbitrary: objWriteArb(groupsX).map(inTx) },
    { weight: 3, arbitrary: objReadArb(groupsX).map(inTx) },
    { weight: 1, arbitrary: objPunchArb(groupsX).map(inTx) },
    { weight: 1, arbitrary: objWriteArb(groupsX).map((op) => { const { tx: _t, ...rest } = op as Op & { tx?: number }; return rest as Op; }) },
  );
  const ending = fc.constantFrom<Op[]>(
    [{ type: 'tx.commit', th: -1 }],
    [{ type: 'tx.commit', th: -1 }],
    [{ type: 'tx.commit', th: -1 }, { type: 'tx.close', th: -1 }],
    [{ type: 'tx.commit', th: -1 }, { type: 'tx.restart', th: -1 }, { type: 'tx.commit', th: -1 }],
    [{ type: 'tx.abort', th: -1 }],
    [],
  );
  return fc
    .tuple(fc.constantFrom(false, false, false, true), fc.array(bodyOp, { minLength: 1, maxLength: 5 }), ending)
    .map(([readOnly, body, end]) => [{ type: 'tx.open', coh: -1, ...(readOnly ? { readOnly } : {}) } as Op, ...body, ...end]);
}

/** Akeys only race blocks use, so their first write (which fixes the kind, KV-3) is often the block's own. */
const RACE_AKEYS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'] as const;

/**
 * A transaction racing a standalone writer on the same akey (TX-4, COND-7, rev. 2): the
 * transaction buffers one write, blind (its start point comes at commit: it never conflicts and
 * lands on top), after a fetch (its start point is fixed: the racing write conflicts), or with a
 * condition (COND-7: a read, fixing the start point); the standalone writer then writes the same
 * akey, of the same kind or the other (a kind clash at commit: NO_PERM, the transaction stays OPEN,
 * section 25), punches it, or writes a sibling akey; then the transaction commits.
 */
function txRaceBlockArb(groupsX: number): fc.Arbitrary<Op[]> {
  const iodOf = (akey: string, kind: 'single' | 'array', seed: number): Iod =>
    kind === 'single' ? { akey, single: { seed, length: 1 + (seed % 16) } } : { akey, extents: [{ offset: seed % 32, data: { seed, length: 1 + (seed % 24) } }] };
  return fc
    .record({
      oid: replicatedOidArb(groupsX),
      dkey: dkeyArb,
      akey: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...RACE_AKEYS) }, { weight: 1, arbitrary: akeyArb }),
      txKind: fc.constantFrom<'single' | 'array'>('single', 'array'),
      read: fc.constantFrom('blind', 'blind', 'fetch', 'cond'),
      cond: fc.constantFrom(COND.AKEY_INSERT, COND.AKEY_UPDATE, COND.DKEY_UPDATE, COND.DKEY_INSERT),
      race: fc.constantFrom('same', 'other-kind', 'other-kind', 'punch', 'sibling', 'none'),
      seed: fc.nat(1000),
      ending: fc.constantFrom<Op[]>([], [{ type: 'tx.abort', th: -1 }], [{ type: 'tx.commit', th: -1 }], [{ type: 'tx.restart', th: -1 }, { type: 'tx.commit', th: -1 }], [{ type: 'tx.close', th: -1 }]),
    })
    .map(({ oid, dkey, akey, txKind, read, cond, race, seed, ending }) => {
      const otherKind = txKind === 'single' ? 'array' : 'single';
      const raceOp: Op[] =
        race === 'none' ? []
        : race === 'punch' ? [{ type: 'obj.punchAkeys', coh: -1, oid, dkey, akeys: [akey] } as Op]
        : [{ type: 'obj.update', coh: -1, oid, dkey, iods: [iodOf(race === 'sibling' ? `${akey}s` : akey, race === 'other-kind' ? otherKind : txKind, seed + 1)] } as Op];
      return [
        { type: 'tx.open', coh: -1 } as Op,
        ...(read === 'fetch' ? [{ type: 'obj.fetch', coh: -1, oid, dkey, requests: [{ akey, single: true }], tx: -1 } as Op] : []),
        { type: 'obj.update', coh: -1, oid, dkey, iods: [iodOf(akey, txKind, seed)], tx: -1, ...(read === 'cond' ? { cond } : {}) } as Op,
        ...raceOp,
        { type: 'tx.commit', th: -1 } as Op,
        ...ending,
      ];
    });
}

/**
 * A snapshot as a coherent block: take a snapshot of the latest container handle, write more, then
 * read through a snapshot transaction (SNAP-6, TX-1) and sometimes roll back to it (SNAP-7).
 */
function snapshotBlockArb(groupsX: number): fc.Arbitrary<Op[]> {
  const standalone = (op: Op): Op => { const { tx: _t, ...rest } = op as Op & { tx?: number }; return rest as Op; };
  return fc
    .tuple(
      fc.array(objWriteArb(groupsX).map(standalone), { minLength: 1, maxLength: 4 }),
      fc.array(objReadArb(groupsX).map((op) => ({ ...standalone(op), tx: -1 }) as Op), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(false, false, false, true),
    )
    .map(([writes, reads, rollback]) => [
      { type: 'snap.create', coh: -1 } as Op,
      ...writes,
      { type: 'tx.openSnapshot', coh: -1, token: -1 } as Op,
      ...reads,
      { type: 'tx.close', th: -1 } as Op,
      ...(rollback ? [{ type: 'cont.rollback', coh: -1, token: -1 } as Op] : []),
    ]);
}

/**
 * Recovery, as an operator would do it after an incident: cycle every engine (ending halts,
 * HALT-5), rebuild the first pool, reintegrate every rank and rebuild again (MAP-5, MAP-8), mark
 * the setup containers HEALTHY again (RF-5) and reopen them (handles lost while the pool was halted
 * come back). Without it, long traces spend most of their ops halted or UNCLEAN and stop
 * exercising I/O.
 */
function recoveryBlockArb(ranks: number): fc.Arbitrary<Op[]> {
  const everyRank = (make: (rank: number) => Op[]) => Array.from({ length: ranks }, (_, rank) => make(rank)).flat();
  return fc.boolean().map((clearStatus) => [
    // Restarting a running engine changes nothing (FAULT-7), so a target failed on its own only
    // comes back through its engine stopping and starting again (FAULT-2, FAULT-4).
    ...everyRank((rank) => [{ type: 'fault.failEngine', rank } as Op, { type: 'fault.restartEngine', rank } as Op]),
    { type: 'pool.rebuild', pool: '#p0' } as Op,
    ...everyRank((rank) => [{ type: 'pool.reintegrate', pool: '#p0', rank } as Op]),
    { type: 'pool.rebuild', pool: '#p0' } as Op,
    ...(clearStatus ? [0, 1].map((coh) => ({ type: 'cont.setProps', coh, entries: [['status', 'HEALTHY']] }) as Op) : []),
    ...['#c0', '#c1'].map((cont) => ({ type: 'cont.open', poh: 0, cont, mode: 'RW', force: true }) as Op),
  ]);
}

/** A whole generated case: swarm configuration, setup prefix, then up to `maxOps` weighted ops. */
export function caseArb(swarm: fc.Arbitrary<SwarmConfig>, shape: TraceShape): fc.Arbitrary<GeneratedCase> {
  return fc.tuple(swarm, setupArb(), fc.nat(1_000_000)).chain(([config, setup, engineSeed]) => {
    const weighted = Object.entries(config.weights)
      .filter(([, w]) => w > 0)
      .map(([category, weight]) => ({ weight, arbitrary: categoryArb(category as Category, setup.groupsX, setup.ranks) }));
    // size 'max': lengths spread over the whole range instead of fast-check's small-size bias.
    return fc.array(fc.oneof(...weighted), { minLength: 1, maxLength: shape.maxOps, size: 'max' }).map((body) => ({ swarm: config, engineSeed, ops: [...setup.ops, ...body.flat()] }));
  });
}
