import { decodeOid, LIMITS, PROP_ENUMS, CONT_PROP_NAMES, type PropValue } from '../../../contract/index.ts';
import { isValidPrincipalName, parseAceList, type Ace } from './acl.ts';
import { isValidLabel } from './labels.ts';

/**
 * Container property vocabulary: value validation (PROP-1), create-time rules (PROP-2, PROP-3) and
 * setProps arguments and the capability each entry needs (PROP-5..7).
 */
const U32_MAX = LIMITS.uint32Max;

const isInt = (v: unknown, lo: number, hi: number): boolean => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const isEnum = (v: unknown, values: readonly string[]): boolean => typeof v === 'string' && values.includes(v);

function isRoots(v: unknown): boolean {
  if (!Array.isArray(v) || v.length !== 4) return false;
  return v.every((o) => typeof o === 'object' && o !== null && typeof o.hi === 'string' && typeof o.lo === 'string' && decodeOid(o) !== undefined);
}

/** PROP-1 value validity for the properties that have a value domain; undefined = no domain (read-only). */
const VALIDATORS: Readonly<Record<string, (v: unknown) => boolean>> = {
  label: (v) => isValidLabel(v),
  owner: (v) => isValidPrincipalName(v),
  group: (v) => isValidPrincipalName(v),
  rd_fac: (v) => isInt(v, 0, 4),
  rd_lvl: (v) => v === 1 || v === 2,
  cksum: (v) => isEnum(v, PROP_ENUMS.cksum),
  cksum_size: (v) => isInt(v, 1, U32_MAX),
  srv_cksum: (v) => isEnum(v, PROP_ENUMS.srv_cksum),
  ec_cell_sz: (v) => v === 0 || (isInt(v, LIMITS.ecCellBytesMin, LIMITS.ecCellBytesMax) && (v as number) % LIMITS.ecCellBytesAlign === 0),
  ec_pda: (v) => isInt(v, 0, U32_MAX),
  rp_pda: (v) => isInt(v, 0, U32_MAX),
  perf_domain: (v) => v === 0 || v === 255 || v === 200,
  max_snapshot: (v) => isInt(v, 0, U32_MAX),
  layout_type: (v) => isEnum(v, PROP_ENUMS.layout_type),
  layout_version: (v) => isInt(v, 0, U32_MAX),
  compression: (v) => isEnum(v, PROP_ENUMS.compression),
  encryption: (v) => isEnum(v, PROP_ENUMS.encryption),
  dedup: (v) => isEnum(v, PROP_ENUMS.dedup),
  dedup_threshold: (v) => isInt(v, 4096, U32_MAX),
  scrub_disabled: (v) => v === 0 || v === 1,
  roots: isRoots,
};

export function isKnownProp(name: unknown): name is string {
  return typeof name === 'string' && (CONT_PROP_NAMES as readonly string[]).includes(name);
}

/** The pool-level values containers inherit (PROP-3). global_version's value is not observable. */
export interface PoolDefaults {
  readonly rdFac: number;
  readonly ecCellSz: number;
}
export const POOL_GLOBAL_VERSION = 3;

export function defaultProps(pool: PoolDefaults): Map<string, PropValue> {
  const zeroOid = { hi: '0', lo: '0' };
  return new Map<string, PropValue>([
    ['rd_fac', pool.rdFac],
    ['rd_lvl', 2],
    ['cksum', 'off'],
    ['cksum_size', 32768],
    ['srv_cksum', 'off'],
    ['ec_cell_sz', pool.ecCellSz],
    ['ec_pda', 1],
    ['rp_pda', U32_MAX],
    ['perf_domain', 255],
    ['max_snapshot', 0],
    ['layout_type', 'unknown'],
    ['layout_version', 1],
    ['compression', 'off'],
    ['encryption', 'off'],
    ['dedup', 'off'],
    ['dedup_threshold', 4096],
    ['scrub_disabled', 0],
    ['roots', [zeroOid, zeroOid, zeroOid, zeroOid]],
    ['alloc_oid', 0],
    ['global_version', POOL_GLOBAL_VERSION],
    ['obj_version', 2],
  ]);
}

const NOT_AT_CREATE = new Set(['status', 'acl', 'alloc_oid', 'global_version', 'obj_version']);

export interface CreateProps {
  readonly props: Map<string, PropValue>;
  readonly label: string | undefined;
  readonly owner: string | undefined;
  readonly group: string | undefined;
}

/** PROP-2/PROP-3 at create: undefined means INVAL. Owner/group are returned for the caller's CONT-1 check. */
export function parseCreateProps(entries: unknown, pool: PoolDefaults): CreateProps | undefined {
  const props = defaultProps(pool);
  let label: string | undefined;
  let owner: string | undefined;
  let group: string | undefined;
  if (entries === undefined) return { props, label, owner, group };
  if (!Array.isArray(entries)) return undefined;
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const [name, value] = entry as [unknown, unknown];
    if (!isKnownProp(name) || seen.has(name) || NOT_AT_CREATE.has(name)) return undefined;
    seen.add(name);
    const valid = VALIDATORS[name];
    if (!valid || !valid(value)) return undefined;
    if (name === 'label') label = value as string;
    else if (name === 'owner') owner = value as string;
    else if (name === 'group') group = value as string;
    else if (name === 'ec_cell_sz' && value === 0) props.set(name, pool.ecCellSz);
    else if ((name === 'ec_pda' || name === 'perf_domain') && value === 0) {
      /* 0 = inherit: keep the pool's (default) value */
    } else if (name === 'rp_pda' && value === 0) {
      /* 0 = inherit */
    } else props.set(name, value as PropValue);
  }
  return { props, label, owner, group };
}

/** PROP-5 (rev. 2, DAOS capas_can_set_prop): the capability changing a property needs. */
export type SetPropCapability = 'SET_PROP' | 'SET_OWNER' | 'SET_ACL';

const SET_CAPABILITY: Readonly<Record<string, SetPropCapability>> = {
  label: 'SET_PROP',
  status: 'SET_PROP',
  owner: 'SET_OWNER',
  group: 'SET_OWNER',
  acl: 'SET_ACL',
};

/** What a valid setProps call changes; `status` true means "set HEALTHY" (PROP-6). */
export interface SetPropsChanges {
  readonly label?: string;
  readonly status: boolean;
  readonly owner?: string;
  readonly group?: string;
  /** Canonical order (ACL-7), replacing the ACL as cont.overwriteAcl does (ACL-8). */
  readonly acl?: Ace[];
}

export type SetPropsCheck =
  | {
    readonly ok: true;
    /** Per entry, in list order: the capability it needs, or null for a property fixed after create (NO_PERM, step 4). */
    readonly capabilities: readonly (SetPropCapability | null)[];
    readonly changes: SetPropsChanges;
  }
  | { readonly ok: false };

/**
 * Step 1 of cont.setProps (PROP-5..7, rev. 2): a non-empty list of known names, each once;
 * global_version and obj_version are INVAL; values valid: status only the string HEALTHY (PROP-6),
 * owner and group principal names (PROP-7), acl a list of ACE strings satisfying ACL-1..6, every
 * other value per PROP-1 (read-only alloc_oid takes any value and is NO_PERM at step 4).
 */
export function checkSetProps(entries: unknown): SetPropsCheck {
  if (!Array.isArray(entries) || entries.length === 0) return { ok: false };
  const seen = new Set<string>();
  const capabilities: (SetPropCapability | null)[] = [];
  const changes: { label?: string; status: boolean; owner?: string; group?: string; acl?: Ace[] } = { status: false };
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return { ok: false };
    const [name, value] = entry as [unknown, unknown];
    if (!isKnownProp(name) || seen.has(name)) return { ok: false };
    seen.add(name);
    if (name === 'global_version' || name === 'obj_version') return { ok: false };
    if (name === 'status') {
      if (value !== 'HEALTHY') return { ok: false };
      changes.status = true;
    } else if (name === 'acl') {
      const acl = parseAceList(value);
      if (!acl) return { ok: false };
      changes.acl = acl;
    } else if (name === 'label' || name === 'owner' || name === 'group') {
      if (!VALIDATORS[name](value)) return { ok: false };
      changes[name] = value as string;
    } else {
      const valid = VALIDATORS[name];
      if (valid && !valid(value)) return { ok: false };
    }
    capabilities.push(Object.hasOwn(SET_CAPABILITY, name) ? SET_CAPABILITY[name] : null);
  }
  return { ok: true, capabilities, changes };
}
