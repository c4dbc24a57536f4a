import { declaredValueCount, neverGenerated, type DomainCounts } from './generators/index.ts';

/**
 * How much of the declared generator values (properties/generators/domains.ts) a run generated, and
 * the one line conform and chaos both print about it (issue 14 item 1). The counts come from
 * `countDomains` over the generated cases only (shrink runs are not generation).
 *
 * Does NOT judge counts: a value generated once counts as generated. Keys in the counts that are not
 * declared (a condition outside its op's list) are not counted as declared values generated.
 */
export interface DeclaredValues {
  /** Values declared, over all domains. */
  readonly declared: number;
  /** Declared values the counts hold: declared minus neverGenerated. */
  readonly generated: number;
  /** Declared values the counts lack, as `domain=value`, in declaration order. */
  readonly neverGenerated: readonly string[];
}

export function declaredValues(counts: DomainCounts): DeclaredValues {
  const never = neverGenerated(counts);
  const declared = declaredValueCount();
  return { declared, generated: declared - never.length, neverGenerated: never };
}

/** Adds `from` to `into`: a value generated in either counts as generated (shards, cases). */
export function addDomainCounts(into: DomainCounts, from: Readonly<DomainCounts>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

/** The summary line, without indentation: "declared generator values generated: N of M; never generated (K): ...". */
export function formatDeclaredValues(d: DeclaredValues): string {
  return `declared generator values generated: ${d.generated} of ${d.declared}; never generated (${d.neverGenerated.length}): ${d.neverGenerated.join(' ') || '-'}`;
}
