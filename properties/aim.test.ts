import { describe, expect, it } from 'vitest';
import { fallbackOps, type Op, type PlacementInfo, type SystemUnderTest, type TraceOp } from '../contract/index.ts';
import { Engine } from '../impl/engine/engine.ts';
import { isAdmissible } from './admissible.ts';
import { oidFor } from './names.ts';
import { runLockstep, runLockstepAsync } from './runner.ts';

/**
 * Aimed faults (contract/aim.ts): the runner resolves an aim against the system's placement hook,
 * runs the resolved op on both sides and records it in the literal trace; without a hook the aim's
 * fallback runs. The engine's hook (impl/engine/introspect.ts) names one in-cluster shard per
 * member of the dkey's group.
 */
const ALICE = { user: 'alice@', groups: ['lab@'] };
const OID = oidFor('RP_3G1', 0, 1, 1);
const SETUP: Op[] = [
  { type: 'system.create', nodes: 4, enginesPerNode: 2, targetsPerEngine: 2 },
  { type: 'pool.create', owner: ALICE },
  { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
  { type: 'cont.create', poh: 0, props: [['cksum', 'crc32'], ['rd_fac', 1]] },
  { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
  { type: 'obj.update', coh: -1, oid: OID, dkey: 'd0', iods: [{ akey: 'a0', single: { seed: 1, length: 8 } }] },
];
const FALLBACK: Op = { type: 'fault.failTarget', rank: 7, target: 1 };
const aimAt = (fault: 'failTarget' | 'corrupt' | 'exclude', shard: number): TraceOp => ({ type: 'aim', fault, coh: -1, oid: OID, dkey: 'd0', shard, fallback: FALLBACK });

describe('aimed faults', () => {
  it('the engine hook places every shard of an RP_3 group on a distinct in-cluster target', () => {
    let engine: Engine | undefined;
    const setup = runLockstep(SETUP, { makeImpl: () => (engine = new Engine({ seed: 1 })) });
    expect(setup.status).toBe('conforms');
    const [coh] = [...engine!.state.contHandles.keys()];
    const p = engine!.placementOf(coh, OID, 'd0');
    const info = p as PlacementInfo;
    expect(info.shards).toHaveLength(3);
    expect(new Set(info.shards.map((s) => `${s.rank}.${s.target}`)).size).toBe(3);
    for (const s of info.shards) expect(s.rank < 8 && s.target < 2).toBe(true);
    expect(engine!.placementOf(999_999, OID, 'd0')).toBeUndefined();
  });

  it('the runner resolves aims on the engine, records the literal ops, and the literal trace replays the same run', () => {
    const trace: TraceOp[] = [...SETUP, aimAt('corrupt', 0), aimAt('failTarget', 1), { type: 'obj.fetch', coh: -1, oid: OID, dkey: 'd0', requests: [{ akey: 'a0', single: true }] }];
    const make = () => new Engine({ seed: 3 });
    const first = runLockstep(trace, { makeImpl: make, admissible: isAdmissible });
    expect(first.status).toBe('conforms');
    const [corrupt, fail] = first.literal.slice(SETUP.length, SETUP.length + 2);
    expect(corrupt).toMatchObject({ type: 'fault.corrupt', cont: '#c0' });
    expect(fail.type).toBe('fault.failTarget');
    expect(fail).not.toEqual(FALLBACK);
    const again = runLockstep(first.literal, { makeImpl: make, admissible: isAdmissible });
    expect(again.literal).toEqual(first.literal);
  });

  it('a system without the hook runs each aim\'s fallback', () => {
    const engine = () => {
      const e = new Engine({ seed: 3 });
      const plain: SystemUnderTest = { apply: (op) => e.apply(op), checkInvariants: () => e.checkInvariants() };
      return plain;
    };
    const trace: TraceOp[] = [...SETUP, aimAt('exclude', 2)];
    const r = runLockstep(trace, { makeImpl: engine, admissible: isAdmissible });
    expect(r.literal).toEqual(fallbackOps(trace));
  });

  it('a placement hook that throws (a broken implementation) makes the aim take its fallback; the run goes on', async () => {
    const broken = () => {
      const e = new Engine({ seed: 3 });
      const throwing: SystemUnderTest = {
        apply: (op) => e.apply(op),
        checkInvariants: () => e.checkInvariants(),
        placementOf: () => { throw new RangeError('jump hash bucket count 0'); },
      };
      return throwing;
    };
    const trace: TraceOp[] = [...SETUP, aimAt('exclude', 2)];
    const r = runLockstep(trace, { makeImpl: broken, admissible: isAdmissible });
    expect(r.literal).toEqual(fallbackOps(trace));
    const a = await runLockstepAsync(trace, { makeImpl: broken, admissible: isAdmissible });
    expect(a.literal).toEqual(fallbackOps(trace));
  });
});
