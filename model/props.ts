import { CONT_PROP_NAMES, LIMITS, PROP_ENUMS, POOL_GET_PROP_NAMES, POOL_PROP_NAMES, decodeOid, type PropEntry, type PropValue } from '../contract/index.ts';
import { isNamedPrincipal, parseAcl, type AclRule } from './acl.ts';
import { labelProblem } from './labels.ts';
import { CONT_CAP, type PoolState } from './state.ts';

/**
 * Container and pool properties (spec sections 5 and 9): value validation (PROP-1), create-time
 * rules (PROP-2, POOL-1, POOL-2), defaults and inheritance (PROP-3), which names setProps may
 * change and the capability each needs (PROP-5, PROP-6), and the pool's getProps / setProps
 * arguments (POOL-9). Pure functions; failures return the rule ID to cite.
 * Does NOT check: whether a handle holds a capability (ops/access-props.ts), label uniqueness
 * (LABEL-4, needs the state), owner/group equality with the creator (CONT-1, needs the handle).
 */

export type PropRule =
  | 'PROP-1' | 'PROP-2' | 'PROP-5' | 'PROP-6' | 'PROP-7' | 'POOL-1' | 'POOL-2' | 'POOL-9'
  | 'LABEL-1' | 'LABEL-2' | 'LABEL-3' | AclRule;

/**
 * The value of the pool's `global_version`. Section 24 makes it unobservable; the model stores a
 * value only so that getProps returns something. (choice: DAOS 2.6's pool global version.)
 */
export const POOL_GLOBAL_VERSION = 3;

/** Names kept outside `ContainerState.props` (they have their own fields). */
export const SPECIAL_PROP_NAMES = ['label', 'status', 'acl', 'owner', 'group'] as const;

/** PROP-2: names that may not be supplied at create. */
const CREATE_FORBIDDEN = ['status', 'acl', 'alloc_oid', 'global_version', 'obj_version'];

/**
 * PROP-5 (rev. 2): the names setProps may change, each with the capability it needs (DAOS
 * capas_can_set_prop); every other name of PROP-1 is NO_PERM, except SET_INVAL's, which are INVAL.
 */
const SET_CAPABILITY: Readonly<Record<string, number>> = {
  label: CONT_CAP.SET_PROP,
  status: CONT_CAP.SET_PROP,
  owner: CONT_CAP.SET_OWNER,
  group: CONT_CAP.SET_OWNER,
  acl: CONT_CAP.SET_ACL,
};
const SET_INVAL = ['global_version', 'obj_version'];

const ZERO_OID = { hi: '0', lo: '0' };

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isEnum(value: unknown, values: readonly string[]): value is string {
  return typeof value === 'string' && values.includes(value);
}

/** POOL-2, PROP-1: `ec_cell_sz` in 4096..1048576 and a multiple of 32. */
export function isEcCellSize(value: unknown): value is number {
  return isInt(value, LIMITS.ecCellBytesMin, LIMITS.ecCellBytesMax) && value % LIMITS.ecCellBytesAlign === 0;
}

/** PROP-1 valid-values column (with PROP-3's "0 = inherit" where the table allows it). */
export function isValidPropValue(name: string, value: unknown): boolean {
  const u32 = LIMITS.uint32Max;
  switch (name) {
    case 'label': return labelProblem(value) === null;
    case 'status': return value === 'HEALTHY' || value === 'UNCLEAN'; // PROP-6 narrows setProps to HEALTHY
    case 'acl': return typeof parseAcl(value) !== 'string'; // ACE strings (PROP-5); never a create prop (PROP-2)
    case 'owner': case 'group': return isNamedPrincipal(value);
    case 'rd_fac': return isInt(value, 0, 4);
    case 'rd_lvl': return value === 1 || value === 2;
    case 'cksum': return isEnum(value, PROP_ENUMS.cksum);
    case 'cksum_size': return isInt(value, 1, u32);
    case 'srv_cksum': return isEnum(value, PROP_ENUMS.srv_cksum);
    case 'ec_cell_sz': return value === 0 || isEcCellSize(value);
    case 'ec_pda': case 'rp_pda': return isInt(value, 0, u32);
    case 'perf_domain': return value === 0 || value === 255 || value === 200;
    case 'max_snapshot': case 'layout_version': return isInt(value, 0, u32);
    case 'layout_type': return isEnum(value, PROP_ENUMS.layout_type);
    case 'compression': return isEnum(value, PROP_ENUMS.compression);
    case 'encryption': return isEnum(value, PROP_ENUMS.encryption);
    case 'dedup': return isEnum(value, PROP_ENUMS.dedup);
    case 'dedup_threshold': return isInt(value, 4096, u32);
    case 'scrub_disabled': return value === 0 || value === 1;
    case 'roots': return isRoots(value);
    // (choice) Read-only values have no valid-values column: any value passes step 1, so setProps
    // reaches PROP-5's NO_PERM (alloc_oid) or INVAL (global_version, obj_version) by name.
    case 'alloc_oid': case 'global_version': case 'obj_version': return true;
    default: return false;
  }
}

function isRoots(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 4) return false;
  return value.every(
    (oid) => typeof oid === 'object' && oid !== null && typeof oid.hi === 'string' && typeof oid.lo === 'string' && decodeOid(oid) !== undefined,
  );
}

export function isContPropName(name: unknown): name is string {
  return typeof name === 'string' && (CONT_PROP_NAMES as readonly string[]).includes(name);
}

function isEntry(entry: unknown): entry is PropEntry {
  return Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string';
}

/**
 * Step 1 of cont.create for `props` (PROP-2): every entry known, once, allowed at create and
 * valid. (choice: an empty `props` list is accepted at create, meaning "all defaults".)
 */
export function createPropsProblem(entries: readonly unknown[]): PropRule | null {
  const seen: string[] = [];
  for (const entry of entries) {
    if (!isEntry(entry) || !isContPropName(entry[0])) return 'PROP-2';
    const [name, value] = entry;
    if (seen.includes(name) || CREATE_FORBIDDEN.includes(name)) return 'PROP-2';
    seen.push(name);
    if (!isValidPropValue(name, value)) return name === 'rd_lvl' ? 'PROP-2' : 'PROP-1';
  }
  return null;
}

/** The value of `name` in `entries`, if given. */
export function entryValue(entries: readonly PropEntry[] | undefined, name: string): PropValue | undefined {
  return entries?.find(([n]) => n === name)?.[1];
}

/** Plain copies of the four root OIDs (the stored value must not alias op data). */
function copyRoots(value: PropValue | undefined): PropValue {
  if (!Array.isArray(value)) return [ZERO_OID, ZERO_OID, ZERO_OID, ZERO_OID].map((o) => ({ ...o }));
  return (value as readonly { hi: string; lo: string }[]).map((o) => ({ hi: o.hi, lo: o.lo }));
}

/**
 * PROP-1 defaults and PROP-3 inheritance: the effective stored properties of a new container
 * (every name except label, status, acl, owner, group). Entries must already be valid.
 */
export function initialContainerProps(entries: readonly PropEntry[] | undefined, pool: PoolState): Record<string, PropValue> {
  const given = (name: string) => entryValue(entries, name);
  // PROP-3: inherited when not given or given as 0 (rd_fac: only when not given).
  const inherit = (name: string, poolValue: number): PropValue => {
    const v = given(name);
    return v === undefined || v === 0 ? poolValue : v;
  };
  const or = (name: string, fallback: PropValue): PropValue => given(name) ?? fallback;
  return {
    rd_fac: or('rd_fac', pool.rdFac),
    rd_lvl: or('rd_lvl', 2),
    cksum: or('cksum', 'off'),
    cksum_size: or('cksum_size', 32768),
    srv_cksum: or('srv_cksum', 'off'),
    ec_cell_sz: inherit('ec_cell_sz', pool.ecCellSz),
    ec_pda: inherit('ec_pda', 1),
    rp_pda: inherit('rp_pda', LIMITS.uint32Max),
    perf_domain: inherit('perf_domain', 255),
    max_snapshot: or('max_snapshot', 0),
    layout_type: or('layout_type', 'unknown'),
    layout_version: or('layout_version', 1),
    compression: or('compression', 'off'),
    encryption: or('encryption', 'off'),
    dedup: or('dedup', 'off'),
    dedup_threshold: or('dedup_threshold', 4096),
    scrub_disabled: or('scrub_disabled', 0),
    roots: copyRoots(given('roots')),
    alloc_oid: 0,
    global_version: POOL_GLOBAL_VERSION,
    obj_version: 2,
  };
}

/**
 * Step 1 of cont.setProps (PROP-5, PROP-6, PROP-7): a non-empty list of known names, each once;
 * read-only global_version and obj_version are INVAL; values valid: status only HEALTHY, owner and
 * group named principals (PROP-7), acl a list satisfying ACL-1..6 (ACL-8).
 * (choice: the status value is the string 'HEALTHY'; the version is always stamped by the model.)
 */
export function setPropsProblem(entries: unknown): PropRule | null {
  if (!Array.isArray(entries) || entries.length === 0) return 'PROP-5';
  const seen: string[] = [];
  for (const entry of entries) {
    if (!isEntry(entry) || !isContPropName(entry[0])) return 'PROP-5';
    const [name, value] = entry;
    if (seen.includes(name) || SET_INVAL.includes(name)) return 'PROP-5';
    seen.push(name);
    if (name === 'status') {
      if (value !== 'HEALTHY') return 'PROP-6';
    } else if (name === 'acl') {
      const parsed = parseAcl(value);
      if (typeof parsed === 'string') return parsed;
    } else if (name === 'owner' || name === 'group') {
      if (!isNamedPrincipal(value)) return 'PROP-7';
    } else if (!isValidPropValue(name, value)) return 'PROP-1';
  }
  return null;
}

/**
 * Step 4 of cont.setProps (PROP-5): the capability changing `name` needs, or null for a property
 * fixed after create (NO_PERM whatever the handle holds).
 */
export function setPropCapability(name: string): number | null {
  return Object.prototype.hasOwnProperty.call(SET_CAPABILITY, name) ? SET_CAPABILITY[name] : null;
}

/**
 * POOL-1, POOL-2: pool create properties. Returns the effective rd_fac and ec_cell_sz, or the
 * rule broken. (choice: a duplicated pool property name is INVAL, as PROP-2 rules for containers.)
 */
export function poolCreateProps(entries: unknown, nodes: number): { rdFac: number; ecCellSz: number } | PropRule {
  if (entries === undefined) return { rdFac: 0, ecCellSz: LIMITS.ecCellBytesDefault };
  if (!Array.isArray(entries)) return 'POOL-1';
  let rdFac = 0;
  let ecCellSz: number = LIMITS.ecCellBytesDefault;
  const seen: string[] = [];
  for (const entry of entries) {
    if (!isEntry(entry) || !(POOL_PROP_NAMES as readonly string[]).includes(entry[0]) || seen.includes(entry[0])) return 'POOL-1';
    const [name, value] = entry;
    seen.push(name);
    if (name === 'rd_fac') {
      if (!isInt(value, 0, 4) || value + 1 > nodes) return 'POOL-2';
      rdFac = value;
    } else {
      if (!isEcCellSize(value)) return 'POOL-2';
      ecCellSz = value;
    }
  }
  return { rdFac, ecCellSz };
}

/** PROP-4 (rev. 2, DAOS CONT14): without `names`, getProps returns every property, acl included. */
export function defaultGetPropNames(): string[] {
  return [...CONT_PROP_NAMES];
}

/**
 * Step 1 of cont.getProps and pool.getProps (PROP-4, POOL-9): is a given `names` list malformed?
 * It must be non-empty, of known names, without duplicates. (choice: POOL-9 names only unknown
 * names and PROP-4 nothing; we apply setProps' list rules to both.)
 */
export function getPropNamesProblem(names: unknown, known: readonly string[]): boolean {
  if (names === undefined) return false;
  if (!Array.isArray(names) || names.length === 0) return true;
  return names.some((name, i) => typeof name !== 'string' || !known.includes(name) || names.indexOf(name) !== i);
}

/**
 * Step 1 of pool.setProps (POOL-9): a non-empty list of names pool.getProps reports, each once,
 * with valid values (label: LABEL-1..3; rd_fac and ec_cell_sz: POOL-2's ranges, before step 4
 * refuses them). (choice: owner and group are INVAL, as for an unknown name: DAOS's
 * `dmg pool set-prop` has no such property, and POOL-9's NO_PERM names only rd_fac and ec_cell_sz.)
 */
export function poolSetPropsProblem(entries: unknown): PropRule | null {
  if (!Array.isArray(entries) || entries.length === 0) return 'POOL-9';
  const seen: string[] = [];
  for (const entry of entries) {
    if (!isEntry(entry) || !(POOL_GET_PROP_NAMES as readonly string[]).includes(entry[0]) || seen.includes(entry[0])) return 'POOL-9';
    const [name, value] = entry;
    seen.push(name);
    if (name === 'owner' || name === 'group') return 'POOL-9';
    if (name === 'label') {
      const rule = labelProblem(value);
      if (rule) return rule;
    } else if (name === 'rd_fac' ? !isInt(value, 0, 4) : !isEcCellSize(value)) return 'POOL-2';
  }
  return null;
}

/** Step 4 of pool.setProps (POOL-9): rd_fac and ec_cell_sz were fixed for the existing containers. */
export function poolSetsImmutableProp(entries: readonly PropEntry[]): boolean {
  return entries.some(([name]) => name !== 'label');
}
