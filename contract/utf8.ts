import { rememberBounded } from './remember.ts';

/**
 * UTF-8 byte lengths without encoding. Keys (KV-1) and attribute names (ATTR-1) are measured in
 * UTF-8 bytes, on every object op; TextEncoder would allocate the bytes only to count them.
 * Counts exactly what TextEncoder writes: a well-formed surrogate pair is 4 bytes and a lone
 * surrogate is replaced by U+FFFD, 3 bytes. contract/utf8.test.ts checks it against TextEncoder.
 * Long texts are remembered: both sides and the harness measure the same key of an op several times
 * over, and a key near the maximum length (KV-1) is a thousand code units to walk each time.
 */
export function utf8ByteLength(text: string): number {
  return text.length > REMEMBER_FROM ? rememberedLength(text) : countBytes(text);
}

const REMEMBER_FROM = 64;

function countBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const rememberedLength = rememberBounded(countBytes, 1 << 12);
