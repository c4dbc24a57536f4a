import fc from 'fast-check';
import { ATTR_NAMES, BAD_CONT_REFS, BAD_POOL_REFS, LONG_ATTR_NAMES } from '../names.ts';
import { payloadArb } from './objects.ts';

/** References, attribute names and handle indices over the small name domains of names.ts. */

/** Pool and container references: mostly symbols and labels in use, rarely ones naming nothing (LABEL-5). */
export const poolRefArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('#p0', '#p0', '#p0', '#p1', 'tank', 'scratch') },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_POOL_REFS) },
);
export const contRefArb = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom('#c0', '#c0', '#c1', '#c2', '#c3', 'home', 'data') },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_CONT_REFS) },
);
/** Attribute names (containers and pools): mostly short, sometimes multi-byte near ATTR-1's 511 bytes. */
export const attrNameArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ATTR_NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...LONG_ATTR_NAMES) });
export const attrEntriesArb = fc.uniqueArray(fc.tuple(attrNameArb, payloadArb(16)), { minLength: 1, maxLength: 2, selector: (e) => e[0] });
export const attrNamesArb = fc.uniqueArray(attrNameArb, { minLength: 1, maxLength: 2 });
export const pohArb = fc.constantFrom(0, 0, 0, -1, 1, 2);
export const tokenArb = fc.constantFrom(-1, -1, -1, -2, 1, 2, 3, 0);
export const modeArb = fc.constantFrom('RO', 'RW', 'RW', 'EX');
