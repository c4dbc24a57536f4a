/** Moved to properties/generators/ (issue 14 item 7); kept so older imports keep working. */
export { caseArb, payloadArb, setupArb, topologyArb, type GeneratedCase, type TraceShape } from './generators/index.ts';
