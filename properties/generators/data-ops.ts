import fc from 'fast-check';
import { type FetchRequest, type Iod, type Op, type Range } from '../../contract/index.ts';
import { memoArb, op, opt } from './builders.ts';
import { addressArb, type Address, type GenContext } from './context.ts';
import { COND_DOMAINS, PER_AKEY_FETCH_CONDS, PER_AKEY_UPDATE_CONDS, type CondOpKind } from './domains.ts';
import { akeyArb, ecSinglePayloadArb, ecSpansArb, extentsArb, payloadArb, rangeArb } from './objects.ts';
import { COND } from '../../contract/index.ts';

/**
 * Standalone object I/O ops (sections 11-15) over the case's addresses (context.ts). Conditions come
 * from the declared domains (domains.ts), valid and invalid, mostly none. An akey has a preferred
 * kind (single or array) that most writes follow, so kinds clash (KV-3) now and then, not always.
 */

/** Container handles: mostly the latest live ones (relative refs); sometimes an absolute, possibly stale one. */
export const cohArb = fc.constantFrom(-1, -1, -1, -1, -1, -1, -2, -2, -3, 0, 1, 4);
export const thArb = fc.constantFrom(-1, -1, -1, -1, -2, 0, 1, 3);
/** Standalone ops rarely name a transaction; the rare ones exercise stale and finished handles (TX-5, ERR-7). */
export const optionalTxArb: fc.Arbitrary<number | undefined> = fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: thArb });

/** A condition of the op's declared domain: none most of the time, every declared value sometimes. */
export function condArb(kind: CondOpKind, noneWeight = 10): fc.Arbitrary<number> {
  return condArbOf(kind, noneWeight);
}

const condArbOf = memoArb((kind: CondOpKind, noneWeight: number): fc.Arbitrary<number> => {
  const values: readonly number[] = COND_DOMAINS[kind];
  return fc.oneof({ weight: noneWeight, arbitrary: fc.constant(0) }, { weight: values.length, arbitrary: fc.constantFrom(...values) });
});

export type Kind = 'single' | 'array';

/** The kind most writes of an akey use: fixed per akey, so kinds agree unless a write flips it. */
export function preferredKind(akey: string): Kind {
  let h = 0;
  for (let i = 0; i < Math.min(akey.length, 8); i++) h += akey.charCodeAt(i);
  return h % 2 === 0 ? 'single' : 'array';
}

const kindArb = memoArb((akey: string): fc.Arbitrary<Kind> =>
  fc.oneof({ weight: 8, arbitrary: fc.constant(preferredKind(akey)) }, { weight: 1, arbitrary: fc.constantFrom<Kind>('single', 'array') }));

export const iodArb = memoArb((akey: string, k: number): fc.Arbitrary<Iod> => {
  return kindArb(akey).chain((kind): fc.Arbitrary<Iod> => {
    if (kind === 'single') return (k > 0 ? fc.oneof({ weight: 3, arbitrary: payloadArb(48) }, { weight: 1, arbitrary: ecSinglePayloadArb(k) }) : payloadArb(48)).map((single) => ({ akey, single }));
    if (k === 0) return extentsArb.map((extents) => ({ akey, extents }));
    return fc.tuple(ecSpansArb(k), fc.nat(1000)).map(([spans, seed]) => ({ akey, extents: spans.map((x, i) => ({ offset: x.offset, data: { seed: seed + i, length: x.length } })) }));
  });
});

const rangesArb = memoArb((k: number): fc.Arbitrary<Range[]> => (k > 0 ? ecSpansArb(k) : fc.array(rangeArb, { minLength: 1, maxLength: 2 })));

export const requestArb = memoArb((akey: string, k: number): fc.Arbitrary<FetchRequest> =>
  kindArb(akey).chain((kind): fc.Arbitrary<FetchRequest> => (kind === 'single' ? fc.constant({ akey, single: true as const }) : rangesArb(k).map((ranges) => ({ akey, ranges })))),
);

/** More akeys for the same call, never repeating the address's (KV-1 forbids a repeat; `invalid` makes those). */
const moreAkeysArb = memoArb((first: string) => fc.uniqueArray(akeyArb.filter((a) => a !== first), { maxLength: 2 }));
/** The extra akeys and the condition of an update or a fetch whose first akey is `first`. */
const moreAndCondArb = memoArb((first: string, kind: 'obj.update' | 'obj.fetch') => fc.record({ more: moreAkeysArb(first), cond: condArb(kind) }));

/** One iod, or one fetch request, per akey, in order. */
const iodsArb = memoArb((k: number, ...akeys: string[]) => fc.tuple(...akeys.map((akey) => iodArb(akey, k))));
const requestsArb = memoArb((k: number, ...akeys: string[]) => fc.tuple(...akeys.map((akey) => requestArb(akey, k))));

function withPerAkeyConds<T extends { cond?: number }>(items: readonly T[], cond: number, conds: readonly (number | undefined)[]): fc.Arbitrary<T[]> {
  if (!(cond & COND.PER_AKEY)) return fc.constant([...items]);
  return fc.array(fc.constantFrom(...conds), { minLength: items.length, maxLength: items.length }).map((cs) => items.map((item, i) => ({ ...item, ...opt('cond', cs[i]) })));
}

export function updateAt(address: Address, coh: number, tx?: number): fc.Arbitrary<Op> {
  return moreAndCondArb(address.akey, 'obj.update')
    .chain(({ more, cond }) =>
      iodsArb(address.k, address.akey, ...more).chain((iods) =>
        withPerAkeyConds(iods, cond, PER_AKEY_UPDATE_CONDS).map((withConds) =>
          op('obj.update', { coh, oid: address.oid, dkey: address.dkey, iods: withConds, ...opt('cond', cond), ...opt('tx', tx) }),
        ),
      ),
    );
}

export function fetchAt(address: Address, coh: number, tx?: number): fc.Arbitrary<Op> {
  return moreAndCondArb(address.akey, 'obj.fetch')
    .chain(({ more, cond }) =>
      requestsArb(address.k, address.akey, ...more).chain((requests) =>
        withPerAkeyConds(requests, cond, PER_AKEY_FETCH_CONDS).map((withConds) =>
          op('obj.fetch', { coh, oid: address.oid, dkey: address.dkey, requests: withConds, ...opt('cond', cond), ...opt('tx', tx) }),
        ),
      ),
    );
}

export function listAt(address: Address, coh: number, tx?: number): fc.Arbitrary<Op> {
  return fc.oneof(
    condArb('obj.listDkeys', 30).map((cond) => op('obj.listDkeys', { coh, oid: address.oid, ...opt('cond', cond), ...opt('tx', tx) })),
    condArb('obj.listAkeys', 30).map((cond) => op('obj.listAkeys', { coh, oid: address.oid, dkey: address.dkey, ...opt('cond', cond), ...opt('tx', tx) })),
  );
}

export function punchAt(address: Address, coh: number, tx?: number): fc.Arbitrary<Op> {
  const { oid, dkey, akey, k } = address;
  return fc.oneof(
    { weight: 1, arbitrary: condArb('obj.punch', 20).map((cond) => op('obj.punch', { coh, oid, ...opt('cond', cond), ...opt('tx', tx) })) },
    { weight: 2, arbitrary: condArb('obj.punchDkey', 6).map((cond) => op('obj.punchDkey', { coh, oid, dkey, ...opt('cond', cond), ...opt('tx', tx) })) },
    { weight: 3, arbitrary: fc.tuple(moreAkeysArb(akey), condArb('obj.punchAkeys', 6)).map(([more, cond]) => op('obj.punchAkeys', { coh, oid, dkey, akeys: [akey, ...more.slice(0, 1)], ...opt('cond', cond), ...opt('tx', tx) })) },
    { weight: 3, arbitrary: fc.tuple(k > 0 ? ecSpansArb(k) : extentsArb.map((exts) => exts.map((e) => ({ offset: e.offset, length: (e.data as { length: number }).length }))), condArb('obj.punchExtents', 8))
      .map(([ranges, cond]) => op('obj.punchExtents', { coh, oid, dkey, akey, ranges, ...opt('cond', cond), ...opt('tx', tx) })) },
  );
}

const addressed = (ctx: GenContext, make: (a: Address, coh: number, tx?: number) => fc.Arbitrary<Op>): fc.Arbitrary<Op> =>
  fc.tuple(addressArb(ctx), cohArb, optionalTxArb).chain(([a, coh, tx]) => make(a, coh, tx));

export function objWriteArb(ctx: GenContext): fc.Arbitrary<Op> {
  return addressed(ctx, updateAt);
}

export function objReadArb(ctx: GenContext): fc.Arbitrary<Op> {
  return fc.oneof(
    { weight: 5, arbitrary: addressed(ctx, fetchAt) },
    { weight: 3, arbitrary: addressed(ctx, listAt) },
    // OBJ-7: open is local (steps 1, 2 and 6 only).
    { weight: 1, arbitrary: fc.tuple(addressArb(ctx), cohArb).map(([a, coh]) => op('obj.open', { coh, oid: a.oid })) },
  );
}

export function objPunchArb(ctx: GenContext): fc.Arbitrary<Op> {
  return addressed(ctx, punchAt);
}
