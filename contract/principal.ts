/**
 * A principal is `{user, groups}` (spec section 0); `groups[0]` is the primary group. Names look like
 * `alice@` or `alice@lab` (ACL-3). Validation belongs to each side (ACL-15), not to the contract.
 */
export interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
}

/** Open/connect modes (POOL-4, CONT-2). Anything else given as a mode is INVAL. */
export type AccessMode = 'RO' | 'RW' | 'EX';

export const ACCESS_MODES: readonly AccessMode[] = ['RO', 'RW', 'EX'];

/** Special ACE principals (ACL-3), exact spelling. */
export const SPECIAL_PRINCIPALS = ['OWNER@', 'GROUP@', 'EVERYONE@'] as const;
