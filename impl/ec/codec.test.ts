import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec } from './codec.ts';
import { gfMul } from './gf256.ts';
import { availableKernels } from './kernel-select.ts';
import { expectSameBytes, xorBytes } from './test-support.ts';

/**
 * Codec laws, for every kernel: reconstruct inverts erasure, encode is linear, and misuse fails
 * loudly. Lengths include 0, odd lengths and lengths that are not multiples of 16, 32 or 64 so the
 * vector kernels' tails are exercised. Does NOT check compatibility with ISA-L (isal-vectors.test.ts
 * does) nor kernels against each other (kernel-agreement.test.ts does).
 */
const lengthArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 200 }), weight: 5 },
  { arbitrary: fc.integer({ min: 200, max: 3000 }), weight: 4 },
  // Past the WASM kernel's chunk size (14 KiB for 16+2), so chunk boundaries are crossed.
  { arbitrary: fc.integer({ min: 3000, max: 40000 }), weight: 1 },
);

const caseArb = fc
  .record({ k: fc.integer({ min: 2, max: 16 }), pRaw: fc.integer({ min: 1, max: 4 }), lengthBytes: lengthArb, seed: fc.integer() })
  .map(({ k, pRaw, lengthBytes, seed }) => ({ k, p: Math.min(k, pRaw), lengthBytes, seed }))
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      erased: fc.shuffledSubarray([...Array(c.k + c.p).keys()], { minLength: 0, maxLength: c.p }),
    }),
  );

function bytes(seed: number, lengthBytes: number): Uint8Array {
  // xorshift32, enough to fill shards deterministically from the generated seed.
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

function makeData(k: number, lengthBytes: number, seed: number): Uint8Array[] {
  return Array.from({ length: k }, (_, j) => bytes(seed + j * 7919, lengthBytes));
}

for (const kernel of availableKernels()) {
  describe(`codec with kernel ${kernel}`, () => {
    const numRuns = kernel === 'scalar' ? 60 : 300;

    it('reconstruct returns the originals for any <= p erasures (data or parity)', () => {
      fc.assert(
        fc.property(caseArb, ({ c, erased }) => {
          const codec = createCodec({ dataShards: c.k, parityShards: c.p, kernel });
          const data = makeData(c.k, c.lengthBytes, c.seed);
          const parity = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
          codec.encode(data, parity);
          const original = [...data, ...parity];
          const shards: (Uint8Array | null)[] = original.map((s) => s.slice());
          for (const e of erased) shards[e] = null;
          codec.reconstruct(shards);
          shards.forEach((s, i) => expectSameBytes(s, original[i], `shard ${i}`));
        }),
        { seed: 0xec01, numRuns },
      );
    });

    it('encode is linear: encode(a xor b) = encode(a) xor encode(b)', () => {
      fc.assert(
        fc.property(caseArb, fc.integer(), ({ c }, seedB) => {
          const codec = createCodec({ dataShards: c.k, parityShards: c.p, kernel });
          const a = makeData(c.k, c.lengthBytes, c.seed);
          const b = makeData(c.k, c.lengthBytes, seedB);
          const parityOf = (d: Uint8Array[]) => {
            const out = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
            codec.encode(d, out);
            return out;
          };
          const pa = parityOf(a);
          const pb = parityOf(b);
          const pab = parityOf(a.map((x, j) => xorBytes(x, b[j])));
          pab.forEach((row, r) => expectSameBytes(row, xorBytes(pa[r], pb[r]), `parity ${r}`));
        }),
        { seed: 0xec02, numRuns },
      );
    });

    it('parity is the Cauchy row applied byte by byte (2+1: 142*d0 ^ 244*d1)', () => {
      const codec = createCodec({ dataShards: 2, parityShards: 1, kernel });
      const d0 = bytes(11, 77);
      const d1 = bytes(12, 77);
      const parity = [new Uint8Array(77)];
      codec.encode([d0, d1], parity);
      for (let i = 0; i < 77; i++) expect(parity[0][i]).toBe(gfMul(142, d0[i]) ^ gfMul(244, d1[i]));
    });

    it('too many erasures throws a clear error and leaves shards untouched', () => {
      const codec = createCodec({ dataShards: 4, parityShards: 2, kernel });
      const shards: (Uint8Array | null)[] = [null, new Uint8Array(8), null, new Uint8Array(8), null, new Uint8Array(8)];
      expect(() => codec.reconstruct(shards)).toThrow(/3 shards missing, at most 2/);
      expect(shards.filter((s) => s === null).length).toBe(3);
    });

    it('different lengths throw', () => {
      const codec = createCodec({ dataShards: 2, parityShards: 1, kernel });
      expect(() => codec.encode([new Uint8Array(8), new Uint8Array(9)], [new Uint8Array(8)])).toThrow(/lengths differ/);
      expect(() => codec.encode([new Uint8Array(8), new Uint8Array(8)], [new Uint8Array(7)])).toThrow(/lengths differ/);
      expect(() => codec.reconstruct([new Uint8Array(8), null, new Uint8Array(9)])).toThrow(/lengths differ/);
    });

    it('wrong shard counts throw', () => {
      const codec = createCodec({ dataShards: 2, parityShards: 1, kernel });
      expect(() => codec.encode([new Uint8Array(8)], [new Uint8Array(8)])).toThrow(/2 data shards/);
      expect(() => codec.encode([new Uint8Array(8), new Uint8Array(8)], [])).toThrow(/1 parity shards/);
      expect(() => codec.reconstruct([new Uint8Array(8), null])).toThrow(/3 shards/);
    });

    it('reconstruct with nothing missing is a no-op; reconstructInto rebuilds into given arrays', () => {
      const codec = createCodec({ dataShards: 3, parityShards: 2, kernel });
      const data = makeData(3, 33, 5);
      const parity = [new Uint8Array(33), new Uint8Array(33)];
      codec.encode(data, parity);
      const shards = [...data, ...parity].map((s) => s.slice());
      codec.reconstruct(shards);
      shards.forEach((s, i) => expect(s).toEqual([...data, ...parity][i]));
      shards[1].fill(0xaa);
      shards[4].fill(0x55);
      codec.reconstructInto(shards, [4, 1]);
      expect(shards[1]).toEqual(data[1]);
      expect(shards[4]).toEqual(parity[1]);
    });
  });
}

describe('codec across kernels', () => {
  it('all kernels produce byte-identical parity and rebuilt shards', () => {
    const kernels = availableKernels();
    fc.assert(
      fc.property(caseArb, ({ c, erased }) => {
        const data = makeData(c.k, c.lengthBytes, c.seed);
        const results = kernels.map((kernel) => {
          const codec = createCodec({ dataShards: c.k, parityShards: c.p, kernel });
          const parity = Array.from({ length: c.p }, () => new Uint8Array(c.lengthBytes));
          codec.encode(data, parity);
          const shards: (Uint8Array | null)[] = [...data, ...parity].map((s) => s.slice());
          for (const e of erased) shards[e] = null;
          codec.reconstruct(shards);
          return { parity, shards };
        });
        for (let i = 1; i < results.length; i++) {
          results[i].parity.forEach((row, r) => expectSameBytes(row, results[0].parity[r], `${kernels[i]} parity ${r}`));
          results[i].shards.forEach((s, j) => expectSameBytes(s, results[0].shards[j]!, `${kernels[i]} shard ${j}`));
        }
      }),
      { seed: 0xec03, numRuns: 100 },
    );
  });
});
