import {
  OBJ_CLASSES,
  bytesToHex,
  encodeOid,
  expandPayload,
  type DerName,
  type Oid,
  type Op,
  type OpKind,
  type Payload,
  type Principal,
  type PropEntry,
  type PropValue,
} from '../../contract/index.ts';
import type { Canonical } from '../normalize.ts';

/**
 * The DAOS scenario format: DAOS's own tests, transcribed into the project's symbolic trace
 * vocabulary (properties/symbolic.ts) as data, with the outcome DAOS gives at the steps its test
 * (or the code it exercises) establishes.
 *
 * A scenario is a literal op list starting with `system.create` plus `checks` on chosen steps. Each
 * check states DAOS's outcome (`daos`) and, where the spec deliberately differs from DAOS (a rule
 * with "(choice: ...)"), the rule and our outcome (`differs`); where DAOS disagrees with a rule that
 * is explicit (no "(choice"), the rule, our outcome and why (`finding`). The runner
 * (run-scenario.ts) replays the ops on the model and the engine in lockstep and compares the
 * model's outcome at each checked step with DAOS's (or, for a difference or a finding, with ours).
 *
 * Authoring: `scenario({..., steps})` takes ops and `at(op, daos, extra)` items in trace order and
 * derives `ops` and `checks` (step indices) from them, so editing a trace cannot misnumber a check.
 *
 * Nothing here is DAOS code: every trace is written in the project's vocabulary; citations name the
 * DAOS file, the test (name and number) or function, and a line where that helps a reader.
 */

/** Where in daos-stack/daos the scenario comes from. */
export interface DaosSource {
  /** Path inside daos-stack/daos, e.g. `src/tests/suite/daos_container.c`. */
  readonly file: string;
  /** The test (its name and number in the DAOS suite) or the function that establishes the behaviour. */
  readonly test: string;
}

/**
 * An expected outcome, compared with the canonical form of the model's outcome (properties/normalize.ts):
 *  - `'ok'`: any ok value;
 *  - `{ ok: v }`: ok with exactly this value (after canonicalisation: bytes as hex, sets sorted, object keys sorted);
 *  - `{ okWith: { field: v } }`: ok with an object value containing these fields (objects compared the
 *    same way, recursively; arrays and scalars exactly; other fields unchecked);
 *  - `{ err: 'NO_PERM' }`: this error.
 */
export type Expect =
  | 'ok'
  | { readonly ok: Canonical }
  | { readonly okWith: Readonly<Record<string, Canonical>> }
  | { readonly err: DerName };

/**
 * A finding: DAOS disagrees with a rule that states the behaviour explicitly, without a "(choice".
 * The spec is the contract, so the model follows the rule; the finding records DAOS's answer (the
 * check's `daos`), ours, the rule and why, so the difference reaches the spec's authors (the suite
 * prints every finding, and README.md lists them).
 */
export interface Finding {
  /** The rule of docs/semantics.md that we follow here. */
  readonly rule: string;
  /** What the spec (and so the model) answers. */
  readonly ours: Expect;
  /** What DAOS does and why, in a sentence or two a spec author can act on. */
  readonly why: string;
}

/** A deliberate difference from DAOS: the spec rule whose "(choice: ...)" explains it, and our outcome. */
export interface Difference {
  /** A rule ID of docs/semantics.md whose text carries the "(choice: ...)". */
  readonly rule: string;
  /** What the spec (and so the model) answers instead. */
  readonly ours: Expect;
  /** One sentence a reader can follow without opening the spec. */
  readonly why: string;
}

export interface Check {
  /** Index into `ops`. */
  readonly step: number;
  /** DAOS's outcome at this step. */
  readonly daos: Expect;
  /** Where DAOS's outcome is established, when that is not the scenario's source test itself (file:line, function). */
  readonly cite?: string;
  /** How the DAOS test's observation maps to ours, when that needs saying (buffers, sizes, fault injection). */
  readonly note?: string;
  /** The spec deliberately differs from DAOS here: the model must give `differs.ours`. */
  readonly differs?: Difference;
  /**
   * The spec allows a set of outcomes here (ERR-5: DUR-3, CSUM-4) and DAOS's is one of them: the model
   * must allow DAOS's outcome, possibly among others. Without it the model must allow exactly one.
   */
  readonly among?: true;
  /** DAOS disagrees with an explicit rule (no "(choice"): the model must give `finding.ours`. */
  readonly finding?: Finding;
}

export type GroupName =
  | 'container' | 'pool' | 'acl' | 'object' | 'array' | 'transactions' | 'snapshots' | 'mvcc' | 'checksum' | 'rebuild';

export interface Scenario {
  /** Unique, short: the DAOS test id where there is one (CONT20, DTX13, VOS860-a). */
  readonly id: string;
  readonly group: GroupName;
  readonly title: string;
  readonly source: DaosSource;
  /** Exercises a rule changed or added by spec revision 2 (the model and engine may still be at revision 1). */
  readonly rev2?: true;
  /** Spec rules the checks exercise (documentation; a reader's index into docs/semantics.md). */
  readonly rules: readonly string[];
  readonly ops: readonly Op[];
  readonly checks: readonly Check[];
  /** Seed of the engine's PRNG (default 1). */
  readonly engineSeed?: number;
}

// ---------------------------------------------------------------- authoring

/** A checked step while authoring: the op and what DAOS answers there. */
export interface CheckedStep extends Omit<Check, 'step'> {
  readonly op: Op;
}

export type Step = Op | CheckedStep;

function isChecked(step: Step): step is CheckedStep {
  return 'op' in step && 'daos' in step;
}

/** A checked step: `op`, at which DAOS answers `daos`. */
export function at(op: Op, daos: Expect, extra: Omit<CheckedStep, 'op' | 'daos'> = {}): CheckedStep {
  return { op, daos, ...extra };
}

export interface ScenarioSpec extends Omit<Scenario, 'ops' | 'checks'> {
  readonly steps: readonly (Step | readonly Step[])[];
}

/** Builds a scenario from steps in trace order (nested arrays, e.g. a shared setup prefix, are flattened). */
export function scenario(spec: ScenarioSpec): Scenario {
  const ops: Op[] = [];
  const checks: Check[] = [];
  for (const item of spec.steps.flat() as Step[]) {
    if (isChecked(item)) {
      const { op, ...check } = item;
      checks.push({ step: ops.length, ...check });
      ops.push(op);
    } else {
      ops.push(item);
    }
  }
  const { steps: _steps, ...rest } = spec;
  return { ...rest, ops, checks };
}

/** Op kinds introduced by spec revision 2 (section 1, "rev. 2" rows). */
export const REV2_OP_KINDS: ReadonlySet<OpKind> = new Set<OpKind>([
  'pool.getAcl', 'pool.overwriteAcl', 'pool.updateAcl', 'pool.deleteAcl', 'pool.getProps', 'pool.setProps',
  'pool.setAttrs', 'pool.getAttrs', 'pool.delAttrs', 'pool.listAttrs',
]);

// ---------------------------------------------------------------- vocabulary helpers

/** The user a DAOS test runs as (geteuid/getegid): owner of the pools and containers it creates. */
export const ALICE: Principal = { user: 'alice@', groups: ['lab@'] };
/** A second user, in none of ALICE's groups. */
export const BOB: Principal = { user: 'bob@', groups: ['dev@'] };

export function system(nodes: number, enginesPerNode = 1, targetsPerEngine = 2, poolRf?: number): Op {
  return poolRf === undefined
    ? { type: 'system.create', nodes, enginesPerNode, targetsPerEngine }
    : { type: 'system.create', nodes, enginesPerNode, targetsPerEngine, poolRf };
}

export interface SetupOptions {
  readonly sys?: Op;
  readonly poolAcl?: readonly string[];
  readonly poolProps?: readonly PropEntry[];
  readonly contProps?: readonly PropEntry[];
  readonly contAcl?: readonly string[];
  readonly contLabel?: string;
  /** Open the container this way (default RW); `null` leaves it unopened. */
  readonly contMode?: 'RO' | 'RW' | 'EX' | null;
}

/**
 * The DAOS suite's usual fixture (test_setup up to SETUP_CONT_CONNECT, daos_test_common.c): ALICE
 * creates pool #p0, connects RW (poh 0), creates container #c0 and opens it RW (coh 0).
 */
export function setup(o: SetupOptions = {}): Op[] {
  const pool: Op = { type: 'pool.create', owner: ALICE, ...(o.poolAcl ? { acl: o.poolAcl } : {}), ...(o.poolProps ? { props: o.poolProps } : {}) };
  const cont: Op = {
    type: 'cont.create', poh: 0,
    ...(o.contLabel ? { label: o.contLabel } : {}), ...(o.contProps ? { props: o.contProps } : {}), ...(o.contAcl ? { acl: o.contAcl } : {}),
  };
  const ops: Op[] = [o.sys ?? system(4), pool, { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' }, cont];
  if (o.contMode !== null) ops.push({ type: 'cont.open', poh: 0, cont: '#c0', mode: o.contMode ?? 'RW' });
  return ops;
}

/**
 * A literal OID of class `cls` (OBJ-1, OBJ-3) with user bits `lo`. Fixed group counts only: GX is
 * resolved by `obj.generateOid` and has no literal OID.
 */
export function oid(cls: string, lo: number, objType = 0): Oid {
  const c = OBJ_CLASSES.get(cls);
  if (!c || cls.endsWith('GX') || cls === 'SX') throw new Error(`oid(): ${cls} is not a class with a fixed group count`);
  return encodeOid({ type: objType, code: c.code, groups: c.groups, hiUser: 0, lo: BigInt(lo) });
}

export const text = (s: string): Payload => ({ text: s });
export const seeded = (seed: number, length: number): Payload => ({ seed, length });
export const hexOf = (p: Payload): string => bytesToHex(expandPayload(p));
export const zeros = (length: number): string => '00'.repeat(length);
export const fill = (ch: string, length: number): Payload => ({ text: ch.repeat(length) });

/** A fetch entry for a single value (null = none, KV-5). */
export const single = (p: Payload | null): Canonical => ({ single: p === null ? null : hexOf(p) });
/** A fetch entry for an array request: one hex block per range. */
export const ranges = (...hex: string[]): Canonical => ({ ranges: hex });
/** `obj.fetch` ok value. */
export const fetched = (...entries: Canonical[]): Expect => ({ ok: entries });

/** A set result (listings, attribute names): sorted as properties/normalize.ts sorts sets. */
export function keys(...names: string[]): Expect {
  return { ok: [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
}

/** `cont.getAttrs` / `pool.getAttrs` ok value, request order, null for a missing name. */
export const attrValues = (...values: (Payload | null)[]): Expect => ({ ok: values.map((v) => (v === null ? null : hexOf(v))) });

export const err = (name: DerName): Expect => ({ err: name });

/**
 * A `cont.setProps` entry for `acl` (PROP-5, rev. 2: the value is a list of ACE strings). The
 * contract's PropValue has no string-list member yet, hence the cast; the op is plain JSON either way.
 */
export const aclProp = (...aces: string[]): PropEntry => ['acl', aces as unknown as PropValue];
export const OK: Expect = 'ok';
