import fc from 'fast-check';
import type { Iod, Op, PropEntry, TraceOp } from '../../contract/index.ts';
import { BAD_CONT_REFS, BAD_POOL_REFS } from '../names.ts';
import type { Category } from '../swarm.ts';
import { destroyAccessBlockArb, aclBlockArb, poolAclConnectBlockArb, poolAttrsReadOnlyBlockArb, propsAccessBlockArb, setPropsEntriesArb } from './access-blocks.ts';
import { aceArb, acePrincipal } from './acls.ts';
import { adminQueryBlockArb, ecGroupBlockArb, recoveryBlockArb } from './admin-blocks.ts';
import { op, opt } from './builders.ts';
import type { GenContext } from './context.ts';
import { cohArb, objPunchArb, objReadArb, objWriteArb, thArb } from './data-ops.ts';
import { KEYS_BY_SHAPE, REPLICATED_OBJECTS, oidOf } from './objects.ts';
import { faultCorruptArb, faultDropArb, faultEngineArb, faultNodeArb, faultRestartArb, faultTargetArb, mapAdminArb } from './faults.ts';
import { attrEntriesArb, attrNamesArb, contRefArb, labelArb, labelOfShape, modeArb, pohArb, poolRefArb, tokenArb } from './names-arbs.ts';
import type { LabelShape } from './domains.ts';
import { OWNER, PRINCIPALS_BY_SHAPE, type PrincipalShape } from './principals.ts';
import { contPropsArb } from './setup.ts';
import { rebuildChainBlockArb } from './rebuild-blocks.ts';
import { rollbackBlockArb, snapshotBlockArb, snapshotDestroyBlockArb } from './snapshot-blocks.ts';
import { multiTxBlockArb, overlappingTxBlockArb, txBlockArb, txRaceBlockArb, txReadWriteBlockArb } from './tx-blocks.ts';

/**
 * One swarm category (properties/swarm.ts) -> the ops or blocks it generates. Single ops draw their
 * arguments from the declared domains; blocks (tx-, snapshot-, access-, admin-blocks.ts) make ops
 * meet on the same keys, handles and shards.
 */
export function categoryArb(category: Category, ctx: GenContext): fc.Arbitrary<TraceOp | TraceOp[]> {
  switch (category) {
    case 'poolAdmin':
      return fc.oneof(
        fc.record({ pool: poolRefArb }).map((o) => op('pool.query', o)),
        fc.record({ owner: principalOfShapeArb, label: fc.option(labelArb('pool'), { nil: undefined }) }).map(({ owner, label }) => op('pool.create', { owner, ...opt('label', label) })),
        // Never the first pool: destroying it would leave every later op of a long trace without a handle.
        fc.record({ pool: fc.constantFrom('#p1', '#p2', 'scratch'), force: fc.constantFrom(false, false, true), recursive: fc.boolean() }).map((o) => op('pool.destroy', o)),
      );
    case 'poolClient':
      return fc.oneof(
        fc.record({ pool: poolRefArb, principal: principalOfShapeArb, mode: modeArb }).map((o) => op('pool.connect', o)),
        // Not the first pool handle: every container reopen in a long trace goes through it.
        fc.record({ poh: fc.constantFrom(1, 2, 3, -1) }).map((o) => op('pool.disconnect', o)),
        fc.record({ poh: pohArb }).map((o) => op('pool.listContainers', o)),
      );
    case 'container':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ poh: pohArb, label: fc.option(labelArb('cont'), { nil: undefined }), props: contPropsArb }).map(({ label, ...o }) => op('cont.create', { ...o, ...opt('label', label) })) },
        { weight: 4, arbitrary: fc.record({ poh: pohArb, cont: contRefArb, mode: modeArb, force: fc.boolean() }).map((o) => op('cont.open', o)) },
        // A close comes with a reopen (as applications do), so the latest-handle reference (-1) that most
        // ops use stays live in long traces; a bare close of a stale handle is still generated.
        { weight: 2, arbitrary: fc.record({ coh: cohArb, cont: fc.constantFrom('#c0', '#c1'), mode: fc.constantFrom('RW', 'RW', 'RW', 'RO', 'EX') }).map(({ coh, cont, mode }) => [op('cont.close', { coh }), op('cont.open', { poh: 0, cont, mode, force: true })]) },
        { weight: 1, arbitrary: fc.record({ coh: fc.constantFrom(4, 5, -3) }).map((o) => op('cont.close', o)) },
        // Only containers created after the setup, so long traces keep containers to work on.
        { weight: 1, arbitrary: fc.record({ poh: pohArb, cont: fc.constantFrom('#c3', '#c4', '#c5'), force: fc.constantFrom(false, false, true) }).map((o) => op('cont.destroy', o)) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb }).map((o) => op('cont.query', o)) },
      );
    case 'props':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ coh: cohArb, names: fc.option(fc.subarray(['label', 'status', 'rd_fac', 'cksum', 'owner', 'group', 'acl', 'max_snapshot'], { minLength: 1 }), { nil: undefined }) }).map(({ names, ...o }) => op('cont.getProps', { ...o, ...opt('names', names) })) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb, entries: setPropsEntriesArb }).map((o) => op('cont.setProps', o)) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, user: fc.constantFrom('bob@', 'carol@', 'alice@', 'dave@') }).map((o) => op('cont.setOwner', o)) },
        { weight: 2, arbitrary: propsAccessBlockArb },
      );
    case 'acl':
      return fc.oneof(
        fc.record({ coh: cohArb }).map((o) => op('cont.getAcl', o)),
        fc.record({ coh: cohArb, aces: fc.array(aceArb, { minLength: 1, maxLength: 3 }) }).map((o) => op('cont.updateAcl', o)),
        fc.record({ coh: cohArb, aces: fc.array(aceArb, { minLength: 1, maxLength: 3 }) }).map((o) => op('cont.overwriteAcl', o)),
        fc.record({ coh: cohArb, principal: fc.constantFrom('u:bob@', 'g:ops@', 'EVERYONE@', 'OWNER@', 'GROUP@', 'u:alice@') }).map((o) => op('cont.deleteAcl', o)),
      );
    case 'aclBlock': return aclBlockArb(ctx);
    case 'attrs':
      return fc.oneof(
        fc.record({ coh: cohArb, entries: attrEntriesArb }).map((o) => op('cont.setAttrs', o)),
        fc.record({ coh: cohArb, names: attrNamesArb }).map((o) => op('cont.getAttrs', o)),
        fc.record({ coh: cohArb, names: attrNamesArb }).map((o) => op('cont.delAttrs', o)),
        fc.record({ coh: cohArb }).map((o) => op('cont.listAttrs', o)),
      );
    case 'snapshot':
      return fc.oneof(
        { weight: 3, arbitrary: fc.record({ coh: cohArb }).map((o) => op('snap.create', o)) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb }).map((o) => op('snap.list', o)) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, token: tokenArb }).map((o) => op('snap.destroy', o)) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, token: tokenArb }).map((o) => op('cont.rollback', o)) },
        { weight: 2, arbitrary: fc.record({ coh: cohArb, token: tokenArb }).map((o) => op('tx.openSnapshot', o)) },
        { weight: 4, arbitrary: snapshotBlockArb(ctx) },
      );
    case 'snapDestroy': return snapshotDestroyBlockArb(ctx);
    case 'rollback': return rollbackBlockArb(ctx);
    case 'poolAcl':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ pool: poolRefArb }).map((o) => op('pool.getAcl', o)) },
        { weight: 2, arbitrary: fc.record({ pool: poolRefArb, aces: fc.array(poolAceArb, { minLength: 1, maxLength: 3 }) }).map((o) => op('pool.updateAcl', o)) },
        // The owner keeps `rw` in most overwrites, so long traces can still connect.
        { weight: 1, arbitrary: fc.record({ pool: poolRefArb, aces: fc.uniqueArray(poolAceArb, { minLength: 0, maxLength: 3, selector: acePrincipal }), keepOwner: fc.constantFrom(true, true, true, false) })
          .map(({ keepOwner, aces, ...o }) => op('pool.overwriteAcl', { ...o, aces: keepOwner ? ['A::OWNER@:rw', ...aces.filter((a) => !a.includes('OWNER@'))] : aces })) },
        { weight: 1, arbitrary: fc.record({ pool: poolRefArb, principal: fc.constantFrom('u:bob@', 'u:carol@', 'g:ops@', 'EVERYONE@', 'GROUP@', 'OWNER@', 'bob@') }).map((o) => op('pool.deleteAcl', o)) },
        { weight: 2, arbitrary: poolAclConnectBlockArb },
      );
    case 'poolProps':
      return fc.oneof(
        { weight: 2, arbitrary: fc.record({ pool: poolRefArb, names: fc.option(fc.oneof({ weight: 5, arbitrary: fc.subarray(['label', 'rd_fac', 'ec_cell_sz', 'owner', 'group'], { minLength: 1 }) }, { weight: 1, arbitrary: fc.constantFrom(['acl'], [], ['label', 'label']) }), { nil: undefined }) })
          .map(({ names, ...o }) => op('pool.getProps', { ...o, ...opt('names', names) })) },
        { weight: 1, arbitrary: fc.record({ pool: poolRefArb, entries: fc.constantFrom<PropEntry[]>(
          [['label', 'tank']], [['label', 'scratch']], [['label', 'pond']], [['label', 'bad label']], [['label', 'pool_label_not_set']],
          [['rd_fac', 1]], [['ec_cell_sz', 8192]], [['rd_fac', 9]], [['owner', 'bob@']], [['group', 'ops@']], [['label', 'pond'], ['rd_fac', 0]], [],
        ) }).map((o) => op('pool.setProps', o)) },
      );
    case 'poolAttrs':
      return fc.oneof(
        { weight: 3, arbitrary: fc.record({ poh: pohArb, entries: attrEntriesArb }).map((o) => op('pool.setAttrs', o)) },
        { weight: 2, arbitrary: fc.record({ poh: pohArb, names: attrNamesArb }).map((o) => op('pool.getAttrs', o)) },
        { weight: 1, arbitrary: fc.record({ poh: pohArb, names: attrNamesArb }).map((o) => op('pool.delAttrs', o)) },
        { weight: 1, arbitrary: fc.record({ poh: pohArb }).map((o) => op('pool.listAttrs', o)) },
        { weight: 2, arbitrary: poolAttrsReadOnlyBlockArb },
      );
    case 'contAccess': return destroyAccessBlockArb;
    case 'txRace': return txRaceBlockArb(ctx);
    case 'txReadWrite': return txReadWriteBlockArb(ctx);
    case 'multiTx': return fc.oneof({ weight: 2, arbitrary: multiTxBlockArb(ctx) }, { weight: 1, arbitrary: overlappingTxBlockArb(ctx) });
    case 'objWrite': return objWriteArb(ctx);
    case 'objRead': return objReadArb(ctx);
    case 'objPunch': return objPunchArb(ctx);
    case 'tx':
      return fc.oneof(
        { weight: 4, arbitrary: txBlockArb(ctx) },
        { weight: 1, arbitrary: fc.record({ coh: cohArb, readOnly: fc.boolean() }).map((o) => op('tx.open', o)) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => op('tx.commit', o)) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => op('tx.abort', o)) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => op('tx.restart', o)) },
        { weight: 1, arbitrary: fc.record({ th: thArb }).map((o) => op('tx.close', o)) },
      );
    case 'mapAdmin': return mapAdminArb(ctx);
    case 'adminQuery': return adminQueryBlockArb(ctx);
    case 'rebuildChain': return rebuildChainBlockArb(ctx);
    case 'ecGroup': return ecGroupBlockArb(ctx);
    case 'faultTarget': return faultTargetArb(ctx);
    case 'faultEngine': return faultEngineArb(ctx);
    case 'faultNode': return faultNodeArb(ctx);
    case 'faultRestart':
      return fc.oneof({ weight: 3, arbitrary: faultRestartArb(ctx) }, { weight: 1, arbitrary: recoveryBlockArb(ctx) });
    case 'faultCorrupt': return faultCorruptArb(ctx);
    case 'faultDrop': return faultDropArb(ctx);
    case 'invalid': return invalidArb(ctx);
  }
}

/** Principals of every shape (PRINCIPAL_SHAPES), the owner most often. */
const principalOfShapeArb = fc
  .constantFrom<PrincipalShape>('owner', 'owner', 'owner', 'owner-user-other-group', 'owner-group-primary', 'owner-group-secondary', 'outsider', 'outsider-several-groups', 'invalid')
  .chain((shape) => fc.constantFrom(...PRINCIPALS_BY_SHAPE[shape]));

/**
 * Pool ACEs (POOL-8): the capabilities of ACL-12 (r, t; w, c; w, d), r with d alone for a named user
 * and a named group (an RW connect through delete without create), one invalid letter, audit; and
 * the shaped ones.
 */
const poolAceArb = fc.oneof(
  fc.constantFrom('A::OWNER@:rw', 'A:G:GROUP@:rw', 'A::bob@:r', 'A::bob@:rc', 'A::bob@:rd', 'A:G:ops@:rd', 'A::carol@:rwcd', 'A:G:ops@:rt', 'A::EVERYONE@:r', 'A::bob@:q', 'AU:S:carol@:r', 'A::OWNER@:rc'),
  aceArb,
);

/** Invalid arguments on purpose: step 1 of the rules no valid generated op breaks. */
function invalidArb(ctx: GenContext): fc.Arbitrary<Op> {
  const oid = oidOf(REPLICATED_OBJECTS[0], ctx.targets);
  return fc.oneof(
    fc.constant(op('obj.update', { coh: 0, oid: { hi: '0', lo: '0' }, dkey: '', iods: [{ akey: 'a0', single: { seed: 1, length: 4 } }] })),
    // Every label shape LABEL-1..3 refuses (INVAL), at create and at set-prop.
    fc.constantFrom<LabelShape>('too-long', 'bad-char', 'non-ascii', 'uuid-form', 'sentinel').chain((shape) =>
      fc.constantFrom(op('cont.create', { poh: 0, label: labelOfShape(shape, 'cont') }), op('pool.create', { owner: OWNER, label: labelOfShape(shape, 'pool') }))),
    fc.constant(op('pool.connect', { pool: '#p0', principal: OWNER, mode: 'XX' })),
    fc.constant(op('fault.dropMessages', { rank: 0, target: 0, count: 9 })),
    fc.constant(op('cont.updateAcl', { coh: 0, aces: ['A:G:OWNER@:r'] })),
    fc.constant(op('obj.generateOid', { coh: 0, objType: 3, class: 'S1', lo: 1 })),
    // LABEL-5 (section 25): references of neither UUID nor label syntax, checked before handles.
    fc.constantFrom(...BAD_POOL_REFS).map((pool) => op('pool.connect', { pool, principal: OWNER, mode: 'RO' })),
    fc.constantFrom(...BAD_CONT_REFS).map((cont) => op('cont.open', { poh: 99, cont, mode: 'RO' })),
    fc.constantFrom(...BAD_CONT_REFS).map((cont) => op('cont.destroy', { poh: 0, cont })),
    fc.constantFrom(...BAD_POOL_REFS).map((pool) => op('pool.getProps', { pool })),
    fc.constant(op('pool.setAttrs', { poh: 0, entries: [['', { seed: 1, length: 1 }]] })),
    // ACE syntax and consistency (ACL-1, ACL-3, ACL-4), principals (ACL-15), create-time properties
    // (PROP-2), keys and values (KV-1, KV-2, ARR-1).
    fc.constantFrom(['A:bob@:r'], [`A::${'b'.repeat(320)}@:r`], ['A::bob:r'], ['A::@bob:r'], ['U::bob@:r'], ['A:S:bob@:r'], ['A::GROUP@:r']).map((aces) => op('cont.overwriteAcl', { coh: -1, aces })),
    fc.constantFrom(...PRINCIPALS_BY_SHAPE.invalid).map((principal) => op('pool.connect', { pool: '#p0', principal, mode: 'RO' })),
    fc.constantFrom<PropEntry[]>([['status', 'HEALTHY']], [['alloc_oid', 1]], [['rd_lvl', 3]], [['cksum', 'md5']], [['ec_cell_sz', 4100]]).map((props) => op('cont.create', { poh: 0, props })),
    fc.constantFrom<Iod[]>(
      [{ akey: 'a0', single: { seed: 1, length: 1 } }, { akey: 'a0', single: { seed: 2, length: 1 } }], // KV-1 (DAOS: NO_PERM, a finding)
      [{ akey: 'a0', single: { text: '' } }], // KV-2
      [{ akey: 'a1', extents: [{ offset: 0, data: { seed: 1, length: 8 } }, { offset: 4, data: { seed: 2, length: 8 } }] }], // ARR-1
      [{ akey: KEYS_BY_SHAPE['too-long'][1], single: { seed: 3, length: 2 } }], // KV-1: 4098 bytes in 2049 characters
    ).map((iods) => op('obj.update', { coh: -1, oid, dkey: 'd0', iods })),
    fc.constantFrom(...KEYS_BY_SHAPE['too-long']).map((dkey) => op('obj.fetch', { coh: -1, oid, dkey, requests: [{ akey: 'a0', single: true }] })),
    fc.record({ coh: cohArb, cls: fc.constantFrom('RP_6G1', 'S1', 'RP_2GX', 'EC_2P1G1', 'EC_4P3G1', 'NOPE'), lo: fc.nat(3) }).map(({ coh, cls, lo }) => op('obj.generateOid', { coh, objType: 0, class: cls, lo })),
  );
}
