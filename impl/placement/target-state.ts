/**
 * Target states and the per-target transition table of MAP-5.
 *
 * NEW is a valid name but never occurs (MAP-1: no pool extension); every transition out of NEW is
 * an invariant violation and throws.
 */
export type TargetState = 'UPIN' | 'UP' | 'DOWN' | 'DOWNOUT' | 'DRAIN' | 'NEW';

export const TARGET_STATES: readonly TargetState[] = ['UPIN', 'UP', 'DOWN', 'DOWNOUT', 'DRAIN', 'NEW'];

/** Operations that move targets between states (MAP-5 rows). */
export type TargetOp = 'exclude' | 'drain' | 'reintegrate' | 'rebuild';

/** Result of one cell of MAP-5: the next state (possibly the same: "—"), or BUSY. */
export type TransitionResult = TargetState | 'BUSY';

type Row = Readonly<Record<Exclude<TargetState, 'NEW'>, TransitionResult>>;

// Rows copied from MAP-5's table; "—" is written as the current state.
const TABLE: Readonly<Record<TargetOp, Row>> = {
  exclude: { UPIN: 'DOWN', UP: 'DOWN', DRAIN: 'DOWN', DOWN: 'DOWN', DOWNOUT: 'DOWNOUT' },
  drain: { UPIN: 'DRAIN', UP: 'BUSY', DRAIN: 'DRAIN', DOWN: 'DOWN', DOWNOUT: 'DOWNOUT' },
  reintegrate: { UPIN: 'UPIN', UP: 'UP', DRAIN: 'BUSY', DOWN: 'UP', DOWNOUT: 'UP' },
  rebuild: { UPIN: 'UPIN', UP: 'UPIN', DRAIN: 'DOWNOUT', DOWN: 'DOWNOUT', DOWNOUT: 'DOWNOUT' },
};

/** MAP-5: what `op` does to a target in `state`. */
export function transition(op: TargetOp, state: TargetState): TransitionResult {
  if (state === 'NEW') throw new Error('placement invariant broken: target in state NEW (MAP-1 forbids it)');
  return TABLE[op][state];
}

/**
 * Whether a target serves shards for placement purposes. UPIN and DRAIN do (MAP-10: draining
 * targets still serve data; their shards move only when rebuild turns them DOWNOUT). UP does not:
 * a reintegrating target gets its shards back only once rebuild makes it UPIN (MAP-8), so the
 * layout changes exactly when the data migrates. DOWN and DOWNOUT do not.
 */
export function isInService(state: TargetState): boolean {
  return state === 'UPIN' || state === 'DRAIN';
}
