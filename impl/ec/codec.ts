import { assertShape, cauchyEncodeMatrix } from './cauchy-matrix.ts';
import { DecodeCache, decodePlan } from './decode-matrix.ts';
import { selectRows, type GfMatrix } from './gf-matrix.ts';
import type { KernelName, KernelProgram } from './kernel.ts';
import { resolveKernel } from './kernel-select.ts';
import { createWorkspace, stripeWorkspaceBytes, type EcWorkspace, type WorkspaceOptions } from './workspace.ts';

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
  /**
   * Like reconstruct, but rebuilds only the lost *data* shards (nulls among the first k); lost
   * parity stays null. For readers that want the data: with every data shard present it does no
   * work at all, where reconstruct would recompute the absent parity.
   */
  reconstructData(shards: (Uint8Array | null)[]): void;
  /**
   * A zero-copy workspace on this codec's kernel: cells allocated inside the kernel's memory, and
   * encodeInPlace / reconstructInPlace on them (workspace.ts). Same results as the copying API.
   */
  createWorkspace(options: WorkspaceOptions): EcWorkspace;
  /** Bytes one allocStripe(cellBytes) takes from a workspace of this codec: size capacities with it. */
  stripeWorkspaceBytes(cellBytes: number): number;
}

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
  const parityMatrix = selectRows(encodeMatrix, parityRows);
  const encodeProgram = kernel.compile(parityMatrix);
  // Decode programs are cached per erasure pattern (decode-matrix.ts bounds the cache).
  const decodes = new DecodeCache<CachedDecode>(k + p, (missing, absent) => {
    const plan = decodePlan(encodeMatrix, missing, absent);
    return { survivors: plan.survivors, missing: plan.missing, program: kernel.compile(plan.matrix) };
  });

  function runDecode(shards: readonly (Uint8Array | null)[], missing: readonly number[], absent: readonly number[]): void {
    const decode = decodes.get(missing, absent);
    decode.program.run(
      decode.survivors.map((i) => shards[i] as Uint8Array),
      decode.missing.map((i) => shards[i] as Uint8Array),
    );
  }

  function reconstructInto(shards: readonly Uint8Array[], missing: readonly number[]): void {
    if (shards.length !== k + p) throw new RangeError(`reconstruct expects ${k + p} shards, got ${shards.length}`);
    if (missing.length === 0) return;
    runDecode(shards, missing, []);
  }

  /** Fills nulls with new arrays: every null, or (dataOnly) the nulls among the data shards. */
  function rebuildNulls(shards: (Uint8Array | null)[], dataOnly: boolean): void {
    if (shards.length !== k + p) throw new RangeError(`reconstruct expects ${k + p} shards, got ${shards.length}`);
    const missing: number[] = [];
    const absent: number[] = [];
    let lengthBytes = -1;
    for (let i = 0; i < shards.length; i++) {
      const shard = shards[i];
      if (shard === null || shard === undefined) {
        (dataOnly && i >= k ? absent : missing).push(i);
      } else if (lengthBytes === -1) {
        lengthBytes = shard.length;
      } else if (shard.length !== lengthBytes) {
        throw new RangeError(`shard lengths differ: shard ${i} has ${shard.length} bytes, others ${lengthBytes}`);
      }
    }
    if (missing.length === 0) return;
    const erased = missing.length + absent.length;
    if (erased > p) throw new RangeError(`cannot reconstruct: ${erased} shards missing, at most ${p} (the parity count) can be rebuilt`);
    const full = shards.slice();
    for (const i of missing) full[i] = new Uint8Array(lengthBytes);
    runDecode(full, missing, absent);
    for (const i of missing) shards[i] = full[i];
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
      rebuildNulls(shards, false);
    },
    reconstructInto,
    reconstructData(shards) {
      rebuildNulls(shards, true);
    },
    createWorkspace(workspaceOptions) {
      return createWorkspace({ dataShards: k, parityShards: p, kernel, encodeMatrix, parityMatrix }, workspaceOptions);
    },
    stripeWorkspaceBytes(cellBytes) {
      return stripeWorkspaceBytes(k, p, cellBytes);
    },
  };
}
