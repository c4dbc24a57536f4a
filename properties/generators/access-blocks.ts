import fc from 'fast-check';
import type { Op, PropEntry } from '../../contract/index.ts';
import { PRINCIPALS } from '../names.ts';
import { aceArb, aclArb } from './acls.ts';
import { op, opt } from './builders.ts';
import { hotArb, type GenContext } from './context.ts';
import { fetchAt, updateAt } from './data-ops.ts';
import { OTHERS, OWNER, PRINCIPALS_BY_SHAPE } from './principals.ts';
import { attrEntriesArb, attrNamesArb } from './names-arbs.ts';

/**
 * Access control as coherent blocks (sections 7-10): change a container's owner, group and ACEs,
 * then connect, open and do I/O as several principals whose relation to the owner differs (ACL-10,
 * ACL-13, ACL-14); properties through handles of each capability (PROP-4, PROP-5); destroy through
 * pool handles of each mode (CONT-4, ERR-7); pool attributes through read-only handles (POOL-10).
 */

/** An owner or group change on the latest handle (cont.setOwner or cont.setProps; OWNER_CHANGES). */
const ownerChangeArb: fc.Arbitrary<Op[]> = fc.constantFrom<Op[]>(
  [op('cont.setOwner', { coh: -1, user: 'bob@' })],
  [op('cont.setOwner', { coh: -1, user: 'dave@' })],
  [op('cont.setOwner', { coh: -1, group: 'ops@' })],
  [op('cont.setProps', { coh: -1, entries: [['group', 'qa@']] })],
  [op('cont.setOwner', { coh: -1, user: 'carol@', group: 'ops@' })],
  [op('cont.setProps', { coh: -1, entries: [['owner', 'erin@'], ['group', 'qa@']] })],
  [op('cont.setOwner', { coh: -1, user: 'bob@' }), op('cont.setOwner', { coh: -1, user: 'alice@', group: 'lab@' })],
  [op('cont.setOwner', { coh: -1, user: 'GROUP@' })],
  [],
);

/** An ACL change on the latest handle: overwrite, update or delete an entry. */
const aclChangeArb: fc.Arbitrary<Op[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.boolean(), aclArb(false)).map(([keep, aces]) => [op('cont.overwriteAcl', { coh: -1, aces: keep ? ['A::OWNER@:rwdtTaAo', ...aces.filter((a) => !a.includes(':OWNER@:'))] : aces })]) },
  { weight: 3, arbitrary: fc.array(aceArb, { minLength: 1, maxLength: 3 }).map((aces) => [op('cont.updateAcl', { coh: -1, aces })]) },
  { weight: 1, arbitrary: fc.constantFrom('u:bob@', 'g:lab@', 'GROUP@', 'EVERYONE@', 'OWNER@', 'u:dave@').map((principal) => [op('cont.deleteAcl', { coh: -1, principal })]) },
  { weight: 1, arbitrary: fc.constant<Op[]>([]) },
);

/** What a principal does once its open returned: I/O on a hot key, properties, the ACL. */
function actionsArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  return fc.array(
    fc.oneof(
      { weight: 3, arbitrary: hotArb(ctx).chain((k) => updateAt(k, -1)) },
      { weight: 3, arbitrary: hotArb(ctx).chain((k) => fetchAt(k, -1)) },
      { weight: 1, arbitrary: fc.constant(op('cont.getProps', { coh: -1, names: ['owner', 'group', 'acl'] })) },
      { weight: 1, arbitrary: fc.constant(op('cont.getAcl', { coh: -1 })) },
      { weight: 1, arbitrary: fc.constantFrom<PropEntry[]>([['label', 'acl1']], [['owner', 'bob@']]).map((entries) => op('cont.setProps', { coh: -1, entries })) },
      { weight: 1, arbitrary: fc.constant(op('snap.create', { coh: -1 })) },
    ),
    { minLength: 1, maxLength: 3 },
  );
}

/**
 * Alice opens container #c0 afresh, changes its owner or group and its ACL, lets others connect to
 * the pool, then one to three principals (of every shape, PRINCIPAL_SHAPES) connect, open it RO, RW
 * or EX and act; each closes; alice reopens #c0 so the latest handle is hers again.
 */
export function aclBlockArb(ctx: GenContext): fc.Arbitrary<Op[]> {
  const visitArb = fc
    .record({ who: fc.constantFrom(...OTHERS, OWNER, ...PRINCIPALS_BY_SHAPE.invalid.slice(0, 1)), connect: fc.constantFrom('RO', 'RW', 'RW'), open: fc.constantFrom('RO', 'RW', 'RW', 'EX'), actions: actionsArb(ctx) })
    .map(({ who, connect, open, actions }) => [
      op('pool.connect', { pool: '#p0', principal: who, mode: connect }),
      op('cont.open', { poh: -1, cont: '#c0', mode: open }),
      ...actions,
      op('cont.close', { coh: -1 }),
    ]);
  return fc
    .record({
      owner: ownerChangeArb,
      acl: aclChangeArb,
      poolAces: fc.constantFrom(['A::EVERYONE@:rw'], ['A::EVERYONE@:r'], ['A:G:ops@:rw', 'A::dave@:r'], []),
      visits: fc.array(visitArb, { minLength: 1, maxLength: 3 }),
    })
    .map(({ owner, acl, poolAces, visits }) => [
      op('cont.open', { poh: 0, cont: '#c0', mode: 'RW', force: true }),
      ...owner,
      ...acl,
      ...(poolAces.length ? [op('pool.updateAcl', { pool: '#p0', aces: poolAces })] : []),
      ...visits.flat(),
      op('cont.open', { poh: 0, cont: '#c0', mode: 'RW', force: true }),
    ]);
}

/** An `acl` entry of cont.setProps (PROP-5): a list of ACE strings. */
const aclEntry = (...aces: string[]): PropEntry => ['acl', aces];

/**
 * cont.setProps entries (PROP-5..7): label and status (SET_PROP), owner and group (SET_OWNER), acl
 * (SET_ACL), combinations, properties fixed after create (NO_PERM) and invalid values (INVAL). ACLs
 * keep GROUP@ so the owner group (alice's) can still open RW.
 */
export const setPropsEntriesArb = fc.constantFrom<PropEntry[]>(
  [['status', 'HEALTHY']], [['label', 'logs']], [['label', 'home']], [['rd_fac', 1]], [['label', 'bad label!']],
  [['owner', 'bob@']], [['group', 'ops@']], [['owner', 'alice@'], ['group', 'lab@']], [['owner', 'carol@'], ['status', 'HEALTHY']],
  [aclEntry('A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT', 'A::bob@:rwt')], [aclEntry('A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtT', 'A::EVERYONE@:rt')],
  [['label', 'tmp'], aclEntry('A::OWNER@:rwdtTaAo', 'A:G:GROUP@:rwtTaAo')],
  [['owner', 'OWNER@']], [aclEntry()], [aclEntry('A::bob@:q')], [aclEntry('A::OWNER@:rwdtTaAo'), ['rd_fac', 1]], [['group', 'lab@'], ['global_version', 1]],
);

/**
 * setProps and getProps through a fresh handle of chosen mode and pool handle (alice's or bob's), so
 * each capability is both held and withheld (PROP-4, PROP-5); then the handle is closed and a setup
 * container reopened, keeping the latest-handle reference live.
 */
export const propsAccessBlockArb: fc.Arbitrary<Op[]> = fc
  .record({ poh: fc.constantFrom(0, 1, -1), cont: fc.constantFrom('#c0', '#c1'), mode: fc.constantFrom('RO', 'RW', 'RW'), entries: setPropsEntriesArb, all: fc.boolean() })
  .map(({ poh, cont, mode, entries, all }) => [
    op('cont.open', { poh, cont, mode, force: true }),
    op('cont.setProps', { coh: -1, entries }),
    op('cont.getProps', { coh: -1, ...(all ? {} : { names: ['owner', 'group', 'acl'] }) }),
    op('cont.close', { coh: -1 }),
    op('cont.open', { poh: 0, cont, mode: 'RW', force: true }),
  ]);

/** POOL-10: pool attributes through a read-only handle (NO_PERM to write, ok to read), then disconnected. */
export const poolAttrsReadOnlyBlockArb: fc.Arbitrary<Op[]> = fc
  .record({ pool: fc.constantFrom('#p0', '#p1'), principal: fc.constantFrom(...PRINCIPALS), entries: attrEntriesArb, names: attrNamesArb })
  .map(({ pool, principal, entries, names }) => [
    op('pool.connect', { pool, principal, mode: 'RO' }),
    op('pool.setAttrs', { poh: -1, entries }),
    op('pool.getAttrs', { poh: -1, names }),
    op('pool.delAttrs', { poh: -1, names }),
    op('pool.listAttrs', { poh: -1 }),
    op('pool.disconnect', { poh: -1 }),
  ]);

/**
 * CONT-4 and ERR-7 in a pool of their own ('dpool', destroyed at the end): alice creates container
 * 'dv' with an ACL that gives or withholds `d`, with or without a read-side letter, to the owner and
 * to bob; then alice, bob or carol connects RO, RW or EX (EX after alice leaves) and destroys it,
 * with or without force. The pool ACL gives the owner DEL_CONT (`rw`) or not (`rc`), and bob and
 * carol READ only, CREATE_CONT or DEL_CONT. When alice has opened 'dv' first, a forced destroy
 * orphans her two handles, which are then closed (ERR-7: ok once each).
 */
export const destroyAccessBlockArb: fc.Arbitrary<Op[]> = fc
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
      op('pool.create', { owner: OWNER, label: 'dpool', acl: [`A::OWNER@:${ownerPool}`, `A::bob@:${otherPool}`, `A::carol@:${otherPool}`] }),
      op('pool.connect', { pool: 'dpool', principal: OWNER, mode: 'RW' }),
      op('cont.create', { poh: -1, label: 'dv', acl: contAcl }),
      ...(opened ? [op('cont.open', { poh: -1, cont: 'dv', mode: 'RW' }), op('cont.open', { poh: -1, cont: 'dv', mode: 'RO' })] : []),
      ...(mode === 'EX' ? [op('pool.disconnect', { poh: -1 })] : []),
      op('pool.connect', { pool: 'dpool', principal, mode }),
      op('cont.destroy', { poh: -1, cont: 'dv', ...opt('force', force) }),
      ...(opened ? [op('cont.close', { coh: -1 }), op('cont.close', { coh: -1 }), op('cont.open', { poh: 0, cont: '#c0', mode: 'RW', force: true })] : []),
      op('pool.destroy', { pool: 'dpool', force: true, recursive: true }),
    ];
  });

/** Pool ACE permission shapes around ACL-12: each capability alone, read with each, write. */
const POOL_PERMS = ['r', 't', 'c', 'd', 'w', 'rc', 'rd', 'td', 'tc', 'rw', 'rcd'] as const;

/**
 * A pool ACL change, then connects as the principal it names (ACL-12, ACL-14, POOL-4, POOL-8): an
 * ACE for a user or one of their groups with a permission shape of ACL-12, then an RO and an RW
 * connect as that principal; then a container create (CREATE_CONT) or a listing through the
 * latest handle. The random pool-ACL and connect categories rarely name the same principal.
 */
export const poolAclConnectBlockArb: fc.Arbitrary<Op[]> = fc
  .record({
    principal: fc.constantFrom(...OTHERS),
    asGroup: fc.boolean(),
    groupPick: fc.nat(3),
    perms: fc.constantFrom(...POOL_PERMS),
    overwrite: fc.boolean(),
    create: fc.boolean(),
  })
  .map(({ principal, asGroup, groupPick, perms, overwrite, create }) => {
    const ace = asGroup && principal.groups.length > 0 ? `A:G:${principal.groups[groupPick % principal.groups.length]}:${perms}` : `A::${principal.user}:${perms}`;
    return [
      // An overwrite keeps the owner's rw so the rest of the trace can still connect.
      overwrite ? op('pool.overwriteAcl', { pool: '#p0', aces: ['A::OWNER@:rw', ace] }) : op('pool.updateAcl', { pool: '#p0', aces: [ace] }),
      op('pool.connect', { pool: '#p0', principal, mode: 'RO' }),
      op('pool.connect', { pool: '#p0', principal, mode: 'RW' }),
      // No disconnects: after a refused connect, the latest handle (-1) is someone else's.
      create ? op('cont.create', { poh: -1 }) : op('pool.listContainers', { poh: -1 }),
    ];
  });
