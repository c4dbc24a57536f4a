import { OBJ_CLASSES, encodeOid, type Oid, type Principal } from '../contract/index.ts';

/**
 * Small name domains so generated ops collide meaningfully (DESIGN.md): a few principals, pool and
 * container labels, dkeys d0..d7, akeys a0..a3, and a handful of objects per class.
 */
export const PRINCIPALS: readonly Principal[] = [
  { user: 'alice@', groups: ['lab@'] },
  { user: 'bob@', groups: ['lab@', 'ops@'] },
  { user: 'carol@', groups: ['ops@'] },
];

export const POOL_LABELS = ['tank', 'scratch'] as const;
export const CONT_LABELS = ['home', 'data', 'logs', 'tmp'] as const;
export const DKEYS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'] as const;
export const AKEYS = ['a0', 'a1', 'a2', 'a3'] as const;
export const ATTR_NAMES = ['x', 'y', 'z'] as const;

/**
 * Attribute names near ATTR-1's bound of 511 bytes in UTF-8 (rev. 2: bytes, not characters): valid
 * ones of two-, three- and four-byte characters, and the first invalid length of each. The
 * character counts are all well under 511, so a system counting characters accepts every one.
 */
export const LONG_ATTR_NAMES = [
  'é'.repeat(255), // 510 bytes, valid
  `${'é'.repeat(255)}x`, // 511 bytes, valid
  'é'.repeat(256), // 512 bytes (256 characters): INVAL
  '€'.repeat(170), // 510 bytes, valid
  `${'€'.repeat(170)}xy`, // 512 bytes: INVAL
  '😀'.repeat(127), // 508 bytes, valid (254 UTF-16 units)
  '😀'.repeat(128), // 512 bytes: INVAL
  'n'.repeat(511), // 511 bytes, valid
] as const;

/**
 * Pool and container references that are not ids or labels of anything (LABEL-5, section 25):
 * malformed ones (INVAL at step 1) and valid labels that match nothing, the LABEL-3 sentinels
 * included (NONEXIST).
 */
export const BAD_POOL_REFS = ['no pool!', 'pool/0', 'pool_label_not_set', 'lake'] as const;
export const BAD_CONT_REFS = ['no/slash', 'bad label', 'container_label_not_set', 'attic'] as const;

/**
 * The OID that obj.generateOid returns for these arguments, computed here so traces can name
 * objects literally. `groupsX` is what an X class resolves to (OBJ-4), decided by the caller from
 * the topology it generated.
 */
export function oidFor(className: string, objType: number, lo: number, groupsX: number): Oid {
  const cls = OBJ_CLASSES.get(className);
  if (!cls) throw new Error(`unknown class ${className}`);
  const groups = cls.groups === 65535 ? groupsX : cls.groups;
  return encodeOid({ type: objType, code: cls.code, groups, hiUser: 0, lo: BigInt(lo) });
}
