import { describe, expect, it } from 'vitest';
import type { Op } from '../contract/index.ts';
import { runLockstep } from './runner.ts';
import { loadSystem } from './systems.ts';

/**
 * Hand-written traces for situations the generators never produce (or produce too rarely), run in
 * lockstep: where the spec is silent, the model and the engine must still make the same choice
 * (docs/semantics.md, section 25).
 */
const ALICE = { user: 'alice@', groups: ['lab@'] };
const SYSTEM: Op = { type: 'system.create', nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 };
const SETUP: Op[] = [
  SYSTEM,
  { type: 'pool.create', owner: ALICE },
  { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
  { type: 'cont.create', poh: 0 },
  { type: 'cont.create', poh: 0 },
  { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
  { type: 'cont.open', poh: 0, cont: '#c1', mode: 'RW' },
];

const CASES: Record<string, Op[]> = {
  'MAP-1: a second system.create is ALREADY; an invalid one INVAL first (ERR-3)': [
    SYSTEM,
    SYSTEM,
    { ...SYSTEM, nodes: 0 } as Op,
  ],
  'SNAP-4, SNAP-6, SNAP-7: a token of another container is not live there': [
    ...SETUP,
    { type: 'snap.create', coh: 0 },
    { type: 'snap.create', coh: 1 },
    { type: 'tx.openSnapshot', coh: 1, token: 1 },
    { type: 'snap.destroy', coh: 1, token: 1 },
    { type: 'cont.rollback', coh: 1, token: 1 },
    { type: 'tx.openSnapshot', coh: 0, token: 1 },
  ],
  'LABEL-3, LABEL-5: sentinels are not labels; a UUID-form name is looked up as an id': [
    ...SETUP,
    { type: 'cont.create', poh: 0, label: 'container_label_not_set' },
    { type: 'cont.create', poh: 0, label: 'pool_label_not_set' },
    { type: 'cont.open', poh: 0, cont: '12345678-1234-1234-1234-123456789abc', mode: 'RO' },
  ],
  'TX-5, TX-8: misuse of a committed, aborted and failed transaction': [
    ...SETUP,
    { type: 'tx.open', coh: 0 },
    { type: 'tx.commit', th: 0 },
    { type: 'tx.commit', th: 0 },
    { type: 'tx.abort', th: 0 },
    { type: 'tx.restart', th: 0 },
    { type: 'tx.open', coh: 0 },
    { type: 'tx.abort', th: 1 },
    { type: 'tx.abort', th: 1 },
    { type: 'tx.close', th: 1 },
    { type: 'tx.close', th: 1 },
  ],
  'COND-3, COND-5, PUNCH-1: invalid flag combinations, and object punch ignores flags': [
    ...SETUP,
    { type: 'obj.update', coh: 0, oid: { hi: '2251804108652544', lo: '1' }, dkey: 'd', iods: [{ akey: 'a', single: { text: 'x' } }], cond: 2 | 4 },
    { type: 'obj.punchDkey', coh: 0, oid: { hi: '2251804108652544', lo: '1' }, dkey: 'd', cond: 2 },
    { type: 'obj.punch', coh: 0, oid: { hi: '2251804108652544', lo: '1' }, cond: 0xfff },
  ],
};

describe('edge cases in lockstep (model and engine agree where the spec is silent)', () => {
  for (const [name, trace] of Object.entries(CASES)) {
    it(name, async () => {
      const engine = await loadSystem('engine');
      const result = runLockstep(trace, { makeImpl: () => engine(1) });
      const detail = result.status === 'diverged' ? `step ${result.divergence.stepIndex}: ${result.divergence.message}` : '';
      expect(result.status, detail).toBe('conforms');
    });
  }
});
