import fc from 'fast-check';
import type { Op, PropEntry, Topology } from '../../contract/index.ts';
import { CONT_LABELS, POOL_LABELS } from '../names.ts';
import { aclArb } from './acls.ts';
import { op, opt } from './builders.ts';
import { hotSetArb, type GenContext } from './context.ts';
import { EC_CELL_SIZES } from './domains.ts';
import { OWNER, PRINCIPALS_BY_SHAPE } from './principals.ts';

/**
 * The setup prefix: a system, one or two pools, connections, two or three containers with drawn
 * properties and ACLs, and their opens; plus the case's generation context (topology and hot set).
 */
export const topologyArb: fc.Arbitrary<Topology> = fc.record({
  // EC_4P2 needs six fault domains and, under FAULT-8.1, six healthy nodes plus one per failure it
  // should survive: more nodes are drawn more often.
  nodes: fc.constantFrom(4, 5, 6, 6, 7, 8, 8, 8),
  enginesPerNode: fc.integer({ min: 1, max: 2 }),
  targetsPerEngine: fc.integer({ min: 1, max: 3 }),
  poolRf: fc.constantFrom(0, 1, 2, 2, 2, 3, 7),
});

export const contPropsArb: fc.Arbitrary<PropEntry[]> = fc
  .record(
    {
      rd_fac: fc.constantFrom(0, 0, 0, 1, 1, 2),
      rd_lvl: fc.constantFrom(1, 2),
      cksum: fc.constantFrom('off', 'crc32', 'crc64'),
      max_snapshot: fc.integer({ min: 0, max: 3 }),
      ec_cell_sz: fc.constantFrom(4096, 4096, 4096, ...EC_CELL_SIZES),
      layout_type: fc.constantFrom('posix', 'hdf5'),
    },
    { requiredKeys: [] },
  )
  .map((r) => Object.entries(r) as PropEntry[]);

export interface Setup {
  readonly ops: Op[];
  readonly ctx: GenContext;
}

export function setupArb(): fc.Arbitrary<Setup> {
  return fc
    .record({
      topology: topologyArb,
      poolLabel: fc.option(fc.constantFrom(...POOL_LABELS), { nil: undefined }),
      poolRdFac: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
      secondPool: fc.boolean(),
      conts: fc.array(
        fc.record({ label: fc.option(fc.constantFrom(...CONT_LABELS), { nil: undefined }), props: contPropsArb, acl: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: aclArb(true) }) }),
        { minLength: 2, maxLength: 3 },
      ),
      bobConnects: fc.boolean(),
    })
    .chain((drawn) => {
      const t = drawn.topology;
      const targets = t.nodes * t.enginesPerNode * t.targetsPerEngine;
      return hotSetArb(targets).map((hot) => ({ ops: setupOps(drawn), ctx: { targets, ranks: t.nodes * t.enginesPerNode, nodes: t.nodes, enginesPerNode: t.enginesPerNode, targetsPerEngine: t.targetsPerEngine, hot } }));
    });
}

interface SetupDraw {
  readonly topology: Topology;
  readonly poolLabel: string | undefined;
  readonly poolRdFac: number | undefined;
  readonly secondPool: boolean;
  readonly conts: readonly { label: string | undefined; props: PropEntry[]; acl: string[] | undefined }[];
  readonly bobConnects: boolean;
}

function setupOps(d: SetupDraw): Op[] {
  const ops: Op[] = [op('system.create', { ...d.topology })];
  ops.push(op('pool.create', { owner: OWNER, ...opt('label', d.poolLabel), ...(d.poolRdFac !== undefined ? { props: [['rd_fac', d.poolRdFac]] } : {}) }));
  if (d.secondPool) ops.push(op('pool.create', { owner: PRINCIPALS_BY_SHAPE['owner-group-primary'][0] }));
  ops.push(op('pool.connect', { pool: '#p0', principal: OWNER, mode: 'RW' }));
  if (d.bobConnects) ops.push(op('pool.connect', { pool: '#p0', principal: PRINCIPALS_BY_SHAPE['owner-group-primary'][0], mode: 'RW' }));
  // Labels unique within the setup, so every setup container exists (LABEL-4 would refuse a repeat).
  const seen = new Set<string>();
  for (const c of d.conts) {
    const label = c.label && !seen.has(c.label) ? c.label : undefined;
    if (label) seen.add(label);
    ops.push(op('cont.create', { poh: 0, ...opt('label', label), props: c.props, ...opt('acl', c.acl) }));
  }
  d.conts.forEach((_c, i) => ops.push(op('cont.open', { poh: 0, cont: `#c${i}`, mode: 'RW' })));
  return ops;
}
