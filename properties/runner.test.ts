import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FetchEntry, Op, Outcome, SystemUnderTest } from '../contract/index.ts';
import { CaseFileError, readCaseFile } from './case-file.ts';
import { runConformance } from './conform.ts';
import { ModelAsSystem } from './model-sut.ts';
import { normalizeOutcome } from './normalize.ts';
import { runLockstep } from './runner.ts';
import { RefTable, UNISSUED_UUID } from './symbolic.ts';
import { inProcess } from './systems.ts';

const ALICE = { user: 'alice@', groups: ['lab@'] };

/** A scripted trace touching pools, containers, attributes and objects. */
const SCRIPT: Op[] = [
  { type: 'system.create', nodes: 4, enginesPerNode: 1, targetsPerEngine: 2 },
  { type: 'pool.create', owner: ALICE, label: 'tank' },
  { type: 'pool.connect', pool: '#p0', principal: ALICE, mode: 'RW' },
  { type: 'cont.create', poh: 0, label: 'home' },
  { type: 'cont.open', poh: 0, cont: '#c0', mode: 'RW' },
  { type: 'cont.setAttrs', coh: 0, entries: [['x', { text: 'hello' }]] },
  { type: 'cont.getAttrs', coh: 0, names: ['x'] },
  { type: 'cont.close', coh: 7 },
];

const flipFirstByte = (v: Uint8Array) => Uint8Array.from(v, (b, i) => (i === 0 ? b ^ 1 : b));

/** Wraps the model and flips a bit of every attribute and single value it returns: a deliberate bug. */
class FlipValueBug implements SystemUnderTest {
  private readonly inner = new ModelAsSystem();
  apply(op: Op): Outcome<never> {
    const outcome = this.inner.apply(op) as Outcome<unknown>;
    if (op.type === 'cont.getAttrs' && outcome.ok) {
      const values = (outcome.value as (Uint8Array | null)[]).map((v) => (v ? flipFirstByte(v) : v));
      return { ok: true, value: values } as unknown as Outcome<never>;
    }
    if (op.type === 'obj.fetch' && outcome.ok) {
      const entries = (outcome.value as FetchEntry[]).map((e) => (e.type === 'single' && e.value ? { ...e, value: flipFirstByte(e.value) } : e));
      return { ok: true, value: entries } as unknown as Outcome<never>;
    }
    return outcome as Outcome<never>;
  }
  checkInvariants(): void {}
}

describe('symbolic references', () => {
  it('maps the n-th issued handle, and never-issued ones to values no system issues (ERR-7)', () => {
    const refs = new RefTable();
    refs.register('pool.create', { ok: true, value: 'id-A' });
    refs.register('pool.connect', { ok: true, value: 1001 });
    refs.register('pool.connect', { ok: false, err: 'NO_PERM' });
    const op = refs.toConcrete({ type: 'cont.create', poh: 0 }) as { poh: number };
    expect(op.poh).toBe(1001);
    expect((refs.toConcrete({ type: 'cont.create', poh: 1 }) as { poh: number }).poh).toBeLessThan(0);
    expect((refs.toConcrete({ type: 'pool.query', pool: '#p0' }) as { pool: string }).pool).toBe('id-A');
    expect((refs.toConcrete({ type: 'pool.query', pool: '#p3' }) as { pool: string }).pool).toBe(UNISSUED_UUID);
    expect((refs.toConcrete({ type: 'pool.query', pool: 'tank' }) as { pool: string }).pool).toBe('tank');
    expect((refs.toConcrete({ type: 'snap.destroy', coh: 0, token: 0 }) as { token: number }).token).toBe(0);
  });

  it('canonical outcomes compare sets without order and ids by symbol (section 24)', () => {
    const a = new RefTable();
    const b = new RefTable();
    expect(normalizeOutcome('obj.listDkeys', { ok: true, value: ['d2', 'd0'] }, a)).toEqual(normalizeOutcome('obj.listDkeys', { ok: true, value: ['d0', 'd2'] }, b));
    expect(normalizeOutcome('pool.create', { ok: true, value: 'uuid-1' }, a)).toEqual(normalizeOutcome('pool.create', { ok: true, value: 'other-uuid' }, b));
    expect(normalizeOutcome('snap.list', { ok: true, value: [] }, a)).toEqual({ ok: [] });
  });
});

describe('lockstep runner', () => {
  it('the model conforms to itself on a scripted trace', () => {
    const result = runLockstep(SCRIPT, { makeImpl: () => new ModelAsSystem() });
    expect(result.status).toBe('conforms');
    expect(result.stats.steps).toBe(SCRIPT.length);
    expect(result.stats.errors).toBe(1); // the never-issued handle 7 (ERR-7)
  });

  it('reports the first diverging step with expected and actual outcomes', () => {
    const result = runLockstep(SCRIPT, { makeImpl: () => new FlipValueBug() });
    expect(result.status).toBe('diverged');
    if (result.status !== 'diverged') return;
    expect(result.divergence.stepIndex).toBe(6);
    expect(result.divergence.reason).toBe('outcome');
    expect(result.divergence.expected).toEqual([{ ok: ['68656c6c6f'] }]);
    expect(result.divergence.actual).toEqual({ ok: ['69656c6c6f'] });
  });

  it('an implementation that throws is a divergence, not a crash of the runner', () => {
    const throwing: SystemUnderTest = { apply: () => { throw new Error('boom'); }, checkInvariants: () => {} };
    const result = runLockstep(SCRIPT, { makeImpl: () => throwing });
    expect(result.status === 'diverged' && result.divergence.reason).toBe('impl-threw');
  });

  it('a broken invariant is a divergence', () => {
    const inner = new ModelAsSystem();
    const broken: SystemUnderTest = { apply: (op) => inner.apply(op), checkInvariants: () => { throw new Error('replicas disagree'); } };
    const result = runLockstep(SCRIPT, { makeImpl: () => broken });
    expect(result.status === 'diverged' && result.divergence.reason).toBe('invariant');
  });

  it('a read answered with something that is not bytes is a divergence that shows the allowed hex', () => {
    const inner = new ModelAsSystem();
    const malformed: SystemUnderTest = {
      apply: (op) => (op.type === 'cont.getAttrs' ? ({ ok: true, value: [104, 101] } as unknown as Outcome<never>) : inner.apply(op)),
      checkInvariants: () => {},
    };
    const result = runLockstep(SCRIPT, { makeImpl: () => malformed });
    expect(result.status).toBe('diverged');
    if (result.status !== 'diverged') return;
    expect(result.divergence.stepIndex).toBe(6);
    expect(result.divergence.reason).toBe('impl-threw');
    expect(result.divergence.expected).toEqual([{ ok: ['68656c6c6f'] }]);
  });

  it('an invariant broken after a read shows what the model allowed for that read, in hex', () => {
    // Reads (cont.getAttrs here) are matched on their bytes; their canonical form is made only when shown.
    const inner = new ModelAsSystem();
    let applied = 0;
    const broken: SystemUnderTest = {
      apply: (op) => { applied++; return inner.apply(op); },
      checkInvariants: () => { if (applied === 7) throw new Error('replicas disagree'); },
    };
    const result = runLockstep(SCRIPT, { makeImpl: () => broken });
    expect(result.status).toBe('diverged');
    if (result.status !== 'diverged') return;
    expect(result.divergence.reason).toBe('invariant');
    expect(result.divergence.stepIndex).toBe(6);
    expect(result.divergence.expected).toEqual([{ ok: ['68656c6c6f'] }]);
  });
});

describe('conformance campaign', () => {
  it('finds, shrinks and atomically saves a divergence with a replayable case file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    const result = await runConformance({ runs: 200, maxOps: 40, seed: 7, system: inProcess('flip-value', () => new FlipValueBug()), corpusDir: dir, by: 'test' });
    expect(result.failure).not.toBeNull();
    const saved = readdirSync(dir);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^test-[0-9a-f]{10}-\d+ops\.json$/);
    const kase = readCaseFile(join(dir, saved[0]));
    expect(kase.system).toBe('flip-value');
    // The divergence is near the end (a transaction block shrinks as a whole, so its tail may remain).
    expect(kase.divergence!.stepIndex).toBeGreaterThanOrEqual(kase.ops.length - 3);
    expect(['cont.getAttrs', 'obj.fetch']).toContain(kase.ops[kase.divergence!.stepIndex].type);
    // Shrunk: the setup prefix at its smallest (system, pool, connect, two containers, two opens)
    // plus a write and the read, possibly inside a transaction or snapshot block that shrinks as a
    // unit; fast-check started from traces of up to 40 ops (and blocks) after the setup.
    expect(kase.ops.length).toBeLessThanOrEqual(16);
    const replay = runLockstep(kase.ops, { makeImpl: () => new FlipValueBug() });
    expect(replay.status).toBe('diverged');
  });

  it('shouldStop (Ctrl-C) ends a campaign between cases, keeping the stats of the runs done', async () => {
    let asked = 0;
    const result = await runConformance({ runs: 50, maxOps: 30, seed: 11, system: inProcess('model', () => new ModelAsSystem()), corpusDir: '/nonexistent', by: 'test', save: false, shouldStop: () => ++asked > 5 });
    expect(result.interrupted).toBe(true);
    expect(result.failure).toBeNull();
    expect(result.runs).toBe(5);
    expect(result.stats.steps).toBeGreaterThan(5);
  });

  it('the model conforms to itself over a fixed-seed campaign', async () => {
    const result = await runConformance({ runs: 60, maxOps: 60, seed: 11, system: inProcess('model', () => new ModelAsSystem()), corpusDir: '/nonexistent', by: 'test', save: false });
    expect(result.failure).toBeNull();
    expect(result.runs).toBe(60);
    expect(result.stats.steps).toBeGreaterThan(60 * 8);
  });
});

describe('case files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cases-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('rejects malformed input with one clear line', () => {
    expect(() => readCaseFile(join(dir, 'missing.json'))).toThrow(/no such file/);
    expect(() => readCaseFile(write('bad.json', '{ nope'))).toThrow(/not valid JSON/);
    expect(() => readCaseFile(write('fmt.json', '{"format":"x"}'))).toThrow(/unknown format/);
    const base = { format: 'daos-harness-case/1', project: {}, found: {}, engineSeed: 1, divergence: null, signature: null };
    expect(() => readCaseFile(write('op.json', JSON.stringify({ ...base, ops: [{ type: 'system.create' }, { type: 'obj.teleport' }] })))).toThrow(/op 1 has unknown type "obj.teleport"/);
    expect(() => readCaseFile(write('first.json', JSON.stringify({ ...base, ops: [{ type: 'pool.query', pool: 'x' }] })))).toThrow(CaseFileError);
  });
});
