/**
 * A tiny strict flag parser for the CLIs: `--name value`, `--name=value` and boolean `--name`.
 * Unknown flags, missing values and malformed numbers are usage errors (exit 2 with one clear line).
 * Each CLI declares its flags once, with a help line per flag; `formatHelp` prints them, so the
 * --help text and the parser cannot drift apart.
 *
 * Integers must be exact: anything beyond Number.MAX_SAFE_INTEGER would be silently rounded by
 * Number(), so it is refused instead.
 */
export class UsageError extends Error {}

export type FlagKind = 'int' | 'string' | 'bool';

export interface FlagDef {
  readonly kind: FlagKind;
  /** What the value is called in the help text, e.g. 'N' or 'DIR'. */
  readonly value?: string;
  /** One line: what the flag does and its default. */
  readonly help: string;
}

export interface FlagSpec {
  readonly [name: string]: FlagDef;
}

export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['kind'] extends 'int' ? number : S[K]['kind'] extends 'bool' ? boolean : string;
} & { readonly _: string[] };

/** The flag every CLI accepts. */
export const HELP_FLAG: FlagDef = { kind: 'bool', help: 'print this help and exit 0' };

export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): ParsedFlags<S> {
  const out: Record<string, unknown> = { _: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') (out._ as string[]).push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const def = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!def) throw new UsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (name in out) throw new UsageError(`flag --${name} given twice`);
    if (def.kind === 'bool') {
      if (eq >= 0) throw new UsageError(`flag --${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`flag --${name} needs a value`);
    }
    if (value === '') throw new UsageError(`flag --${name} needs a non-empty value`);
    out[name] = def.kind === 'int' ? parseInteger(`--${name}`, value) : value;
  }
  return out as ParsedFlags<S>;
}

/** An exact integer, or a UsageError naming the flag: no rounding, no exponent, no hex. */
export function parseInteger(what: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${what} needs an integer, got '${text}'`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${what} is too large to be exact (${text}); the limit is ±${Number.MAX_SAFE_INTEGER}`);
  return n;
}

/** Seeds: fast-check and the chaos seed formula use 32 bits; a wider seed would alias another. */
export function checkSeed(what: string, seed: number): number {
  if (seed < -(2 ** 31) || seed >= 2 ** 32) throw new UsageError(`${what} must fit in 32 bits (-2147483648..4294967295), got ${seed}`);
  return seed;
}

/** The --help text: the usage line, an optional paragraph, then one line per flag. */
export function formatHelp(usage: string, spec: FlagSpec, about = ''): string {
  const names = Object.entries(spec).map(([name, def]) => `--${name}${def.kind === 'bool' ? '' : ` ${def.value ?? (def.kind === 'int' ? 'N' : 'X')}`}`);
  const width = Math.max(...names.map((n) => n.length));
  const lines = [usage];
  if (about) lines.push('', about);
  lines.push('', 'flags (--name value or --name=value):');
  Object.values(spec).forEach((def, i) => lines.push(`  ${names[i].padEnd(width)}  ${def.help}`));
  return lines.join('\n');
}
