/**
 * Runs one benchmark suite in this process and prints its figures:
 *   npx tsx bench/run-suite.ts bench/suites/<name>.ts [--json OUT] [--time-ms N]
 * The nightly runner starts one process per suite so JIT state from one cannot skew another.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { writeFileSync, renameSync } from 'node:fs';
import { formatFigures, runSuite, type BenchSuite } from './harness.ts';

async function main(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file) {
    console.error('usage: run-suite <suite-file> [--json OUT] [--time-ms N]');
    return 2;
  }
  let jsonOut: string | undefined;
  let timeMs: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--json') jsonOut = rest[++i];
    else if (rest[i] === '--time-ms') timeMs = Number(rest[++i]);
    else {
      console.error(`run-suite: unknown flag ${rest[i]}`);
      return 2;
    }
  }
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { suite?: BenchSuite };
  if (!mod.suite) {
    console.error(`run-suite: ${file} does not export 'suite'`);
    return 2;
  }
  const env = mod.suite.environment?.() ?? {};
  console.log(`suite ${mod.suite.name} on node ${process.version}${Object.entries(env).map(([k, v]) => `, ${k}=${v}`).join('')}`);
  const figures = await runSuite(mod.suite, timeMs ? { timeMs } : {});
  console.log(formatFigures(figures));
  if (jsonOut) {
    const tmp = `${jsonOut}.tmp`;
    writeFileSync(tmp, JSON.stringify({ suite: mod.suite.name, environment: env, figures }, null, 2));
    renameSync(tmp, jsonOut);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
