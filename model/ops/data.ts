import type { HandlerTable } from '../framework.ts';
import { objHandlers } from './data-obj.ts';
import { snapHandlers } from './data-snap.ts';
import { txHandlers } from './data-tx.ts';

/** Objects, keys, arrays, punch, conditions, snapshots, transactions, durability (sections 11-17, 20, 21). */
export const dataHandlers: Partial<HandlerTable> = { ...objHandlers, ...snapHandlers, ...txHandlers };
