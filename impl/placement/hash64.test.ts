import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupOfDkey } from './dkey-group.ts';
import { jumpHashBigInt } from './jump-hash.ts';
import { fnv1a64Utf8 } from './key-hash.ts';
import { mix64, splitmix64At } from './splitmix64.ts';
import { add64, mul64, parseU64Decimal } from './uint64.ts';

const MASK = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: MASK });
const halves = (x: bigint): [number, number] => [Number(x >> 32n), Number(x & 0xffff_ffffn)];
const join = (out: Uint32Array): bigint => (BigInt(out[0]) << 32n) | BigInt(out[1]);

function fnvReference(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK;
  return h;
}

describe('uint64 halves', () => {
  it('mul64 and add64 agree with BigInt modulo 2^64', () => {
    const out = new Uint32Array(2);
    fc.assert(
      fc.property(u64, u64, (a, b) => {
        mul64(...halves(a), ...halves(b), out);
        expect(join(out)).toBe((a * b) & MASK);
        add64(...halves(a), ...halves(b), out);
        expect(join(out)).toBe((a + b) & MASK);
      }),
      { seed: 0x5eed_0101, numRuns: 3000 },
    );
  });
  it('parseU64Decimal reads every uint64 and rejects 2^64 and non-digits', () => {
    const out = new Uint32Array(2);
    fc.assert(
      fc.property(u64, (a) => {
        expect(parseU64Decimal(a.toString(), out)).toBe(true);
        expect(join(out)).toBe(a);
      }),
      { seed: 0x5eed_0102, numRuns: 2000 },
    );
    expect(parseU64Decimal((1n << 64n).toString(), out)).toBe(false);
    expect(parseU64Decimal('', out)).toBe(false);
    expect(parseU64Decimal('12a', out)).toBe(false);
    expect(parseU64Decimal('-1', out)).toBe(false);
  });
});

describe('FNV-1a 64 dkey hash', () => {
  const out = new Uint32Array(2);
  it('matches the published FNV-1a 64 test vectors', () => {
    for (const [text, hash] of [['', 0xcbf29ce484222325n], ['a', 0xaf63dc4c8601ec8cn], ['foobar', 0x85944171f73967e8n]] as const) {
      fnv1a64Utf8(text, out);
      expect(join(out)).toBe(hash);
    }
  });
  it('matches a BigInt FNV-1a over TextEncoder bytes, surrogates included', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }).map((a) => a.join('')), (text) => {
        fnv1a64Utf8(text, out);
        expect(join(out)).toBe(fnvReference(text));
      }),
      { seed: 0x5eed_0103, numRuns: 3000 },
    );
  });
  it('groupOfDkey is jump hash of the FNV-1a 64 over the group count', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), fc.integer({ min: 1, max: 65534 }), (dkey, groups) => {
        expect(groupOfDkey(dkey, groups)).toBe(jumpHashBigInt(fnvReference(dkey), groups));
      }),
      { seed: 0x5eed_0104, numRuns: 1000 },
    );
    expect(groupOfDkey('d0', 1)).toBe(0);
  });
});

describe('SplitMix64', () => {
  const out = new Uint32Array(2);
  it('reproduces the published outputs of splitmix64.c (seed 0, seed 1234567)', () => {
    const seed0 = [0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn];
    seed0.forEach((expected, i) => {
      splitmix64At(0, 0, i, out);
      expect(join(out)).toBe(expected);
    });
    splitmix64At(0, 1234567, 0, out);
    expect(join(out)).toBe(6457827717110365317n);
  });
  it('mix64 matches a BigInt transcription of the finalizer', () => {
    const ref = (z0: bigint) => {
      let z = ((z0 ^ (z0 >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
      return z ^ (z >> 31n);
    };
    fc.assert(
      fc.property(u64, (z) => {
        mix64(...halves(z), out);
        expect(join(out)).toBe(ref(z));
      }),
      { seed: 0x5eed_0105, numRuns: 2000 },
    );
  });
});
