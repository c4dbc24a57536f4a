/**
 * The trace generators (issue 14): declared value domains (domains.ts), the setup prefix (setup.ts),
 * single ops per swarm category (categories.ts, data-ops.ts, faults.ts), interaction blocks on the
 * case's hot keys (tx-, snapshot-, access-, admin-blocks.ts) and typed op builders (builders.ts).
 */
export { caseArb, type GeneratedCase, type TraceShape } from './case.ts';
export { setupArb, topologyArb } from './setup.ts';
export { payloadArb } from './objects.ts';
export { DOMAINS } from './domains.ts';
export { countDomains, declaredValueCount, neverGenerated, type DomainCounts } from './classify.ts';
