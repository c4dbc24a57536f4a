import type { AimedFault, AimedFaultKind, Handle, Oid, Op, OpKind, OpOf } from '../../contract/index.ts';

/**
 * Typed op builders: `op('obj.update', {...})` checks the fields against that kind's interface in
 * contract/ops.ts, so generators need no `as Op` casts. The one cast is here: TypeScript cannot see
 * that `{type, ...fields}` is OpOf<K> for a generic K.
 */
export type OpFields<K extends OpKind> = Omit<OpOf<K>, 'type'>;

export function op<K extends OpKind>(type: K, fields: OpFields<K>): OpOf<K> {
  return { type, ...fields } as unknown as OpOf<K>;
}

/** Adds an optional field only when it is defined, so stored traces carry no `undefined` keys. */
export function opt<N extends string, V>(name: N, value: V | undefined | false | 0): { [P in N]?: V } {
  return (value === undefined || value === false || value === 0 ? {} : { [name]: value }) as { [P in N]?: V };
}

/** Object I/O ops that take a transaction. */
type TxOp = OpOf<'obj.update' | 'obj.fetch' | 'obj.punch' | 'obj.punchDkey' | 'obj.punchAkeys' | 'obj.punchExtents' | 'obj.listDkeys' | 'obj.listAkeys'>;

export function isTxOp(o: Op): o is TxOp {
  return o.type.startsWith('obj.') && o.type !== 'obj.open' && o.type !== 'obj.generateOid';
}

/** The op run inside transaction `th` (relative refs allowed); ops that take none are unchanged. */
export function inTx(o: Op, th: Handle = -1): Op {
  return isTxOp(o) ? { ...o, tx: th } : o;
}

/** The op run standalone (no transaction). */
export function standalone(o: Op): Op {
  if (!isTxOp(o) || o.tx === undefined) return o;
  const { tx: _tx, ...rest } = o;
  return rest as Op;
}

export function aim(fault: AimedFaultKind, at: { coh: Handle; oid: Oid; dkey: string }, shard: number, fallback: Op): AimedFault {
  return { type: 'aim', fault, coh: at.coh, oid: at.oid, dkey: at.dkey, shard, fallback };
}

/**
 * Remembers the arbitraries a factory builds, per argument list (strings and numbers). Why: many
 * generators build their arbitraries inside `chain`, once per generated op; an arbitrary is a pure
 * description (what it draws depends only on the random stream), so reusing one draws exactly the
 * same values while sparing the construction and its garbage. Bounded: the cache is cleared when
 * it grows past `limit` entries.
 */
export function memoArb<A extends readonly (string | number)[], T>(make: (...args: A) => T, limit = 4096): (...args: A) => T {
  // A trie of Maps, one level per argument: no key string is built on the hot path.
  let root = new Map<unknown, unknown>();
  let size = 0;
  const LEAF = Symbol('made');
  return (...args: A): T => {
    let node = root;
    for (const arg of args) {
      let next = node.get(arg) as Map<unknown, unknown> | undefined;
      if (next === undefined) node.set(arg, (next = new Map()));
      node = next;
    }
    let arb = node.get(LEAF) as T | undefined;
    if (arb === undefined) {
      if (size >= limit) {
        root = new Map();
        size = 0;
        return make(...args);
      }
      node.set(LEAF, (arb = make(...args)));
      size++;
    }
    return arb;
  };
}
