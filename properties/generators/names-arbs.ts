import fc from 'fast-check';
import { ATTR_NAMES, BAD_CONT_REFS, BAD_POOL_REFS, CONT_LABELS, LONG_ATTR_NAMES, POOL_LABELS } from '../names.ts';
import { LABEL_SHAPES, type LabelShape } from './domains.ts';
import { payloadArb } from './objects.ts';

/** References, attribute names and handle indices over the small name domains of names.ts. */

/** A label of each declared shape (LABEL_SHAPES); `plain` is the first name in use. */
export function labelOfShape(shape: LabelShape, kind: 'pool' | 'cont'): string {
  const letter = kind === 'pool' ? 'P' : 'L';
  switch (shape) {
    case 'plain': return kind === 'pool' ? POOL_LABELS[0] : CONT_LABELS[0];
    case 'max': return letter.repeat(127);
    case 'too-long': return letter.repeat(128);
    case 'punctuation': return `${kind}.a_b:c-d`;
    case 'bad-char': return `${kind} label`;
    case 'non-ascii': return `${kind}-é`;
    case 'uuid-form': return kind === 'pool' ? 'ABCDEF01-2345-6789-abcd-ef0123456789' : '12345678-1234-1234-1234-123456789abc';
    case 'sentinel': return kind === 'pool' ? 'pool_label_not_set' : 'container_label_not_set';
  }
}

/** Labels at create and set-prop: mostly the names in use (so references find them), else every other shape. */
export function labelArb(kind: 'pool' | 'cont'): fc.Arbitrary<string> {
  const inUse = kind === 'pool' ? POOL_LABELS : CONT_LABELS;
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<string>(...inUse) },
    { weight: 1, arbitrary: fc.constantFrom(...LABEL_SHAPES.filter((sh) => sh !== 'plain')).map((sh) => labelOfShape(sh, kind)) },
  );
}

/**
 * Pool and container references: mostly symbols and labels in use, sometimes the longest valid label
 * (created by the label shapes above), rarely ones naming nothing (LABEL-5).
 */
export const poolRefArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('#p0', '#p0', '#p0', '#p1', 'tank', 'scratch') },
  { weight: 1, arbitrary: fc.constant(labelOfShape('max', 'pool')) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_POOL_REFS) },
);
export const contRefArb = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom('#c0', '#c0', '#c1', '#c2', '#c3', 'home', 'data') },
  { weight: 1, arbitrary: fc.constant(labelOfShape('max', 'cont')) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_CONT_REFS) },
);
/** Attribute names (containers and pools): mostly short, sometimes multi-byte near ATTR-1's 511 bytes. */
export const attrNameArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ATTR_NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...LONG_ATTR_NAMES) });
export const attrEntriesArb = fc.uniqueArray(fc.tuple(attrNameArb, payloadArb(16)), { minLength: 1, maxLength: 2, selector: (e) => e[0] });
export const attrNamesArb = fc.uniqueArray(attrNameArb, { minLength: 1, maxLength: 2 });
export const pohArb = fc.constantFrom(0, 0, 0, -1, 1, 2);
export const tokenArb = fc.constantFrom(-1, -1, -1, -2, 1, 2, 3, 0);
export const modeArb = fc.constantFrom('RO', 'RW', 'RW', 'EX');
