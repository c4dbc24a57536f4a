import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result, type ResultPromise } from 'execa';
import { fallbackOps } from '../contract/index.ts';
import { CASE_FORMAT, type CaseFile } from '../properties/case-file.ts';
import { projectInfo } from '../properties/project-info.ts';
import { addDomainCounts } from '../properties/declared-values.ts';
import type { DomainCounts } from '../properties/generators/index.ts';
import { mergeStats, newStats, type RunStats } from '../properties/runner.ts';
import { specRuleIds } from '../properties/spec-rules.ts';
import { sampleChaosCase } from './chaos-arb.ts';
import { fitCase, systemFilter } from '../properties/conform.ts';
import type { TraceFilter } from '../properties/capability-filter.ts';
import { resolveSystem } from '../properties/systems.ts';
import { V8_FLAGS } from '../scripts/v8-flags.ts';
import { knownSignatures, knownSignaturesAsync, removeTempFiles, replayCommand, saveIfNew } from './corpus.ts';
import { stillDivergesOn } from './run-case.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './messages.ts';
import { caseSeed, SEED_FORMULA, type Shard } from './seeds.ts';
import { buildSummary, type ChaosSummary, type EventRecord, type FailureRecord, type TimelinePoint } from './summary.ts';

/**
 * The campaign: W worker processes (chaos/worker.ts, started with execa) run seeded cases handed
 * out one at a time from this shard's seed sequence (chaos/seeds.ts) until the deadline.
 *
 * Never losing a result:
 * - a worker writes a shrunk failure to the corpus (after the parent confirmed its signature is new)
 *   before it reports the case; the parent appends every report to <out>/results.jsonl on arrival;
 * - a worker silent for longer than the case budget is killed and its case recorded as a hang
 *   (the parent regenerates the case from its seed and saves it; it is not shrunk);
 * - a worker that dies mid-case is restarted and the case is retried once on a fresh worker: a
 *   second death is recorded as a crash failure (case saved); a pass on retry is recorded as an
 *   event (the first death came from outside, e.g. kill -9 or the OOM killer);
 * - interrupt() (Ctrl-C) kills workers that are running a generated case, lets workers that are
 *   shrinking a failure finish, and still produces the summary; a second interrupt() kills all.
 *
 * Keeping the deadline: a case running at the deadline is cut by its worker at the next op
 * boundary and recorded as cut (its checked ops count); shrinking may run SHRINK_GRACE_MS longer;
 * whatever still runs at the deadline plus one case timeout is killed. So a campaign ends within
 * --minutes plus one case timeout at most. Workers report progress during a case, so ops/s over
 * time is measured while cases run, not credited when they end.
 *
 * Does NOT retry hangs (a second time budget per hang would stall the run), and does NOT shrink
 * hung or crashed cases (that needs the same watchdog around every shrink run).
 */
export interface CampaignOptions {
  readonly minutes: number;
  readonly workers: number;
  readonly seed: number;
  readonly shard: Shard;
  readonly maxOps: number;
  readonly system: string;
  readonly corpusDir: string;
  readonly outDir: string;
  /** A worker silent for this long while running a case is declared hung and killed. */
  readonly caseTimeoutMs: number;
  readonly invariantsEvery: number;
  readonly shrinkBudgetOps: number;
  /** Stop handing out cases after this many (a budget in cases, e.g. for tests); default none. */
  readonly casesMax?: number;
  /** Restarts allowed per worker slot before the slot gives up (bounds a crash loop). */
  readonly restartsMax?: number;
  readonly onProgress?: (line: string) => void;
  readonly log?: (line: string) => void;
}

type SlotState = 'starting' | 'idle' | 'running' | 'shrinking' | 'dead';

interface InFlight {
  readonly k: number;
  readonly seed: number;
  readonly retry: number;
}

interface Slot {
  readonly id: number;
  proc: ResultPromise | null;
  pid: number | null;
  state: SlotState;
  current: InFlight | null;
  lastMessageAtMs: number;
  killReason: 'hang' | 'interrupt' | 'start-timeout' | 'deadline' | null;
  cases: number;
  casesCut: number;
  ops: number;
  /** Ops checked so far in the running case, from its progress reports (not yet in `ops`). */
  liveOps: number;
  opsAtLastSample: number;
  restarts: number;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER_PATH = join(ROOT, 'chaos', 'worker.ts');
/** How long past the campaign deadline a worker may keep shrinking a failure it found. */
const SHRINK_GRACE_MS = 30_000;
const TICK_MS = 500;
const TIMELINE_POINTS_MAX = 300;
const RESTARTS_MAX_DEFAULT = 20;
const START_TIMEOUT_MS = 30_000;

/** One letter per worker in the progress line; WORKER_CODES_LEGEND explains them. */
const STATE_CODES: Readonly<Record<SlotState, string>> = { starting: 's', idle: 'i', running: 'r', shrinking: 'S', dead: 'x' };
export const WORKER_CODES_LEGEND = 'worker codes: r running a case, S shrinking a failure, s starting, i idle, x stopped';

export class Campaign {
  private readonly slots: Slot[] = [];
  private readonly retries: InFlight[] = [];
  private readonly stats: RunStats = newStats();
  /** Declared generator values of the reported cases' generated runs (the workers count them). */
  private readonly domains: DomainCounts = {};
  private readonly failures: FailureRecord[] = [];
  private readonly events: EventRecord[] = [];
  private readonly timeline: TimelinePoint[] = [];
  private known: Set<string>;
  /** The system's op kinds (set in run()): a hung or crashed case is regenerated and fitted to them. */
  private filter: TraceFilter | null = null;
  private readonly resultsPath: string;
  private readonly startedAtMs = Date.now();
  private readonly deadlineMs: number;
  private readonly samplePeriodMs: number;
  private nextK = 0;
  private lastSampleAtMs = this.startedAtMs;
  private stopping: ChaosSummary['stoppedBy'] | null = null;
  private interrupts = 0;
  private ticker: NodeJS.Timeout | null = null;
  private finish: ((s: ChaosSummary) => void) | null = null;

  constructor(private readonly options: CampaignOptions) {
    if (options.workers < 1) throw new Error('a campaign needs at least one worker');
    this.deadlineMs = this.startedAtMs + options.minutes * 60_000;
    this.samplePeriodMs = Math.max(2000, (options.minutes * 60_000) / TIMELINE_POINTS_MAX);
    this.known = knownSignatures(options.corpusDir);
    this.resultsPath = join(options.outDir, 'results.jsonl');
  }

  async run(): Promise<ChaosSummary> {
    // Only cases that still diverge on this system make their signature known (chaos/corpus.ts).
    // Resolving it here also fails fast (exit 2) when an adapter cannot start, before any worker.
    const system = await resolveSystem(this.options.system);
    try {
      this.filter = systemFilter(system);
      this.known = await knownSignaturesAsync(this.options.corpusDir, (kase) => stillDivergesOn(system, kase));
    } finally {
      await system.close();
    }
    // Only now, with the system known to start: a setup failure above leaves nothing behind.
    mkdirSync(this.options.outDir, { recursive: true });
    writeFileSync(this.resultsPath, '');
    return new Promise((resolvePromise) => {
      this.finish = resolvePromise;
      for (let id = 0; id < this.options.workers; id++) {
        const slot: Slot = { id, proc: null, pid: null, state: 'dead', current: null, lastMessageAtMs: Date.now(), killReason: null, cases: 0, casesCut: 0, ops: 0, liveOps: 0, opsAtLastSample: 0, restarts: 0 };
        this.slots.push(slot);
        this.spawn(slot);
      }
      this.ticker = setInterval(() => this.tick(), TICK_MS);
    });
  }

  /** First call: stop handing out cases and stop running workers; second call: stop everything. */
  interrupt(): void {
    this.interrupts++;
    this.stopping = 'interrupt';
    for (const slot of this.slots) {
      if (slot.state === 'idle' || slot.state === 'starting') this.send(slot, { type: 'stop' });
      else if (slot.state === 'running' || (slot.state === 'shrinking' && this.interrupts > 1)) this.kill(slot, 'interrupt');
    }
  }

  private spawn(slot: Slot): void {
    const config: WorkerConfig = {
      system: this.options.system, maxOps: this.options.maxOps, invariantsEvery: this.options.invariantsEvery,
      shrinkBudgetOps: this.options.shrinkBudgetOps, corpusDir: this.options.corpusDir,
      // A failure found near the end may still shrink a little past the deadline, not for minutes.
      shrinkDeadlineMs: this.deadlineMs + SHRINK_GRACE_MS,
      deadlineMs: this.deadlineMs,
    };
    const proc = execa(process.execPath, [...V8_FLAGS, '--import', 'tsx', WORKER_PATH, JSON.stringify(config)], {
      cwd: ROOT, ipc: true, serialization: 'json', stdin: 'ignore', stdout: 'inherit', stderr: 'inherit', buffer: false, reject: false,
    });
    slot.proc = proc;
    slot.pid = proc.pid ?? null;
    slot.state = 'starting';
    slot.current = null;
    slot.killReason = null;
    slot.lastMessageAtMs = Date.now();
    proc.on('message', (m: unknown) => this.onMessage(slot, m as FromWorker));
    void proc.then((result) => this.onExit(slot, proc, result));
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    slot.lastMessageAtMs = Date.now();
    switch (m.type) {
      case 'ready':
        slot.pid = m.pid;
        slot.state = 'idle';
        this.assign(slot);
        return;
      case 'start':
        if (slot.current?.k !== m.k) throw new Error(`worker #${slot.id} started case ${m.k}, expected ${slot.current?.k}`);
        return;
      case 'progress':
        if (slot.current?.k === m.k) slot.liveOps = m.steps;
        return;
      case 'shrinking':
        slot.state = 'shrinking';
        return;
      case 'claim': {
        const save = !this.known.has(m.signature);
        if (save) this.known.add(m.signature);
        this.send(slot, { type: 'claim-reply', claimId: m.claimId, save });
        return;
      }
      case 'case':
        this.onCase(slot, m);
        return;
      case 'error':
        this.record({ type: 'error', worker: slot.id, k: m.k, seed: m.seed, message: m.message });
        this.addFailure({ kind: 'error', worker: slot.id, k: m.k, seed: m.seed, isNew: true, signature: 'harness-error', savedTo: null, repro: null, message: m.message.split('\n')[0], detail: null });
        this.caseDone(slot);
        return;
    }
  }

  private onCase(slot: Slot, m: Extract<FromWorker, { type: 'case' }>): void {
    const current = slot.current;
    if (!current || current.k !== m.k) throw new Error(`worker #${slot.id} reported case ${m.k}, expected ${current?.k}`);
    const r = m.result;
    const f = r.failure;
    // Recorded before anything else: the corpus file (if any) is already on disk.
    this.record({ type: 'case', worker: slot.id, k: m.k, seed: r.seed, status: r.status, traceOps: r.traceOps, steps: r.stats.steps, elapsedMs: m.elapsedMs, failure: f });
    mergeStats(this.stats, r.stats);
    addDomainCounts(this.domains, r.domains);
    if (r.status === 'cut') slot.casesCut++;
    else slot.cases++;
    slot.ops += r.stats.steps;
    slot.liveOps = 0;
    if (current.retry > 0) this.addEvent(slot, 'crash-retry-passed', current, 'the case completed on a fresh worker: the earlier death was not caused by the case');
    if (f) {
      this.addFailure({
        kind: 'divergence', worker: slot.id, k: m.k, seed: r.seed, isNew: f.savedTo !== null, signature: f.signature, savedTo: f.savedTo,
        repro: f.savedTo ? replayCommand(f.savedTo, this.options.system) : null, message: f.message, detail: f,
      });
    }
    this.caseDone(slot);
  }

  private caseDone(slot: Slot): void {
    slot.current = null;
    slot.liveOps = 0;
    slot.state = 'idle';
    this.assign(slot);
  }

  private assign(slot: Slot): void {
    if (slot.state !== 'idle') throw new Error(`assign to worker #${slot.id} in state ${slot.state}`);
    if (this.stopping === null && this.options.casesMax !== undefined && this.nextK >= this.options.casesMax && this.retries.length === 0) this.stopping = 'cases';
    const past = this.stopping !== null || Date.now() >= this.deadlineMs;
    if (past) this.stopping ??= 'deadline';
    // A crashed case still owed its retry runs after the deadline (not after Ctrl-C).
    if (past && !((this.stopping === 'deadline' || this.stopping === 'cases') && this.retries.length > 0)) {
      this.send(slot, { type: 'stop' });
      return;
    }
    const next = this.retries.shift() ?? { k: this.nextK, seed: caseSeed(this.options.seed, this.options.shard, this.nextK++), retry: 0 };
    slot.current = next;
    slot.state = 'running';
    this.send(slot, { type: 'run', k: next.k, seed: next.seed });
  }

  private onExit(slot: Slot, proc: ResultPromise, result: Result): void {
    if (slot.proc !== proc) return;
    slot.proc = null;
    if (slot.pid !== null) {
      removeTempFiles(this.options.corpusDir, slot.pid);
      removeTempFiles(this.options.outDir, slot.pid);
    }
    const how = result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
    const current = slot.current;
    if (current && slot.killReason === 'hang') this.recordHang(slot, current);
    else if (current && slot.killReason === 'interrupt') this.addEvent(slot, 'interrupted', current, 'stopped by Ctrl-C before it finished; not counted');
    else if (slot.killReason === 'deadline') this.addEvent(slot, 'deadline-kill', current, 'still running at the deadline plus one case timeout; killed, not counted');
    else if (current) this.recordCrash(slot, current, how);
    else if (slot.killReason === 'start-timeout') this.addEvent(slot, 'crash', null, 'worker sent nothing for too long after starting; killed');
    else if (slot.killReason === null && this.stopping === null) this.addEvent(slot, 'crash', null, `worker died while idle (${how})`);
    slot.current = null;
    slot.liveOps = 0;
    slot.state = 'dead';
    if (this.stopping === null || ((this.stopping === 'deadline' || this.stopping === 'cases') && this.retries.length > 0)) this.respawn(slot);
    this.maybeFinish();
  }

  private respawn(slot: Slot): void {
    if (slot.restarts >= (this.options.restartsMax ?? RESTARTS_MAX_DEFAULT)) {
      this.addEvent(slot, 'restart-limit', null, `worker #${slot.id} reached its restart limit and stays down`);
      if (this.slots.every((s) => s === slot || s.state === 'dead')) this.stopping ??= 'restart-limit';
      return;
    }
    slot.restarts++;
    this.addEvent(slot, 'restart', null, `restart #${slot.restarts}`);
    this.spawn(slot);
  }

  private recordHang(slot: Slot, c: InFlight): void {
    const message = `no report for ${Math.round(this.options.caseTimeoutMs / 1000)} s while running the case: killed as hung (not shrunk)`;
    this.saveUnshrunk(slot, c, 'hang', 'hang', message);
  }

  private recordCrash(slot: Slot, c: InFlight, how: string): void {
    if (c.retry === 0) {
      this.addEvent(slot, 'crash', c, `worker died mid-case (${how}); retrying the case once on a fresh worker`);
      this.retries.push({ ...c, retry: 1 });
      return;
    }
    this.saveUnshrunk(slot, c, 'crash', `crash|${how}`, `the worker died running this case twice (${how}); not shrunk`);
  }

  /** Hangs and crashes: the worker cannot save, so the parent regenerates the case from its seed. */
  private saveUnshrunk(slot: Slot, c: InFlight, kind: 'hang' | 'crash', signature: string, message: string): void {
    const kase = fitCase(sampleChaosCase(c.seed, this.options.maxOps), this.filter);
    const caseFile: CaseFile = {
      format: CASE_FORMAT,
      project: projectInfo(),
      found: { by: 'chaos', seed: c.seed, path: null, swarm: kase.swarm },
      system: this.options.system,
      engineSeed: kase.engineSeed,
      // A hung or crashed case never resolved its aims: store what a system without the hook runs.
      ops: fallbackOps(kase.ops),
      divergence: { stepIndex: -1, reason: kind, expected: [], actual: null, rules: [], message },
      signature,
    };
    const savedTo = saveIfNew(this.options.corpusDir, caseFile, this.known);
    this.record({ type: kind, worker: slot.id, k: c.k, seed: c.seed, savedTo, message });
    this.addFailure({ kind, worker: slot.id, k: c.k, seed: c.seed, isNew: savedTo !== null, signature, savedTo, repro: savedTo ? replayCommand(savedTo, this.options.system) : null, message, detail: null });
  }

  private tick(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      const busy = slot.state === 'running' || slot.state === 'shrinking' || slot.state === 'starting';
      // Loading tsx and the system takes a while on a loaded machine: starting has its own floor.
      const silenceMs = slot.state === 'starting' ? Math.max(this.options.caseTimeoutMs, START_TIMEOUT_MS) : this.options.caseTimeoutMs;
      if (busy && slot.killReason === null && now - slot.lastMessageAtMs > silenceMs) {
        this.kill(slot, slot.current ? 'hang' : 'start-timeout');
      }
      if (slot.state === 'idle' && this.stopping === null && now >= this.deadlineMs) this.assign(slot);
      // The last resort behind the worker's own cut: nothing outlives deadline + one case timeout.
      if (slot.proc && slot.killReason === null && now >= this.deadlineMs + this.options.caseTimeoutMs) this.kill(slot, 'deadline');
    }
    if (now - this.lastSampleAtMs >= this.samplePeriodMs) this.sample(now);
    this.options.onProgress?.(this.progressLine(now));
  }

  private sample(now: number): void {
    const seconds = (now - this.lastSampleAtMs) / 1000;
    this.timeline.push({
      tSec: Math.round((now - this.startedAtMs) / 100) / 10,
      opsPerSecByWorker: this.slots.map((s) => Math.max(0, Math.round((s.ops + s.liveOps - s.opsAtLastSample) / seconds))),
      totalOps: this.creditedOps(),
    });
    for (const s of this.slots) s.opsAtLastSample = s.ops + s.liveOps;
    this.lastSampleAtMs = now;
  }

  progressLine(now = Date.now()): string {
    const seconds = (now - this.startedAtMs) / 1000;
    const total = this.options.minutes * 60;
    const cases = this.slots.reduce((n, s) => n + s.cases, 0);
    const fresh = this.failures.filter((f) => f.isNew).length;
    const states = this.slots.map((s) => STATE_CODES[s.state]).join('');
    const ops = this.creditedOps();
    return `chaos: ${fmtTime(seconds)}/${fmtTime(total)} cases ${cases} ops ${ops} (${Math.round(ops / Math.max(seconds, 0.001))} ops/s) failures ${fresh} new, ${this.failures.length - fresh} known; workers [${states}]${this.stopping ? ` stopping (${this.stopping})` : ''}`;
  }

  /** Ops of finished cases plus those reported by running ones. */
  private creditedOps(): number {
    return this.stats.steps + this.slots.reduce((n, s) => n + s.liveOps, 0);
  }

  private kill(slot: Slot, reason: NonNullable<Slot['killReason']>): void {
    if (!slot.proc) return;
    slot.killReason = reason;
    slot.proc.kill('SIGKILL');
  }

  private send(slot: Slot, message: ToWorker): void {
    if (!slot.proc || !slot.proc.connected) return;
    slot.proc.send(message);
  }

  private maybeFinish(): void {
    if (!this.slots.every((s) => s.state === 'dead' && s.proc === null)) return;
    if (this.stopping === null) return;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    const now = Date.now();
    this.sample(now);
    const summary = buildSummary({
      startedAt: new Date(this.startedAtMs).toISOString(),
      elapsedSec: (now - this.startedAtMs) / 1000,
      stoppedBy: this.stopping,
      system: this.options.system,
      seed: this.options.seed,
      shard: `${this.options.shard.index}/${this.options.shard.count}`,
      seedFormula: SEED_FORMULA,
      casesAssigned: this.nextK,
      maxOps: this.options.maxOps,
      workers: this.slots,
      stats: this.stats,
      specRules: specRuleIds(),
      domainCounts: this.domains,
      timeline: this.timeline,
      failures: this.failures,
      events: this.events,
    });
    this.finish?.(summary);
  }

  private addFailure(f: Omit<FailureRecord, 'tSec'>): void {
    this.failures.push({ ...f, tSec: this.elapsedSec() });
    this.options.log?.(`chaos: ${f.isNew ? 'NEW' : 'known'} ${f.kind} in case ${f.k} (seed ${f.seed}): ${f.signature}${f.savedTo ? ` -> ${f.savedTo}` : ''}`);
  }

  private addEvent(slot: Slot, kind: EventRecord['kind'], c: InFlight | null, detail: string): void {
    const event: EventRecord = { tSec: this.elapsedSec(), worker: slot.id, kind, k: c?.k ?? null, seed: c?.seed ?? null, detail };
    this.events.push(event);
    this.record({ type: 'event', ...event });
    if (kind !== 'restart') this.options.log?.(`chaos: worker #${slot.id} ${kind}${c ? ` (case ${c.k}, seed ${c.seed})` : ''}: ${detail}`);
  }

  private record(line: Record<string, unknown>): void {
    appendFileSync(this.resultsPath, `${JSON.stringify({ tSec: this.elapsedSec(), ...line })}\n`);
  }

  private elapsedSec(): number {
    return Math.round((Date.now() - this.startedAtMs) / 100) / 10;
  }
}

function fmtTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
