import { assert } from './stamp.ts';

/**
 * An ordered string-keyed map: a two-level B+tree (a sorted array of sorted leaves), in the spirit
 * of sorted-btree, plus a hash map for exact lookups. Why this shape: ordered lookups are two binary
 * searches (O(log n)) and exact ones a hash probe; an insert splices
 * one leaf of at most LEAF_KEYS_MAX keys plus, on a split, the short leaf directory, so 100,000 keys
 * cost about 1,600 directory entries to shift at worst; iteration is in key order with no extra
 * structure. A full B-tree would only pay off far beyond the key counts one VOS container holds in
 * this harness. Keys compare in JavaScript string order (UTF-16 code units); the spec leaves
 * enumeration order unobservable (section 24), and any fixed total order keeps runs deterministic.
 * Empty leaves are removed; under-full leaves are not merged (deletes are rare: aggregation only).
 */
const LEAF_KEYS_MAX = 128;
/** Up to this many keys (one leaf), exact lookups scan instead of hashing. */
const SMALL_KEYS_MAX = 8;

/** Values are never `undefined` (it means "absent" in `get`). */
export class KeyIndex<V> {
  private readonly leafKeys: string[][] = [];
  private readonly leafValues: V[][] = [];
  /** Largest key of each leaf: the directory searched first. */
  private readonly maxKeys: string[] = [];
  private count = 0;
  /**
   * Exact-match lookups go through a hash map beside the ordered leaves: O(1) instead of two binary
   * searches over string keys, which is what the 1 M fetches/s floor needs. The leaves still give
   * ordered iteration and sorted insertion; checkInvariants proves the two agree. Most dkeys hold
   * one or a few akeys, so the map is built only past SMALL_KEYS_MAX keys: below that a linear scan
   * of the single leaf is as fast and saves a Map per node (memory, hence cache misses).
   */
  private byKey: Map<string, V> | null = null;
  /**
   * The last key found and its value. Reads of one akey or dkey come in runs, and most dkeys hold a
   * single akey; a hit skips the hash probe and, more to the point, the pointer chase through it.
   */
  private lastKey: string | undefined = undefined;
  private lastValue: V | undefined = undefined;

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    if (key === this.lastKey) return this.lastValue;
    let value: V | undefined;
    if (this.byKey !== null) value = this.byKey.get(key);
    else if (this.count > 0) {
      const keys = this.leafKeys[0];
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] === key) {
          value = this.leafValues[0][i];
          break;
        }
      }
    }
    if (value !== undefined) {
      this.lastKey = key;
      this.lastValue = value;
    }
    return value;
  }

  /** Inserts a key that must be absent. */
  insert(key: string, value: V): void {
    assert(this.get(key) === undefined, `KeyIndex.insert: key ${key} already present`);
    if (this.byKey !== null) {
      this.byKey.set(key, value);
    } else if (this.count >= SMALL_KEYS_MAX) {
      this.byKey = new Map<string, V>();
      this.forEach((v, k) => this.byKey!.set(k, v));
      this.byKey.set(key, value);
    }
    if (this.count === 0) {
      this.leafKeys.push([key]);
      this.leafValues.push([value]);
      this.maxKeys.push(key);
      this.count = 1;
      return;
    }
    const li = this.leafFor(key);
    const keys = this.leafKeys[li];
    const i = lowerBound(keys, key);
    assert(i === keys.length || keys[i] !== key, `KeyIndex.insert: key ${key} already present`);
    keys.splice(i, 0, key);
    this.leafValues[li].splice(i, 0, value);
    if (i === keys.length - 1) this.maxKeys[li] = key;
    this.count++;
    if (keys.length > LEAF_KEYS_MAX) this.split(li);
  }

  delete(key: string): boolean {
    const li = this.leafFor(key);
    if (li < 0) return false;
    const keys = this.leafKeys[li];
    const i = lowerBound(keys, key);
    if (i === keys.length || keys[i] !== key) return false;
    this.byKey?.delete(key);
    if (key === this.lastKey) {
      this.lastKey = undefined;
      this.lastValue = undefined;
    }
    keys.splice(i, 1);
    this.leafValues[li].splice(i, 1);
    this.count--;
    if (keys.length === 0) {
      this.leafKeys.splice(li, 1);
      this.leafValues.splice(li, 1);
      this.maxKeys.splice(li, 1);
    } else if (i === keys.length) {
      this.maxKeys[li] = keys[keys.length - 1];
    }
    return true;
  }

  /** Keys in ascending order (a fresh array). */
  keys(): string[] {
    const out: string[] = [];
    for (const keys of this.leafKeys) for (const k of keys) out.push(k);
    return out;
  }

  /** Calls `fn` for every entry in ascending key order. `fn` must not insert or delete. */
  forEach(fn: (value: V, key: string) => void): void {
    for (let li = 0; li < this.leafKeys.length; li++) {
      const keys = this.leafKeys[li];
      const values = this.leafValues[li];
      for (let i = 0; i < keys.length; i++) fn(values[i], keys[i]);
    }
  }

  /** True when `fn` holds for some entry, visited in ascending key order until it does. */
  some(fn: (value: V, key: string) => boolean): boolean {
    for (let li = 0; li < this.leafKeys.length; li++) {
      const keys = this.leafKeys[li];
      const values = this.leafValues[li];
      for (let i = 0; i < keys.length; i++) if (fn(values[i], keys[i])) return true;
    }
    return false;
  }

  /** Entries in ascending key order, snapshotted so the caller may delete while iterating. */
  entries(): Array<[string, V]> {
    const out: Array<[string, V]> = [];
    this.forEach((v, k) => out.push([k, v]));
    return out;
  }

  /**
   * O(n): leaves non-empty and within capacity, keys strictly ascending within and across leaves,
   * directory equal to each leaf's last key, count equal to the number of keys. Does NOT check the
   * values.
   */
  checkInvariants(): void {
    assert(this.leafKeys.length === this.leafValues.length && this.leafKeys.length === this.maxKeys.length, 'KeyIndex: directory arrays differ in length');
    let total = 0;
    let prev: string | undefined;
    for (let li = 0; li < this.leafKeys.length; li++) {
      const keys = this.leafKeys[li];
      assert(keys.length >= 1 && keys.length <= LEAF_KEYS_MAX, `KeyIndex: leaf ${li} has ${keys.length} keys`);
      assert(keys.length === this.leafValues[li].length, `KeyIndex: leaf ${li} keys and values differ in length`);
      for (const k of keys) {
        assert(prev === undefined || prev < k, `KeyIndex: keys not strictly ascending at ${k}`);
        prev = k;
      }
      assert(this.maxKeys[li] === keys[keys.length - 1], `KeyIndex: directory entry ${li} is stale`);
      total += keys.length;
    }
    assert(total === this.count, `KeyIndex: count ${this.count} but ${total} keys`);
    if (this.lastKey !== undefined) {
      let found = false;
      this.forEach((v, k) => {
        if (k === this.lastKey) found = v === this.lastValue;
      });
      assert(found, `KeyIndex: lookup cache holds a stale entry for ${this.lastKey}`);
    }
    const byKey = this.byKey;
    if (byKey === null) {
      assert(this.count <= SMALL_KEYS_MAX, `KeyIndex: ${this.count} keys but no hash map`);
    } else {
      assert(byKey.size === this.count, `KeyIndex: hash map holds ${byKey.size} keys, leaves ${this.count}`);
      this.forEach((v, k) => assert(byKey.has(k) && byKey.get(k) === v, `KeyIndex: hash map disagrees on ${k}`));
    }
  }

  /** First leaf whose largest key is >= key, else the last leaf; -1 when empty. */
  private leafFor(key: string): number {
    const n = this.maxKeys.length;
    if (n === 0) return -1;
    const i = lowerBound(this.maxKeys, key);
    return i < n ? i : n - 1;
  }

  private split(li: number): void {
    const keys = this.leafKeys[li];
    const half = keys.length >>> 1;
    const rightKeys = keys.splice(half);
    const rightValues = this.leafValues[li].splice(half);
    this.leafKeys.splice(li + 1, 0, rightKeys);
    this.leafValues.splice(li + 1, 0, rightValues);
    this.maxKeys[li] = keys[keys.length - 1];
    this.maxKeys.splice(li + 1, 0, rightKeys[rightKeys.length - 1]);
  }
}

/** First index whose key is >= `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
