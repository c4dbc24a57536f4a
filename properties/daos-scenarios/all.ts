import { ACL_SCENARIOS } from './acl.ts';
import { ARRAY_SCENARIOS } from './array.ts';
import { CONTAINER_SCENARIOS } from './container.ts';
import { OBJECT_SCENARIOS } from './object.ts';
import { POOL_SCENARIOS } from './pool.ts';
import { TRANSACTION_SCENARIOS } from './transactions.ts';
import type { Scenario } from './scenario.ts';

/** Every DAOS scenario, group by group. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  ...CONTAINER_SCENARIOS,
  ...POOL_SCENARIOS,
  ...ACL_SCENARIOS,
  ...OBJECT_SCENARIOS,
  ...ARRAY_SCENARIOS,
  ...TRANSACTION_SCENARIOS,
];
