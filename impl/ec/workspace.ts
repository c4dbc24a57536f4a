import { DecodeCache, decodePlan } from './decode-matrix.ts';
import type { GfMatrix } from './gf-matrix.ts';
import { ALLOC_ALIGN_BYTES, ALLOC_GAP_BYTES, allocFootprintBytes, checkByteCount, type EcKernel, type KernelMemory, type KernelName, type KernelProgram } from './kernel.ts';

/**
 * Zero-copy erasure coding. A workspace reserves, once, a fixed region of the active kernel's
 * memory (the WebAssembly linear memory of an instance of its own for 'wasm-simd', an ordinary
 * ArrayBuffer for 'js-word' and 'scalar') and hands out Uint8Array views inside it. Callers fill
 * data cells in place, encode in place, and read parity where it was computed; likewise for
 * reconstruct. The copying API (Codec.encode / reconstruct) stays for everyone else.
 *
 * Safety, always on:
 * - every shard given to encodeInPlace / reconstructInPlace must be a view of this workspace's
 *   memory inside what it has allocated; anything else (a copy, another workspace's view, a view
 *   into the kernel's scratch) throws;
 * - the region never grows (the wasm memory is created with maximum = initial), so views handed
 *   out never detach; capacity is reserved up front and alloc throws when it runs out;
 * - there is no free or reset: a view can never come to alias a later allocation. Reuse cells,
 *   not workspaces; create few workspaces and keep them (each wasm one is an instance + memory).
 *
 * Does NOT protect against the caller writing into a cell while reading a result from it, nor
 * make the views' contents private: they are plain views, anyone holding one can write.
 */
export interface WorkspaceOptions {
  /**
   * Bytes alloc may hand out over the workspace's life. Each allocation starts 64-byte aligned and
   * is followed by a 64-byte gap (see alloc); Codec.stripeWorkspaceBytes sizes stripes.
   */
  readonly capacityBytes: number;
}

/** One stripe's cells in a workspace, each its own allocation. */
export interface EcStripe {
  readonly data: readonly Uint8Array[];
  readonly parity: readonly Uint8Array[];
  /** data then parity: k+p entries, the `shards` of reconstructInPlace. */
  readonly cells: readonly Uint8Array[];
}

export interface EcWorkspace {
  readonly dataShards: number;
  readonly parityShards: number;
  readonly kernel: KernelName;
  readonly capacityBytes: number;
  /** Bytes allocated so far, alignment and gaps included. */
  readonly usedBytes: number;
  /**
   * A zero-filled view of `lengthBytes` inside this workspace, 64-byte aligned, 64 bytes clear of
   * the next allocation. Throws when full. The gap keeps cells allocated one after another from
   * sitting a power of two apart, where the kernel's 16+ input streams would share L1 sets
   * (measured on wasm-simd, 16+2 at 64 KiB cells: about 1.35x slower without it).
   * Any view inside an allocation (a subarray) is as good as the allocation itself.
   */
  alloc(lengthBytes: number): Uint8Array;
  /** Cells for one stripe (takes Codec.stripeWorkspaceBytes(cellBytes) of the capacity). */
  allocStripe(cellBytes: number): EcStripe;
  /** Whether `view` lies in what this workspace has allocated (the check the in-place calls make). */
  owns(view: Uint8Array): boolean;
  /**
   * Codec.encode, on views of this workspace: fills `parity` (p) from `data` (k). Copies nothing
   * but, on wasm-simd, the last length % 64 bytes of each cell (a staged partial block).
   */
  encodeInPlace(data: readonly Uint8Array[], parity: readonly Uint8Array[]): void;
  /**
   * Rebuilds the shards listed in `missing` into the views at those indexes of `shards` (k+p
   * entries, data first), reading the others. An entry that is neither listed nor given (null) is
   * absent: not read and not rebuilt, so a reader that needs only the data lists the lost data
   * cells and leaves lost parity null. Throws when fewer than k shards remain to read.
   */
  reconstructInPlace(shards: readonly (Uint8Array | null)[], missing: readonly number[]): void;
}

/** What a codec gives its workspaces. */
export interface WorkspaceSource {
  readonly dataShards: number;
  readonly parityShards: number;
  readonly kernel: EcKernel;
  readonly encodeMatrix: GfMatrix;
  /** The p parity rows of encodeMatrix. */
  readonly parityMatrix: GfMatrix;
}

export const WORKSPACE_ALIGN_BYTES = ALLOC_ALIGN_BYTES;
export const WORKSPACE_GAP_BYTES = ALLOC_GAP_BYTES;

/** Bytes allocStripe(cellBytes) takes from a workspace of a k+p code. */
export function stripeWorkspaceBytes(dataShards: number, parityShards: number, cellBytes: number): number {
  checkByteCount(cellBytes, 'cellBytes');
  return (dataShards + parityShards) * allocFootprintBytes(cellBytes);
}

interface CachedDecode {
  readonly survivors: readonly number[];
  readonly missing: readonly number[];
  readonly program: KernelProgram;
}

export function createWorkspace(source: WorkspaceSource, options: WorkspaceOptions): EcWorkspace {
  checkByteCount(options.capacityBytes, 'capacityBytes');
  return new Workspace(source, options.capacityBytes);
}

/**
 * The checks that views are this workspace's (and do not overlap) happen once per call, in the
 * kernel memory's programs (CallerRegion.checkRun): the workspace adds only counts and bookkeeping.
 */
class Workspace implements EcWorkspace {
  readonly dataShards: number;
  readonly parityShards: number;
  readonly kernel: KernelName;
  private readonly memory: KernelMemory;
  private readonly encodeProgram: KernelProgram;
  private readonly decodes: DecodeCache<CachedDecode>;

  constructor(source: WorkspaceSource, capacityBytes: number) {
    const { dataShards: k, parityShards: p } = source;
    this.dataShards = k;
    this.parityShards = p;
    this.kernel = source.kernel.name;
    // Programs have k columns and at most p rows (encode: p; a decode rebuilds at most p shards).
    this.memory = source.kernel.createMemory({ capacityBytes, rowsMax: p, colsMax: k });
    this.encodeProgram = this.memory.compile(source.parityMatrix);
    this.decodes = new DecodeCache(k + p, (missing, absent) => {
      const plan = decodePlan(source.encodeMatrix, missing, absent);
      return { survivors: plan.survivors, missing: plan.missing, program: this.memory.compile(plan.matrix) };
    });
  }

  get capacityBytes(): number {
    return this.memory.region.capacityBytes;
  }

  get usedBytes(): number {
    return this.memory.region.usedBytes;
  }

  alloc(lengthBytes: number): Uint8Array {
    return this.memory.region.alloc(lengthBytes);
  }

  allocStripe(cellBytes: number): EcStripe {
    const needBytes = stripeWorkspaceBytes(this.dataShards, this.parityShards, cellBytes);
    const leftBytes = this.capacityBytes - this.usedBytes;
    // The last cell needs no gap after it.
    if (needBytes - allocFootprintBytes(cellBytes) + cellBytes > leftBytes) {
      throw new RangeError(`workspace full: a stripe of ${cellBytes}-byte cells needs ${needBytes} bytes, ${leftBytes} left`);
    }
    const cells = Array.from({ length: this.dataShards + this.parityShards }, () => this.alloc(cellBytes));
    return { data: cells.slice(0, this.dataShards), parity: cells.slice(this.dataShards), cells };
  }

  owns(view: Uint8Array): boolean {
    return this.memory.region.owns(view);
  }

  encodeInPlace(data: readonly Uint8Array[], parity: readonly Uint8Array[]): void {
    if (data.length !== this.dataShards) throw new RangeError(`encodeInPlace expects ${this.dataShards} data shards, got ${data.length}`);
    if (parity.length !== this.parityShards) throw new RangeError(`encodeInPlace expects ${this.parityShards} parity shards, got ${parity.length}`);
    this.encodeProgram.run(data, parity);
  }

  reconstructInPlace(shards: readonly (Uint8Array | null)[], missing: readonly number[]): void {
    const n = this.dataShards + this.parityShards;
    if (shards.length !== n) throw new RangeError(`reconstructInPlace expects ${n} shards, got ${shards.length}`);
    const absent: number[] = [];
    let lengthBytes = -1;
    for (let i = 0; i < n; i++) {
      const shard = shards[i];
      if (shard === null || shard === undefined) {
        absent.push(i);
        continue;
      }
      if (lengthBytes === -1) lengthBytes = shard.length;
      else if (shard.length !== lengthBytes) throw new RangeError(`shard lengths differ: shard ${i} has ${shard.length} bytes, others ${lengthBytes}`);
    }
    for (const i of missing) {
      if (absent.includes(i)) throw new RangeError(`reconstructInPlace: missing shard ${i} has no view to rebuild into (null)`);
    }
    if (missing.length === 0) return;
    if (missing.length + absent.length > this.parityShards) {
      throw new RangeError(`cannot reconstruct: ${missing.length + absent.length} shards missing, at most ${this.parityShards} (the parity count) can be rebuilt`);
    }
    const decode = this.decodes.get(missing, absent);
    decode.program.run(
      decode.survivors.map((i) => shards[i] as Uint8Array),
      decode.missing.map((i) => shards[i] as Uint8Array),
    );
  }
}
