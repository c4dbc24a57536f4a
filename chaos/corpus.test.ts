import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Op } from '../contract/index.ts';
import { CASE_FORMAT, readCaseFile, type CaseFile } from '../properties/case-file.ts';
import { knownSignatures, removeTempFiles, saveIfNew } from './corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OPS: Op[] = [{ type: 'system.create', nodes: 3, enginesPerNode: 1, targetsPerEngine: 1 }, { type: 'pool.query', pool: '#p0' }];

function kase(signature: string, engineSeed = 0): CaseFile {
  return { format: CASE_FORMAT, project: { name: 't', version: '0', commit: null }, found: { by: 'chaos', seed: 5, path: null, swarm: null }, engineSeed, ops: OPS, divergence: null, signature };
}

describe('corpus store', () => {
  it('de-duplicates by divergence signature, also against cases already on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const known = knownSignatures(dir);
    const first = saveIfNew(dir, kase('pool.query|-|outcome|ok->err:X'), known);
    expect(first).not.toBeNull();
    // Same signature, different trace: not saved again.
    expect(saveIfNew(dir, kase('pool.query|-|outcome|ok->err:X', 9), known)).toBeNull();
    expect(saveIfNew(dir, kase('pool.query|-|outcome|ok->err:Y'), known)).not.toBeNull();
    // A later run reads the signatures back from the files.
    writeFileSync(join(dir, 'notes.json'), '{"not":"a case"}');
    writeFileSync(join(dir, 'broken.json'), '{');
    const again = knownSignatures(dir);
    expect(again).toEqual(new Set(['pool.query|-|outcome|ok->err:X', 'pool.query|-|outcome|ok->err:Y']));
    expect(saveIfNew(dir, kase('pool.query|-|outcome|ok->err:X', 3), again)).toBeNull();
    expect(readCaseFile(first!).signature).toBe('pool.query|-|outcome|ok->err:X');
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('a saved case that no longer diverges (a fixed bug) does not make its signature known', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-fixed-'));
    saveIfNew(dir, kase('pool.query|-|outcome|ok->err:X'), new Set());
    saveIfNew(dir, kase('pool.query|-|outcome|ok->err:Y', 4), new Set());
    // The predicate stands for "replays and still diverges": only the engineSeed 4 case does.
    const known = knownSignatures(dir, (c) => c.engineSeed === 4);
    expect(known).toEqual(new Set(['pool.query|-|outcome|ok->err:Y']));
  });

  it('a reader never sees a partial case file, and a writer killed mid-write leaves only temp files that are cleaned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-atomic-'));
    const writer = execa(process.execPath, ['--import', 'tsx', join(ROOT, 'chaos/test-support/write-loop.ts'), dir], { cwd: ROOT, ipc: true, reject: false, stdout: 'ignore', stderr: 'inherit' });
    await new Promise<void>((resolve) => writer.once('message', () => resolve()));
    let reads = 0;
    // Read while it writes: every visible .json must be a whole, valid case.
    while (reads < 40) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        let text: string;
        try {
          text = readFileSync(join(dir, name), 'utf8');
        } catch {
          continue; // replaced between readdir and read
        }
        expect(readCaseFile(join(dir, name)).ops.length).toBe(40_001);
        expect(JSON.parse(text).signature).toBe('write-loop');
        reads++;
      }
      await new Promise((r) => setImmediate(r));
    }
    const pid = writer.pid!;
    writer.kill('SIGKILL');
    await writer;
    const leftovers = readdirSync(dir).filter((n) => n.startsWith(`.tmp-${pid}-`));
    expect(leftovers.length).toBeLessThanOrEqual(1);
    writeFileSync(join(dir, '.tmp-999999999-1'), 'another live writer');
    expect(removeTempFiles(dir, pid)).toBe(leftovers.length);
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual(['.tmp-999999999-1']);
    expect(existsSync(join(dir, readdirSync(dir).find((n) => n.endsWith('.json'))!))).toBe(true);
  });
});
