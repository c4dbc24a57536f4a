export * from './target-state.ts';
export * from './pool-map.ts';
export * from './fault-domain.ts';
export * from './jump-hash.ts';
export * from './key-hash.ts';
export * from './dkey-group.ts';
export * from './layout.ts';
export * from './jump-map-placer.ts';
export { referenceLayout, referenceBaseLayout } from './layout-reference.ts';
