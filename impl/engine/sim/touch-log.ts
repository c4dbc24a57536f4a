import { VosStore, type AggregateStats, type CorruptedByte, type ExtentInput, type RangeInput, type VosRecord } from '../../vos/index.ts';

/**
 * What changed on the targets since the last invariant check: per target store, the VOS objects
 * (units) it wrote and in them the dkeys, or "all of them" for whole-store changes (aggregation,
 * corruption). The
 * engine's per-op invariant check (invariants/incremental.ts) reads it instead of sweeping every
 * store. Every mutation of a target's data goes through a TrackedVosStore, so nothing escapes it.
 *
 * Does NOT record reads, nor changes outside the stores (pool maps, liveness, holder tables): the
 * incremental check finds those by comparing with what it saw last.
 */
/** Per unit written: dkey -> the oldest epoch written in it (null: the whole unit, every epoch). */
export type WrittenDkeys = Map<string, number> | null;

export class TouchLog {
  /** store -> unit -> what was written in it since the last drain; null: the whole store. */
  private byStore = new Map<TrackedVosStore, Map<string, WrittenDkeys> | null>();

  /**
   * Checksums the invariant checks found good, across ops: a record's checksum bytes -> the stored
   * bytes that verified against them. Stored bytes change in place only when corrupted (FAULT-5),
   * and every corruption drops all verdicts (`forgetVerdicts`), so a hit is what verifying again
   * would say. Keyed by the checksum array and compared by identity: nothing is kept alive.
   */
  private verdicts = new WeakMap<Uint8Array, Uint8Array>();

  /** Whether `data` verified against `meta` since the last corruption. */
  verifiedBefore(meta: Uint8Array, data: Uint8Array): boolean {
    return this.verdicts.get(meta) === data;
  }

  rememberVerified(meta: Uint8Array, data: Uint8Array): void {
    this.verdicts.set(meta, data);
  }

  forgetVerdicts(): void {
    this.verdicts = new WeakMap();
  }

  /**
   * A write to `dkey` of `oid` at `epoch` (it can change what reads at `epoch` or later see, nothing
   * older). `dkey` undefined: the whole unit changed (an object punch, a discard, an import).
   */
  note(store: TrackedVosStore, oid: string, dkey?: string, epoch = 0): void {
    let units = this.byStore.get(store);
    if (units === null) return;
    if (units === undefined) this.byStore.set(store, (units = new Map()));
    const dkeys = units.get(oid);
    if (dkey === undefined) units.set(oid, null);
    else if (dkeys === undefined) units.set(oid, new Map([[dkey, epoch]]));
    else if (dkeys !== null) dkeys.set(dkey, Math.min(epoch, dkeys.get(dkey) ?? epoch));
  }

  noteWholeStore(store: TrackedVosStore): void {
    this.byStore.set(store, null);
  }

  /** What was noted since the last call, emptying the log. */
  drain(): ReadonlyMap<TrackedVosStore, Map<string, WrittenDkeys> | null> {
    if (this.byStore.size === 0) return NOTHING_TOUCHED;
    const out = this.byStore;
    this.byStore = new Map();
    return out;
  }
}

const NOTHING_TOUCHED: ReadonlyMap<TrackedVosStore, Map<string, WrittenDkeys> | null> = new Map();

/**
 * A target's VOS store for one container that notes each mutation in the engine's TouchLog. Reads
 * are VosStore's own (no overhead); writes pay one map lookup.
 */
export class TrackedVosStore extends VosStore {
  constructor(
    readonly target: number,
    readonly contId: string,
    private readonly log: TouchLog,
  ) {
    super();
  }

  /**
   * Fingerprints of units as the invariant check computed them (invariants/fingerprint.ts), valid
   * until the unit changes: every mutation below drops its unit's entry. The full sweep ignores it.
   */
  readonly fingerprints = new Map<string, number>();

  private touch(oid: string, dkey?: string, epoch?: number): void {
    this.fingerprints.delete(oid);
    this.log.note(this, oid, dkey, epoch);
  }

  private touchAll(): void {
    this.fingerprints.clear();
    this.log.noteWholeStore(this);
  }

  override updateSingle(oid: string, dkey: string, akey: string, epoch: number, value: Uint8Array, meta?: Uint8Array): void {
    this.touch(oid, dkey, epoch);
    super.updateSingle(oid, dkey, akey, epoch, value, meta);
  }

  override updateArray(oid: string, dkey: string, akey: string, epoch: number, extents: readonly ExtentInput[]): void {
    this.touch(oid, dkey, epoch);
    super.updateArray(oid, dkey, akey, epoch, extents);
  }

  override punchExtents(oid: string, dkey: string, akey: string, epoch: number, ranges: readonly RangeInput[]): void {
    this.touch(oid, dkey, epoch);
    super.punchExtents(oid, dkey, akey, epoch, ranges);
  }

  override punchObject(oid: string, epoch: number): void {
    this.touch(oid);
    super.punchObject(oid, epoch);
  }

  override punchDkey(oid: string, dkey: string, epoch: number): void {
    this.touch(oid, dkey, epoch);
    super.punchDkey(oid, dkey, epoch);
  }

  override punchAkeys(oid: string, dkey: string, akeys: readonly string[], epoch: number): void {
    this.touch(oid, dkey, epoch);
    super.punchAkeys(oid, dkey, akeys, epoch);
  }

  /** Discarding what a store does not hold (a fresh holder's first write) changes nothing. */
  override discardObject(oid: string): void {
    if (this.hasObject(oid)) this.touch(oid);
    super.discardObject(oid);
  }

  override aggregate(liveSnapshotEpochs: readonly number[], upperBoundEpoch: number): AggregateStats {
    this.touchAll();
    return super.aggregate(liveSnapshotEpochs, upperBoundEpoch);
  }

  /** Rebuild imports one unit at a time: each imported record's object is noted as it passes. */
  override importRecords(records: Iterable<VosRecord>): void {
    super.importRecords(this.noting(records));
  }

  private *noting(records: Iterable<VosRecord>): Generator<VosRecord> {
    for (const r of records) {
      if (r.type !== 'store') this.touch(r.oid);
      yield r;
    }
  }

  override corrupt(pick: (bound: number) => number, count: number): CorruptedByte[] {
    this.touchAll();
    this.log.forgetVerdicts();
    return super.corrupt(pick, count);
  }
}
