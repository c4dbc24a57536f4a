import { castDraft, produce } from 'immer';
import type { PropValue } from '../../contract/index.ts';
import { modelUuid } from '../resolve.ts';
import { EMPTY_LOG, type ContainerState, type ModelState, type PoolState } from '../state.ts';
import type { ModelDriver } from '../test-driver.ts';
import { initialPoolMap } from '../topology.ts';

/**
 * Test fixtures for the map-area example tests only (not used by the model itself). They place
 * pools and containers directly into the driver's state, shaped as MAP-3 and CONT-1 say (every
 * target UPIN, version 1; status HEALTHY stamped with the current map version), so the map, halt,
 * RF and fault tests do not depend on the pool and container handlers of the access area.
 */

export function addPool(driver: ModelDriver, label: string | null = null): string {
  const system = driver.state.system;
  if (system === null) throw new Error('fixture: create the system first');
  let id = '';
  driver.state = produce(driver.state, (draft) => {
    draft.poolsCreated += 1;
    id = modelUuid('pool', draft.poolsCreated);
    const pool: PoolState = {
      id,
      label,
      owner: 'alice@',
      ownerGroup: 'lab@',
      acl: [],
      rdFac: 0,
      ecCellSz: 65536,
      ...initialPoolMap(system), // MAP-3
      events: [],
      rebuildEverChanged: false,
      containers: [],
      attrs: [],
    };
    draft.pools.push(castDraft(pool));
  });
  return id;
}

export interface ContainerFixture {
  readonly rdFac?: number;
  readonly rdLvl?: 1 | 2;
  readonly cksum?: string;
  readonly label?: string | null;
  /** Pretend this many writes were committed (container.epoch), for DUR-3's marking step. */
  readonly epoch?: number;
}

export function addContainer(driver: ModelDriver, poolId: string, fx: ContainerFixture = {}): string {
  let id = '';
  driver.state = produce(driver.state, (draft) => {
    const pool = draft.pools.find((p) => p.id === poolId);
    if (!pool) throw new Error(`fixture: no pool ${poolId}`);
    draft.containersCreated += 1;
    id = modelUuid('cont', draft.containersCreated);
    const props: Record<string, PropValue> = { rd_fac: fx.rdFac ?? 0, rd_lvl: fx.rdLvl ?? 2, cksum: fx.cksum ?? 'off' };
    const cont: ContainerState = {
      id,
      poolId,
      label: fx.label ?? null,
      owner: 'alice@',
      group: 'lab@',
      acl: [],
      props,
      status: 'HEALTHY', // CONT-1
      statusVersion: pool.version,
      attrs: [],
      snapshots: [],
      epoch: fx.epoch ?? 0,
      writes: EMPTY_LOG,
      kinds: {},
      atRiskThrough: 0,
      marks: [],
    };
    pool.containers.push(castDraft(cont));
  });
  return id;
}

export function poolOf(state: ModelState, poolId: string): PoolState {
  const pool = state.pools.find((p) => p.id === poolId);
  if (!pool) throw new Error(`fixture: no pool ${poolId}`);
  return pool;
}

export function contOf(state: ModelState, poolId: string, contId: string): ContainerState {
  const cont = poolOf(state, poolId).containers.find((c) => c.id === contId);
  if (!cont) throw new Error(`fixture: no container ${contId}`);
  return cont;
}
