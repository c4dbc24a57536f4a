/**
 * Erasure-code throughput, single thread, data in cache: encode and reconstruct (two lost data
 * cells; one for 2+1) for 16+2, 8+2, 4+2 and 2+1 at 64 KiB and 128 KiB cells, per kernel.
 * reconstruct allocates the rebuilt cells as the API specifies; reconstructInto rebuilds into
 * caller-owned cells, which isolates the kernel from the allocator. Figures are GB/s of
 * data (k cells per call), the way ISA-L reports. The scalar reference runs a reduced set.
 * EC_BENCH_KERNELS=js-word,wasm-simd and EC_BENCH_SHAPES=16+2 narrow a run while tuning.
 */
import { loadavg } from 'node:os';
import type { BenchCase, BenchSuite } from '../harness.ts';
import { availableKernels, createCodec, defaultKernel, wasmSimdSwizzle, type KernelName } from '../../impl/ec/index.ts';

const SHAPES: ReadonlyArray<readonly [number, number]> = [[16, 2], [8, 2], [4, 2], [2, 1]];
const CELL_SIZES_BYTES = [64 * 1024, 128 * 1024];

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
  }
  return cases;
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
    for (const kernel of selected(availableKernels(), 'EC_BENCH_KERNELS')) {
      for (const [k, p] of SHAPES) {
        if (!shapeNames.includes(`${k}+${p}`)) continue;
        // The reference is ~100x slower: one shape and cell size shows its level.
        const cells = kernel === 'scalar' ? (k === 16 ? [CELL_SIZES_BYTES[0]] : []) : CELL_SIZES_BYTES;
        for (const cellBytes of cells) cases.push(...casesFor(kernel, k, p, cellBytes));
      }
    }
    return cases;
  },
};
