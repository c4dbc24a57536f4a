import type { Oid } from './objclass.ts';

/**
 * Container property names and their enumerated values (PROP-1). Validation and mutability are
 * semantics and live on each side; this file only fixes the vocabulary.
 */
export const CONT_PROP_NAMES = [
  'label', 'status', 'acl', 'owner', 'group', 'rd_fac', 'rd_lvl', 'cksum', 'cksum_size', 'srv_cksum',
  'ec_cell_sz', 'ec_pda', 'rp_pda', 'perf_domain', 'max_snapshot', 'layout_type', 'layout_version',
  'compression', 'encryption', 'dedup', 'dedup_threshold', 'scrub_disabled', 'roots', 'alloc_oid',
  'global_version', 'obj_version',
] as const;

export type ContPropName = (typeof CONT_PROP_NAMES)[number];

export const PROP_ENUMS = {
  cksum: ['off', 'crc16', 'crc32', 'crc64', 'sha1', 'sha256', 'sha512', 'adler32'],
  srv_cksum: ['off', 'on'],
  layout_type: ['unknown', 'posix', 'hdf5', 'python', 'spark', 'database', 'root', 'seismic', 'meteo'],
  compression: ['off', 'lz4', 'deflate', 'deflate1', 'deflate2', 'deflate3', 'deflate4'],
  encryption: ['off', 'aes-xts128', 'aes-xts256', 'aes-cbc128', 'aes-cbc192', 'aes-cbc256', 'aes-gcm128', 'aes-gcm256'],
  dedup: ['off', 'memcmp', 'hash'],
} as const;

/** CSUM-1: checksum sizes in bytes per algorithm. */
export const CKSUM_BYTES: Readonly<Record<string, number>> = {
  crc16: 2, crc32: 4, crc64: 8, sha1: 20, sha256: 32, sha512: 64, adler32: 4,
};

export type ContStatus = 'HEALTHY' | 'UNCLEAN';

/** The value `cont.getProps` reports for `status` (PROP-4). */
export interface StatusValue {
  readonly status: ContStatus;
  readonly version: number;
}

/**
 * A property value as given or returned: a number, an enum name or principal/label string, the
 * status object, or the four root OIDs. What `acl` returns is `AclValue` (ACL-7); what
 * `cont.setProps` takes for `acl` is a list of ACE strings (PROP-5, rev. 2).
 */
export type PropValue = number | string | StatusValue | readonly Oid[] | AclValue | readonly string[];

export type PropEntry = readonly [name: string, value: PropValue];

/** `cont.getAcl` result (ACL-7): canonical ACE strings in canonical order. */
export interface AclValue {
  readonly aces: readonly string[];
  readonly owner: string;
  readonly group: string;
}

/** Pool properties accepted at pool.create (POOL-1). */
export const POOL_PROP_NAMES = ['rd_fac', 'ec_cell_sz'] as const;

/** Pool properties `pool.getProps` reports, in this order without `names` (POOL-9, rev. 2). */
export const POOL_GET_PROP_NAMES = ['label', 'rd_fac', 'ec_cell_sz', 'owner', 'group'] as const;
