import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec, type Codec } from './codec.ts';
import { availableKernels } from './kernel-select.ts';
import type { KernelName } from './kernel.ts';
import { expectSameBytes } from './test-support.ts';
import { WORKSPACE_ALIGN_BYTES, type EcWorkspace } from './workspace.ts';

/**
 * The zero-copy path against the copying API and the scalar reference, for every kernel, every
 * OBJ-3 geometry (2P1..16P3) and cell lengths from 0 through odd ones to several wasm chunks:
 * parity and rebuilt cells must be byte-identical. Cells are laid out both as allocStripe does
 * (one aligned allocation each) and scattered at arbitrary offsets of one allocation, packed or
 * with odd gaps, so odd lengths and gaps give unaligned cells and partial 64-byte tails. Also the workspace's always-on checks (foreign views, capacity, overlap,
 * counts) and that nothing outside the output views is written. Does NOT check speed (bench/), nor
 * the kernels on arbitrary matrices (kernel-agreement.test.ts does, in kernel memory too).
 */
const kernels = availableKernels();

/** The EC classes of OBJ-3: k+p. */
const GEOMETRIES: ReadonlyArray<readonly [number, number]> = [
  [2, 1], [2, 2], [4, 1], [4, 2], [8, 1], [8, 2], [16, 1], [16, 2], [4, 3], [8, 3], [16, 3],
];

const lengthArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 200 }), weight: 4 },
  { arbitrary: fc.constantFrom(1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 4095, 4096, 4097), weight: 3 },
  { arbitrary: fc.integer({ min: 200, max: 5000 }), weight: 3 },
  // Past the copying wasm path's chunk (14 KiB for 16+2) and the in-place path's chunked passes.
  { arbitrary: fc.integer({ min: 5000, max: 40000 }), weight: 1 },
);

const caseArb = fc
  .record({ geometry: fc.constantFrom(...GEOMETRIES), lengthBytes: lengthArb, seed: fc.integer(), scattered: fc.boolean() })
  .chain((c) => {
    const [k, p] = c.geometry;
    return fc.record({
      c: fc.constant({ ...c, k, p }),
      erased: fc.shuffledSubarray([...Array(k + p).keys()], { minLength: 1, maxLength: p }),
      // Gaps between scattered cells: 0 packs them, odd values misalign them.
      gaps: fc.array(fc.integer({ min: 0, max: 70 }), { minLength: k + p, maxLength: k + p }),
    });
  });

function bytes(seed: number, lengthBytes: number): Uint8Array {
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

/** k+p cells in a fresh workspace: as allocStripe lays them out, or scattered over one allocation. */
function cellsIn(codec: Codec, lengthBytes: number, scattered: boolean, gaps: readonly number[]): { ws: EcWorkspace; cells: Uint8Array[] } {
  const n = codec.dataShards + codec.parityShards;
  if (!scattered) {
    const ws = codec.createWorkspace({ capacityBytes: codec.stripeWorkspaceBytes(lengthBytes) });
    return { ws, cells: [...ws.allocStripe(lengthBytes).cells] };
  }
  const totalBytes = gaps.reduce((sum, gap) => sum + gap, 0) + n * lengthBytes;
  const ws = codec.createWorkspace({ capacityBytes: totalBytes + WORKSPACE_ALIGN_BYTES });
  const block = ws.alloc(totalBytes);
  const cells: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    at += gaps[i];
    cells.push(block.subarray(at, at + lengthBytes));
    at += lengthBytes;
  }
  return { ws, cells };
}

const references = new Map<string, Codec>();
function reference(k: number, p: number): Codec {
  const key = `${k}+${p}`;
  let codec = references.get(key);
  if (codec === undefined) references.set(key, (codec = createCodec({ dataShards: k, parityShards: p, kernel: 'scalar' })));
  return codec;
}

const codecs = new Map<string, Codec>();
function codecFor(kernel: KernelName, k: number, p: number): Codec {
  const key = `${kernel} ${k}+${p}`;
  let codec = codecs.get(key);
  if (codec === undefined) codecs.set(key, (codec = createCodec({ dataShards: k, parityShards: p, kernel })));
  return codec;
}

describe.each(kernels)('workspace on kernel %s', (kernel) => {
  const numRuns = kernel === 'scalar' ? 40 : 150;

  it('encodeInPlace gives the parity of the copying encode and of the scalar reference', () => {
    fc.assert(
      fc.property(caseArb, ({ c, gaps }) => {
        const codec = codecFor(kernel, c.k, c.p);
        const data = Array.from({ length: c.k }, (_, j) => bytes(c.seed + 7919 * j, c.lengthBytes));
        const expected = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
        reference(c.k, c.p).encode(data, expected);
        const copied = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
        codec.encode(data, copied);

        const { ws, cells } = cellsIn(codec, c.lengthBytes, c.scattered, gaps);
        data.forEach((d, j) => cells[j].set(d));
        cells.slice(c.k).forEach((cell) => cell.fill(0x5a)); // stale bytes must be overwritten
        ws.encodeInPlace(cells.slice(0, c.k), cells.slice(c.k));
        for (let r = 0; r < c.p; r++) {
          expectSameBytes(cells[c.k + r], expected[r], `in-place parity ${r}`);
          expectSameBytes(copied[r], expected[r], `copying parity ${r}`);
        }
        data.forEach((d, j) => expectSameBytes(cells[j], d, `data ${j} left as it was`));
      }),
      { seed: 0xe0c1, numRuns },
    );
  });

  it('reconstructInPlace rebuilds any <= p lost cells like the copying reconstruct', () => {
    fc.assert(
      fc.property(caseArb, ({ c, erased, gaps }) => {
        const codec = codecFor(kernel, c.k, c.p);
        const ref = reference(c.k, c.p);
        const data = Array.from({ length: c.k }, (_, j) => bytes(c.seed + 7919 * j, c.lengthBytes));
        const parity = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
        ref.encode(data, parity);
        const original = [...data, ...parity];
        const copying: (Uint8Array | null)[] = original.map((s, i) => (erased.includes(i) ? null : s.slice()));
        codec.reconstruct(copying);

        const { ws, cells } = cellsIn(codec, c.lengthBytes, c.scattered, gaps);
        original.forEach((s, i) => cells[i].set(s));
        for (const e of erased) cells[e].fill(0xa5); // a lost cell holds garbage, not zeros
        ws.reconstructInPlace(cells, erased);
        original.forEach((s, i) => {
          expectSameBytes(cells[i], s, `in-place cell ${i}`);
          expectSameBytes(copying[i], s, `copying cell ${i}`);
        });
      }),
      { seed: 0xe0c2, numRuns },
    );
  });

  it('reconstructInPlace with lost parity left null rebuilds only the data, like reconstructData', () => {
    fc.assert(
      fc.property(caseArb, ({ c, erased, gaps }) => {
        const codec = codecFor(kernel, c.k, c.p);
        const data = Array.from({ length: c.k }, (_, j) => bytes(c.seed + 7919 * j, c.lengthBytes));
        const parity = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
        reference(c.k, c.p).encode(data, parity);
        const original = [...data, ...parity];
        const lostData = erased.filter((i) => i < c.k);

        const copying: (Uint8Array | null)[] = original.map((s, i) => (erased.includes(i) ? null : s.slice()));
        codec.reconstructData(copying);
        const { ws, cells } = cellsIn(codec, c.lengthBytes, c.scattered, gaps);
        original.forEach((s, i) => cells[i].set(s));
        for (const e of erased) cells[e].fill(0xa5);
        const shards = cells.map((cell, i) => (i >= c.k && erased.includes(i) ? null : cell));
        ws.reconstructInPlace(shards, lostData);
        for (let i = 0; i < c.k + c.p; i++) {
          if (i >= c.k && erased.includes(i)) {
            expect(copying[i]).toBeNull();
            expect(cells[i][0] === 0xa5 || c.lengthBytes === 0).toBe(true); // absent: not rebuilt
            continue;
          }
          expectSameBytes(cells[i], original[i], `in-place cell ${i}`);
          expectSameBytes(copying[i], original[i], `copying cell ${i}`);
        }
      }),
      { seed: 0xe0c3, numRuns },
    );
  });

  it('writes nothing outside the output views (odd lengths, neighbours on both sides)', () => {
    const codec = codecFor(kernel, 4, 2);
    for (const lengthBytes of [1, 63, 65, 130, 4097]) {
      const ws = codec.createWorkspace({ capacityBytes: 8 * (lengthBytes + 64) });
      const block = ws.alloc(7 * lengthBytes + 40);
      block.fill(0xcc);
      // Parity cells sit between guard bytes; data cells are packed after them.
      const parity = [block.subarray(10, 10 + lengthBytes), block.subarray(20 + lengthBytes, 20 + 2 * lengthBytes)];
      const data = [0, 1, 2, 3].map((j) => block.subarray(30 + (2 + j) * lengthBytes, 30 + (3 + j) * lengthBytes));
      data.forEach((d, j) => d.set(bytes(j + 1, lengthBytes)));
      ws.encodeInPlace(data, parity);
      const guards = [[0, 10], [10 + lengthBytes, 20 + lengthBytes], [20 + 2 * lengthBytes, 30 + 2 * lengthBytes]];
      for (const [from, to] of guards) for (let i = from; i < to; i++) expect(block[i]).toBe(0xcc);
      for (let i = 30 + 6 * lengthBytes; i < block.length; i++) expect(block[i]).toBe(0xcc);
    }
  });

  it('hands out zero-filled, 64-byte aligned views and accounts for them', () => {
    const codec = codecFor(kernel, 4, 2);
    const ws = codec.createWorkspace({ capacityBytes: 1000 });
    expect(ws.kernel).toBe(kernel);
    const a = ws.alloc(100);
    const b = ws.alloc(0);
    const c = ws.alloc(1);
    expect(a.length).toBe(100);
    expect(a.every((x) => x === 0)).toBe(true);
    for (const v of [a, b, c]) expect(v.byteOffset % WORKSPACE_ALIGN_BYTES).toBe(0);
    // Each takes its length rounded up to 64, plus a 64-byte gap.
    expect(ws.usedBytes).toBe(192 + 64 + 128);
    expect(c.byteOffset - a.byteOffset).toBe(192 + 64);
    expect(() => ws.alloc(617)).toThrow(/workspace full: 617 bytes asked, 616 of 1000 left/);
    expect(ws.alloc(616).length).toBe(616); // the last allocation needs no alignment or gap after it
    expect(ws.usedBytes).toBe(1000);
    expect(() => ws.alloc(1)).toThrow(/workspace full/);
    expect(ws.alloc(0).length).toBe(0);
    expect(() => ws.alloc(-1)).toThrow(/integer >= 0/);
    expect(() => ws.alloc(1.5)).toThrow(/integer >= 0/);
    expect(() => codec.createWorkspace({ capacityBytes: -5 })).toThrow(/integer >= 0/);
    expect(codec.stripeWorkspaceBytes(100)).toBe(6 * (128 + 64));
    expect(() => ws.allocStripe(100)).toThrow(/a stripe of 100-byte cells needs 1152 bytes/);
  });

  it('rejects shards that are not views into its allocations, before computing anything', () => {
    const codec = codecFor(kernel, 2, 1);
    const ws = codec.createWorkspace({ capacityBytes: codec.stripeWorkspaceBytes(64) + 64 });
    const other = codec.createWorkspace({ capacityBytes: codec.stripeWorkspaceBytes(64) });
    const s = ws.allocStripe(64);
    const foreign = other.allocStripe(64);
    const unallocated = new Uint8Array(s.data[0].buffer, s.parity[0].byteOffset + 128, 64);
    const scratch = new Uint8Array(s.data[0].buffer, 0, Math.min(64, s.data[0].byteOffset));
    for (const bad of [new Uint8Array(64), s.data[1].slice(), foreign.data[1], unallocated]) {
      expect(() => ws.encodeInPlace([s.data[0], bad], s.parity)).toThrow(/input 1 is not a view into this workspace's allocations/);
      expect(() => ws.encodeInPlace(s.data, [bad])).toThrow(/output 0 is not a view into this workspace's allocations/);
      expect(() => ws.reconstructInPlace([s.data[0], bad, s.parity[0]], [1])).toThrow(/output 0 is not a view/);
      expect(() => ws.reconstructInPlace([s.data[0], bad, s.parity[0]], [0])).toThrow(/input 0 is not a view/);
      expect(ws.owns(bad)).toBe(false);
    }
    expect(s.parity[0].every((x) => x === 0)).toBe(true); // nothing was computed
    // The kernel's scratch (tables, pointers, staging) lies below the first allocation for wasm.
    if (scratch.length > 0) expect(() => ws.encodeInPlace([s.data[0], scratch], s.parity)).toThrow(/not a view/);
    expect(ws.owns(s.data[0])).toBe(true);
    expect(ws.owns(s.data[1].subarray(3, 9))).toBe(true);
  });

  it('fails loudly on misuse: counts, lengths, overlap, unrebuildable patterns', () => {
    const codec = codecFor(kernel, 4, 2);
    const ws = codec.createWorkspace({ capacityBytes: 2 * codec.stripeWorkspaceBytes(64) + 64 });
    const s = ws.allocStripe(64);
    const t = ws.allocStripe(64);
    const short = ws.alloc(63);
    expect(() => ws.encodeInPlace(s.data.slice(1), s.parity)).toThrow(/4 data shards/);
    expect(() => ws.encodeInPlace(s.data, s.parity.slice(1))).toThrow(/2 parity shards/);
    expect(() => ws.encodeInPlace(s.data, [s.parity[0], short])).toThrow(/lengths differ/);
    expect(() => ws.encodeInPlace(s.data, [s.parity[0], s.data[2]])).toThrow(/overlaps an input/);
    expect(() => ws.encodeInPlace(s.data, [s.parity[0], s.parity[0]])).toThrow(/overlap each other/);
    expect(() => ws.reconstructInPlace(s.cells.slice(1), [0])).toThrow(/6 shards/);
    expect(() => ws.reconstructInPlace([null, ...s.cells.slice(1)], [0])).toThrow(/missing shard 0 has no view/);
    expect(() => ws.reconstructInPlace([null, null, ...s.cells.slice(2)], [4])).toThrow(/3 shards missing, at most 2/);
    expect(() => ws.reconstructInPlace(s.cells, [1, 1])).toThrow(/repeat/);
    expect(() => ws.reconstructInPlace(s.cells, [6])).toThrow(/outside 0..5/);
    expect(() => ws.reconstructInPlace([...s.cells.slice(0, 5), short], [0])).toThrow(/lengths differ/);
    // A rebuild target may come from another stripe of the same workspace.
    const data = s.data.map((d, j) => d.fill(j + 1));
    ws.encodeInPlace(data, s.parity);
    ws.reconstructInPlace([t.data[0], ...s.cells.slice(1)], [0]);
    expectSameBytes(t.data[0], s.data[0], 'rebuilt into the other stripe');
    ws.reconstructInPlace(s.cells, []); // nothing missing: no-op
  });

  it('its views outlive growth of the copying path memory', () => {
    const codec = codecFor(kernel, 16, 3);
    const ws = codec.createWorkspace({ capacityBytes: codec.stripeWorkspaceBytes(1000) });
    const s = ws.allocStripe(1000);
    s.data.forEach((cell, j) => cell.set(bytes(9 + j, 1000)));
    // A wide code on the copying path needs more staging than its memory had: it grows.
    const wide = createCodec({ dataShards: 200, parityShards: 50, kernel });
    const wideData = Array.from({ length: 200 }, (_, j) => bytes(j, 3000));
    wide.encode(wideData, Array.from({ length: 50 }, () => new Uint8Array(3000)));
    s.cells.forEach((cell) => expect(cell.length).toBe(1000));
    ws.encodeInPlace(s.data, s.parity);
    const expected = Array.from({ length: 3 }, () => new Uint8Array(1000));
    reference(16, 3).encode(s.data.map((d) => d.slice()), expected);
    s.parity.forEach((cell, r) => expectSameBytes(cell, expected[r], `parity ${r}`));
  });
});

describe('codec.reconstructData', () => {
  it.each(kernels)('with every data shard present it does nothing (%s)', (kernel) => {
    const codec = codecFor(kernel, 4, 2);
    const data = Array.from({ length: 4 }, (_, j) => bytes(j, 50));
    const shards: (Uint8Array | null)[] = [...data, null, null];
    codec.reconstructData(shards);
    expect(shards[4]).toBeNull();
    expect(shards[5]).toBeNull();
    shards.slice(0, 4).forEach((s, j) => expect(s).toBe(data[j]));
  });

  it('throws like reconstruct when too few shards remain, leaving shards untouched', () => {
    const codec = codecFor('scalar', 4, 2);
    const shards: (Uint8Array | null)[] = [null, new Uint8Array(8), new Uint8Array(8), new Uint8Array(8), null, null];
    expect(() => codec.reconstructData(shards)).toThrow(/3 shards missing, at most 2/);
    expect(shards[0]).toBeNull();
  });
});

describe('workspaces and DAOS_EC_KERNEL', () => {
  it('a codec without a kernel option gives workspaces on the default kernel', () => {
    const saved = process.env.DAOS_EC_KERNEL;
    try {
      for (const kernel of kernels) {
        process.env.DAOS_EC_KERNEL = kernel;
        expect(createCodec({ dataShards: 2, parityShards: 1 }).createWorkspace({ capacityBytes: 0 }).kernel).toBe(kernel);
      }
    } finally {
      if (saved === undefined) delete process.env.DAOS_EC_KERNEL;
      else process.env.DAOS_EC_KERNEL = saved;
    }
  });
});
