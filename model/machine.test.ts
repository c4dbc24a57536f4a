import { describe, expect, it } from 'vitest';
import type { Op } from '../contract/index.ts';
import { initialModel, observe, sendOp } from './machine.ts';

const SYSTEM: Op = { type: 'system.create', nodes: 3, enginesPerNode: 1, targetsPerEngine: 1 };

describe('the xstate model machine', () => {
  it('starts in noSystem and MAP-1: a valid system.create moves it to running', () => {
    const start = initialModel();
    expect(start.value).toBe('noSystem');
    const next = sendOp(start, SYSTEM);
    expect(next.value).toBe('running');
    expect(next.context.last?.allowed.map((a) => a.outcome)).toEqual([{ ok: true, value: null }]);
  });

  it('MAP-1: an invalid system.create (a count below 1) stays in noSystem with INVAL', () => {
    const next = sendOp(initialModel(), { ...SYSTEM, nodes: 0 } as Op);
    expect(next.value).toBe('noSystem');
    expect(next.context.last?.allowed.map((a) => a.outcome)).toEqual([{ ok: false, err: 'INVAL' }]);
  });

  it('is pure: stepping does not change the snapshot it was given', () => {
    const start = initialModel();
    const before = JSON.stringify(start.context);
    sendOp(start, SYSTEM);
    expect(JSON.stringify(start.context)).toBe(before);
  });

  it('observe follows the observed outcome, and rejects one that is not allowed (ERR-1)', () => {
    // sendOp only proposes the allowed outcomes; observe commits one, so the system exists after it.
    const withSystem = observe(sendOp(initialModel(), SYSTEM), (o) => o.ok)!;
    expect(withSystem.value).toBe('running');
    const sent = sendOp(withSystem, { type: 'pool.create', owner: { user: 'alice@', groups: ['lab@'] } });
    const followed = observe(sent, (o) => o.ok);
    expect(followed?.context.state.pools).toHaveLength(1);
    expect(observe(sent, (o) => !o.ok && o.err === 'BUSY')).toBeUndefined();
  });
});
