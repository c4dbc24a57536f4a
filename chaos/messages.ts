import type { ChaosCaseResult } from './run-case.ts';

/**
 * The IPC protocol between the campaign (parent) and its workers. One case is in flight per
 * worker. A failure is written to the corpus by the worker (after asking the parent whether its
 * signature is new) before the `case` message reports it; the parent appends every `case` message
 * to results.jsonl as it arrives, then answers with the next `run` or `stop`.
 */
export type ToWorker =
  | { readonly type: 'run'; readonly k: number; readonly seed: number }
  | { readonly type: 'claim-reply'; readonly claimId: number; readonly save: boolean }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'start'; readonly k: number; readonly seed: number }
  /** Ops checked so far in the running case (not yet in any `case` message). */
  | { readonly type: 'progress'; readonly k: number; readonly steps: number }
  | { readonly type: 'shrinking'; readonly k: number; readonly shrinkRuns: number; readonly opsReplayed: number }
  | { readonly type: 'claim'; readonly claimId: number; readonly signature: string }
  /** A finished (or cut) case: its result carries the stats and declared-value counts of the generated run only. */
  | { readonly type: 'case'; readonly k: number; readonly elapsedMs: number; readonly result: ChaosCaseResult }
  | { readonly type: 'error'; readonly k: number; readonly seed: number; readonly message: string };

export interface WorkerConfig {
  readonly system: string;
  readonly maxOps: number;
  readonly invariantsEvery: number;
  readonly shrinkBudgetOps: number;
  /** Wall-clock time (epoch ms) of the campaign deadline: a running case is cut at the next op. */
  readonly deadlineMs: number;
  /** Wall-clock time (epoch ms) after which shrinking stops and keeps its best case so far. */
  readonly shrinkDeadlineMs: number;
  readonly corpusDir: string;
}
