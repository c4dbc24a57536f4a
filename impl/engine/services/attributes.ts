import { err, expandPayload, keyByteLength, LIMITS, ok, type Outcome, type Payload } from '../../../contract/index.ts';

/**
 * Attributes (ATTR-1..5) of whatever holds them: a container through a container handle
 * (READ_DATA, WRITE_DATA; container-service.ts) or a pool through a pool handle (POOL-10, rev. 2;
 * pool-service.ts). One implementation; the caller's `locate` does steps 2 and 4 for the access
 * asked and answers the attribute table or the error outcome. Attributes are not versioned and
 * ignore halt and health (ATTR-5), so nothing here looks at epochs, maps or statuses.
 * Does NOT limit value sizes (the spec sets none).
 */

export type Attrs = Map<string, Uint8Array>;

/** Which access an attribute operation needs: reading (get, list) or writing (set, delete). */
export type AttrAccess = 'read' | 'write';

/** Steps 2 and 4 of one attribute operation. */
export type LocateAttrs = (access: AttrAccess) => Outcome<Attrs>;

/** ATTR-1..3 (rev. 2): a name has 1..511 bytes in UTF-8 (DAOS measures C strings). */
function isAttrName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0) return false;
  // Every UTF-16 code unit takes at least one UTF-8 byte, so a string over the bound in code units is
  // over it in bytes too: a cheap exit before encoding.
  return name.length <= LIMITS.attrNameBytesMax && keyByteLength(name) <= LIMITS.attrNameBytesMax;
}

/** ATTR-2, ATTR-3: a non-empty list of valid names. */
function validNames(names: unknown): names is readonly string[] {
  return Array.isArray(names) && names.length > 0 && names.every(isAttrName);
}

function payloadBytes(p: unknown): Uint8Array | undefined {
  try {
    return expandPayload(p as Payload);
  } catch {
    return undefined;
  }
}

/** ATTR-1: step 1 (at least one entry, valid names, values of a byte or more, no duplicate), steps 2 and 4; all entries at once. */
export function setAttrs(entries: unknown, locate: LocateAttrs): Outcome<null> {
  if (!Array.isArray(entries) || entries.length === 0) return err('INVAL');
  const values: Attrs = new Map();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return err('INVAL');
    const [name, payload] = entry as [unknown, unknown];
    if (!isAttrName(name) || values.has(name)) return err('INVAL');
    const bytes = payloadBytes(payload);
    if (!bytes || bytes.length < 1) return err('INVAL');
    values.set(name, bytes);
  }
  const attrs = locate('write');
  if (!attrs.ok) return attrs;
  for (const [name, bytes] of values) attrs.value.set(name, bytes);
  return ok(null);
}

/** ATTR-2: in request order, each value or null (`none`); NONEXIST only if every name is missing. */
export function getAttrs(names: unknown, locate: LocateAttrs): Outcome<(Uint8Array | null)[]> {
  if (!validNames(names)) return err('INVAL');
  const attrs = locate('read');
  if (!attrs.ok) return attrs;
  const out = names.map((n) => {
    const value = attrs.value.get(n);
    return value === undefined ? null : new Uint8Array(value);
  });
  if (out.every((v) => v === null)) return err('NONEXIST');
  return ok(out);
}

/** ATTR-3: deletes the names that exist; NONEXIST only if every name is missing. */
export function delAttrs(names: unknown, locate: LocateAttrs): Outcome<null> {
  if (!validNames(names)) return err('INVAL');
  const attrs = locate('write');
  if (!attrs.ok) return attrs;
  if (!names.some((n) => attrs.value.has(n))) return err('NONEXIST');
  for (const n of names) attrs.value.delete(n);
  return ok(null);
}

/** ATTR-4: the set of names. */
export function listAttrs(locate: LocateAttrs): Outcome<string[]> {
  const attrs = locate('read');
  if (!attrs.ok) return attrs;
  return ok([...attrs.value.keys()]);
}
