/**
 * Erasure-code throughput, single thread, data in cache: encode and reconstruct (two lost data
 * cells; one for 2+1) for 16+2, 8+2, 4+2 and 2+1 at 4 KiB (the usual generated ec_cell_sz),
 * 64 KiB and 128 KiB cells, per kernel. Figures are GB/s of data (k cells per call), the way
 * ISA-L reports. The scalar reference runs a reduced set.
 * - encode, reconstruct: the copying API; reconstruct allocates the rebuilt cells as specified;
 *   reconstructInto rebuilds into caller-owned cells, which isolates the kernel from the allocator.
 * - encodeInPlace, reconstructInPlace: the zero-copy API, cells in a workspace (for wasm-simd:
 *   inside its linear memory). Against encode and reconstructInto it measures what the copies cost.
 * - encodeInPlace+fill (16+2 and 4+2): copy the k data cells into the workspace, then
 *   encodeInPlace: what a caller whose data starts in ordinary buffers would gain by switching.
 * - read ... (16+2 and 4+2, 4 KiB): the engine's stripe read, which stops at the first k cells it
 *   finds: data cell 1 lost, so the first parity cell stands in and the other parity stays null.
 *   reconstruct also rebuilds that null parity; reconstructData rebuilds only the data cell.
 * EC_BENCH_KERNELS=js-word,wasm-simd, EC_BENCH_SHAPES=16+2 and EC_BENCH_CELLS=4,128 (KiB) narrow a
 * run while tuning.
 */
import { loadavg } from 'node:os';
import type { BenchCase, BenchSuite } from '../harness.ts';
import { availableKernels, createCodec, defaultKernel, wasmSimdSwizzle, type Codec, type KernelName } from '../../impl/ec/index.ts';

const SHAPES: ReadonlyArray<readonly [number, number]> = [[16, 2], [8, 2], [4, 2], [2, 1]];
const CELL_SIZES_BYTES = [4 * 1024, 64 * 1024, 128 * 1024];
const FILL_SHAPES = new Set(['16+2', '4+2']);
const READ_CELL_BYTES = 4 * 1024;

function fill(lengthBytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(lengthBytes);
  let s = seed | 1;
  for (let i = 0; i < lengthBytes; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

function selected<T extends string>(all: readonly T[], envName: string): T[] {
  const filter = process.env[envName];
  if (!filter) return [...all];
  const wanted = new Set(filter.split(','));
  return all.filter((x) => wanted.has(x));
}

function casesFor(kernel: KernelName, k: number, p: number, cellBytes: number): BenchCase[] {
  const codec = createCodec({ dataShards: k, parityShards: p, kernel });
  const data = Array.from({ length: k }, (_, j) => fill(cellBytes, 1 + j));
  const parity = Array.from({ length: p }, () => new Uint8Array(cellBytes));
  codec.encode(data, parity);
  const shards: (Uint8Array | null)[] = [...data, ...parity];
  const ownedShards = [...data, ...parity].map((s) => s.slice());
  const lost = p >= 2 ? [0, 1] : [0];
  const label = `${kernel} ${k}+${p} ${cellBytes / 1024}KiB`;
  const cases: BenchCase[] = [
    { name: `encode ${label}`, fn: () => codec.encode(data, parity), bytesPerCall: k * cellBytes },
    {
      // The API call as specified: allocates the rebuilt cells.
      name: `reconstruct(${lost.length} data) ${label}`,
      fn: () => {
        for (const i of lost) shards[i] = null;
        codec.reconstruct(shards);
      },
      bytesPerCall: k * cellBytes,
    },
  ];
  if (kernel !== 'scalar') {
    // Same decode into caller-owned cells: the difference is the allocator's (and page faults').
    cases.push({ name: `reconstructInto(${lost.length} data) ${label}`, fn: () => codec.reconstructInto(ownedShards, lost), bytesPerCall: k * cellBytes });
    cases.push(...inPlaceCases(codec, data, lost, label));
  }
  return cases;
}

/** The same work on cells in a workspace: no copies in or out of the kernel's memory. */
function inPlaceCases(codec: Codec, data: readonly Uint8Array[], lost: readonly number[], label: string): BenchCase[] {
  const k = codec.dataShards;
  const cellBytes = data[0].length;
  const ws = codec.createWorkspace({ capacityBytes: codec.stripeWorkspaceBytes(cellBytes) });
  const stripe = ws.allocStripe(cellBytes);
  data.forEach((cell, j) => stripe.data[j].set(cell));
  ws.encodeInPlace(stripe.data, stripe.parity);
  const cases: BenchCase[] = [
    { name: `encodeInPlace ${label}`, fn: () => ws.encodeInPlace(stripe.data, stripe.parity), bytesPerCall: k * cellBytes },
    { name: `reconstructInPlace(${lost.length} data) ${label}`, fn: () => ws.reconstructInPlace(stripe.cells, lost), bytesPerCall: k * cellBytes },
  ];
  if (FILL_SHAPES.has(`${k}+${codec.parityShards}`) && cellBytes === READ_CELL_BYTES) cases.push(...readCases(codec, data, label));
  if (FILL_SHAPES.has(`${k}+${codec.parityShards}`)) {
    cases.push({
      name: `encodeInPlace+fill ${label}`,
      fn: () => {
        for (let j = 0; j < k; j++) stripe.data[j].set(data[j]);
        ws.encodeInPlace(stripe.data, stripe.parity);
      },
      bytesPerCall: k * cellBytes,
    });
  }
  return cases;
}

/** The engine's read of a stripe with one data cell lost: reconstruct against reconstructData. */
function readCases(codec: Codec, data: readonly Uint8Array[], label: string): BenchCase[] {
  const k = codec.dataShards;
  const cellBytes = data[0].length;
  const parity = Array.from({ length: codec.parityShards }, () => new Uint8Array(cellBytes));
  codec.encode(data, parity);
  const found: (Uint8Array | null)[] = [...data, parity[0], ...parity.slice(1).map(() => null)];
  found[1] = null;
  const read = (rebuild: (shards: (Uint8Array | null)[]) => void) => () => {
    const shards = found.slice();
    rebuild(shards);
  };
  return [
    { name: `read: reconstruct(1 data, parity absent) ${label}`, fn: read((shards) => codec.reconstruct(shards)), bytesPerCall: k * cellBytes },
    { name: `read: reconstructData(1 data, parity absent) ${label}`, fn: read((shards) => codec.reconstructData(shards)), bytesPerCall: k * cellBytes },
  ];
}

export const suite: BenchSuite = {
  name: 'ec',
  environment: () => ({
    defaultKernel: defaultKernel(),
    kernels: availableKernels().join('+'),
    wasmSwizzle: wasmSimdSwizzle() ?? 'none',
    // Other work on this 2-core machine skews figures; record how busy it was.
    loadavg1m: loadavg()[0].toFixed(2),
  }),
  cases: () => {
    const cases: BenchCase[] = [];
    const shapeNames = selected(SHAPES.map(([k, p]) => `${k}+${p}`), 'EC_BENCH_SHAPES');
    const cellKiBs = selected(CELL_SIZES_BYTES.map((bytes) => String(bytes / 1024)), 'EC_BENCH_CELLS');
    const cellSizes = CELL_SIZES_BYTES.filter((bytes) => cellKiBs.includes(String(bytes / 1024)));
    for (const kernel of selected(availableKernels(), 'EC_BENCH_KERNELS')) {
      for (const [k, p] of SHAPES) {
        if (!shapeNames.includes(`${k}+${p}`)) continue;
        // The reference is ~100x slower: one shape and cell size (64 KiB, as ever) shows its level.
        const cells = kernel === 'scalar' ? (k === 16 ? cellSizes.filter((bytes) => bytes === 64 * 1024) : []) : cellSizes;
        for (const cellBytes of cells) cases.push(...casesFor(kernel, k, p, cellBytes));
      }
    }
    return cases;
  },
};
