import { COND } from '../../contract/index.ts';
import type { Bug } from '../bug.ts';
import { ALICE, BOB, CAROL, get, put, RP2, setup, SYSTEM } from './kit.ts';

const DAVE = { user: 'dave@', groups: ['ops@', 'lab@'] };
const file = (name: string) => `impl/engine/args/${name}.ts`;
const pool = (acl: string[]) => ({ type: 'pool.create' as const, owner: ALICE, acl });
const connect = (principal: typeof ALICE, mode = 'RW') => ({ type: 'pool.connect' as const, pool: '#p0', principal, mode });

/** Bugs in impl/engine/args: ACE parsing and evaluation, key and label limits, condition flags. */
export const ARGS_BUGS: readonly Bug[] = [
  {
    id: 'acl-group-first-only',
    area: 'engine/args',
    file: file('acl'),
    find: '(ace.kind === KIND_GROUP_SPECIAL && p.groups.includes(ownerGroup)) || (ace.kind === KIND_GROUP && p.groups.includes(ace.name));',
    replace: '(ace.kind === KIND_GROUP_SPECIAL && p.groups[0] === ownerGroup) || (ace.kind === KIND_GROUP && p.groups.includes(ace.name));',
    description: 'GROUP@ matches only when the owner group is the principal\'s primary group, not a secondary one (ACL-10 step 3)',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, connect(DAVE), { type: 'cont.create', poh: 0 }, { type: 'pool.listContainers', poh: 0 }],
  },
  {
    id: 'acl-owner-by-group',
    area: 'engine/args',
    file: file('acl'),
    find: 'if (p.user === owner) {',
    replace: 'if (p.user === owner || p.groups.includes(ownerGroup)) {',
    description: 'the OWNER@ entry is applied to members of the owner group, checking the wrong principal (ACL-10 step 1)',
    trace: [SYSTEM, pool(['A::OWNER@:rw', 'A:G:GROUP@:r']), connect(BOB), connect(BOB, 'RO'), { type: 'pool.disconnect', poh: 0 }],
  },
  {
    id: 'acl-audit-grants',
    area: 'engine/args',
    file: file('acl'),
    find: 'const granted = (ace: Ace) => ((ace.types & TYPE_BITS.A) !== 0 ? ace.perms : 0);',
    replace: 'const granted = (ace: Ace) => ((ace.types & (TYPE_BITS.A | TYPE_BITS.U)) !== 0 ? ace.perms : 0);',
    description: 'an audit (U) entry grants its permissions as if it were an allow entry (ACL-10)',
    trace: [SYSTEM, pool(['A::OWNER@:rw', 'U:S:carol@:rw']), connect(CAROL), connect(CAROL, 'RO'), connect(ALICE)],
  },
  {
    id: 'acl-allow-with-success-flag',
    area: 'engine/args',
    file: file('acl'),
    find: 'if (auditOrAlarm !== successOrFailure) return undefined;',
    replace: 'if (auditOrAlarm && !successOrFailure) return undefined;',
    description: 'an allow entry carrying the S or F flag is accepted: the check runs one way only (ACL-2)',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, { type: 'pool.updateAcl', pool: '#p0', aces: ['A:S:carol@:r'] }, { type: 'pool.getAcl', pool: '#p0' }, connect(CAROL, 'RO')],
  },
  {
    id: 'acl-merge-first-entry',
    area: 'engine/args',
    file: file('acl'),
    find: 'if (at >= 0) out[at] = u;',
    replace: 'if (at > 0) out[at] = u;',
    description: 'updateAcl cannot replace the first entry (index 0) and appends a duplicate instead (ACL-8)',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, { type: 'pool.updateAcl', pool: '#p0', aces: ['A::OWNER@:r'] }, { type: 'pool.getAcl', pool: '#p0' }, connect(ALICE)],
  },
  {
    id: 'acl-empty-group-falls-through',
    area: 'engine/args',
    file: file('acl'),
    find: 'if (matchedGroup) return groupPerms;',
    replace: 'if (groupPerms !== 0) return groupPerms;',
    description: 'a matching group entry granting nothing falls through to EVERYONE@ instead of deciding (ACL-10 step 3)',
    trace: [SYSTEM, pool(['A::OWNER@:rw', 'U:GS:ops@:rw', 'A::EVERYONE@:rw']), connect(CAROL), connect(CAROL, 'RO'), connect(ALICE)],
  },
  {
    id: 'key-length-in-chars',
    area: 'engine/args',
    file: file('object-args'),
    find: 'return keyByteLength(key) <= LIMITS.keyBytesMax;',
    replace: 'return key.length <= LIMITS.keyBytesMax;',
    description: 'key length is checked in UTF-16 units, not UTF-8 bytes: a 4098-byte non-ASCII dkey is accepted (KV-1)',
    trace: [...setup(), put('a', 'x', { dkey: 'é'.repeat(2049) }), put('a', 'y', { dkey: 'é'.repeat(2048) }), get('a', { dkey: 'é'.repeat(2048) })],
  },
  {
    id: 'extents-adjacent-overlap',
    area: 'engine/args',
    file: file('object-args'),
    find: 'for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].offset + sorted[i - 1].length > sorted[i].offset) return false;',
    replace: 'for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].offset + sorted[i - 1].length >= sorted[i].offset) return false;',
    description: 'adjacent extents of one update (end == next offset) are refused as overlapping (ARR-1 boundary)',
    trace: [...setup(), { type: 'obj.update', coh: 0, oid: RP2, dkey: 'd', iods: [{ akey: 'a', extents: [{ offset: 0, data: { text: 'abcd' } }, { offset: 4, data: { text: 'efgh' } }] }] }, { type: 'obj.fetch', coh: 0, oid: RP2, dkey: 'd', requests: [{ akey: 'a', ranges: [{ offset: 2, length: 4 }] }] }],
  },
  {
    id: 'per-akey-with-call-flags',
    area: 'engine/args',
    file: file('object-args'),
    find: '    if (hasFlag(cond, COND.AKEY_INSERT | COND.AKEY_UPDATE)) return false;',
    replace: '    if (hasFlag(cond, COND.AKEY_INSERT) && hasFlag(cond, COND.AKEY_UPDATE)) return false;',
    description: 'PER_AKEY together with a call-level AKEY_INSERT or AKEY_UPDATE is accepted instead of INVAL (COND-4)',
    trace: [...setup(), put('a', 'x', { cond: COND.PER_AKEY | COND.AKEY_INSERT }), get('a'), put('a', 'y'), get('a')],
  },
  {
    id: 'label-max-off-by-one',
    area: 'engine/args',
    file: file('labels'),
    find: 'if (label.length < 1 || label.length > LIMITS.labelCharsMax) return false;',
    replace: 'if (label.length < 1 || label.length >= LIMITS.labelCharsMax) return false;',
    description: 'a label of exactly 127 characters is refused (LABEL-1 bound off by one)',
    trace: [...setup().slice(0, 3), { type: 'cont.create', poh: 0, label: 'L'.repeat(127) }, { type: 'cont.open', poh: 0, cont: 'L'.repeat(127), mode: 'RW' }, { type: 'pool.listContainers', poh: 0 }],
  },
];
