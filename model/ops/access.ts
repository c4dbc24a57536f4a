import type { HandlerTable } from '../framework.ts';
import { attrAccessHandlers } from './access-attrs.ts';
import { contAccessHandlers } from './access-cont.ts';
import { poolAccessHandlers } from './access-pool.ts';
import { propAccessHandlers } from './access-props.ts';

/** Pool client, containers, properties, ACLs and attributes (sections 5-10). Owned by the access work. */
export const accessHandlers: Partial<HandlerTable> = {
  ...poolAccessHandlers,
  ...contAccessHandlers,
  ...propAccessHandlers,
  ...attrAccessHandlers,
};
