import { describe, expect, it } from 'vitest';
import { checkSeed, formatHelp, HELP_FLAG, parseFlags, parseInteger, UsageError } from './args.ts';

const SPEC = {
  runs: { kind: 'int', value: 'N', help: 'how many' },
  out: { kind: 'string', value: 'DIR', help: 'where' },
  quiet: { kind: 'bool', help: 'less' },
  help: HELP_FLAG,
} as const;

describe('command-line flags', () => {
  it('accepts --flag value, --flag=value and boolean flags, and keeps positionals', () => {
    expect(parseFlags(['--runs', '5', '--out=a=b', 'file', '--quiet'], SPEC)).toEqual({ _: ['file'], runs: 5, out: 'a=b', quiet: true });
    expect(parseFlags(['--runs=-3'], SPEC).runs).toBe(-3);
  });

  it('refuses unknown, repeated, valueless and malformed flags with one line each', () => {
    const bad: [string[], RegExp][] = [
      [['--nope'], /unknown flag --nope/], [['--nope=1'], /unknown flag --nope/], [['--runs'], /--runs needs a value/],
      [['--runs', '--quiet'], /--runs needs a value/], [['--runs='], /non-empty value/], [['--quiet=yes'], /--quiet takes no value/],
      [['--runs', '1', '--runs', '2'], /given twice/], [['--runs', '1e3'], /needs an integer/], [['--runs', '0x10'], /needs an integer/],
      [['--constructor', '1'], /unknown flag/],
    ];
    for (const [argv, message] of bad) expect(() => parseFlags(argv, SPEC), argv.join(' ')).toThrow(message);
  });

  it('never rounds: integers beyond 2^53 are refused, not approximated', () => {
    expect(parseInteger('--seed', '9007199254740991')).toBe(2 ** 53 - 1);
    expect(() => parseInteger('--seed', '9007199254740993')).toThrow(UsageError);
    expect(() => parseInteger('--seed', '99999999999999999999')).toThrow(/too large to be exact/);
    expect(checkSeed('--seed', -(2 ** 31))).toBe(-(2 ** 31));
    expect(() => checkSeed('--seed', 2 ** 32)).toThrow(/32 bits/);
  });

  it('--help lists every flag on its own line with its help text', () => {
    const text = formatHelp('usage: x [flags]', SPEC);
    for (const [name, def] of Object.entries(SPEC)) expect(text.split('\n').filter((l) => l.includes(`--${name}`) && l.includes(def.help))).toHaveLength(1);
    expect(text).toContain('--runs N');
    expect(text).toContain('--quiet ');
  });
});
