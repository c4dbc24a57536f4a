import type { Op, Oid, Outcome } from '../../contract/index.ts';
import { ecGeometry, positionOfRole, rotationOf } from './ec/layout.ts';
import { Engine } from './engine.ts';
import { dkeyGroup, groupShardTargets, objectInfoOf } from './io/replicas.ts';
import type { Container } from './state/container.ts';
import type { Pool } from './state/pool.ts';

/** Small driver for engine example tests: applies ops, checks invariants after each, unwraps values. */
export class Driver {
  readonly engine: Engine;

  constructor(seed = 1) {
    this.engine = new Engine({ seed });
  }

  apply(op: Op): Outcome {
    const out = this.engine.apply(op);
    this.engine.checkInvariants();
    return out;
  }

  ok<T = unknown>(op: Op): T {
    const out = this.apply(op);
    if (!out.ok) throw new Error(`${op.type} failed with ${out.err}`);
    return out.value as T;
  }

  /** System, pool p0, RW pool handle, container c0 (with props), RW container handle. */
  setup(topology: { nodes: number; enginesPerNode: number; targetsPerEngine: number; poolRf?: number }, contProps: readonly (readonly [string, string | number])[] = []): { poh: number; coh: number } {
    const owner = { user: 'alice@', groups: ['lab@'] };
    this.ok({ type: 'system.create', ...topology });
    this.ok({ type: 'pool.create', owner, label: 'p0' });
    const poh = this.ok<number>({ type: 'pool.connect', pool: 'p0', principal: owner, mode: 'RW' });
    this.ok({ type: 'cont.create', poh, label: 'c0', props: contProps });
    const coh = this.ok<number>({ type: 'cont.open', poh, cont: 'c0', mode: 'RW' });
    return { poh, coh };
  }

  pool(): Pool {
    return [...this.engine.state.pools.values()][0];
  }

  container(): Container {
    return [...this.pool().containers.values()][0];
  }

  /** Targets currently holding a complete replica of the group of `dkey`'s unit (engine internals). */
  holders(oid: Oid, group = 0): number[] {
    const gs = this.container().groups.get(`${oid.hi}.${oid.lo}.g${group}`);
    return gs ? [...gs.holders.entries()].filter(([, from]) => from === 0).map(([t]) => t).sort((a, b) => a - b) : [];
  }
}

export const text = (t: string): Uint8Array => new TextEncoder().encode(t);

/** The target holding each role (data cells 0..k-1, then parity) of a dkey's EC group (engine internals). */
export function roleTargets(d: Driver, oid: Oid, dkey: string): number[] {
  const info = objectInfoOf(oid);
  const g = ecGeometry(d.container(), info);
  const targets = groupShardTargets(d.engine.state, d.pool(), d.container(), info, dkeyGroup(info, dkey));
  const rot = rotationOf(g, dkey);
  return Array.from({ length: g.n }, (_, role) => targets[positionOfRole(g, rot, role)]);
}
