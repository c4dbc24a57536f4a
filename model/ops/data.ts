import type { HandlerTable } from '../framework.ts';

/** Objects, keys, arrays, punch, conditions, snapshots, transactions, durability (sections 11-17, 20, 21). */
export const dataHandlers: Partial<HandlerTable> = {};
