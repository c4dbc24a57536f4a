// node scripts/launch.mjs <entry.ts> [args...]
//
// Starts one of the project's TypeScript command lines (conform, repro, chaos) from a single esbuild
// bundle instead of through tsx's module hooks. Why: on Node 20 the hooks run in a separate thread
// and every module of the ~300 is resolved, loaded and named (keepNames) through them, at start-up
// and a little on every function created at run time. Measured against tsx on 2026-12-03, the
// difference was within the noise of a whole campaign (README.md, "Throughput").
// Same code, same output, same seeds.
//
// The bundle is cached per entry file in node_modules/.cache/daos-harness/ with the list of its
// input files and their sizes and modification times; any change to any input (or a new entry path,
// e.g. the zoo's scratch copies) rebuilds it, so a stale bundle never runs. Files are written to a
// temporary name and renamed, so concurrent launches never read a half-written bundle.
//
// `import.meta.url` is replaced in each module by that module's own file URL, so paths computed
// from it (docs/semantics.md, package.json, chaos's worker script) are those of the source files.
// Stack traces point at the .ts sources (inline source map, source maps enabled).
// Child processes (chaos workers, the zoo's runs) still start with `node --import tsx`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'node_modules/.cache/daos-harness');

function fail(message) {
  console.error(`launch: ${message}`);
  process.exit(2);
}

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg || !entryArg.endsWith('.ts')) fail('usage: node scripts/launch.mjs <entry.ts> [args...]');
const entry = resolve(entryArg);
try {
  if (!statSync(entry).isFile()) fail(`no file ${entryArg}`);
} catch {
  fail(`no file ${entryArg}`);
}

const key = createHash('sha256').update(entry).digest('hex').slice(0, 16);
const base = join(CACHE, `${relative(ROOT, entry).replace(/[^A-Za-z0-9]+/g, '-')}-${key}`);
const bundlePath = `${base}.mjs`;
const inputsPath = `${base}.inputs.json`;

/** The inputs recorded with the bundle still have their recorded size and modification time. */
function upToDate() {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
    statSync(bundlePath);
  } catch {
    return false;
  }
  return inputs.every(([path, size, mtimeMs]) => {
    try {
      const s = statSync(path);
      return s.size === size && s.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  });
}

const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

function writeAtomically(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function rebuild() {
  const started = Date.now();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins: [ownUrl],
    absWorkingDir: ROOT,
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => {
    const path = resolve(ROOT, p);
    const s = statSync(path);
    return [path, s.size, s.mtimeMs];
  });
  mkdirSync(CACHE, { recursive: true });
  writeAtomically(bundlePath, result.outputFiles[0].text);
  // A file edited while esbuild read it may be in the bundle in its old form: then no input list is
  // written, and the next launch bundles again.
  if (inputs.some(([, , mtimeMs]) => mtimeMs >= started - 1000)) return;
  writeAtomically(inputsPath, JSON.stringify(inputs));
}

if (!upToDate()) {
  try {
    await rebuild();
  } catch (e) {
    // A syntax error in a source file: esbuild has printed where; no bundle is left behind.
    fail(`could not bundle ${relative(ROOT, entry)}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(bundlePath).href);
