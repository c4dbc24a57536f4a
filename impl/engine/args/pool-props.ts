import { LIMITS, POOL_GET_PROP_NAMES } from '../../../contract/index.ts';
import { isValidLabel } from './labels.ts';

/**
 * Step 1 of the pool property operations after create (POOL-9, rev. 2): which names
 * `pool.getProps` takes, and what `pool.setProps` may be given. Pure; the pool service decides
 * steps 2, 4 and 7.
 */
export type PoolPropName = (typeof POOL_GET_PROP_NAMES)[number];

function isPoolPropName(name: unknown): name is PoolPropName {
  return typeof name === 'string' && (POOL_GET_PROP_NAMES as readonly string[]).includes(name);
}

/**
 * POOL-9: the names to report, or undefined for INVAL. Without names every reported property; a
 * given list must be non-empty, of reported names, without duplicates (section 25).
 */
export function checkPoolGetPropNames(names: unknown): readonly PoolPropName[] | undefined {
  if (names === undefined) return POOL_GET_PROP_NAMES;
  if (!Array.isArray(names) || names.length === 0) return undefined;
  if (!names.every(isPoolPropName) || new Set(names).size !== names.length) return undefined;
  return names;
}

export type PoolSetPropsCheck =
  | { readonly ok: true; readonly label: string | undefined; readonly fixed: boolean }
  | { readonly ok: false };

/**
 * POOL-9 step 1 of pool.setProps: a non-empty list of reported names, each once, with valid values:
 * the label as LABEL-1..3, rd_fac in 0..4 and ec_cell_sz as POOL-2 (both then NO_PERM at step 4:
 * `fixed`). owner and group are INVAL, as an unknown name (section 25: the pool owner is fixed at
 * create, DAOS's dmg has no such property).
 */
export function checkPoolSetProps(entries: unknown): PoolSetPropsCheck {
  if (!Array.isArray(entries) || entries.length === 0) return { ok: false };
  const seen = new Set<string>();
  let label: string | undefined;
  let fixed = false;
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return { ok: false };
    const [name, value] = entry as [unknown, unknown];
    if (!isPoolPropName(name) || seen.has(name)) return { ok: false };
    seen.add(name);
    if (name === 'owner' || name === 'group') return { ok: false };
    if (name === 'label') {
      if (!isValidLabel(value)) return { ok: false };
      label = value;
      continue;
    }
    const v = value as number;
    const valid = name === 'rd_fac'
      ? Number.isInteger(v) && v >= 0 && v <= 4
      : Number.isInteger(v) && v >= LIMITS.ecCellBytesMin && v <= LIMITS.ecCellBytesMax && v % LIMITS.ecCellBytesAlign === 0;
    if (!valid) return { ok: false };
    fixed = true;
  }
  return { ok: true, label, fixed };
}
