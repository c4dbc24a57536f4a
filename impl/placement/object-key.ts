import type { Oid } from '../../contract/objclass.ts';
import { mix64 } from './splitmix64.ts';
import { parseU64Decimal } from './uint64.ts';

const parsed = new Uint32Array(4);

/** out = objKey of layout.ts: mix64(mix64(oid.hi) XOR oid.lo), without BigInt. Throws on a malformed OID. */
export function objectKeyOf(oid: Oid, out: Uint32Array): void {
  if (!parseU64Decimal(oid.hi, parsed) || !parseU64Decimal(oid.lo, parsed.subarray(2))) {
    throw new RangeError(`not an OID: ${oid.hi}.${oid.lo}`);
  }
  mix64(parsed[0], parsed[1], out);
  mix64(out[0] ^ parsed[2], out[1] ^ parsed[3], out);
}
