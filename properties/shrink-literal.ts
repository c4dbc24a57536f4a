import type { MaybePromise, Op } from '../contract/index.ts';

/**
 * Literal-trace delta debugging (Zeller's ddmin, then one-op removal to a fixpoint), run after
 * fast-check's shrinking by conform and chaos. fast-check shrinks the generator's choices, which
 * cannot drop a setup op or one op of a block; this shrinks the literal trace itself, setup prefix
 * included, keeping a candidate only when `stillFails` says it fails the same way (the caller
 * compares divergence signatures, so a shrink never slides into another bug).
 *
 * Bounded by `budgetOps` ops replayed (deterministic, unlike a time limit): once spent, the best
 * trace so far is returned. Does NOT simplify ops (fewer iods, shorter payloads): only removes them.
 */
export interface LiteralShrinkOptions {
  /** Runs the candidate; returns the index of its diverging step when it fails the same way, else undefined. */
  readonly stillFails: (ops: readonly Op[]) => MaybePromise<number | undefined>;
  /** Ops replayed before shrinking stops (default 150,000). */
  readonly budgetOps?: number;
}

export interface LiteralShrinkResult {
  readonly ops: readonly Op[];
  readonly runs: number;
  readonly opsReplayed: number;
  readonly budgetSpent: boolean;
}

export const LITERAL_SHRINK_BUDGET_OPS = 150_000;

export async function shrinkLiteral(failing: readonly Op[], options: LiteralShrinkOptions): Promise<LiteralShrinkResult> {
  const budget = options.budgetOps ?? LITERAL_SHRINK_BUDGET_OPS;
  let runs = 0;
  let opsReplayed = 0;
  let budgetSpent = false;
  /** Tries a candidate; on the same failure returns it cut after its diverging step. */
  const attempt = async (candidate: readonly Op[]): Promise<readonly Op[] | undefined> => {
    if (opsReplayed + candidate.length > budget) {
      budgetSpent = true;
      return undefined;
    }
    runs++;
    opsReplayed += candidate.length;
    const step = await options.stillFails(candidate);
    return step === undefined ? undefined : candidate.slice(0, Math.max(step + 1, 1));
  };

  let best = failing;
  // ddmin over complements: remove one of n chunks; on success keep granularity, else refine.
  let chunks = 2;
  while (best.length >= 2 && !budgetSpent) {
    const size = Math.ceil(best.length / chunks);
    let removed = false;
    for (let start = 0; start < best.length && !budgetSpent; start += size) {
      const kept = await attempt([...best.slice(0, start), ...best.slice(start + size)]);
      if (kept !== undefined && kept.length < best.length) {
        best = kept;
        chunks = Math.max(chunks - 1, 2);
        removed = true;
        break;
      }
    }
    if (removed) continue;
    if (size <= 1) break;
    chunks = Math.min(chunks * 2, best.length);
  }
  // One-op removal from the end (later ops depend on earlier ones, not the reverse), to a fixpoint.
  for (let changed = true; changed && !budgetSpent; ) {
    changed = false;
    for (let i = best.length - 1; i >= 0 && !budgetSpent; i--) {
      const kept = await attempt([...best.slice(0, i), ...best.slice(i + 1)]);
      if (kept !== undefined && kept.length < best.length) {
        best = kept;
        changed = true;
        i = Math.min(i, best.length);
      }
    }
  }
  return { ops: best, runs, opsReplayed, budgetSpent };
}
