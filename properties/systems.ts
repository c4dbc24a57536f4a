import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_CAPABILITIES, SystemError, type ResolvedSystem, type SystemCapabilities, type SystemFactory, type SystemUnderTest } from '../contract/index.ts';
import { Engine } from '../impl/engine/engine.ts';
import { startAdapter } from '../adapters/client.ts';
import { checkCapabilities } from '../adapters/protocol.ts';
import { TEST_SYSTEMS } from '../chaos/test-systems.ts';
import { UsageError } from './args.ts';
import { ModelAsSystem } from './model-sut.ts';

/**
 * The one registry of systems a lockstep run can check (issue 12). A `--system` value is:
 *  - a built-in name: `engine` (impl/engine, in-process, synchronous: the fast path) or `model` (the
 *    model against itself, a self-test of the runner); the deliberately broken `test-*` systems of
 *    chaos/test-systems.ts are registered here too, hidden from usage texts;
 *  - a module path (`./my-system.ts`, anything with a `/` or ending in .ts/.js/.mjs): the module
 *    exports `createSystem(engineSeed)` returning a SystemUnderTest (or a promise of one), and may
 *    export `capabilities` (default: everything);
 *  - `cmd:<command line>`: a process speaking docs/adapter-protocol.md on its stdin/stdout, started
 *    once per resolved system (through `sh -c`, so `cmd:FLAG=1 python3 x.py` works).
 * Case files record the value as given, and every printed replay command passes it back.
 */
export type { ResolvedSystem, SystemFactory };
/** An in-process system that answers synchronously (the built-ins): the runner's fast path. */
export type SyncSystemFactory = (engineSeed: number) => SystemUnderTest;

interface BuiltIn {
  readonly factory: SyncSystemFactory;
  /** Test-only systems are accepted but never listed. */
  readonly hidden: boolean;
}

const BUILT_INS: Readonly<Record<string, BuiltIn>> = {
  engine: { factory: (seed) => new Engine({ seed }), hidden: false },
  model: { factory: () => new ModelAsSystem(), hidden: false },
  ...Object.fromEntries(Object.entries(TEST_SYSTEMS).map(([name, factory]) => [name, { factory, hidden: true }])),
};

export type SystemName = 'engine' | 'model';
/** The public built-in names, for usage texts. */
export const SYSTEM_NAMES: readonly SystemName[] = ['engine', 'model'];
export const SYSTEM_USAGE = `${SYSTEM_NAMES.join('|')}|<module path>|cmd:<adapter command>`;

/** A built-in in-process system, synchronous (tests and benches that need no adapter). */
export function loadSystem(name: SystemName): SyncSystemFactory {
  return BUILT_INS[name].factory;
}

const MODULE_PATTERN = /[/\\]|\.(ts|js|mjs)$/;

/** Throws UsageError for a value that is none of the three forms (before anything is started). */
export function checkSystemSpec(spec: string): void {
  if (spec in BUILT_INS) return;
  if (spec.startsWith('cmd:')) {
    if (spec.slice(4).trim() === '') throw new UsageError('--system cmd: needs a command line after the colon');
    return;
  }
  if (MODULE_PATTERN.test(spec)) return;
  throw new UsageError(`--system must be ${SYSTEM_USAGE}, got '${spec}'`);
}

/**
 * Resolves a --system value: UsageError for an unknown form, SystemError when a module or adapter
 * cannot be loaded or started (an adapter's hello is awaited here, so a bad command fails at once).
 */
export async function resolveSystem(spec: string): Promise<ResolvedSystem> {
  checkSystemSpec(spec);
  const builtIn = BUILT_INS[spec];
  if (builtIn) return inProcess(spec, builtIn.factory, ALL_CAPABILITIES);
  if (spec.startsWith('cmd:')) return startAdapter(spec, spec.slice(4).trim());
  return loadModule(spec);
}

/** Wraps an in-process factory (tests use this to run a hand-made system through the CLIs' paths). */
export function inProcess(spec: string, factory: SystemFactory, capabilities: SystemCapabilities = ALL_CAPABILITIES): ResolvedSystem {
  return { spec, capabilities, factory, close: async () => {} };
}

/**
 * Imports a system module. A TypeScript module needs a loader: under `node --import tsx` the plain
 * import works; a CLI started from its bundle (scripts/launch.mjs) has no hooks, so Node 20 refuses
 * the extension and tsx loads the module (and what it imports) on its own instead.
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

async function loadModule(spec: string): Promise<ResolvedSystem> {
  const path = isAbsolute(spec) ? spec : resolve(process.cwd(), spec);
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (e) {
    throw new SystemError(`--system ${spec}: cannot load the module (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const create = module.createSystem;
  if (typeof create !== 'function') throw new SystemError(`--system ${spec}: the module exports no createSystem(engineSeed) function`);
  const capabilities = module.capabilities === undefined ? ALL_CAPABILITIES : checkCapabilities(module.capabilities, `--system ${spec}: capabilities`);
  return inProcess(spec, create as SystemFactory, capabilities);
}
