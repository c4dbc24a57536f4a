import { OP_KINDS, SystemError, type InvariantScope, type Op, type OpKind, type Outcome, type SystemCapabilities } from '../contract/index.ts';
import { bytesToHex, hexToBytes } from '../contract/payload.ts';

/**
 * The adapter protocol's messages and value encodings (docs/adapter-protocol.md is the reference;
 * docs/adapter-protocol.schema.json its JSON Schema). One JSON object per line each way.
 *
 *   adapter -> harness  {"type":"hello","protocol":"daos-harness-adapter/1","name":"...","capabilities":{...}}
 *   harness -> adapter  {"type":"start","engineSeed":7}            adapter: {"type":"started"}
 *   harness -> adapter  {"type":"op","op":{...concrete op...}}     adapter: {"type":"outcome","outcome":{...}}
 *                                                                   or       {"type":"threw","message":"..."}
 *   harness -> adapter  {"type":"invariants","scope":"touched"|"full"}  adapter: {"type":"invariants","broken":null|"..."}
 *   harness -> adapter  {"type":"bye"}                              adapter exits 0
 *
 * Ops travel as they are (plain JSON: ids are strings, handles and tokens numbers, payloads
 * {seed,length} | {text} | {hex}). In outcomes, bytes (Uint8Array) travel as {"$bytes":"<hex>"}.
 */
export const PROTOCOL_VERSION = 'daos-harness-adapter/1';

export type ToAdapter =
  | { readonly type: 'start'; readonly engineSeed: number }
  | { readonly type: 'op'; readonly op: Op }
  | { readonly type: 'invariants'; readonly scope: InvariantScope }
  | { readonly type: 'bye' };

export type FromAdapter =
  | { readonly type: 'hello'; readonly protocol: string; readonly name: string; readonly capabilities: SystemCapabilities }
  | { readonly type: 'started' }
  | { readonly type: 'outcome'; readonly outcome: Outcome }
  | { readonly type: 'threw'; readonly message: string }
  | { readonly type: 'invariants'; readonly broken: string | null };

const KNOWN_KINDS: ReadonlySet<string> = new Set(OP_KINDS);

/** Validates declared capabilities; a SystemError names the first problem. */
export function checkCapabilities(data: unknown, where: string): SystemCapabilities {
  if (typeof data !== 'object' || data === null) throw new SystemError(`${where}: capabilities must be an object`);
  const c = data as Record<string, unknown>;
  if (!Array.isArray(c.opKinds) || c.opKinds.some((k) => typeof k !== 'string' || !KNOWN_KINDS.has(k))) {
    const bad = Array.isArray(c.opKinds) ? c.opKinds.find((k) => typeof k !== 'string' || !KNOWN_KINDS.has(k)) : c.opKinds;
    throw new SystemError(`${where}: opKinds must list known op kinds (contract/ops.ts OP_KINDS), got ${JSON.stringify(bad)}`);
  }
  if (!c.opKinds.includes('system.create')) throw new SystemError(`${where}: opKinds must include system.create (every trace starts with it)`);
  for (const flag of ['deterministic', 'invariants', 'placementHook'] as const) {
    if (typeof c[flag] !== 'boolean') throw new SystemError(`${where}: "${flag}" must be true or false`);
  }
  return { opKinds: c.opKinds as OpKind[], deterministic: c.deterministic as boolean, invariants: c.invariants as boolean, placementHook: c.placementHook as boolean };
}

/** An outcome as JSON text: bytes become {"$bytes": hex}. */
export function encodeOutcome(outcome: Outcome): unknown {
  return outcome.ok ? { ok: true, value: encodeValue(outcome.value) } : { ok: false, err: outcome.err };
}

function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: bytesToHex(value) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v);
    return out;
  }
  return value;
}

/** JSON.parse reviver: {"$bytes": hex} back to a Uint8Array. */
export function reviveBytes(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$bytes === 'string' && Object.keys(v).length === 1) return hexToBytes(v.$bytes);
  }
  return value;
}

/** Checks an outcome's shape (not its value: that is the lockstep's job). */
export function isOutcomeShape(data: unknown): data is Outcome {
  if (typeof data !== 'object' || data === null) return false;
  const o = data as Record<string, unknown>;
  if (o.ok === true) return 'value' in o;
  return o.ok === false && typeof o.err === 'string';
}
