/**
 * A deliberately small JSON Schema checker for docs/adapter-protocol.schema.json: only the keywords
 * that schema uses ($ref to #/$defs, oneOf, enum, const, type, required, properties,
 * additionalProperties: false, items, minItems, minimum, pattern). A keyword it does not know is
 * an error, so the schema cannot silently grow past what is checked. (No dependency: ajv would do
 * more, but nothing here needs more.)
 *
 * Returns the first problem as a path and a reason, or null when the value validates.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', '$defs', '$ref', 'title', 'description', 'oneOf', 'enum', 'const', 'type', 'required', 'properties', 'additionalProperties', 'items', 'minItems', 'minimum', 'pattern']);

export function schemaProblem(root: Schema, value: unknown, schema: Schema = root, path = '$'): string | null {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`json-schema-check: unsupported keyword '${key}' at ${path}`);
  if (typeof schema.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? (root.$defs as Record<string, Schema>)[name] : undefined;
    if (!target) throw new Error(`json-schema-check: unresolved $ref ${schema.$ref}`);
    return schemaProblem(root, value, target, path);
  }
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as Schema[]).filter((s) => schemaProblem(root, value, s, path) === null).length;
    if (matching !== 1) return `${path}: matches ${matching} of the oneOf alternatives (exactly one needed)`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `${path}: ${JSON.stringify(value)} is not one of the enum`;
  if ('const' in schema && value !== schema.const) return `${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) return `${path}: not of type ${types.join('|')}`;
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) return `${path}: below ${schema.minimum}`;
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) return `${path}: does not match ${schema.pattern}`;
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return `${path}: fewer than ${schema.minItems} items`;
    if (schema.items) for (let i = 0; i < value.length; i++) {
      const problem = schemaProblem(root, value[i], schema.items as Schema, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in object)) return `${path}: missing "${key}"`;
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, v] of Object.entries(object)) {
      if (key in properties) {
        const problem = schemaProblem(root, v, properties[key], `${path}.${key}`);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) return `${path}: unexpected "${key}"`;
    }
  }
  return null;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'boolean': return typeof value === 'boolean';
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    default: throw new Error(`json-schema-check: unknown type '${type}'`);
  }
}
