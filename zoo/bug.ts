import type { Op } from '../contract/index.ts';

/**
 * A planted bug: a one-line find/replace patch of one file of impl/, with a hand-written trace that
 * exposes it. The patch is applied to a scratch copy of a tree, never to the tree itself
 * (zoo/scratch.ts). `find` must occur exactly once in the file (zoo/zoo.test.ts checks it), so a
 * patch that no longer applies fails loudly instead of planting nothing.
 */
export interface Bug {
  /** Unique, stable, kebab-case: results are compared across runs by id. */
  readonly id: string;
  readonly area: Area;
  /** Path from the tree's root, e.g. impl/vos/stamp.ts. */
  readonly file: string;
  /** One line (no newline) that occurs exactly once in the file. */
  readonly find: string;
  readonly replace: string;
  /** What an engineer got wrong, in words (and the spec rule it breaks). */
  readonly description: string;
  /**
   * The exposing trace: conforms on the real tree and diverges with the patch. Written by hand from
   * the spec and the code, 5-18 ops, setup prefix included.
   */
  readonly trace: readonly Op[];
  /** The engine seed the trace runs with (default 1). */
  readonly engineSeed?: number;
}

/** The areas of impl/ that the zoo covers; every area holds at least one bug. */
export const AREAS = [
  'vos', 'placement', 'ec',
  'engine/services', 'engine/io', 'engine/ec', 'engine/rebuild', 'engine/sim', 'engine/args', 'engine/invariants',
] as const;
export type Area = (typeof AREAS)[number];

/** The area a file of impl/ belongs to: its folder under impl/, and under impl/engine its room. */
export function areaOfFile(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'impl' || parts.length < 3) return '';
  if (parts[1] !== 'engine') return parts[1];
  return parts.length > 3 ? `engine/${parts[2]}` : 'engine';
}

export const TRACE_OPS_MIN = 5;
export const TRACE_OPS_MAX = 18;
