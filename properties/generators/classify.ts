import { payloadLength, type Iod, type TraceOp } from '../../contract/index.ts';
import { pairJoiner, rememberBounded } from '../../contract/remember.ts';
import { utf8ByteLength } from '../../contract/utf8.ts';
import { aceShapes } from './acls.ts';
import { COND_DOMAINS, condName, DOMAINS, EC_CELL_SIZES } from './domains.ts';
import { specOfOid } from './objects.ts';
import { principalShape } from './principals.ts';

/**
 * Names the declared domain values (domains.ts) a generated op uses, as `domain=value` keys, so a run
 * can count what it generated and list what it never did. Classification reads the op alone.
 */
export type DomainCounts = Record<string, number>;

export function countDomains(ops: readonly TraceOp[], into: DomainCounts): void {
  const add = (domain: string, value: string) => {
    if (value === 'other') return; // a size near no declared boundary: nothing declared to count
    const key = countKey(domain, value);
    into[key] = (into[key] ?? 0) + 1;
  };
  for (const o of ops) classifyOp(o, add);
}

function condDomainOf(kind: string): string {
  let domain = condDomains.get(kind);
  if (domain === undefined) condDomains.set(kind, (domain = `cond:${kind}`));
  return domain;
}

const condDomains = new Map<string, string>();

/** `domain=value`, built once per pair: every generated op names several. */
const countKey = pairJoiner('=');

/** Declared values never generated, as `domain=value` keys in declaration order. */
export function neverGenerated(counts: DomainCounts): string[] {
  return DOMAINS.flatMap((d) => d.values.map((v) => `${d.name}=${v}`)).filter((key) => !(key in counts));
}

export function declaredValueCount(): number {
  return DOMAINS.reduce((n, d) => n + d.values.length, 0);
}

function classifyOp(o: TraceOp, add: (domain: string, value: string) => void): void {
  if (o.type === 'aim') {
    add('aim', o.fault);
    return classifyOp(o.fallback, add);
  }
  if (o.type in COND_DOMAINS) add(condDomainOf(o.type), condName((o as { cond?: number }).cond));
  if ('oid' in o) {
    const spec = specOfOid(o.oid);
    if (spec && o.type !== 'obj.open') add('class', spec.cls);
  }
  if ('dkey' in o) add('key', keyShape(o.dkey));
  switch (o.type) {
    case 'system.create': add('topology:nodes', String(o.nodes)); break;
    case 'obj.update':
      for (const iod of o.iods) classifyIod(iod, o.cond, add);
      break;
    case 'obj.fetch':
      for (const r of o.requests) {
        add('key', keyShape(r.akey));
        if (o.cond && o.cond & 128) add('cond:per-akey-fetch', condName(r.cond));
        if ('ranges' in r) for (const range of r.ranges) add('size', sizeShape(range.length));
      }
      break;
    case 'obj.punchExtents':
      for (const range of o.ranges) add('size', sizeShape(range.length));
      break;
    case 'cont.create':
      for (const [name, value] of o.props ?? []) {
        // Invalid sizes (PROP-2 step-1 invalids such as 4100) are not a declared cell size.
        if (name === 'ec_cell_sz' && (EC_CELL_SIZES as readonly unknown[]).includes(value)) add('ec:cell', String(value));
        if (name === 'rd_fac') add('cont:rd_fac', String(value));
      }
      classifyAces(o.acl ?? [], add);
      if (o.label !== undefined) add('label', labelShape(o.label));
      break;
    case 'pool.create':
      classifyAces(o.acl ?? [], add);
      classifyPrincipal(o.owner, add);
      if (o.label !== undefined) add('label', labelShape(o.label));
      break;
    case 'pool.connect': classifyPrincipal(o.principal, add); break;
    case 'cont.overwriteAcl': case 'cont.updateAcl': case 'pool.overwriteAcl': case 'pool.updateAcl': classifyAces(o.aces, add); break;
    case 'cont.setOwner': add('owner-change', ownerChange(o.user, o.group)); break;
    case 'cont.setProps': {
      const user = o.entries.find(([n]) => n === 'owner')?.[1];
      const group = o.entries.find(([n]) => n === 'group')?.[1];
      if (user !== undefined || group !== undefined) add('owner-change', ownerChange(user, group));
      for (const [name, value] of o.entries) {
        if (name === 'acl' && Array.isArray(value)) classifyAces(value as readonly string[], add);
        if (name === 'label' && typeof value === 'string') add('label', labelShape(value));
      }
      break;
    }
    default: break;
  }
}

function classifyIod(iod: Iod, cond: number | undefined, add: (domain: string, value: string) => void): void {
  add('key', keyShape(iod.akey));
  if (cond && cond & 128) add('cond:per-akey-update', condName(iod.cond));
  if ('single' in iod) add('size', sizeShape(payloadLength(iod.single)));
  else for (const e of iod.extents) add('size', sizeShape(payloadLength(e.data)));
}

function classifyAces(aces: readonly string[], add: (domain: string, value: string) => void): void {
  for (const ace of aces) {
    const shapes = aceShapes(ace);
    if (!shapes) continue;
    add('ace:type', shapes.type);
    add('ace:principal', shapes.principal);
    add('ace:perms', shapes.perms);
  }
}

function classifyPrincipal(p: { user: string; groups: readonly string[] }, add: (domain: string, value: string) => void): void {
  add('principal', principalShape(p) ?? 'invalid');
}

function ownerChange(user: unknown, group: unknown): string {
  const valid = (v: unknown) => typeof v === 'string' && /^[^@]+@[^@]*$/.test(v) && !['OWNER@', 'GROUP@', 'EVERYONE@'].includes(v);
  if ((user !== undefined && !valid(user)) || (group !== undefined && !valid(group))) return 'invalid';
  if (user !== undefined && group !== undefined) return user === 'alice@' ? 'back-to-owner' : 'user-and-group';
  if (user !== undefined) return user === 'alice@' ? 'back-to-owner' : 'user-to-other';
  return group === 'lab@' ? 'back-to-owner' : 'group-to-other';
}

// Shapes are pure functions of their argument and hot keys repeat across a run: remembered.
const keyShape = rememberBounded(judgeKey, 1 << 16);
const sizeShape = rememberBounded(judgeSize, 1 << 16);

function judgeKey(key: string): string {
  const bytes = utf8ByteLength(key);
  const ascii = bytes === key.length;
  if (bytes > 4096) return 'too-long';
  if (bytes === 4096) return ascii ? 'max-ascii' : 'max-non-ascii';
  return ascii ? 'short' : 'non-ascii';
}

const UUID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A label's shape (LABEL_SHAPES), judged from the spec's rules (LABEL-1..3), not from how it was made. */
function labelShape(label: string): string {
  if (label === 'pool_label_not_set' || label === 'container_label_not_set') return 'sentinel';
  if (UUID_FORM.test(label)) return 'uuid-form';
  if ([...label].length > 127) return 'too-long';
  if (/[^\x00-\x7f]/.test(label)) return 'non-ascii';
  if (/[^A-Za-z0-9._:-]/.test(label)) return 'bad-char';
  if (label.length === 127) return 'max';
  return /[._:-]/.test(label) ? 'punctuation' : 'plain';
}

const STRIPES = EC_CELL_SIZES.flatMap((cell) => [2 * cell, 4 * cell]);

/** A length's relation to the declared cell sizes and their stripes of 2 and 4 data cells (exact matches first). */
function judgeSize(length: number): string {
  const stripes = STRIPES;
  for (const cell of EC_CELL_SIZES) {
    if (length === cell - 1) return 'cell-1';
    if (length === cell) return 'cell';
    if (length === cell + 1) return 'cell+1';
  }
  for (const stripe of stripes) {
    if (length === stripe - 1) return 'stripe-1';
    if (length === stripe) return 'stripe';
    if (length === stripe + 1) return 'stripe+1';
  }
  if (stripes.some((stripe) => length % stripe === 0)) return 'multi-stripe';
  return length < 64 ? 'small' : 'other';
}
