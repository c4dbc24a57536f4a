import type { Bug } from '../bug.ts';
import { ALICE, put, setup, SYSTEM } from './kit.ts';

const file = 'impl/engine/invariants/engine-invariants.ts';

/** Bugs in impl/engine/invariants: checkers that reject legal states (a false alarm is a divergence). */
export const INVARIANTS_BUGS: readonly Bug[] = [
  {
    id: 'inv-open-event-on-up',
    area: 'engine/invariants',
    file,
    find: "if (e.closedAt === null && states[e.target] !== 'DOWN' && states[e.target] !== 'UP') fail(`open failure event on ${states[e.target]} target ${e.target}`);",
    replace: "if (e.closedAt === null && states[e.target] !== 'DOWN') fail(`open failure event on ${states[e.target]} target ${e.target}`);",
    description: 'the checker forgets that a target reintegrated before rebuild (UP) still has an open failure event (MAP-7)',
    trace: [SYSTEM, { type: 'pool.create', owner: ALICE }, { type: 'pool.exclude', pool: '#p0', rank: 1 }, { type: 'pool.reintegrate', pool: '#p0', rank: 1 }, { type: 'pool.query', pool: '#p0' }],
  },
  {
    id: 'inv-placement-drain',
    area: 'engine/invariants',
    file,
    find: "if (states[t] !== 'UPIN' && states[t] !== 'DRAIN') fail(`placement chose ${states[t]} target ${t}`);",
    replace: "if (states[t] !== 'UPIN') fail(`placement chose ${states[t]} target ${t}`);",
    description: 'the checker rejects placement on draining targets, which still serve data (drain taken for exclude)',
    trace: [...setup(), put('a', 'x'), ...[0, 1, 2, 3].map((rank) => ({ type: 'pool.drain' as const, pool: '#p0', rank }))],
  },
  {
    id: 'inv-partial-replicas-compared',
    area: 'engine/invariants',
    file: 'impl/engine/invariants/copies.ts',
    find: 'return from === 0 && isReadable(s, pool, t);',
    replace: 'return isReadable(s, pool, t);',
    description: 'the replica-agreement check also compares partial holders, which legitimately lack older writes',
    trace: [...setup({ contProps: [['rd_fac', 1]] }), put('a', 'x'), { type: 'fault.failEngine', rank: 0 }, put('b', 'y')],
  },
];
