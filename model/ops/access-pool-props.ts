import { POOL_GET_PROP_NAMES, ok, type PropValue } from '../../contract/index.ts';
import { fail, type Handler, type HandlerTable } from '../framework.ts';
import { labelOrSentinel, referenceProblem } from '../labels.ts';
import { getPropNamesProblem, poolSetPropsProblem, poolSetsImmutableProp } from '../props.ts';
import { findPool, ownPool } from '../resolve.ts';
import type { PoolState } from '../state.ts';

/**
 * Pool properties after create (POOL-9, rev. 2): administrator operations, so no handle and no
 * permission; steps 1 (arguments), 2 (pool), 4 (rd_fac, ec_cell_sz fixed: NO_PERM), 7 (label in
 * use). Like every pool admin operation they ignore halt and container health.
 * Does NOT handle: create-time properties (POOL-1, POOL-2: access-pool.ts, props.ts).
 */

/** POOL-9, POOL-1, LABEL-3: the reported value of one pool property. */
function poolPropValue(pool: PoolState, name: string): PropValue {
  switch (name) {
    case 'label': return labelOrSentinel(pool.label, 'pool');
    case 'rd_fac': return pool.rdFac;
    case 'ec_cell_sz': return pool.ecCellSz;
    case 'owner': return pool.owner;
    case 'group': return pool.ownerGroup;
    default: throw new Error(`model invariant: unknown pool property ${name} passed step 1`);
  }
}

/** POOL-9: every reported property without names; an empty, unknown or duplicated list is INVAL. */
const poolGetProps: Handler<'pool.getProps'> = (draft, op, ctx) => {
  if (getPropNamesProblem(op.names, POOL_GET_PROP_NAMES)) return fail(ctx, 'INVAL', 'POOL-9');
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const pool = findPool(draft, op.pool);
  if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5', 'POOL-9');
  const result: Record<string, PropValue> = {};
  for (const name of op.names ?? POOL_GET_PROP_NAMES) result[name] = poolPropValue(pool, name);
  ctx.cite('POOL-9');
  return ok(result);
};

/** POOL-9, LABEL-1..4: only the label changes; a label another pool holds is EXIST. */
const poolSetProps: Handler<'pool.setProps'> = (draft, op, ctx) => {
  const rule = poolSetPropsProblem(op.entries);
  if (rule) return fail(ctx, 'INVAL', rule);
  if (referenceProblem(op.pool)) return fail(ctx, 'INVAL', 'LABEL-5');
  const pool = findPool(draft, op.pool);
  if (!pool) return fail(ctx, 'NONEXIST', 'LABEL-5', 'POOL-9');
  if (poolSetsImmutableProp(op.entries)) return fail(ctx, 'NO_PERM', 'POOL-9');
  const label = op.entries.find(([name]) => name === 'label')?.[1] as string | undefined;
  if (label !== undefined) {
    if (draft.pools.some((p) => p.id !== pool.id && p.label === label)) return fail(ctx, 'EXIST', 'LABEL-4', 'POOL-9');
    ownPool(draft, pool.id).label = label; // LABEL-4: re-setting its own label changes nothing; the old one is free (LABEL-5)
  }
  ctx.cite('POOL-9');
  return ok(null);
};

export const poolPropHandlers: Partial<HandlerTable> = {
  'pool.getProps': poolGetProps,
  'pool.setProps': poolSetProps,
};
