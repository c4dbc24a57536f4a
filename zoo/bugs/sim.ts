import type { Bug } from '../bug.ts';
import { ALICE, get, put, setup } from './kit.ts';

const SYSTEM_2EPN = { type: 'system.create' as const, nodes: 3, enginesPerNode: 2, targetsPerEngine: 1, poolRf: 1 };

/** Bugs in impl/engine/sim: the bus's retry and de-duplication, cluster numbering. */
export const SIM_BUGS: readonly Bug[] = [
  {
    id: 'bus-request-id-reused',
    area: 'engine/sim',
    file: 'impl/engine/sim/bus.ts',
    find: 'const requestId = this.nextRequestId++;',
    replace: 'const requestId = this.nextRequestId;',
    description: 'every request gets the same id, so the de-duplication table answers a new request with an old reply (DUR-5)',
    trace: [...setup(), put('a', 'v1'), get('a'), put('a', 'v2'), get('a')],
  },
  {
    id: 'restart-keeps-failed-targets',
    area: 'engine/sim',
    file: 'impl/engine/sim/cluster.ts',
    find: '      this.targetFailed[g] = false;',
    replace: '',
    description: 'an engine restart leaves individually failed targets dead, though FAULT-4 brings all its targets back',
    trace: [...setup(), { type: 'fault.failTarget', rank: 1, target: 0 }, { type: 'fault.failEngine', rank: 1 }, { type: 'fault.restartEngine', rank: 1 }, { type: 'pool.reintegrate', pool: '#p0', rank: 1 }, { type: 'pool.query', pool: '#p0' }],
  },
  {
    id: 'cluster-node-of-is-rank',
    area: 'engine/sim',
    file: 'impl/engine/sim/cluster.ts',
    find: 'return Math.floor(target / (this.topology.targetsPerEngine * this.topology.enginesPerNode));',
    replace: 'return Math.floor(target / this.topology.targetsPerEngine);',
    description: 'the node of a target is computed as its rank: with two engines per node, HALT-1 counts one failed node twice (MAP-2)',
    trace: [SYSTEM_2EPN, { type: 'pool.create', owner: ALICE }, { type: 'fault.failEngine', rank: 0 }, { type: 'fault.failEngine', rank: 1 }, { type: 'pool.query', pool: '#p0' }],
  },
];
