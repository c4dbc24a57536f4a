/**
 * npm run chaos -- --minutes M --workers W [--seed S] [--shard i/n] [--max-ops K] [--out DIR]
 *                  [--system engine|model] [--corpus DIR] [--case-timeout SEC]
 *                  [--invariants-every N] [--shrink-budget OPS]
 *
 * Runs a seeded chaos campaign in W worker processes (chaos/campaign.ts), prints a progress line
 * and a summary, and writes <out>/summary.json, <out>/report.html (atomically) and
 * <out>/results.jsonl (streamed). Exit 0: no new failure; 1: new failures (saved to the corpus with
 * their replay command); 2: bad usage; 3: internal error. Ctrl-C stops the workers (those
 * shrinking a failure may finish; a second Ctrl-C stops them too) and still writes the report.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../properties/case-file.ts';
import { UsageError } from '../properties/args.ts';
import { SystemError } from '../contract/index.ts';
import { Campaign } from './campaign.ts';
import { renderChaosHtml } from './html-report.ts';
import { parseChaosArgs, USAGE } from './options.ts';
import { formatChaosSummary } from './summary.ts';

async function main(argv: string[]): Promise<number> {
  const options = parseChaosArgs(argv);
  if (options === null) {
    console.log(USAGE);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  let lastLineAtMs = 0;
  console.log(`chaos: system=${options.system} workers=${options.workers} minutes=${options.minutes} seed=${options.seed}${options.seedWasGiven ? '' : ' (drawn)'} shard=${options.shard.index}/${options.shard.count} max-ops=${options.maxOps} corpus=${options.corpusDir} out=${options.outDir}`);
  const campaign = new Campaign({
    ...options,
    onProgress: (line) => {
      if (tty) {
        process.stdout.write(`\r${line}\x1b[K`);
        return;
      }
      const now = Date.now();
      if (now - lastLineAtMs < 10_000) return;
      lastLineAtMs = now;
      console.log(line);
    },
    log: (line) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
  });
  process.on('SIGINT', () => {
    process.stdout.write(`${tty ? '\r\x1b[K' : ''}chaos: interrupted — stopping workers, keeping results (Ctrl-C again to stop shrinking too)\n`);
    campaign.interrupt();
  });
  const summary = await campaign.run();
  if (tty) process.stdout.write('\r\x1b[K');
  const jsonPath = join(options.outDir, 'summary.json');
  const htmlPath = join(options.outDir, 'report.html');
  writeFileAtomic(jsonPath, `${JSON.stringify(summary, null, 1)}\n`);
  writeFileAtomic(htmlPath, renderChaosHtml(summary));
  console.log(formatChaosSummary(summary));
  console.log(`chaos: wrote ${jsonPath}, ${htmlPath}, ${join(options.outDir, 'results.jsonl')}`);
  return summary.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof SystemError) {
      console.error(`chaos: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
