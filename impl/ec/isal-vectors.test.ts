import { describe, expect, it } from 'vitest';
import { createCodec } from './codec.ts';
import { decodePlan } from './decode-matrix.ts';
import { cauchyEncodeMatrix } from './cauchy-matrix.ts';
import { availableKernels } from './kernel-select.ts';
import { fromHex, isalLcgBytes } from './test-support.ts';
import vectors from './fixtures/isal-vectors.json' with { type: 'json' };

/**
 * Every kernel against every vector ISA-L itself produced: encode, and the decode case (survivor
 * choice, decode rows, recovered data). Does NOT cover parity erasures or shapes outside the file;
 * the codec properties do.
 */
describe('ISA-L vectors', () => {
  it('the fixture data is the LCG the file describes (so we read the fixture right)', () => {
    for (const v of vectors.vectors) {
      const stream = isalLcgBytes(v.seed, v.k * v.cell);
      v.data.forEach((hex, j) => expect(fromHex(hex)).toEqual(stream.subarray(j * v.cell, (j + 1) * v.cell)));
    }
  });

  it('decode plans choose ISA-L survivors and decode rows', () => {
    for (const v of vectors.vectors) {
      const plan = decodePlan(cauchyEncodeMatrix(v.k, v.p), v.decode.erased);
      expect(plan.survivors).toEqual(v.decode.survivors);
      v.decode.decode_rows.forEach((row, i) => expect(Array.from(plan.matrix.entries.subarray(i * v.k, (i + 1) * v.k))).toEqual(row));
    }
  });

  for (const kernel of availableKernels()) {
    describe(`kernel ${kernel}`, () => {
      for (const v of vectors.vectors) {
        const label = `${v.k}+${v.p}, ${v.cell}-byte cells, seed ${v.seed}`;
        it(`encodes ${label}`, () => {
          const codec = createCodec({ dataShards: v.k, parityShards: v.p, kernel });
          const parity = v.parity.map(() => new Uint8Array(v.cell));
          codec.encode(v.data.map(fromHex), parity);
          parity.forEach((cell, r) => expect(cell).toEqual(fromHex(v.parity[r])));
        });

        it(`decodes ${label} with fragments ${v.decode.erased.join(',')} erased`, () => {
          const codec = createCodec({ dataShards: v.k, parityShards: v.p, kernel });
          const original = [...v.data, ...v.parity].map(fromHex);
          const shards: (Uint8Array | null)[] = original.map((s) => s.slice());
          for (const e of v.decode.erased) shards[e] = null;
          codec.reconstruct(shards);
          shards.forEach((s, i) => expect(s).toEqual(original[i]));
        });
      }
    });
  }
});
