import { fnv1a64Utf8 } from './key-hash.ts';
import { jumpHash } from './jump-hash.ts';

const scratch = new Uint32Array(2);

/** The redundancy group a dkey lives in: jump hash of the dkey's FNV-1a 64 over the group count. */
export function groupOfDkey(dkey: string, groupCount: number): number {
  fnv1a64Utf8(dkey, scratch);
  return jumpHash(scratch[0], scratch[1], groupCount);
}
