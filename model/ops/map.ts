import type { HandlerTable } from '../framework.ts';

/** System, pool map, halt, RF and faults (sections 3, 4, 18, 19). Owned by the map work. */
export const mapHandlers: Partial<HandlerTable> = {};
