import { ACL_SCENARIOS } from './acl.ts';
import { ARRAY_SCENARIOS } from './array.ts';
import { CHECKSUM_SCENARIOS } from './checksum.ts';
import { CONTAINER_SCENARIOS } from './container.ts';
import { MVCC_SCENARIOS } from './mvcc.ts';
import { OBJECT_SCENARIOS } from './object.ts';
import { POOL_SCENARIOS } from './pool.ts';
import { REBUILD_SCENARIOS } from './rebuild.ts';
import type { Scenario } from './scenario.ts';
import { SNAPSHOT_SCENARIOS } from './snapshots.ts';
import { TRANSACTION_SCENARIOS } from './transactions.ts';

/** Every DAOS scenario, group by group. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  ...CONTAINER_SCENARIOS,
  ...POOL_SCENARIOS,
  ...ACL_SCENARIOS,
  ...OBJECT_SCENARIOS,
  ...ARRAY_SCENARIOS,
  ...TRANSACTION_SCENARIOS,
  ...SNAPSHOT_SCENARIOS,
  ...MVCC_SCENARIOS,
  ...CHECKSUM_SCENARIOS,
  ...REBUILD_SCENARIOS,
];
