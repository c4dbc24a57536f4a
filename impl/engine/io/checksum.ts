/**
 * Checksums for stored values (CSUM-1, CSUM-4). Every algorithm is computed internally as CRC32C
 * (Castagnoli, reflected polynomial 0x82F63B78): sizes and values are not observable, only whether a
 * stored copy still verifies. Stored as 4 bytes of VOS record metadata.
 */
/**
 * Slicing-by-8 tables: TABLES[0] is the byte-at-a-time table; TABLES[k][n] is the CRC of byte n
 * followed by k zero bytes, so eight bytes fold in with eight lookups and no loop-carried shift per byte.
 */
const TABLES = (() => {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[0][n] = c >>> 0;
  }
  for (let k = 1; k < 8; k++) for (let n = 0; n < 256; n++) t[k][n] = (t[k - 1][n] >>> 8) ^ t[0][t[k - 1][n] & 0xff];
  return t;
})();
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES;

/** The byte-at-a-time CRC32C: the slow reference crc32c is tested against. */
export function crc32cReference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = T0[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Whether this machine stores integers little-endian, as the word loop of crc32c reads them. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * CRC32C, eight bytes per step (slicing-by-8); equals crc32cReference on every input. When 64 or
 * more bytes start 4-aligned (cells and records usually do), the eight bytes are read as two 32-bit words:
 * measured 1.6 times faster than eight byte loads on 64 KiB cells, and this checksums every cell
 * written and verifies every record read.
 */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  const n = bytes.length;
  const whole = n - (n & 7);
  let i = 0;
  // Not for short input: the word view needs `bytes.buffer`, which moves a small typed array's bytes
  // off V8's heap first (checksums of 4-byte metadata and short keys are most of the calls).
  if (LITTLE_ENDIAN && n >= 64 && (bytes.byteOffset & 3) === 0) {
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, whole >>> 2);
    for (let w = 0; w < words.length; w += 2) {
      const lo = crc ^ words[w];
      const hi = words[w + 1];
      crc = T7[lo & 0xff] ^ T6[(lo >>> 8) & 0xff] ^ T5[(lo >>> 16) & 0xff] ^ T4[lo >>> 24] ^ T3[hi & 0xff] ^ T2[(hi >>> 8) & 0xff] ^ T1[(hi >>> 16) & 0xff] ^ T0[hi >>> 24];
    }
    i = whole;
  }
  for (; i < whole; i += 8) {
    const lo = crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    crc = T7[lo & 0xff] ^ T6[(lo >>> 8) & 0xff] ^ T5[(lo >>> 16) & 0xff] ^ T4[lo >>> 24] ^ T3[bytes[i + 4]] ^ T2[bytes[i + 5]] ^ T1[bytes[i + 6]] ^ T0[bytes[i + 7]];
  }
  for (; i < n; i++) crc = T0[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function checksumMeta(bytes: Uint8Array): Uint8Array {
  const v = crc32c(bytes);
  return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
}

/** True when `meta` is absent (checksums off when written) or matches `bytes`. */
export function verifyMeta(bytes: Uint8Array, meta: Uint8Array | undefined): boolean {
  if (meta === undefined) return true;
  const v = crc32c(bytes);
  return meta.length === 4 && meta[0] === (v & 0xff) && meta[1] === ((v >>> 8) & 0xff) && meta[2] === ((v >>> 16) & 0xff) && meta[3] === v >>> 24;
}
