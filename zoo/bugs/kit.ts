import type { FetchRequest, Iod, Op, Payload, PropEntry } from '../../contract/index.ts';
import { oidFor } from '../../properties/names.ts';

/**
 * Small builders for the zoo's hand-written traces: a setup prefix and the object ops they use, so
 * a trace reads as what it does. Handles and snapshot tokens are symbolic (properties/symbolic.ts):
 * `coh: 0` is the first container handle issued, `token: 0` the first snapshot.
 */
export const ALICE = { user: 'alice@', groups: ['lab@'] };
export const BOB = { user: 'bob@', groups: ['lab@', 'ops@'] };
export const CAROL = { user: 'carol@', groups: ['ops@'] };

/** 4 nodes x 1 engine x 2 targets: 4 node domains, 8 targets. */
export const SYSTEM: Op = { type: 'system.create', nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 };
/** 6 nodes x 1 engine x 2 targets: room for EC_4P2 (6 domains). */
export const SYSTEM6: Op = { type: 'system.create', nodes: 6, enginesPerNode: 1, targetsPerEngine: 2 };

/** system, pool owned by alice, her RW connection (poh 0), one container opened RW (coh 0). */
export function setup(opts: { system?: Op; contProps?: readonly PropEntry[]; poolProps?: readonly PropEntry[] } = {}): Op[] {
  return [
    opts.system ?? SYSTEM,
    { type: 'pool.create', owner: ALICE, ...(opts.poolProps ? { props: opts.poolProps } : {}) },
    { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
    { type: 'cont.create', poh: 0, ...(opts.contProps ? { props: opts.contProps } : {}) },
    { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
  ];
}

/** Checksums on, so fault.corrupt is allowed (FAULT-5). */
export const CKSUM: readonly PropEntry[] = [['cksum', 'crc32']];

export const RP2 = oidFor('RP_2G1', 0, 7, 1);
export const RP3 = oidFor('RP_3G1', 0, 7, 1);
export const S1 = oidFor('S1', 0, 5, 1);
export const EC2P1 = oidFor('EC_2P1G1', 13, 9, 1);
export const EC2P2 = oidFor('EC_2P2G1', 13, 9, 1);
export const EC4P2 = oidFor('EC_4P2G1', 13, 9, 1);

type Oid = ReturnType<typeof oidFor>;
interface Opts { coh?: number; tx?: number; cond?: number; oid?: Oid; dkey?: string }

const text = (t: string): Payload => ({ text: t });
const base = (o: Opts) => ({ coh: o.coh ?? 0, oid: o.oid ?? RP2, ...(o.tx !== undefined ? { tx: o.tx } : {}), ...(o.cond ? { cond: o.cond } : {}) });

export function put(akey: string, value: string | Payload, o: Opts = {}): Op {
  const iods: Iod[] = [{ akey, single: typeof value === 'string' ? text(value) : value }];
  return { type: 'obj.update', ...base(o), dkey: o.dkey ?? 'd', iods };
}

export function putExtent(akey: string, offset: number, data: string | Payload, o: Opts = {}): Op {
  const iods: Iod[] = [{ akey, extents: [{ offset, data: typeof data === 'string' ? text(data) : data }] }];
  return { type: 'obj.update', ...base(o), dkey: o.dkey ?? 'd', iods };
}

export function get(akey: string, o: Opts = {}): Op {
  const requests: FetchRequest[] = [{ akey, single: true }];
  return { type: 'obj.fetch', ...base(o), dkey: o.dkey ?? 'd', requests };
}

export function getRange(akey: string, offset: number, length: number, o: Opts = {}): Op {
  const requests: FetchRequest[] = [{ akey, ranges: [{ offset, length }] }];
  return { type: 'obj.fetch', ...base(o), dkey: o.dkey ?? 'd', requests };
}

export const listDkeys = (o: Opts = {}): Op => ({ type: 'obj.listDkeys', ...base(o) });
export const listAkeys = (o: Opts = {}): Op => ({ type: 'obj.listAkeys', ...base(o), dkey: o.dkey ?? 'd' });
export const punchObj = (o: Opts = {}): Op => ({ type: 'obj.punch', ...base(o) });
export const punchDkey = (o: Opts = {}): Op => ({ type: 'obj.punchDkey', ...base(o), dkey: o.dkey ?? 'd' });
export const punchAkeys = (akeys: string[], o: Opts = {}): Op => ({ type: 'obj.punchAkeys', ...base(o), dkey: o.dkey ?? 'd', akeys });
export const punchExtents = (akey: string, offset: number, length: number, o: Opts = {}): Op =>
  ({ type: 'obj.punchExtents', ...base(o), dkey: o.dkey ?? 'd', akey, ranges: [{ offset, length }] });

export const bytes = (seed: number, length: number): Payload => ({ seed, length });
