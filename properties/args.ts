/**
 * A tiny strict flag parser for the CLIs: `--name value` and boolean `--name`. Unknown flags,
 * missing values and malformed numbers are usage errors (exit 2 with one clear line).
 */
export class UsageError extends Error {}

export interface FlagSpec {
  readonly [name: string]: 'int' | 'string' | 'bool';
}

export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends 'int' ? number : S[K] extends 'bool' ? boolean : string;
} & { readonly _: string[] };

export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): ParsedFlags<S> {
  const out: Record<string, unknown> = { _: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      (out._ as string[]).push(arg);
      continue;
    }
    const name = arg.slice(2);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown flag ${arg} (known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (kind === 'bool') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`flag ${arg} needs a value`);
    if (kind === 'int') {
      if (!/^-?\d+$/.test(value)) throw new UsageError(`flag ${arg} needs an integer, got '${value}'`);
      out[name] = Number(value);
    } else {
      out[name] = value;
    }
  }
  return out as ParsedFlags<S>;
}
