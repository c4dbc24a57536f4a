import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, expandPayload, hexToBytes, keyByteLength, payloadLength } from './payload.ts';

describe('payloads (contract/payload.ts)', () => {
  it('a seeded block expands to exactly `length` bytes, the same every time, and differs by seed', () => {
    const a = expandPayload({ seed: 7, length: 37 });
    expect(a).toHaveLength(37);
    expect(expandPayload({ seed: 7, length: 37 })).toEqual(a);
    expect(expandPayload({ seed: 8, length: 37 })).not.toEqual(a);
    // A longer block of the same seed starts with the shorter one (the generator is a stream).
    expect(expandPayload({ seed: 7, length: 64 }).subarray(0, 37)).toEqual(a);
    expect(payloadLength({ seed: 7, length: 37 })).toBe(37);
  });

  it('text is UTF-8 and hex is literal bytes', () => {
    expect(expandPayload({ text: 'hé' })).toEqual(new Uint8Array([0x68, 0xc3, 0xa9]));
    expect(expandPayload({ hex: '00ff7f' })).toEqual(new Uint8Array([0, 255, 127]));
    expect(() => expandPayload({ hex: 'abc' })).toThrow(/not a hex byte string/);
    expect(() => expandPayload({ seed: 1, length: -1 })).toThrow(RangeError);
    expect(keyByteLength('hé')).toBe(3);
  });

  it('bytesToHex and hexToBytes round-trip any bytes, across the chunk boundary', () => {
    expect(bytesToHex(new Uint8Array([0, 1, 15, 16, 255]))).toBe('00010f10ff');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
        const hex = bytesToHex(bytes);
        expect(hex).toHaveLength(bytes.length * 2);
        expect(hexToBytes(hex)).toEqual(bytes);
      }),
      { seed: 31, numRuns: 60 },
    );
  });
});
