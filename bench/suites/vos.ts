import type { BenchCase, BenchSuite } from '../harness.ts';
import { VosStore } from '../../impl/vos/index.ts';

/**
 * impl/vos hot paths. Floors from the task (single core): single-value update >= 500 k/s and fetch
 * >= 1 M/s with 100,000 keys. Also: an array fetch of 1 MiB out of 1,000 overlapping extents, and
 * aggregation of 1,000,000 versions.
 *
 * Update keeps memory bounded by aggregating once per 100,000 updates (one pass over the keys); that
 * cost is included in its figure. Fetch reads random keys at the latest epoch and touches the value.
 */

const KEYS = 100_000;
const BATCH = 1_000;
const OID = '0.1';

/** A fixed pseudo-random permutation source (bench code may not use Math.random for reproducibility). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
}

function keyNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(`dkey-${i.toString(36).padStart(5, '0')}`);
  return names;
}

function randomOrder(count: number, length: number, seed: number): Uint32Array {
  const next = lcg(seed);
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = next() % count;
  return order;
}

function singleValueCases(): BenchCase[] {
  const names = keyNames(KEYS);
  const value = new Uint8Array(64).fill(7);
  const store = new VosStore();
  let epoch = 1;
  for (const n of names) store.updateSingle(OID, n, 'a', epoch, value);
  const order = randomOrder(KEYS, 1 << 16, 42);
  let cursor = 0;
  let updates = 0;
  const update: BenchCase = {
    name: 'single update, 100k keys (amortized aggregation)',
    itemsPerCall: BATCH,
    fn: () => {
      epoch++;
      for (let i = 0; i < BATCH; i++) {
        store.updateSingle(OID, names[order[cursor]], 'a', epoch, value);
        cursor = (cursor + 1) & 0xffff;
      }
      updates += BATCH;
      if (updates % KEYS === 0) store.aggregate([], epoch);
    },
  };
  let sink = 0;
  const fetch: BenchCase = {
    name: 'single fetch, 100k keys',
    itemsPerCall: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) {
        const read = store.fetchSingle(OID, names[order[cursor]], 'a', epoch);
        if (read.ok && read.record !== null) sink += read.record.value.length;
        cursor = (cursor + 1) & 0xffff;
      }
      if (sink < 0) throw new Error('unreachable');
    },
  };
  return [update, fetch];
}

function arrayFetchCases(): BenchCase[] {
  const MIB = 1 << 20;
  const EXTENT_BYTES = 64 * 1024;
  const store = new VosStore();
  const next = lcg(7);
  const data = new Uint8Array(EXTENT_BYTES).fill(3);
  for (let e = 1; e <= 1_000; e++) {
    const offset = next() % (MIB - EXTENT_BYTES + 1);
    store.updateArray(OID, 'd', 'a', e, [{ offset, data }]);
  }
  return [
    {
      name: 'array fetch bytes, 1 MiB of 1,000 overlapping 64 KiB extents',
      bytesPerCall: MIB,
      fn: () => {
        const read = store.fetchArrayBytes(OID, 'd', 'a', 1_000, 0, MIB);
        if (!read.ok || read.bytes.length !== MIB) throw new Error('bad array fetch');
      },
    },
    {
      name: 'array fetch segments only, same 1 MiB',
      fn: () => {
        const read = store.fetchArray(OID, 'd', 'a', 1_000, 0, MIB);
        if (!read.ok || read.segments.length === 0) throw new Error('bad array fetch');
      },
    },
  ];
}

/**
 * A steady-state aggregator: 10,000 akeys x ~100 versions (1,000,000 versions). Each call writes one
 * more version of every akey (10,000 updates, 1% of the work) and runs one aggregation pass with the
 * bound 100 epochs back, which examines every version and discards the 10,000 that fell out of the
 * window. A fixture cannot be aggregated twice to the same effect, and tinybench runs a case at
 * least 64 times, so this rolling window is what makes a 1 M-version pass repeatable.
 * With snapshots: every 25th epoch within the last 300 is a live snapshot, so each akey also keeps
 * the versions those snapshots see (about 4 more per akey).
 */
function aggregationCase(withSnapshots: boolean): BenchCase {
  const AKEYS = 10_000;
  const WINDOW = 100;
  const store = new VosStore();
  const value = new Uint8Array(16).fill(1);
  const akeys = keyNames(AKEYS);
  let epoch = 0;
  const writeEpoch = () => {
    epoch++;
    for (let k = 0; k < AKEYS; k++) store.updateSingle(OID, `d${k % 100}`, akeys[k], epoch, value);
  };
  const snapshots = () => {
    const live: number[] = [];
    if (withSnapshots) for (let e = Math.max(25, Math.ceil((epoch - 300) / 25) * 25); e <= epoch; e += 25) live.push(e);
    return live;
  };
  for (let i = 0; i < WINDOW; i++) writeEpoch();
  return {
    name: `aggregation pass over 1M versions${withSnapshots ? ' (live snapshots every 25 epochs)' : ' (no snapshots)'}`,
    itemsPerCall: 1_000_000,
    itemUnit: 'versions',
    fn: () => {
      writeEpoch();
      const stats = store.aggregate(snapshots(), epoch - WINDOW);
      if (stats.examined < 1_000_000) throw new Error(`aggregation examined only ${stats.examined}`);
    },
  };
}

export const suite: BenchSuite = {
  name: 'vos',
  cases: () => [...singleValueCases(), ...arrayFetchCases(), aggregationCase(false), aggregationCase(true)],
  environment: () => ({ keys: String(KEYS), batch: String(BATCH) }),
};
