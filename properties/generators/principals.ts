import type { Principal } from '../../contract/index.ts';
import { PRINCIPALS } from '../names.ts';
import type { PRINCIPAL_SHAPES } from './domains.ts';

/**
 * Principals by their relation to the owner of every generated pool and container, alice@ with owner
 * group lab@ (ACL-10 cares about exactly these relations): see domains.ts PRINCIPAL_SHAPES.
 */
export type PrincipalShape = (typeof PRINCIPAL_SHAPES)[number];

export const OWNER: Principal = PRINCIPALS[0];
const BOB = PRINCIPALS[1]; // lab@ first, so the owner group is his primary group; also ops@
const CAROL = PRINCIPALS[2];

export const PRINCIPALS_BY_SHAPE: Readonly<Record<PrincipalShape, readonly Principal[]>> = {
  owner: [OWNER],
  'owner-user-other-group': [{ user: 'alice@', groups: ['ops@'] }],
  'owner-group-primary': [BOB],
  'owner-group-secondary': [{ user: 'dave@', groups: ['ops@', 'lab@'] }],
  outsider: [CAROL],
  'outsider-several-groups': [{ user: 'erin@', groups: ['qa@', 'ops@'] }],
  // ACL-15: not a named principal, or no group at all.
  invalid: [{ user: 'nobody', groups: ['lab@'] }, { user: 'alice@', groups: [] }],
};

/** Valid principals other than the owner, for opening and connecting as someone else. */
export const OTHERS: readonly Principal[] = [
  ...PRINCIPALS_BY_SHAPE['owner-user-other-group'], BOB, ...PRINCIPALS_BY_SHAPE['owner-group-secondary'], CAROL, ...PRINCIPALS_BY_SHAPE['outsider-several-groups'],
];

const shapeByKey = new Map<string, PrincipalShape>();
for (const [shape, list] of Object.entries(PRINCIPALS_BY_SHAPE)) for (const p of list) shapeByKey.set(JSON.stringify(p), shape as PrincipalShape);

export function principalShape(p: Principal): PrincipalShape | undefined {
  return shapeByKey.get(JSON.stringify(p));
}
