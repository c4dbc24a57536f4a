import { REDUNDANCY_CODES } from '../../../contract/index.ts';
import { createCodec, type Codec } from '../../ec/index.ts';
import { assert } from '../assert.ts';
import { crc32c } from '../io/checksum.ts';
import { unitKey } from '../io/keys.ts';
import type { Container, ObjectInfo } from '../state/container.ts';

/**
 * Geometry of EC objects (OBJ-3, OBJ-8; none of it is observable, section 24).
 *
 * A group of an EC_kPp object has n = k + p *positions*, in layout order; position i of group g is
 * the VOS object `<oid>.g<g>.s<i>` on whatever target placement chooses for that shard. Per dkey the
 * roles rotate: role r (0..k-1 data cell r, k..n-1 parity j = r - k) sits at position (r + rot) mod n
 * with rot = crc32c(dkey) mod n, so parity load spreads over the group's targets (as DAOS rotates
 * parity per dkey).
 *
 * Arrays: 1-byte records, cell = the container's ec_cell_sz bytes, stripe = k cells. Absolute byte x
 * is in stripe s = x div (k*cell), cell c = (x mod k*cell) div cell; it is stored on data role c at
 * shard-local offset s*cell + x mod cell (so each data shard has a dense address space). Parity cell j
 * of stripe s is stored on parity role j under the akey `parityAkey(A)`, also at local offset s*cell.
 * Parity shards keep the user's akey A for *replicas* of partial-stripe writes at absolute offsets.
 *
 * Single values: up to SINGLE_WHOLE_BYTES_MAX (one cell) the value is stored whole on data role 0 and
 * on every parity role, and data roles 1..k-1 store a stub (so every position holds a version of every
 * single write, which keeps versions aligned across positions and keys listable from any position).
 * Larger values are split into k fragments of ceil(len / k) bytes (zero padded) plus p parity
 * fragments, one per position. Each stored value starts with an 11-byte frame header: form (stub,
 * whole, fragment), the value's length (4 bytes LE) and the epoch of the logical write (6 bytes LE),
 * which lets a reader check that the fragments it combines belong to one version.
 */

/** Akeys starting with this prefix are reserved for parity cells (a user akey never should; section 24). */
export const PARITY_AKEY_PREFIX = '\u0000ec-parity\u0000';

export function parityAkey(akey: string): string {
  return PARITY_AKEY_PREFIX + akey;
}

/** The user akey a stored akey stands for (parity akeys map back to their array akey). */
export function userAkey(stored: string): string {
  return stored.startsWith(PARITY_AKEY_PREFIX) ? stored.slice(PARITY_AKEY_PREFIX.length) : stored;
}

export interface EcGeometry {
  readonly k: number;
  readonly p: number;
  readonly n: number;
  readonly cellBytes: number;
  readonly stripeBytes: number;
  readonly codec: Codec;
}

const codecs = new Map<string, Codec>();

function codecFor(k: number, p: number): Codec {
  const key = `${k}+${p}`;
  let c = codecs.get(key);
  if (!c) {
    c = createCodec({ dataShards: k, parityShards: p });
    codecs.set(key, c);
  }
  return c;
}

export function ecGeometry(cont: Container, info: ObjectInfo): EcGeometry {
  const rc = REDUNDANCY_CODES.get(info.code);
  assert(rc !== undefined && rc.family === 'EC' && rc.dataShards !== undefined && rc.dataShards > 0 && rc.parityShards !== undefined && rc.parityShards > 0, 'ecGeometry of a class that is not EC');
  const cellBytes = cont.props.get('ec_cell_sz') as number;
  assert(Number.isSafeInteger(cellBytes) && cellBytes >= 1, 'ecGeometry: bad ec_cell_sz');
  const k = rc.dataShards;
  const p = rc.parityShards;
  return { k, p, n: k + p, cellBytes, stripeBytes: k * cellBytes, codec: codecFor(k, p) };
}

/** The VOS object of one position of an EC group. */
export function positionUnit(oidKey: string, group: number, position: number): string {
  return `${unitKey(oidKey, group)}.s${position}`;
}

const utf8 = new TextEncoder();

/**
 * CRC32C of dkeys' UTF-8 bytes, remembered: every EC read, write and check asks for a rotation, and
 * traces draw dkeys from a small domain. Bounded: cleared when it reaches DKEY_CRCS_MAX entries.
 */
const dkeyCrcs = new Map<string, number>();
const DKEY_CRCS_MAX = 4096;

/** Rotation of roles over positions for one dkey. */
export function rotationOf(g: EcGeometry, dkey: string): number {
  let crc = dkeyCrcs.get(dkey);
  if (crc === undefined) {
    if (dkeyCrcs.size >= DKEY_CRCS_MAX) dkeyCrcs.clear();
    dkeyCrcs.set(dkey, (crc = crc32c(utf8.encode(dkey))));
  }
  return crc % g.n;
}

export function positionOfRole(g: EcGeometry, rot: number, role: number): number {
  return (role + rot) % g.n;
}

export function roleOfPosition(g: EcGeometry, rot: number, position: number): number {
  return (position - rot + g.n) % g.n;
}

// ---------------------------------------------------------------- the codec boundary

/**
 * Every use of the codec (impl/ec) goes through these two, which assert what crosses: encode takes k
 * data shards of one length and gives p parity shards of that length; reconstruct takes n slots with
 * at least k present, all of one length, and gives back all n at that length (what encode took).
 */
export function encodeParity(g: EcGeometry, data: readonly Uint8Array[]): Uint8Array[] {
  assert(data.length === g.k, 'codec: encode takes k data shards');
  const parity = Array.from({ length: g.p }, () => new Uint8Array(data[0].length));
  return encodeParityInto(g, data, parity);
}

/** encodeParity into caller-owned parity buffers (p of them, each as long as a data shard); returns them. */
export function encodeParityInto(g: EcGeometry, data: readonly Uint8Array[], parity: Uint8Array[]): Uint8Array[] {
  assert(data.length === g.k && parity.length === g.p, 'codec: encode takes k data shards and p parity shards');
  const shardBytes = data[0].length;
  for (const shard of data) assert(shard.length === shardBytes, 'codec: data shards of different lengths');
  for (const shard of parity) assert(shard.length === shardBytes, 'codec: parity shards of a different length');
  g.codec.encode(data, parity);
  return parity;
}

/** Fills the missing shards of `shards` (by role; null = missing) in place and returns them all. */
export function reconstructShards(g: EcGeometry, shards: (Uint8Array | null)[]): Uint8Array[] {
  assert(shards.length === g.n, 'codec: reconstruct takes n shard slots');
  let present = 0;
  let shardBytes = -1;
  for (const shard of shards) {
    if (shard === null) continue;
    present++;
    if (shardBytes < 0) shardBytes = shard.length;
    assert(shard.length === shardBytes, 'codec: shards of different lengths');
  }
  assert(present >= g.k, 'codec: fewer than k shards to reconstruct from');
  g.codec.reconstruct(shards);
  const out: Uint8Array[] = [];
  for (const shard of shards) {
    assert(shard !== null && shard.length === shardBytes, 'codec: reconstruct left a shard missing or resized');
    out.push(shard);
  }
  return out;
}

// ---------------------------------------------------------------- single-value frames

export const SINGLE_WHOLE_BYTES_MAX_CELLS = 1;
export const FRAME_HEADER_BYTES = 11;

export type FrameForm = 0 | 1 | 2;
export const FORM_STUB: FrameForm = 0;
export const FORM_WHOLE: FrameForm = 1;
export const FORM_FRAGMENT: FrameForm = 2;

export interface Frame {
  readonly form: FrameForm;
  readonly lengthBytes: number;
  readonly writeEpoch: number;
  readonly payload: Uint8Array;
}

export function encodeFrame(form: FrameForm, lengthBytes: number, writeEpoch: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  out[0] = form;
  // Little-endian u32 written byte by byte: a DataView needs `out.buffer`, which moves a small
  // typed array off V8's heap.
  for (let i = 0; i < 4; i++) out[1 + i] = (lengthBytes >>> (8 * i)) & 0xff;
  let e = writeEpoch;
  for (let i = 0; i < 6; i++) {
    out[5 + i] = e % 256;
    e = Math.floor(e / 256);
  }
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

export function decodeFrame(bytes: Uint8Array): Frame {
  assert(bytes.length >= FRAME_HEADER_BYTES && bytes[0] <= FORM_FRAGMENT, 'decodeFrame: not an EC single-value frame');
  const lengthBytes = (bytes[1] | (bytes[2] << 8) | (bytes[3] << 16) | (bytes[4] << 24)) >>> 0;
  let writeEpoch = 0;
  for (let i = 5; i >= 0; i--) writeEpoch = writeEpoch * 256 + bytes[5 + i];
  return { form: bytes[0] as FrameForm, lengthBytes, writeEpoch, payload: bytes.subarray(FRAME_HEADER_BYTES) };
}

/** What each position stores for one single value: frames in position order. */
export function singleFrames(g: EcGeometry, rot: number, value: Uint8Array, writeEpoch: number): Uint8Array[] {
  const out = new Array<Uint8Array>(g.n);
  if (value.length <= SINGLE_WHOLE_BYTES_MAX_CELLS * g.cellBytes) {
    for (let role = 0; role < g.n; role++) {
      const whole = role === 0 || role >= g.k;
      out[positionOfRole(g, rot, role)] = whole ? encodeFrame(FORM_WHOLE, value.length, writeEpoch, value) : encodeFrame(FORM_STUB, value.length, writeEpoch, new Uint8Array(0));
    }
    return out;
  }
  const fragBytes = Math.ceil(value.length / g.k);
  const data: Uint8Array[] = [];
  for (let c = 0; c < g.k; c++) {
    const frag = new Uint8Array(fragBytes);
    frag.set(value.subarray(c * fragBytes, Math.min(value.length, (c + 1) * fragBytes)));
    data.push(frag);
  }
  const parity = encodeParity(g, data);
  for (let role = 0; role < g.n; role++) {
    out[positionOfRole(g, rot, role)] = encodeFrame(FORM_FRAGMENT, value.length, writeEpoch, role < g.k ? data[role] : parity[role - g.k]);
  }
  return out;
}

/** Reassembles a split single value from any k fragments (by role; null = missing). */
export function joinFragments(g: EcGeometry, byRole: (Uint8Array | null)[], lengthBytes: number): Uint8Array {
  const shards = reconstructShards(g, byRole.slice());
  const fragBytes = Math.ceil(lengthBytes / g.k);
  assert(shards[0].length === fragBytes, 'joinFragments: fragments of another version\'s length');
  const out = new Uint8Array(lengthBytes);
  for (let c = 0; c < g.k; c++) {
    const from = c * fragBytes;
    if (from >= lengthBytes) break;
    out.set(shards[c].subarray(0, Math.min(fragBytes, lengthBytes - from)), from);
  }
  return out;
}
