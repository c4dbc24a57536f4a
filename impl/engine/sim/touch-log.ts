import { VosStore, type AggregateStats, type CorruptedByte, type ExtentInput, type RangeInput, type VosRecord } from '../../vos/index.ts';

/**
 * What changed on the targets since the last invariant check: per target store, the VOS objects
 * (units) it wrote, or "all of them" for whole-store changes (aggregation, imports, corruption). The
 * engine's per-op invariant check (invariants/incremental.ts) reads it instead of sweeping every
 * store. Every mutation of a target's data goes through a TrackedVosStore, so nothing escapes it.
 *
 * Does NOT record reads, nor changes outside the stores (pool maps, liveness, holder tables): the
 * incremental check finds those by comparing with what it saw last.
 */
export class TouchLog {
  /** store -> units written since the last drain; null: the whole store. */
  private readonly byStore = new Map<TrackedVosStore, Set<string> | null>();

  note(store: TrackedVosStore, oid: string): void {
    const units = this.byStore.get(store);
    if (units === undefined) this.byStore.set(store, new Set([oid]));
    else if (units !== null) units.add(oid);
  }

  noteWholeStore(store: TrackedVosStore): void {
    this.byStore.set(store, null);
  }

  /** What was noted since the last call, emptying the log. */
  drain(): Map<TrackedVosStore, Set<string> | null> {
    const out = new Map(this.byStore);
    this.byStore.clear();
    return out;
  }

  get isEmpty(): boolean {
    return this.byStore.size === 0;
  }
}

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

  override updateSingle(oid: string, dkey: string, akey: string, epoch: number, value: Uint8Array, meta?: Uint8Array): void {
    this.log.note(this, oid);
    super.updateSingle(oid, dkey, akey, epoch, value, meta);
  }

  override updateArray(oid: string, dkey: string, akey: string, epoch: number, extents: readonly ExtentInput[]): void {
    this.log.note(this, oid);
    super.updateArray(oid, dkey, akey, epoch, extents);
  }

  override punchExtents(oid: string, dkey: string, akey: string, epoch: number, ranges: readonly RangeInput[]): void {
    this.log.note(this, oid);
    super.punchExtents(oid, dkey, akey, epoch, ranges);
  }

  override punchObject(oid: string, epoch: number): void {
    this.log.note(this, oid);
    super.punchObject(oid, epoch);
  }

  override punchDkey(oid: string, dkey: string, epoch: number): void {
    this.log.note(this, oid);
    super.punchDkey(oid, dkey, epoch);
  }

  override punchAkeys(oid: string, dkey: string, akeys: readonly string[], epoch: number): void {
    this.log.note(this, oid);
    super.punchAkeys(oid, dkey, akeys, epoch);
  }

  override discardObject(oid: string): void {
    this.log.note(this, oid);
    super.discardObject(oid);
  }

  override aggregate(liveSnapshotEpochs: readonly number[], upperBoundEpoch: number): AggregateStats {
    this.log.noteWholeStore(this);
    return super.aggregate(liveSnapshotEpochs, upperBoundEpoch);
  }

  /** Rebuild imports one unit at a time: each imported record's object is noted as it passes. */
  override importRecords(records: Iterable<VosRecord>): void {
    super.importRecords(this.noting(records));
  }

  private *noting(records: Iterable<VosRecord>): Generator<VosRecord> {
    for (const r of records) {
      if (r.type !== 'store') this.log.note(this, r.oid);
      yield r;
    }
  }

  override corrupt(pick: (bound: number) => number, count: number): CorruptedByte[] {
    this.log.noteWholeStore(this);
    return super.corrupt(pick, count);
  }
}
