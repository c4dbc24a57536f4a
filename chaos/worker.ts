/**
 * A chaos worker process: `node --import tsx chaos/worker.ts '<WorkerConfig JSON>'`, started by
 * the campaign with an IPC channel. It runs one case per `run` message (chaos/run-case.ts) and
 * reports over IPC (chaos/messages.ts). It ignores SIGINT: on Ctrl-C the parent decides which
 * workers to stop and which may finish shrinking. It exits when the parent says stop or goes away.
 */
import { saveCase } from './corpus.ts';
import { resolveSystem } from '../properties/systems.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './messages.ts';
import { runChaosCase } from './run-case.ts';

const SHRINK_REPORT_EVERY_MS = 1000;

function send(message: FromWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('chaos worker started without an IPC channel'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as WorkerConfig;
  const system = await resolveSystem(config.system);
  process.on('SIGINT', () => { /* the parent decides */ });
  process.on('disconnect', () => process.exit(0));

  const pendingClaims = new Map<number, (save: boolean) => void>();
  let nextClaimId = 1;
  const claim = (signature: string): Promise<boolean> =>
    new Promise((resolve) => {
      const claimId = nextClaimId++;
      pendingClaims.set(claimId, resolve);
      void send({ type: 'claim', claimId, signature });
    });

  let busy = false;
  process.on('message', (raw: unknown) => {
    const message = raw as ToWorker;
    if (message.type === 'stop') process.exit(0);
    if (message.type === 'claim-reply') {
      const resolve = pendingClaims.get(message.claimId);
      if (!resolve) throw new Error(`claim reply ${message.claimId} matches no claim`);
      pendingClaims.delete(message.claimId);
      resolve(message.save);
      return;
    }
    if (busy) throw new Error('the parent sent a second case while one is in flight');
    busy = true;
    void runOne(message.k, message.seed).finally(() => { busy = false; });
  });

  async function runOne(k: number, seed: number): Promise<void> {
    await send({ type: 'start', k, seed });
    const started = Date.now();
    let lastReport = 0;
    try {
      const result = await runChaosCase({
        seed, maxOps: config.maxOps, system, invariantsEvery: config.invariantsEvery, shrinkBudgetOps: config.shrinkBudgetOps,
        shrinkDeadlineMs: config.shrinkDeadlineMs,
        cutAtMs: config.deadlineMs,
        // The case runs synchronously: IPC writes to the parent's pipe go out at once, so the
        // parent sees ops accumulate during a long case instead of all at its end.
        onProgress: (steps) => void send({ type: 'progress', k, steps }),
        save: async (kase) => ((await claim(kase.signature ?? '')) ? saveCase(config.corpusDir, kase) : null),
        onShrinkRun: (shrinkRuns, opsReplayed) => {
          const now = Date.now();
          if (now - lastReport < SHRINK_REPORT_EVERY_MS) return;
          lastReport = now;
          void send({ type: 'shrinking', k, shrinkRuns, opsReplayed });
        },
      });
      await send({ type: 'case', k, elapsedMs: Date.now() - started, result });
    } catch (e) {
      await send({ type: 'error', k, seed, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }

  await send({ type: 'ready', pid: process.pid });
}

main().catch((e: unknown) => {
  console.error('chaos worker:', e);
  process.exit(3);
});
