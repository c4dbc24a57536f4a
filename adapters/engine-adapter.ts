/**
 * The project's engine served over the adapter protocol (docs/adapter-protocol.md):
 *   npm run conform -- --system "cmd:node --import tsx adapters/engine-adapter.ts"
 * Same outcomes as `--system engine` in-process (adapters/adapters.test.ts checks it), so the
 * difference between the two is the protocol's cost (bench/suites/protocol.ts measures it).
 */
import { ALL_CAPABILITIES } from '../contract/index.ts';
import { Engine } from '../impl/engine/engine.ts';
import { serveAdapter } from './serve.ts';

serveAdapter({ name: 'engine', capabilities: ALL_CAPABILITIES, create: (seed) => new Engine({ seed }) });
