import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_CAPABILITIES, DER_NAMES, OP_KINDS, type InvariantScope, type Op, type Outcome, type SystemUnderTest } from '../contract/index.ts';
import { Engine } from '../impl/engine/engine.ts';
import { caseArb } from '../properties/arbitraries.ts';
import { runCaseAsync } from '../properties/conform.ts';
import { swarmArb } from '../properties/swarm.ts';
import { schemaProblem } from './json-schema-check.ts';
import { encodeOutcome, PROTOCOL_VERSION, reviveBytes } from './protocol.ts';

/**
 * docs/adapter-protocol.schema.json against contract/ (op kinds, DER names, the version) and
 * against real traffic: every concrete op the engine is sent and every outcome it gives over a few
 * generated traces, encoded as adapters/protocol.ts does, validates; the bytes encoding round-trips.
 */
const schema = JSON.parse(readFileSync(new URL('../docs/adapter-protocol.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const defs = schema.$defs as Record<string, Record<string, unknown>>;
const wire = (message: unknown): unknown => JSON.parse(JSON.stringify(message));

describe('the adapter protocol schema', () => {
  it('names exactly the op kinds, DER names and version of contract/ and adapters/protocol.ts', () => {
    expect(defs.opKind.enum).toEqual([...OP_KINDS]);
    expect(defs.derName.enum).toEqual([...DER_NAMES]);
    expect(schemaProblem(schema, wire({ type: 'hello', protocol: PROTOCOL_VERSION, name: 'engine', capabilities: ALL_CAPABILITIES }))).toBeNull();
    for (const scope of ['touched', 'full'] satisfies InvariantScope[]) expect(schemaProblem(schema, { type: 'invariants', scope })).toBeNull();
  });

  it('accepts every op sent and every outcome returned over generated engine traces; bytes round-trip', async () => {
    const seen: { op: Op; outcome: Outcome }[] = [];
    const recording = (seed: number): SystemUnderTest => {
      const engine = new Engine({ seed });
      return {
        apply(op) {
          const outcome = engine.apply(op);
          seen.push({ op, outcome });
          return outcome;
        },
        checkInvariants: (scope) => engine.checkInvariants(scope),
      };
    };
    for (const kase of fc.sample(caseArb(swarmArb(), { maxOps: 120 }), { seed: 5, numRuns: 12 })) await runCaseAsync(kase, recording);
    expect(seen.length).toBeGreaterThan(200);
    let bytesSeen = 0;
    for (const { op, outcome } of seen) {
      expect(schemaProblem(schema, wire({ type: 'op', op })), JSON.stringify(op)).toBeNull();
      const encoded = wire({ type: 'outcome', outcome: encodeOutcome(outcome) });
      expect(schemaProblem(schema, encoded), JSON.stringify(encoded).slice(0, 200)).toBeNull();
      const text = JSON.stringify(encoded);
      if (text.includes('"$bytes"')) bytesSeen++;
      // Paired: what the adapter encodes, the client decodes to the same outcome.
      expect((JSON.parse(text, reviveBytes) as { outcome: Outcome }).outcome).toEqual(outcome);
    }
    expect(bytesSeen).toBeGreaterThan(0);
  });

  it('rejects what the client rejects: another version, an unknown error name, bad bytes, a stray field', () => {
    const bad = [
      { type: 'hello', protocol: 'daos-harness-adapter/0', name: 'x', capabilities: ALL_CAPABILITIES },
      { type: 'hello', protocol: PROTOCOL_VERSION, name: 'x', capabilities: { ...ALL_CAPABILITIES, opKinds: ['pool.frobnicate'] } },
      { type: 'outcome', outcome: { ok: false, err: 'EIO' } },
      { type: 'outcome', outcome: { ok: true } },
      { type: 'op', op: { type: 'pool.frobnicate' } },
      { type: 'started', extra: 1 },
      { type: 'invariants', broken: 3 },
      { type: 'invariants' },
      { type: 'invariants', scope: 'some' },
    ];
    for (const message of bad) expect(schemaProblem(schema, wire(message)), JSON.stringify(message)).not.toBeNull();
    expect(schemaProblem(defs.bytes, { $bytes: 'abc' }, defs.bytes)).not.toBeNull();
  });
});
