import { assertShape, cauchyEncodeMatrix } from './cauchy-matrix.ts';
import { decodePlan } from './decode-matrix.ts';
import { selectRows, type GfMatrix } from './gf-matrix.ts';
import type { KernelName, KernelProgram } from './kernel.ts';
import { resolveKernel } from './kernel-select.ts';

export interface CodecOptions {
  readonly dataShards: number;
  readonly parityShards: number;
  /** Which kernel computes; default: defaultKernel() (or DAOS_EC_KERNEL when set). */
  readonly kernel?: KernelName;
}

export interface Codec {
  readonly dataShards: number;
  readonly parityShards: number;
  readonly kernel: KernelName;
  /** The (k+p) x k ISA-L Cauchy encode matrix. */
  readonly encodeMatrix: GfMatrix;
  /** Fills `parity` (p shards) from `data` (k shards); all shards must have the same length. */
  encode(data: readonly Uint8Array[], parity: readonly Uint8Array[]): void;
  /**
   * `shards` holds k+p entries, data first, with null for a lost shard. Fills each null with a new
   * array holding the rebuilt shard. Throws when more than p are missing or lengths differ.
   */
  reconstruct(shards: (Uint8Array | null)[]): void;
  /**
   * Like reconstruct, but writes the shards listed in `missing` into the caller's arrays already in
   * `shards` (no allocation). The present shards are the ones not listed.
   */
  reconstructInto(shards: readonly Uint8Array[], missing: readonly number[]): void;
}

/**
 * Decode programs are cached per erasure pattern. The number of patterns is bounded by
 * sum over e <= p of C(k+p, e), but for wide codes that is large, so the cache is also capped.
 */
const DECODE_CACHE_ENTRIES_MAX = 1024;

interface CachedDecode {
  readonly survivors: readonly number[];
  readonly missing: readonly number[];
  readonly program: KernelProgram;
}

export function createCodec(options: CodecOptions): Codec {
  const { dataShards: k, parityShards: p } = options;
  assertShape(k, p);
  const kernel = resolveKernel(options.kernel);
  const encodeMatrix = cauchyEncodeMatrix(k, p);
  const parityRows: number[] = [];
  for (let i = k; i < k + p; i++) parityRows.push(i);
  const encodeProgram = kernel.compile(selectRows(encodeMatrix, parityRows));
  const decodeCache = new Map<string, CachedDecode>();

  function decodeFor(missing: readonly number[]): CachedDecode {
    const key = [...missing].sort((a, b) => a - b).join(',');
    let cached = decodeCache.get(key);
    if (cached === undefined) {
      const plan = decodePlan(encodeMatrix, missing);
      if (decodeCache.size >= DECODE_CACHE_ENTRIES_MAX) decodeCache.clear();
      cached = { survivors: plan.survivors, missing: plan.missing, program: kernel.compile(plan.matrix) };
      decodeCache.set(key, cached);
    }
    return cached;
  }

  function reconstructInto(shards: readonly Uint8Array[], missing: readonly number[]): void {
    if (shards.length !== k + p) throw new RangeError(`reconstruct expects ${k + p} shards, got ${shards.length}`);
    if (missing.length === 0) return;
    const decode = decodeFor(missing);
    decode.program.run(
      decode.survivors.map((i) => shards[i]),
      decode.missing.map((i) => shards[i]),
    );
  }

  return {
    dataShards: k,
    parityShards: p,
    kernel: kernel.name,
    encodeMatrix,
    encode(data, parity) {
      if (data.length !== k) throw new RangeError(`encode expects ${k} data shards, got ${data.length}`);
      if (parity.length !== p) throw new RangeError(`encode expects ${p} parity shards, got ${parity.length}`);
      encodeProgram.run(data, parity);
    },
    reconstruct(shards) {
      if (shards.length !== k + p) throw new RangeError(`reconstruct expects ${k + p} shards, got ${shards.length}`);
      const missing: number[] = [];
      let lengthBytes = -1;
      for (let i = 0; i < shards.length; i++) {
        const shard = shards[i];
        if (shard === null || shard === undefined) {
          missing.push(i);
        } else if (lengthBytes === -1) {
          lengthBytes = shard.length;
        } else if (shard.length !== lengthBytes) {
          throw new RangeError(`shard lengths differ: shard ${i} has ${shard.length} bytes, others ${lengthBytes}`);
        }
      }
      if (missing.length === 0) return;
      if (missing.length > p) {
        throw new RangeError(`cannot reconstruct: ${missing.length} shards missing, at most ${p} (the parity count) can be rebuilt`);
      }
      const full = shards.slice() as Uint8Array[];
      for (const i of missing) full[i] = new Uint8Array(lengthBytes);
      reconstructInto(full, missing);
      for (const i of missing) shards[i] = full[i];
    },
    reconstructInto,
  };
}
