import fc from 'fast-check';

/**
 * Swarm testing: each run draws which op categories are enabled and their weights, so rare
 * interactions get explored (Groce et al.). The drawn configuration is printed and stored with
 * every failure.
 */
export const CATEGORIES = [
  'poolAdmin', 'poolClient', 'container', 'props', 'acl', 'attrs', 'snapshot', 'objWrite', 'objRead',
  'objPunch', 'tx', 'mapAdmin', 'faultTarget', 'faultEngine', 'faultNode', 'faultRestart', 'faultCorrupt',
  'faultDrop', 'invalid',
  // Spec revision 2: pool ACL, properties and attributes after create (POOL-8..10); container
  // destroy through pool handles of each mode, with orphaned handles closed (CONT-4, ERR-7);
  // transactions racing standalone writers (TX-4, COND-7, the kind clash at commit).
  'poolAcl', 'poolProps', 'poolAttrs', 'contAccess', 'txRace',
  // Interaction blocks on the case's hot keys (issue 14): transactions reading what another writer
  // touches, several transactions at once, snapshot destroy inside a snapshot transaction, rollback
  // then reads of newer keys, owner/group/ACE changes then I/O as several principals, map changes
  // with queries between, an EC group at cell and stripe boundaries hit at chosen shards.
  'txReadWrite', 'multiTx', 'snapDestroy', 'rollback', 'aclBlock', 'adminQuery', 'ecGroup',
  // A write, a hit on its group, a degraded write, rebuild, a second hit, reads (rebuild-blocks.ts).
  'rebuildChain',
] as const;

export type Category = (typeof CATEGORIES)[number];

export interface SwarmConfig {
  /** Weight per category; 0 disables it. */
  readonly weights: Readonly<Record<Category, number>>;
}

/** Default weights when a category is enabled: object I/O dominates, faults are rarer. */
const BASE_WEIGHT: Readonly<Record<Category, number>> = {
  poolAdmin: 1, poolClient: 2, container: 3, props: 2, acl: 2, attrs: 2, snapshot: 3, objWrite: 10, objRead: 8,
  objPunch: 4, tx: 5, mapAdmin: 3, faultTarget: 1, faultEngine: 1, faultNode: 1, faultRestart: 2, faultCorrupt: 1,
  faultDrop: 2, invalid: 1, poolAcl: 1, poolProps: 1, poolAttrs: 2, contAccess: 1, txRace: 2,
  txReadWrite: 2, multiTx: 2, snapDestroy: 1, rollback: 1, aclBlock: 1, adminQuery: 1, ecGroup: 1,
  rebuildChain: 1,
};

/** Always on, so every run does I/O that the other categories can disturb. */
const ALWAYS: ReadonlySet<Category> = new Set(['objWrite', 'objRead']);

/**
 * `boost` (properties/feedback.ts) names categories to favour: enabled three times in four instead
 * of one in two, at two to four times their base weight.
 */
export function swarmArb(boost: readonly Category[] = []): fc.Arbitrary<SwarmConfig> {
  const entries = CATEGORIES.map((c) =>
    ALWAYS.has(c)
      ? fc.integer({ min: 1, max: 3 }).map((m) => [c, BASE_WEIGHT[c] * m] as const)
      : boost.includes(c)
        ? fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 4 }).map((m) => BASE_WEIGHT[c] * m) }).map((w) => [c, w] as const)
        : fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }).map((m) => BASE_WEIGHT[c] * m)).map((w) => [c, w] as const),
  );
  return fc.tuple(...entries).map((pairs) => ({ weights: Object.fromEntries(pairs) as Record<Category, number> }));
}

/** All categories at their base weights: a deterministic configuration for examples. */
export const FULL_SWARM: SwarmConfig = { weights: { ...BASE_WEIGHT } };
