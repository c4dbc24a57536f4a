import type { HandlerTable } from '../framework.ts';
import { aclAccessHandlers } from './access-acl.ts';
import { attrAccessHandlers } from './access-attrs.ts';
import { contAccessHandlers } from './access-cont.ts';
import { poolAccessHandlers } from './access-pool.ts';
import { poolPropHandlers } from './access-pool-props.ts';
import { propAccessHandlers } from './access-props.ts';

/**
 * Pool client and pool admin after create, containers, properties, ACLs and attributes (sections
 * 5-10). Owned by the access work.
 */
export const accessHandlers: Partial<HandlerTable> = {
  ...poolAccessHandlers,
  ...poolPropHandlers,
  ...contAccessHandlers,
  ...propAccessHandlers,
  ...aclAccessHandlers,
  ...attrAccessHandlers,
};
