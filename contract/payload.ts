/**
 * Byte payloads in ops. Traces stay short and readable: a payload is either a seeded pseudo-random
 * block `{seed, length}`, literal text (UTF-8), or hex. Expansion is pure and identical on every side.
 */
import { utf8ByteLength } from './utf8.ts';

export type Payload =
  | { readonly seed: number; readonly length: number }
  | { readonly text: string }
  | { readonly hex: string };

const textEncoder = new TextEncoder();

/** Expands a payload to bytes. Seeded blocks use mulberry32, so the same seed gives the same bytes. */
export function expandPayload(payload: Payload): Uint8Array {
  if ('text' in payload) return textEncoder.encode(payload.text);
  if ('hex' in payload) return hexToBytes(payload.hex);
  const { seed, length } = payload;
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`payload length ${length} is not a non-negative integer`);
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    t = (t ^ (t >>> 14)) >>> 0;
    for (let b = 0; b < 4 && i + b < length; b++) out[i + b] = (t >>> (8 * b)) & 0xff;
  }
  return out;
}

/** Length in bytes of a payload without expanding a seeded block. */
export function payloadLength(payload: Payload): number {
  if ('seed' in payload) return payload.length;
  return expandPayload(payload).length;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError(`not a hex byte string: ${hex.slice(0, 40)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lowercase hex of the bytes; table-driven and chunked, since outcomes carry whole EC cells. */
export function bytesToHex(bytes: Uint8Array): string {
  const chunkBytes = 8192;
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += chunkBytes) {
    const end = Math.min(bytes.length, start + chunkBytes);
    const pairs = new Array<string>(end - start);
    for (let i = start; i < end; i++) pairs[i - start] = HEX_PAIRS[bytes[i]];
    parts.push(pairs.join(''));
  }
  return parts.join('');
}

/** Keys are byte strings (KV-1); in ops they are strings, measured and compared as UTF-8 bytes. */
export function keyByteLength(key: string): number {
  return utf8ByteLength(key);
}
