import type { HandlerTable } from '../framework.ts';

/** Pool client, containers, properties, ACLs and attributes (sections 5-10). Owned by the access work. */
export type AccessKinds = never;
export const accessHandlers: Partial<HandlerTable> = {};
