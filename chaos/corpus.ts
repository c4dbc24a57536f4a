import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { caseFileName } from '../properties/conform.ts';
import { writeCaseFile, type CaseFile } from '../properties/case-file.ts';

/**
 * The corpus as the chaos runner sees it: a directory of case files, de-duplicated by divergence
 * signature. Writes go through properties/case-file.ts writeFileAtomic (temp file in the same
 * directory, then rename), so a reader never sees a partial case; a writer killed mid-write leaves
 * only a `.tmp-<pid>-*` file, which `removeTempFiles` cleans up once that pid is known dead.
 *
 * Does NOT lock across processes: in a campaign only the parent decides which signature is new
 * (workers ask it before writing), so two workers never save the same signature.
 */

/** Signatures of every readable case in `dir`; unreadable or foreign JSON files are ignored. */
export function knownSignatures(dir: string, stillDiverges?: (kase: CaseFile) => boolean): Set<string> {
  const signatures = new Set<string>();
  // A saved case that now conforms is a fixed bug: a new failure with its signature is a
  // regression or a different bug, and must be saved, not waved through as known.
  for (const kase of signedCases(dir)) if (!stillDiverges || stillDiverges(kase)) signatures.add(kase.signature!);
  return signatures;
}

/** knownSignatures for a check that is asynchronous (a system in another process). */
export async function knownSignaturesAsync(dir: string, stillDiverges: (kase: CaseFile) => Promise<boolean>): Promise<Set<string>> {
  const signatures = new Set<string>();
  for (const kase of signedCases(dir)) if (await stillDiverges(kase)) signatures.add(kase.signature!);
  return signatures;
}

function signedCases(dir: string): CaseFile[] {
  const cases: CaseFile[] = [];
  if (!existsSync(dir)) return cases;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CaseFile;
      if (typeof data.signature === 'string') cases.push(data);
    } catch {
      // A half-written file cannot exist (atomic writes); anything else unparsable is not ours.
    }
  }
  return cases;
}

/** Saves a case under its stable name and returns the path. */
export function saveCase(dir: string, kase: CaseFile): string {
  const path = join(dir, caseFileName(kase));
  writeCaseFile(path, kase);
  return path;
}

/**
 * Saves `kase` unless its signature is already in `known`; records it in `known` when saved.
 * Returns the path, or null for a duplicate.
 */
export function saveIfNew(dir: string, kase: CaseFile, known: Set<string>): string | null {
  const signature = kase.signature;
  if (signature === null) throw new Error('a corpus case needs a signature to be de-duplicated');
  if (known.has(signature)) return null;
  const path = saveCase(dir, kase);
  known.add(signature);
  return path;
}

/** Removes temp files left by writeFileAtomic in `dir` by process `pid` (or by any process). */
export function removeTempFiles(dir: string, pid?: number): number {
  if (!existsSync(dir)) return 0;
  const prefix = pid === undefined ? '.tmp-' : `.tmp-${pid}-`;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

export { replayCommand } from '../properties/case-file.ts';
