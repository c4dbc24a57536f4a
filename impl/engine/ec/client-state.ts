import type { Container, EcContainerState, EcLostMarks } from '../state/container.ts';

/**
 * Client-side EC bookkeeping of one container (state/container.ts EcContainerState), used by
 * write.ts and rebuild/ec-rebuild.ts.
 *
 * `scratch` keeps the bytes of every stripe written whole at the current epoch, so that a later write
 * at the same epoch (a transaction commit or a rollback applies several writes at one epoch) that
 * touches the stripe is merged and the stripe re-encoded: parity at epoch P must equal the encoding
 * of the data cells as of the end of P, which degraded reads rely on (read.ts).
 *
 * `lost` records, per group (`<oid>.g<g>`), what a rebuild could not regenerate (more than p cells
 * or copies gone, DUR-3): at each read point X it rewrote, the akeys (`dkey\0akey`) whose content or
 * visibility was lost. Reads at X, and reads at or after the rebuild whose result is decided by
 * something not newer than the rebuild, answer lost for them; so do listings that could include them.
 */
export function ecStateOf(cont: Container): EcContainerState {
  cont.ec ??= { scratchEpoch: 0, scratch: new Map(), lost: new Map() };
  return cont.ec;
}

/** The scratch buffer of `epoch`: emptied when the epoch moves on. */
export function scratchAt(cont: Container, epoch: number): Map<string, Uint8Array> {
  const ec = ecStateOf(cont);
  if (ec.scratchEpoch !== epoch) {
    ec.scratch.clear();
    ec.scratchEpoch = epoch;
  }
  return ec.scratch;
}

export function emptyMarks(): EcLostMarks {
  return { akeys: new Set() };
}

export function marksEmpty(m: EcLostMarks): boolean {
  return m.akeys.size === 0;
}
