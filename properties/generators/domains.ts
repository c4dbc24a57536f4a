import { COND, type Op, type TraceOp } from '../../contract/index.ts';
import { rememberBounded } from '../../contract/remember.ts';

/**
 * The value domains of the op fields that matter (issue 14 item 1), declared next to the generators
 * that draw from them. Each domain is a list of named values; generators draw from these lists (so a
 * value cannot be declared and forgotten), and `classifyOp` names the values a generated op uses, so
 * a run can count what it generated and list what it never did. The fixed-seed lockstep test fails
 * when a declared value is never generated (properties/lockstep.test.ts).
 *
 * Conditions are declared per op, valid ones and invalid ones (the model answers INVAL, COND-2..5).
 * Does NOT declare every field: handles, names of the small name domains and payload seeds are
 * covered by construction (properties/names.ts).
 */
const { COND_PUNCH, DKEY_INSERT, DKEY_UPDATE, DKEY_FETCH, AKEY_INSERT, AKEY_UPDATE, AKEY_FETCH, PER_AKEY } = COND;
/** A bit outside COND_ALL: unknown flag, INVAL except on object punch (COND-1, PUNCH-1). */
export const COND_UNKNOWN_BIT = 0x100;

/** Call-level conditions per op kind (COND-2..5, PUNCH-1). 0 is "no condition". */
export const COND_DOMAINS = {
  'obj.update': [
    0, DKEY_INSERT, DKEY_UPDATE, AKEY_INSERT, AKEY_UPDATE, DKEY_INSERT | AKEY_INSERT, DKEY_UPDATE | AKEY_UPDATE,
    DKEY_UPDATE | AKEY_INSERT, DKEY_INSERT | AKEY_UPDATE, PER_AKEY, PER_AKEY | DKEY_UPDATE, PER_AKEY | DKEY_INSERT,
    // invalid (COND-3, COND-4, COND-1)
    COND_PUNCH, DKEY_FETCH, AKEY_FETCH, DKEY_INSERT | DKEY_UPDATE, AKEY_INSERT | AKEY_UPDATE, PER_AKEY | AKEY_UPDATE, COND_UNKNOWN_BIT,
  ],
  'obj.fetch': [
    0, DKEY_FETCH, AKEY_FETCH, DKEY_FETCH | AKEY_FETCH, PER_AKEY, PER_AKEY | DKEY_FETCH,
    // invalid (COND-2, COND-4, COND-1)
    PER_AKEY | AKEY_FETCH, DKEY_INSERT, AKEY_UPDATE, COND_PUNCH, COND_UNKNOWN_BIT,
  ],
  'obj.punchDkey': [0, COND_PUNCH, DKEY_UPDATE, AKEY_FETCH, COND_UNKNOWN_BIT],
  'obj.punchAkeys': [0, COND_PUNCH, AKEY_UPDATE, DKEY_FETCH, COND_UNKNOWN_BIT],
  'obj.punchExtents': [
    0, DKEY_INSERT, DKEY_UPDATE, AKEY_INSERT, AKEY_UPDATE, DKEY_UPDATE | AKEY_UPDATE, PER_AKEY,
    COND_PUNCH, AKEY_FETCH, AKEY_INSERT | AKEY_UPDATE,
  ],
  // PUNCH-1: flags ignored, even invalid combinations.
  'obj.punch': [0, COND_PUNCH, DKEY_INSERT | DKEY_UPDATE, COND_UNKNOWN_BIT],
  // COND-2: listings take no flags.
  'obj.listDkeys': [0, DKEY_FETCH, COND_PUNCH],
  'obj.listAkeys': [0, AKEY_FETCH, DKEY_UPDATE],
} as const satisfies Record<string, readonly number[]>;

export type CondOpKind = keyof typeof COND_DOMAINS;

/** Per-request conditions with PER_AKEY (COND-4): update iods and fetch requests; undefined = none. */
export const PER_AKEY_UPDATE_CONDS: readonly (number | undefined)[] = [undefined, AKEY_INSERT, AKEY_UPDATE, AKEY_FETCH, DKEY_INSERT];
export const PER_AKEY_FETCH_CONDS: readonly (number | undefined)[] = [undefined, AKEY_FETCH, AKEY_INSERT];

export function condName(cond: number | undefined): string {
  return cond ? condNames(cond) : 'none';
}

// Every generated op with conditions is named: a few dozen distinct flag words, remembered.
const condNames = rememberBounded((cond: number): string => {
  const names = Object.entries(COND).filter(([, bit]) => cond & bit).map(([name]) => name);
  if (cond & COND_UNKNOWN_BIT) names.push('UNKNOWN');
  return names.join('|');
}, 1 << 10);

/** ACE type shapes (ACL-2, ACL-4, ACL-5): only `A` grants; audit and alarm need S or F. */
export const ACE_TYPE_SHAPES = ['allow', 'audit-only', 'alarm-only', 'mixed'] as const;
/** ACE principal kinds (ACL-3, ACL-7 order). */
export const ACE_PRINCIPAL_KINDS = ['OWNER@', 'named-user', 'GROUP@', 'named-group', 'EVERYONE@'] as const;
/** Permission shapes (ACL-2, ACL-12, ACL-13): what a grant leaves an open or a connect. */
export const ACE_PERM_SHAPES = ['none', 'read-only', 'write-only', 'read-write', 'create-delete', 'admin-only', 'full'] as const;

/**
 * Principal shapes relative to the resource owner alice@ and owner group lab@ (ACL-10): the owner;
 * the owner's user name with another primary group; a member of the owner group as primary and as
 * a secondary group; an outsider with one group and with several; and invalid principals (ACL-15).
 */
export const PRINCIPAL_SHAPES = ['owner', 'owner-user-other-group', 'owner-group-primary', 'owner-group-secondary', 'outsider', 'outsider-several-groups', 'invalid'] as const;

/** Owner and group changes (PROP-5, cont.setOwner): to someone else, back, both, invalid. */
export const OWNER_CHANGES = ['user-to-other', 'group-to-other', 'user-and-group', 'back-to-owner', 'invalid'] as const;

/** EC classes the generators write, with the redundancy that makes them interesting (p >= 1, groups 1). */
export const EC_CLASSES = ['EC_2P1G1', 'EC_2P2G1', 'EC_4P1G1', 'EC_4P2G1', 'EC_4P3G1', 'EC_2P1G2'] as const;
/** Replicated classes the generators write. */
export const REPLICATED_CLASSES = ['S1', 'S2', 'SX', 'RP_2G1', 'RP_2G2', 'RP_3G1', 'RP_3GX', 'RP_4G1'] as const;
/** EC cell sizes (POOL-2, PROP): the usual, a non-power-of-two multiple of 32, two cells, the default. */
export const EC_CELL_SIZES = [4096, 4128, 8192, 65536] as const;
export const CONT_RD_FACS = [0, 1, 2, 3] as const;
export const NODE_COUNTS = [4, 5, 6, 7, 8] as const;

/** Key shapes (KV-1): short, the 4096-byte maximum in ASCII and in multi-byte UTF-8, one byte over. */
export const KEY_SHAPES = ['short', 'max-ascii', 'non-ascii', 'max-non-ascii', 'too-long'] as const;

/**
 * Label shapes (LABEL-1..3) at create and set-prop: the names in use, the 127-character maximum and
 * one over, every allowed punctuation mark, a refused ASCII character, non-ASCII, the UUID form and
 * the "not set" sentinel.
 */
export const LABEL_SHAPES = ['plain', 'max', 'too-long', 'punctuation', 'bad-char', 'non-ascii', 'uuid-form', 'sentinel'] as const;
export type LabelShape = (typeof LABEL_SHAPES)[number];

/** Payload lengths around cell and stripe boundaries (OBJ-8), for the declared cell sizes. */
export const SIZE_SHAPES = ['small', 'cell-1', 'cell', 'cell+1', 'stripe-1', 'stripe', 'stripe+1', 'multi-stripe'] as const;

/** Faults aimed at data (contract/aim.ts). */
export const AIM_KINDS = ['failTarget', 'failEngine', 'failNode', 'corrupt', 'exclude', 'drain', 'reintegrate', 'dropMessages', 'restartEngine'] as const;

export interface Domain {
  readonly name: string;
  readonly values: readonly string[];
}

export const DOMAINS: readonly Domain[] = [
  ...Object.entries(COND_DOMAINS).map(([kind, conds]) => ({ name: `cond:${kind}`, values: conds.map(condName) })),
  { name: 'cond:per-akey-update', values: PER_AKEY_UPDATE_CONDS.map(condName) },
  { name: 'cond:per-akey-fetch', values: PER_AKEY_FETCH_CONDS.map(condName) },
  { name: 'ace:type', values: ACE_TYPE_SHAPES },
  { name: 'ace:principal', values: ACE_PRINCIPAL_KINDS },
  { name: 'ace:perms', values: ACE_PERM_SHAPES },
  { name: 'principal', values: PRINCIPAL_SHAPES },
  { name: 'owner-change', values: OWNER_CHANGES },
  { name: 'class', values: [...REPLICATED_CLASSES, ...EC_CLASSES] },
  { name: 'ec:cell', values: EC_CELL_SIZES.map(String) },
  { name: 'cont:rd_fac', values: CONT_RD_FACS.map(String) },
  { name: 'topology:nodes', values: NODE_COUNTS.map(String) },
  { name: 'key', values: KEY_SHAPES },
  { name: 'label', values: LABEL_SHAPES },
  { name: 'size', values: SIZE_SHAPES },
  { name: 'aim', values: AIM_KINDS },
];
