import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The rule IDs of the project's copy of the spec (docs/semantics.md), in document order. */
export function specRuleIds(): string[] {
  const path = fileURLToPath(new URL('../docs/semantics.md', import.meta.url));
  const text = readFileSync(path, 'utf8');
  const ids: string[] = [];
  for (const m of text.matchAll(/^- \*\*([A-Z]+-\d+)\*\*/gm)) if (!ids.includes(m[1])) ids.push(m[1]);
  return ids;
}
