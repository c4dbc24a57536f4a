import fc from 'fast-check';
import { OP_KINDS, type Op } from '../contract/index.ts';
import { pairJoiner } from '../contract/remember.ts';
import type { GenContext } from './generators/context.ts';
import { categoryArb } from './generators/categories.ts';
import { CATEGORIES, type Category } from './swarm.ts';

/**
 * Coverage feedback across the epochs of one campaign (issue 14 item 4). After each epoch the
 * campaign knows which spec rules, model-state labels, op kinds and op pairs its runs reached and
 * how often; `steer` names the categories to boost in the next epoch: those that lead to rules,
 * labels and op kinds reached rarely or never. The boost is a plain list that conform prints with
 * every replay command (`--boost`), so a case found under a boost replays without the epochs before.
 * Deterministic: the same coverage gives the same boost.
 *
 * Does NOT learn from outcomes: the maps from rules and labels to categories are declared here, and
 * the map from op kinds to categories is read off the generators themselves by sampling each category.
 */
export interface Coverage {
  readonly rules: Readonly<Record<string, number>>;
  readonly states: Readonly<Record<string, number>>;
  readonly opKinds: Readonly<Record<string, number>>;
  readonly pairs: Readonly<Record<string, number>>;
}

/** Rule families -> the categories whose ops and blocks the model cites them for. */
const RULE_CATEGORIES: ReadonlyArray<readonly [prefix: string, categories: readonly Category[]]> = [
  ['ACL-', ['aclBlock', 'acl', 'poolAcl', 'invalid']], ['PROP-', ['props', 'aclBlock']], ['ATTR-', ['attrs', 'poolAttrs']],
  ['SNAP-', ['snapshot', 'snapDestroy', 'rollback']], ['TX-', ['txReadWrite', 'multiTx', 'txRace', 'tx']],
  ['COND-', ['objWrite', 'objPunch', 'txRace']], ['KV-', ['objWrite', 'objRead', 'invalid']], ['ARR-', ['objWrite', 'ecGroup', 'invalid']],
  ['PUNCH-', ['objPunch']], ['OBJ-', ['objRead', 'ecGroup', 'invalid']], ['MAP-', ['mapAdmin', 'adminQuery', 'rebuildChain']],
  ['HALT-', ['faultEngine', 'faultNode', 'mapAdmin']], ['RF-', ['adminQuery', 'faultTarget', 'faultEngine']],
  ['FAULT-', ['faultTarget', 'faultEngine', 'faultNode', 'faultRestart', 'faultCorrupt', 'faultDrop']],
  ['DUR-', ['ecGroup', 'rebuildChain', 'adminQuery', 'faultTarget']], ['CSUM-', ['faultCorrupt', 'ecGroup']],
  ['POOL-', ['poolAdmin', 'poolClient', 'poolAcl', 'poolProps', 'poolAttrs']], ['CONT-', ['container', 'contAccess']],
  ['LABEL-', ['container', 'poolProps', 'invalid']], ['ERR-', ['invalid', 'contAccess']],
];

/** Model-state labels (properties/coverage.ts) -> categories that lead there. */
const STATE_CATEGORIES: ReadonlyArray<readonly [prefix: string, categories: readonly Category[]]> = [
  ['tx:', ['multiTx', 'txReadWrite', 'snapDestroy']], ['target:', ['adminQuery', 'mapAdmin']], ['pool:halted', ['faultEngine', 'faultNode']],
  ['container:UNCLEAN', ['adminQuery', 'faultTarget']], ['container:at-risk', ['adminQuery', 'faultEngine']],
  ['container:corrupt', ['faultCorrupt', 'ecGroup']], ['container:has-snapshots', ['snapshot', 'rollback']],
];

/**
 * Rules the model never cites by ID, so no run "reaches" them; each is still checked, structurally.
 * Listed with the reason, so a report can say why they stay unreached.
 */
export const NEVER_CITED_REASONS: Readonly<Record<string, string>> = {
  'ERR-1': 'the result shape of every op (ok or one code): checked on every step, cited as the rule that chose the code',
  'ERR-3': 'ALREADY for a second system.create: the model answers it without citing',
  'ERR-4': 'retries are invisible: checked by comparing outcomes under fault.dropMessages (DUR-5)',
  'ERR-5': 'error precedence: checked through the rule each step cites',
  'ERR-6': 'error names: the contract vocabulary',
  'MAP-3': 'a new pool is all UPIN at version 1: visible through pool.query (MAP-10)',
  'ACL-5': 'non-allow ACEs grant nothing: checked through ACL-10 evaluation',
  'ACL-11': 'the default container ACL: checked through cont.getAcl (ACL-7)',
  'PROP-8': 'property defaults: checked through cont.getProps (PROP-4)',
  'OBJ-2': 'the object type restricts nothing: every op accepts every type',
  'OBJ-3': 'the class table: the contract vocabulary (contract/objclass.ts)',
  'OBJ-8': 'array records are bytes and cells are unobservable: checked by every EC read',
  'ARR-4': 'zeros from an akey without array data: checked by fetches of single-value akeys as arrays',
  'PUNCH-4': 'post-punch visibility: checked by every read after a punch (KV-6)',
  'COND-1': 'the flag vocabulary: cited as COND-2..5 per op',
  'RF-1': 'rd_fac meaning: checked through OBJ-6 and RF-2',
  'FAULT-8': 'generator constraints: applied by the runner (properties/admissible.ts), never an outcome',
  'DUR-4': 'no read differs from the model: checked by every read',
  'DUR-5': 'lost messages are invisible: checked by every op after fault.dropMessages',
  'DUR-6': 'reads after a halt: checked by reads after engine restarts (HALT-5)',
  'CSUM-1': 'checksum sizes: not observable',
  'CSUM-2': 'server-side verification: not observable',
};

/** Which categories generate each op kind, read off the generators by sampling (fixed seed, fixed context). */
let kindCategories: Map<string, Category[]> | null = null;

function categoriesOfKind(kind: string): readonly Category[] {
  if (kindCategories === null) {
    kindCategories = new Map();
    const ctx: GenContext = { targets: 24, ranks: 8, nodes: 8, enginesPerNode: 1, targetsPerEngine: 3, hot: [] };
    for (const category of CATEGORIES) {
      const sampled = fc.sample(categoryArb(category, withHot(ctx)), { seed: 1, numRuns: 30 });
      const kinds = new Set(sampled.flatMap((s) => (Array.isArray(s) ? s : [s])).map((o) => (o.type === 'aim' ? o.fallback.type : o.type)));
      for (const k of kinds) kindCategories.set(k, [...(kindCategories.get(k) ?? []), category]);
    }
  }
  return kindCategories.get(kind) ?? [];
}

function withHot(ctx: GenContext): GenContext {
  const oid = { hi: '2251804108652544', lo: '0' };
  return { ...ctx, hot: [{ spec: { cls: 'RP_2G1', objType: 0, lo: 0 }, oid, k: 0, dkey: 'd0', akey: 'a0' }] };
}

/** Counts below this are "rare" and steer the next epoch. */
const RARE = 3;
/** At most this many categories are boosted at once, so a boost stays a nudge. */
const BOOST_MAX = 6;

export function steer(coverage: Coverage, ruleIds: readonly string[]): Category[] {
  const score = new Map<Category, number>();
  const bump = (cats: readonly Category[], by: number) => { for (const c of cats) score.set(c, (score.get(c) ?? 0) + by); };
  for (const id of ruleIds) {
    if (id in NEVER_CITED_REASONS || (coverage.rules[id] ?? 0) >= RARE) continue;
    bump(RULE_CATEGORIES.find(([prefix]) => id.startsWith(prefix))?.[1] ?? [], coverage.rules[id] ? 1 : 2);
  }
  for (const [prefix, cats] of STATE_CATEGORIES) {
    const reached = Object.entries(coverage.states).filter(([label]) => label.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
    if (reached < RARE) bump(cats, 1);
  }
  for (const kind of OP_KINDS) if ((coverage.opKinds[kind] ?? 0) < RARE * 10) bump(categoriesOfKind(kind), 1);
  return [...score.entries()].sort(([a, x], [b, y]) => y - x || CATEGORIES.indexOf(a) - CATEGORIES.indexOf(b)).slice(0, BOOST_MAX).map(([c]) => c);
}

/** Op pairs (kind of an op, kind of the next) of a literal trace, counted into `pairs`. */
export function countPairs(ops: readonly Op[], pairs: Record<string, number>): void {
  for (let i = 1; i < ops.length; i++) {
    const key = pairKey(ops[i - 1].type, ops[i].type);
    pairs[key] = (pairs[key] ?? 0) + 1;
  }
}

/** `kind>kind`, each pair's string built once: every checked op after the first names one. */
const pairKey = pairJoiner('>');

export function parseBoost(text: string): Category[] {
  const names = text.split(',').filter(Boolean);
  const unknown = names.filter((n) => !(CATEGORIES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown categories: ${unknown.join(', ')} (known: ${CATEGORIES.join(', ')})`);
  return names as Category[];
}
