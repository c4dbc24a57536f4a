import { ACCESS_MODES, LIMITS, type AccessMode, type Outcome, type Payload, type Principal } from '../../contract/index.ts';
import { fail, type Draftable, type StepContext } from '../framework.ts';
import { utf8ByteLength } from '../../contract/utf8.ts';
import { contHandle, contOfHandle } from '../resolve.ts';
import type { ContainerState, ContHandleState, PoolState } from '../state.ts';

/**
 * Helpers shared by the access handlers: handle resolution with its error (step 2), capability
 * checks (step 4), and argument syntax that several ops share (step 1).
 * Does NOT check: anything op-specific (each handler in ops/access-*.ts).
 */

export interface ContContext {
  readonly handle: ContHandleState;
  readonly pool: PoolState;
  readonly cont: ContainerState;
}

export function isOutcome(value: object): value is Outcome {
  return 'ok' in value;
}

/** Step 2 for ops taking a container handle: unknown, closed or invalidated is NO_HDL (ERR-7). */
export function resolveCoh(draft: Draftable, coh: number, ctx: StepContext): ContContext | Outcome {
  const handle = contHandle(draft, coh);
  if (!handle) return fail(ctx, 'NO_HDL', 'ERR-7');
  return { handle, ...contOfHandle(draft, handle) };
}

/** Step 4 (section 23): the handle must hold capability `cap` (ACL-13, fixed at open: ACL-14). */
export function lacks(handle: { readonly caps: number }, cap: number): boolean {
  return (handle.caps & cap) === 0;
}

/** POOL-4, CONT-2: the mode is exactly one of RO, RW, EX. */
export function isAccessMode(mode: unknown): mode is AccessMode {
  return typeof mode === 'string' && (ACCESS_MODES as readonly string[]).includes(mode);
}

/** A plain copy of a principal, so state never aliases op data. */
export function copyPrincipal(p: Principal): { user: string; groups: string[] } {
  return { user: p.user, groups: [...p.groups] };
}

/** ATTR-1..3 (rev. 2): an attribute name has 1..511 bytes in UTF-8 (DAOS measures C strings). */
export function isAttrName(name: unknown): name is string {
  if (typeof name !== 'string') return false;
  const bytes = utf8ByteLength(name);
  return bytes >= 1 && bytes <= LIMITS.attrNameBytesMax;
}

/**
 * Byte length of a well-formed payload, or null if it is malformed. (choice: a malformed payload,
 * such as odd-length hex or a non-integer length, is argument validation, INVAL at step 1.)
 */
export function payloadBytes(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  if (typeof p.text === 'string') return utf8ByteLength(p.text);
  if (typeof p.hex === 'string') return p.hex.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(p.hex) ? p.hex.length / 2 : null;
  if (typeof p.seed === 'number' && Number.isInteger(p.seed) && typeof p.length === 'number' && Number.isInteger(p.length) && p.length >= 0) {
    return p.length;
  }
  return null;
}

/** A plain copy of a payload (only its defining field). */
export function copyPayload(value: Payload): Payload {
  if ('text' in value) return { text: value.text };
  if ('hex' in value) return { hex: value.hex };
  return { seed: value.seed, length: value.length };
}

/** Number of open container handles on a container (CONT-2, CONT-4, CONT-5). */
export function openHandlesOf(draft: Draftable, contId: string): ContHandleState[] {
  return Object.values(draft.contHandles).filter((h) => h.contId === contId) as ContHandleState[];
}
