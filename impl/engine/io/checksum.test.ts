import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumMeta, crc32c, crc32cReference, verifyMeta } from './checksum.ts';

describe('crc32c (slicing-by-8)', () => {
  it('gives the published CRC32C check value for "123456789"', () => {
    // The standard check value of CRC-32C (Castagnoli), e.g. RFC 3720 appendix B.4's polynomial.
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32cReference(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('equals the byte-at-a-time reference on every length and alignment (word and byte loops)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 7 }), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(crc32c(view)).toBe(crc32cReference(view));
      }),
      { numRuns: 500 },
    );
  });

  it('checksumMeta and verifyMeta pair up, and a flipped byte fails', () => {
    const bytes = new Uint8Array(37).map((_, i) => i * 7);
    const meta = checksumMeta(bytes);
    expect(verifyMeta(bytes, meta)).toBe(true);
    bytes[20] ^= 0xff;
    expect(verifyMeta(bytes, meta)).toBe(false);
  });
});
