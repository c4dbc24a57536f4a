/** Size and range limits fixed by the spec. Units last in names. */
export const LIMITS = {
  /** KV-1: keys are non-empty byte strings of at most this many bytes. */
  keyBytesMax: 4096,
  /** KV-2: single values are 1..this many bytes. */
  singleValueBytesMax: 1_048_576,
  /** ARR-1/ARR-3: offset + length of an extent or range must not exceed 2^63. */
  extentEndMax: 2 ** 63,
  /** LABEL-1 */
  labelCharsMax: 127,
  /** ATTR-1..3 (rev. 2): an attribute name has 1..511 bytes in UTF-8. */
  attrNameBytesMax: 511,
  /** ACL-1 */
  aceCharsMax: 319,
  /** ACL-3 */
  principalNameCharsMax: 255,
  /** ACL-6: encoded size of an ACL. */
  aclEncodedBytesMax: 65_536,
  /** ACL-6: fixed encoded bytes per ACE, before the principal name. */
  aceEncodedBytesFixed: 32,
  /** FAULT-6 */
  dropMessagesCountMax: 3,
  /** MAP-1 */
  poolRfMax: 4,
  poolRfDefault: 2,
  /** POOL-2 */
  ecCellBytesMin: 4096,
  ecCellBytesMax: 1_048_576,
  ecCellBytesDefault: 65_536,
  ecCellBytesAlign: 32,
  /** OBJ-5 */
  groupCountMax: 65_534,
  /** OBJ-3: GX is stored as this group count before resolution. */
  groupCountX: 65_535,
  uint32Max: 0xffff_ffff,
} as const;

/** Sentinels meaning "no label" (LABEL-3). */
export const CONTAINER_LABEL_NOT_SET = 'container_label_not_set';
export const POOL_LABEL_NOT_SET = 'pool_label_not_set';
