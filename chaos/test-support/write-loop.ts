/**
 * Test helper for chaos/corpus.test.ts: rewrites one large case file in a loop through the corpus
 * writer until killed, so the test can read the directory concurrently and kill it mid-write.
 *   node --import tsx chaos/test-support/write-loop.ts <dir>
 */
import type { Op } from '../../contract/index.ts';
import { CASE_FORMAT, type CaseFile } from '../../properties/case-file.ts';
import { saveCase } from '../corpus.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: write-loop.ts <dir>');
const ops: Op[] = [{ type: 'system.create', nodes: 3, enginesPerNode: 1, targetsPerEngine: 1 }];
for (let i = 0; i < 40_000; i++) ops.push({ type: 'pool.query', pool: `#p${i % 3}` });
const base: CaseFile = { format: CASE_FORMAT, project: { name: 't', version: '0', commit: null }, found: { by: 'test', seed: 1, path: null, swarm: null }, engineSeed: 0, ops, divergence: null, signature: 'write-loop' };
process.send?.('writing');
for (let round = 0; ; round++) saveCase(dir, { ...base, engineSeed: round });
