import { produce } from 'immer';
import type { FetchEntry, FetchRequest, Iod, Oid, Op, Outcome, PropEntry } from '../../contract/index.ts';
import type { ContainerState, ModelState } from '../state.ts';
import { ModelDriver } from '../test-driver.ts';

/**
 * Test fixtures for the data-area example tests only (not used by the model itself). Everything is
 * set up through real ops (system, pool, container, open); `patchContainer` exists only for states
 * that the data rules read but other areas produce (at-risk marking, corruption marks).
 */

export interface DataWorld {
  readonly d: ModelDriver;
  readonly pool: string;
  readonly poh: number;
  readonly cont: string;
  readonly coh: number;
}

/** 4 nodes x 2 engines x 2 targets (16 targets, poolRf 2), one pool, one container opened RW. */
export function world(props?: readonly PropEntry[], topology: { nodes?: number; engines?: number; targets?: number } = {}): DataWorld {
  const d = new ModelDriver();
  d.system(topology.nodes ?? 4, topology.engines ?? 2, topology.targets ?? 2);
  const { pool, poh, cont, coh } = d.quickContainer(props ? { props } : {});
  return { d, pool, poh, cont, coh };
}

/** An OID of class `cls` (default S1) made by obj.generateOid. */
export function oidOf(w: DataWorld, lo = 1, cls = 'S1', objType = 0): Oid {
  return w.d.ok({ type: 'obj.generateOid', coh: w.coh, objType, class: cls, lo });
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function bytes(text: string): Uint8Array {
  return enc.encode(text);
}

export function text(b: Uint8Array | null): string | null {
  return b === null ? null : dec.decode(b);
}

export function single(akey: string, value: string, cond?: number): Iod {
  return cond === undefined ? { akey, single: { text: value } } : { akey, single: { text: value }, cond };
}

export function extents(akey: string, ...xs: Array<[offset: number, data: string]>): Iod {
  return { akey, extents: xs.map(([offset, data]) => ({ offset, data: { text: data } })) };
}

export function update(w: DataWorld, oid: Oid, dkey: string, iods: Iod[], opts: { cond?: number; tx?: number; coh?: number } = {}): Op {
  return { type: 'obj.update', coh: opts.coh ?? w.coh, oid, dkey, iods, ...opts };
}

export function fetchOp(w: DataWorld, oid: Oid, dkey: string, requests: FetchRequest[], opts: { cond?: number; tx?: number; coh?: number } = {}): Op {
  return { type: 'obj.fetch', coh: opts.coh ?? w.coh, oid, dkey, requests, ...opts };
}

/** Fetches one single value as text (null = none). */
export function getSingle(w: DataWorld, oid: Oid, dkey: string, akey: string, tx?: number): string | null {
  const entries = w.d.ok(fetchOp(w, oid, dkey, [{ akey, single: true }], tx === undefined ? {} : { tx })) as readonly FetchEntry[];
  const e = entries[0];
  if (e.type !== 'single') throw new Error('expected a single entry');
  return text(e.value);
}

/** Fetches array ranges as byte arrays. */
export function getRanges(w: DataWorld, oid: Oid, dkey: string, akey: string, ranges: Array<[offset: number, length: number]>, tx?: number): Uint8Array[] {
  const entries = w.d.ok(
    fetchOp(w, oid, dkey, [{ akey, ranges: ranges.map(([offset, length]) => ({ offset, length })) }], tx === undefined ? {} : { tx }),
  ) as readonly FetchEntry[];
  const e = entries[0];
  if (e.type !== 'array') throw new Error('expected an array entry');
  return [...e.ranges];
}

export function listDkeys(w: DataWorld, oid: Oid, tx?: number): string[] {
  return [...w.d.ok({ type: 'obj.listDkeys', coh: w.coh, oid, ...(tx === undefined ? {} : { tx }) })].sort();
}

export function listAkeys(w: DataWorld, oid: Oid, dkey: string, tx?: number): string[] {
  return [...w.d.ok({ type: 'obj.listAkeys', coh: w.coh, oid, dkey, ...(tx === undefined ? {} : { tx }) })].sort();
}

/** The only container of the world's pool, read from the current state. */
export function container(w: DataWorld): ContainerState {
  const c = w.d.state.pools.find((p) => p.id === w.pool)?.containers.find((x) => x.id === w.cont);
  if (!c) throw new Error('fixture: container missing');
  return c;
}

/** Directly edits the world's container (only for state another area produces). */
export function patchContainer(w: DataWorld, patch: (c: ContainerState) => void): void {
  w.d.state = produce(w.d.state, (draft: ModelState) => {
    const c = draft.pools.find((p) => p.id === w.pool)?.containers.find((x) => x.id === w.cont);
    if (!c) throw new Error('fixture: container missing');
    patch(c as ContainerState);
  });
}

/** The error names of an allowed outcome set, sorted, with 'ok' for the ok member. */
export function outcomeNames(outcomes: readonly Outcome[]): string[] {
  return outcomes.map((o) => (o.ok ? 'ok' : o.err)).sort();
}
