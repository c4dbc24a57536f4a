/** Public surface of impl/vos: the optimized store, its slow reference, and the shared vocabulary. */
export { VosStore } from './vos-store.ts';
export { ReferenceVosStore } from './reference-store.ts';
export { compareStamp } from './stamp.ts';
export { EPOCH_AGGREGATED } from './types.ts';
export type {
  AggregateStats, AkeyKind, ArrayRead, BytesRead, CorruptedByte, ExistsRead, ExtentInput, ExtentRecord, KeysRead,
  RangeInput, ReadAggregated, Segment, SingleRead, SingleRecord, Stamp, VosRecord, VosStoreApi,
} from './types.ts';
