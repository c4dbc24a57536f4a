import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OP_KINDS, type Op } from '../contract/index.ts';
import type { Canonical } from './normalize.ts';
import type { Divergence } from './runner.ts';

/**
 * The corpus case format (JSON), version 1. A case is the literal, shrunk op list, so it stays
 * replayable when generators change; the seed and swarm configuration say where it came from.
 *
 * {
 *   "format": "daos-harness-case/1",
 *   "project": { "name": "...", "version": "0.1.0", "commit": "abc123" | null },
 *   "found": { "by": "conform" | "chaos" | "manual", "seed": 42, "path": "3:1:0" | null,
 *              "swarm": { ...drawn configuration... } | null },
 *   "system": "engine" | "./my-system.ts" | "cmd:python3 adapter.py",  // the --system it was found on
 *   "engineSeed": 7,                                             // seed of the implementation's PRNG
 *   "ops": [ { "type": "system.create", ... }, ... ],           // symbolic trace (properties/symbolic.ts)
 *   "divergence": { "stepIndex": 7, "reason": "outcome", "expected": [...], "actual": ...,
 *                   "rules": ["HALT-1"], "message": "..." } | null,
 *   "signature": "pool.exclude|HALT-1|err:RF->ok" | null
 * }
 */
/** A divergence as stored: reasons are kept as plain strings so older files stay readable. */
export type StoredDivergence = Omit<Divergence, 'op' | 'reason'> & { readonly reason: string };

export const CASE_FORMAT = 'daos-harness-case/1';

export interface CaseFile {
  readonly format: typeof CASE_FORMAT;
  readonly project: { readonly name: string; readonly version: string; readonly commit: string | null };
  readonly found: { readonly by: string; readonly seed: number | null; readonly path: string | null; readonly swarm: unknown };
  /**
   * The --system value the case was found on (properties/systems.ts), which repro uses unless told
   * otherwise. Absent in files written before issue 12: those were found on the engine.
   */
  readonly system?: string;
  readonly engineSeed: number;
  readonly ops: readonly Op[];
  /** The runner's Divergence without the op (the trace already holds it, at `stepIndex`). */
  readonly divergence: StoredDivergence | null;
  readonly signature: string | null;
}

export class CaseFileError extends Error {}

const KNOWN_KINDS: ReadonlySet<string> = new Set(OP_KINDS);

/** Reads and validates a case file; throws CaseFileError with a one-line reason. */
export function readCaseFile(path: string): CaseFile {
  if (!existsSync(path)) throw new CaseFileError(`${path}: no such file`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CaseFileError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateCase(data, path);
}

export function validateCase(data: unknown, where: string): CaseFile {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CaseFileError(`${where}: a case must be a JSON object`);
  const c = data as Record<string, unknown>;
  if (c.format !== CASE_FORMAT) throw new CaseFileError(`${where}: unknown format ${JSON.stringify(c.format)} (expected "${CASE_FORMAT}")`);
  if (c.system !== undefined && (typeof c.system !== 'string' || c.system === '')) throw new CaseFileError(`${where}: "system" must be a non-empty string`);
  if (!Number.isInteger(c.engineSeed)) throw new CaseFileError(`${where}: "engineSeed" must be an integer`);
  if (!Array.isArray(c.ops) || c.ops.length === 0) throw new CaseFileError(`${where}: "ops" must be a non-empty array`);
  c.ops.forEach((op: unknown, i: number) => {
    if (typeof op !== 'object' || op === null) throw new CaseFileError(`${where}: op ${i} is not an object`);
    const type = (op as Record<string, unknown>).type;
    if (typeof type !== 'string' || !KNOWN_KINDS.has(type)) throw new CaseFileError(`${where}: op ${i} has unknown type ${JSON.stringify(type)}`);
  });
  if ((c.ops[0] as Op).type !== 'system.create') throw new CaseFileError(`${where}: the first op must be system.create`);
  return data as CaseFile;
}

/** Writes a file atomically: a temp file in the same directory, then rename. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${process.pid}-${Math.floor(Math.random() * 1e9)}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeCaseFile(path: string, c: CaseFile): void {
  validateCase(c, path);
  writeFileAtomic(path, `${JSON.stringify(c, null, 1)}\n`);
}

/**
 * The rule that names what diverged: the first cited rule outside the context families (TX: the op
 * ran in a transaction; ERR: generic error rules), so the same bug inside and outside a transaction,
 * or before and after shrinking, gets the same signature.
 */
function signatureRule(rules: readonly string[]): string {
  return rules.find((r) => !/^(TX|ERR)-/.test(r)) ?? rules[0] ?? '-';
}

/** A short signature for de-duplication: op kind, first rule, expected vs actual shape. */
export function divergenceSignature(d: NonNullable<CaseFile['divergence']>, op: Op): string {
  const shape = (v: Canonical): string => {
    if (v === null) return 'none';
    if (typeof v === 'object' && !Array.isArray(v)) return 'err' in v ? `err:${String(v.err)}` : 'ok';
    return typeof v;
  };
  return `${op.type}|${signatureRule(d.rules)}|${d.reason}|${d.expected.map(shape).join('/')}->${shape(d.actual)}`;
}

/** The system a case was found on (files from before the field: the engine). */
export function recordedSystem(c: CaseFile): string {
  return c.system ?? 'engine';
}

/** The command that replays a saved case on the system it was found on. */
export function replayCommand(path: string, system: string): string {
  return `npm run repro -- ${shellQuote(path)} --system ${shellQuote(system)}`;
}

/** Quotes a word for a POSIX shell when it needs it, so a printed command can be pasted as is. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
