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
