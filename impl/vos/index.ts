/** Public surface of impl/vos: the optimized store, its slow reference, and the shared vocabulary. */
export { VosStore, VISIT_AKEY_ARRAY, VISIT_AKEY_NONE, VISIT_AKEY_PUNCH, VISIT_AKEY_SINGLE, VISIT_DKEY_PUNCH, VISIT_EXTENT, VISIT_OBJECT_PUNCH, VISIT_SINGLE, type RecordVisitor } from './vos-store.ts';
export { ReferenceVosStore } from './reference-store.ts';
export { compareStamp } from './stamp.ts';
export { EPOCH_AGGREGATED } from './types.ts';
export type {
  AggregateStats, AkeyKind, ArrayRead, BytesRead, CorruptedByte, ExistsRead, ExtentInput, ExtentRecord, KeysRead,
  RangeInput, ReadAggregated, Segment, SingleRead, SingleRecord, Stamp, VosRecord, VosStoreApi,
} from './types.ts';
