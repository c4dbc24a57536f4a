/**
 * Checksums for stored values (CSUM-1, CSUM-4). Every algorithm is computed internally as CRC32C
 * (Castagnoli, reflected polynomial 0x82F63B78): sizes and values are not observable, only whether a
 * stored copy still verifies. Stored as 4 bytes of VOS record metadata.
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
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
