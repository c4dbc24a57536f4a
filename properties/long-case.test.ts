import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { viewWork } from '../model/views.ts';
import { isAdmissible } from './admissible.ts';
import { readCaseFile } from './case-file.ts';
import { ModelAsSystem } from './model-sut.ts';
import { runLockstep } from './runner.ts';

/**
 * The case that never ended: a one-minute chaos run saved this 1440-op trace as a hang. Every read
 * of a container's view re-folded the whole write log once per earlier successful cont.rollback
 * (SNAP-7), about 2^(r-1) folds after r rollbacks, so `npm run repro` did not finish in 10 minutes.
 * The model now remembers views (model/views.ts). This replays the case in full, model against
 * itself through the lockstep runner, and bounds the work the model does by counting it, never by
 * timing it (bench/suites/long-case.ts times it):
 *  - writes folded into remembered views: at most one per committed write and model (two models
 *    run here, the runner's and the system under test), so at most 2 per op;
 *  - entries restamped by rollbacks: at most the akeys ever written, per rollback and model;
 *  - log nodes walked to find an old epoch (snapshot reads, SNAP-6): at most 2 per op here.
 */
const CASE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'chaos-hang-e6d8182984-1440ops.json');

describe('the 1440-op chaos case that hung (SNAP-6, SNAP-7)', () => {
  it('replays in full through the model with work linear in the trace', () => {
    const kase = readCaseFile(CASE);
    const before = { ...viewWork };
    let rollbacks = 0;
    let sut: ModelAsSystem | undefined;
    const result = runLockstep(kase.ops, {
      makeImpl: () => (sut = new ModelAsSystem()),
      admissible: isAdmissible,
      onStep: (r) => {
        if (r.op.type === 'cont.rollback' && r.conforms && typeof r.actual === 'object' && r.actual !== null && 'ok' in r.actual) rollbacks++;
      },
    });
    expect(result.status).toBe('conforms');
    const ops = result.stats.steps;
    expect(ops + result.stats.skipped).toBe(kase.ops.length);
    expect(rollbacks).toBeGreaterThan(20); // the case's point: many successful rollbacks

    const folded = viewWork.writesFolded - before.writesFolded;
    const restamped = viewWork.entriesRestamped - before.entriesRestamped;
    const walked = viewWork.logNodesWalked - before.logNodesWalked;
    // KV-3's kinds hold every akey ever written in a container: a restamp covers no more.
    const akeysWritten = Math.max(...sut!.current().pools.flatMap((p) => p.containers.map((c) => Object.keys(c.kinds).length)));
    console.log(`long case: ${ops} ops, ${rollbacks} rollbacks; per op: ${(folded / ops).toFixed(2)} writes folded, ${(restamped / ops).toFixed(2)} entries restamped, ${(walked / ops).toFixed(2)} log nodes walked`);
    expect(folded).toBeLessThanOrEqual(2 * ops);
    expect(restamped).toBeLessThanOrEqual(2 * rollbacks * akeysWritten);
    expect(walked).toBeLessThanOrEqual(2 * ops);
  });
});
