import { describe, expect, it } from 'vitest';
import type { Oid, Op } from '../../../contract/index.ts';
import type { ExtentInput } from '../../vos/index.ts';
import { PARITY_AKEY_PREFIX } from '../ec/layout.ts';
import { Engine } from '../engine.ts';
import { checksumMeta } from '../io/checksum.ts';
import { TrackedVosStore } from '../sim/touch-log.ts';
import { FULL_SWEEP_EVERY, sweepDue } from './incremental.ts';

/**
 * Planted bugs that no outcome shows, only an invariant: under the per-op ('touched') policy each
 * must still be reported by the check right after the op that caused it, long before the next full
 * sweep. The bugs are planted on one engine instance (its bus, its stores), never in the tree.
 */
const TOPO = { nodes: 8, enginesPerNode: 1, targetsPerEngine: 1 };
const owner = { user: 'alice@', groups: ['lab@'] };

type Props = readonly (readonly [string, string | number])[];

/**
 * Sets up a pool, a container with `props` and an object of class `cls`, then writes `writes`
 * whole-stripe array values to dkeys d0..d2, checking 'touched' invariants after every op as the
 * lockstep runner does. `plant` runs just before write number `plantAt` (null: never). Returns the
 * index (counted in writes) of the first write whose check threw, with its message, or null.
 */
function run(seed: number, cls: string, props: Props, writes: number, plantAt: number | null, plant: (engine: Engine) => void): { write: number; message: string } | null {
  const engine = new Engine({ seed });
  const must = <T>(op: Op): T => {
    const out = engine.apply(op);
    if (!out.ok) throw new Error(`${op.type} failed with ${out.err}`);
    engine.checkInvariants('touched');
    return out.value as T;
  };
  must({ type: 'system.create', ...TOPO });
  must({ type: 'pool.create', owner, label: 'p0' });
  const poh = must<number>({ type: 'pool.connect', pool: 'p0', principal: owner, mode: 'RW' });
  must({ type: 'cont.create', poh, label: 'c0', props });
  const coh = must<number>({ type: 'cont.open', poh, cont: 'c0', mode: 'RW' });
  const oid = must<Oid>({ type: 'obj.generateOid', coh, objType: 13, class: cls, lo: seed });
  for (let write = 0; write < writes; write++) {
    if (write === plantAt) plant(engine);
    const out = engine.apply({ type: 'obj.update', coh, oid, dkey: `d${write % 3}`, iods: [{ akey: 'a', extents: [{ offset: 0, data: { seed: write + 1, length: 2 * CELL } }] }] });
    expect(out.ok).toBe(true); // the bug is invisible in outcomes
    try {
      engine.checkInvariants('touched');
    } catch (e) {
      return { write, message: (e as Error).message };
    }
  }
  return null;
}

const CELL = 4096;
const SETUP_OPS = 6;

describe('incremental invariants (the per-op policy) report an invariant-only bug at its op', () => {
  it('a retried bus message applied twice on one replica', () => {
    const planted = 14;
    expect(SETUP_OPS + planted + 1).toBeLessThan(FULL_SWEEP_EVERY); // so only a 'touched' check can see it
    // Control: the same ops without the bug pass every check.
    expect(run(3, 'RP_3G1', [], 20, null, () => {})).toBeNull();
    const failure = run(3, 'RP_3G1', [], 20, planted, (engine) => {
      // The dedupe table forgets the op's first request: its handler runs twice on that target.
      const bus = engine.state.bus;
      const call = bus.call.bind(bus);
      let first = true;
      bus.call = <R>(target: number, handler: () => R): R => {
        if (first) {
          first = false;
          call(target, handler);
        }
        return call(target, handler);
      };
    });
    expect(failure).toEqual({ write: planted, message: expect.stringMatching(/replicas of .* disagree/) });
  });

  it('a parity cell written stale (zeros, with a matching checksum) by one EC write', () => {
    const props: Props = [['ec_cell_sz', CELL], ['cksum', 'crc32']];
    const planted = 17;
    expect(SETUP_OPS + planted + 1).toBeLessThan(FULL_SWEEP_EVERY);
    expect(run(4, 'EC_2P1G1', props, 20, null, () => {})).toBeNull();
    const failure = run(4, 'EC_2P1G1', props, 20, planted, (engine) => {
      // From here on every store the engine reaches writes parity cells as zeros, checksummed as such.
      const cluster = engine.state.cluster;
      const store = cluster.store.bind(cluster);
      cluster.store = (target: number, contId: string): TrackedVosStore => {
        const s = store(target, contId);
        s.updateArray = (oid: string, dkey: string, akey: string, epoch: number, extents: readonly ExtentInput[]) => {
          const stale = akey.startsWith(PARITY_AKEY_PREFIX)
            ? extents.map((e) => ({ offset: e.offset, data: new Uint8Array(e.data.length), ...(e.meta ? { meta: checksumMeta(new Uint8Array(e.data.length)) } : {}) }))
            : extents;
          TrackedVosStore.prototype.updateArray.call(s, oid, dkey, akey, epoch, stale);
        };
        return s;
      };
    });
    expect(failure).toEqual({ write: planted, message: expect.stringMatching(/parity .* disagrees/) });
  });
});

describe('checksum verdicts remembered across checks (sim/touch-log.ts)', () => {
  it('are forgotten by a corruption: corrupted cells are skipped as corrupt (CSUM-4), not taken for a parity bug', () => {
    const engine = new Engine({ seed: 9 });
    const must = <T>(op: Op): T => {
      const out = engine.apply(op);
      if (!out.ok) throw new Error(`${op.type} failed with ${out.err}`);
      engine.checkInvariants('touched');
      return out.value as T;
    };
    must({ type: 'system.create', ...TOPO });
    must({ type: 'pool.create', owner, label: 'p0' });
    const poh = must<number>({ type: 'pool.connect', pool: 'p0', principal: owner, mode: 'RW' });
    must({ type: 'cont.create', poh, label: 'c0', props: [['ec_cell_sz', CELL], ['cksum', 'crc32']] });
    const coh = must<number>({ type: 'cont.open', poh, cont: 'c0', mode: 'RW' });
    const oid = must<Oid>({ type: 'obj.generateOid', coh, objType: 13, class: 'EC_2P1G1', lo: 9 });
    // Every cell and parity cell is verified (and its verdict remembered) by the checks after these.
    for (let d = 0; d < 3; d++) must({ type: 'obj.update', coh, oid, dkey: `d${d}`, iods: [{ akey: 'a', extents: [{ offset: 0, data: { seed: d + 1, length: 2 * CELL } }] }] });
    const verdicts = engine.state.touched;
    const cluster = engine.state.cluster;
    const contId = [...cluster.storesOf(0).keys()][0];
    const cells = [...Array(cluster.targetCount).keys()].flatMap((t) => [...(cluster.storesOf(t).get(contId)?.records() ?? [])])
      .filter((r) => r.type === 'extent' && r.record.data !== null && r.record.meta !== undefined);
    expect(cells.length).toBeGreaterThanOrEqual(9); // 3 dkeys x (2 data cells + 1 parity cell)
    const remembered = (r: (typeof cells)[number]) => r.type === 'extent' && verdicts.verifiedBefore(r.record.meta!, r.record.data!);
    expect(cells.every(remembered)).toBe(true);
    for (let rank = 0; rank < TOPO.nodes; rank++) engine.apply({ type: 'fault.corrupt', cont: 'c0', rank, target: 0 });
    expect(cells.some(remembered)).toBe(false);
    // Corrupted bytes fail their checksums: the checks skip them instead of finding parity that disagrees.
    expect(() => engine.checkInvariants('touched')).not.toThrow();
    expect(() => engine.checkInvariants('full')).not.toThrow();
  });
});

describe('the sweep cadence (sweepDue)', () => {
  /** The check numbers (1-based, counted from the engine's start) at which a periodic sweep runs. */
  function sweepsIn(checks: number): number[] {
    const at: number[] = [];
    let since = 0;
    for (let total = 1; total <= checks; total++) {
      since++;
      if (sweepDue(since, total)) {
        at.push(total);
        since = 0;
      }
    }
    return at;
  }

  it('sweeps first after FULL_SWEEP_EVERY checks, then at doubling intervals', () => {
    expect(sweepsIn(FULL_SWEEP_EVERY - 1)).toEqual([]);
    expect(sweepsIn(1100)).toEqual([FULL_SWEEP_EVERY, 2 * FULL_SWEEP_EVERY, 4 * FULL_SWEEP_EVERY, 8 * FULL_SWEEP_EVERY, 16 * FULL_SWEEP_EVERY]);
  });

  it('keeps total sweep work linear: sweeps over a trace of n checks cover at most 2n checks of history', () => {
    for (const n of [64, 200, 1000, 1440, 10_000]) {
      // A sweep at check t costs O(state at t) <= O(t): the sum of those t bounds the work.
      const work = sweepsIn(n).reduce((sum, t) => sum + t, 0);
      expect(work).toBeLessThanOrEqual(2 * n);
    }
  });
});
