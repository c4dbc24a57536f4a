/**
 * npm run chaos -- --minutes M --workers W [flags]      (flags: chaos/options.ts, or --help)
 * npm run chaos -- merge <dir>... --out DIR             (chaos/merge.ts)
 *
 * Runs a seeded chaos campaign in W worker processes (chaos/campaign.ts), prints a progress line
 * and a summary, and writes <out>/summary.json, <out>/report.html (atomically) and
 * <out>/results.jsonl (streamed). Exit 0: no new failure; 1: new failures (saved to the corpus with
 * their replay command); 2: bad usage or setup (checked before anything is written); 3: internal
 * error. Ctrl-C stops the workers (those shrinking a failure may finish; a second Ctrl-C stops them
 * too) and still writes the report.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../properties/case-file.ts';
import { UsageError } from '../properties/args.ts';
import { SystemError } from '../contract/index.ts';
import { checkEnvironment, SetupError } from '../properties/preflight.ts';
import { checkSystemSpec } from '../properties/systems.ts';
import { Campaign, WORKER_CODES_LEGEND } from './campaign.ts';
import { renderChaosHtml } from './html-report.ts';
import { mergeOutputs } from './merge.ts';
import { MERGE_USAGE, parseChaosArgs, parseMergeArgs, USAGE } from './options.ts';
import { formatChaosSummary, type ChaosSummary } from './summary.ts';
import { prepareWritableDir } from './writable-dir.ts';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1));
  const options = parseChaosArgs(argv);
  if (options === null) {
    console.log(USAGE);
    return 0;
  }
  // Everything that can be wrong with the setup is found here, before a worker starts.
  // The system itself is resolved (an adapter started) by the campaign before anything is written.
  checkEnvironment();
  prepareWritableDir('--corpus', options.corpusDir, { create: false });
  prepareWritableDir('--out', options.outDir);
  const tty = process.stdout.isTTY === true;
  let lastLineAtMs = 0;
  console.log(`chaos: system=${options.system} workers=${options.workers} minutes=${options.minutes} seed=${options.seed}${options.seedWasGiven ? '' : ' (drawn)'} shard=${options.shard.index}/${options.shard.count} max-ops=${options.maxOps} corpus=${options.corpusDir} out=${options.outDir}`);
  console.log(`chaos: progress: elapsed/planned, cases finished, ops checked; ${WORKER_CODES_LEGEND}`);
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
  writeOutputs(options.outDir, summary);
  return summary.exitCode;
}

function writeOutputs(outDir: string, summary: ChaosSummary): void {
  const jsonPath = join(outDir, 'summary.json');
  const htmlPath = join(outDir, 'report.html');
  writeFileAtomic(jsonPath, `${JSON.stringify(summary, null, 1)}\n`);
  writeFileAtomic(htmlPath, renderChaosHtml(summary));
  console.log(formatChaosSummary(summary));
  console.log(`chaos: wrote ${jsonPath}, ${htmlPath}, ${join(outDir, 'results.jsonl')}`);
}

function merge(argv: string[]): number {
  const options = parseMergeArgs(argv);
  if (options === null) {
    console.log(MERGE_USAGE);
    return 0;
  }
  // Read and check every input before writing anything.
  const merged = mergeOutputs(options.dirs);
  prepareWritableDir('--out', options.outDir);
  writeFileAtomic(join(options.outDir, 'results.jsonl'), merged.resultsJsonl);
  writeOutputs(options.outDir, merged.summary);
  return merged.summary.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof SystemError || e instanceof SetupError) {
      console.error(`chaos: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e);
      process.exitCode = 3;
    }
  },
);
