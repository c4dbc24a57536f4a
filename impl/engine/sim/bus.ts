import { assert } from '../assert.ts';
import type { Prng } from './prng.ts';

/**
 * The in-process message bus between the object client and the targets. Each call is one request
 * id; a lost exchange (FAULT-6) is retried with the same id, and the target's dedupe table returns the
 * first execution's reply instead of running the handler again, so an operation applies exactly once
 * (DUR-5) and the loss is never observable (ERR-4).
 *
 * A drop token for target T loses the next exchange with T: the PRNG picks whether the request was
 * lost on the way in (nothing ran) or the reply on the way out (the handler ran; the retry hits the
 * dedupe table). Pending drops per target are capped, so the retry loop is bounded.
 */
export const PENDING_DROPS_MAX = 64;
const ATTEMPTS_MAX = PENDING_DROPS_MAX + 2;
const DEDUPE_ENTRIES_MAX = 256;

export interface BusStats {
  requests: number;
  exchangesLost: number;
  dedupeHits: number;
  handlerRuns: number;
}

export class Bus {
  private readonly pendingDrops = new Map<number, number>();
  private readonly dedupe = new Map<number, Map<number, unknown>>();
  private nextRequestId = 1;
  readonly stats: BusStats = { requests: 0, exchangesLost: 0, dedupeHits: 0, handlerRuns: 0 };

  constructor(
    private readonly prng: Prng,
    private readonly isAlive: (target: number) => boolean,
  ) {}

  /** FAULT-6: the next `count` exchanges with `target` are lost. */
  dropNext(target: number, count: number): void {
    assert(Number.isInteger(count) && count >= 1, 'bus: a drop count that is not a positive integer');
    const pending = (this.pendingDrops.get(target) ?? 0) + count;
    this.pendingDrops.set(target, Math.min(pending, PENDING_DROPS_MAX));
  }

  pendingDropsOf(target: number): number {
    return this.pendingDrops.get(target) ?? 0;
  }

  /** Sends one request to `target` and returns the reply, retrying lost exchanges with the same id. */
  call<R>(target: number, handler: () => R): R {
    assert(this.isAlive(target), 'bus: a request to a target that is not alive');
    const requestId = this.nextRequestId++;
    this.stats.requests++;
    for (let attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      if (this.consumeDrop(target)) {
        this.stats.exchangesLost++;
        const replyLost = this.prng.nextInt(2) === 1;
        if (replyLost) this.serve(target, requestId, handler);
        continue;
      }
      return this.serve(target, requestId, handler);
    }
    // Pending drops are capped below ATTEMPTS_MAX, so some attempt is always delivered.
    throw new Error(`engine invariant: bus request ${requestId} to target ${target} exceeded ${ATTEMPTS_MAX} attempts`);
  }

  private consumeDrop(target: number): boolean {
    const pending = this.pendingDrops.get(target) ?? 0;
    if (pending === 0) return false;
    if (pending === 1) this.pendingDrops.delete(target);
    else this.pendingDrops.set(target, pending - 1);
    return true;
  }

  private serve<R>(target: number, requestId: number, handler: () => R): R {
    let table = this.dedupe.get(target);
    if (!table) {
      table = new Map();
      this.dedupe.set(target, table);
    }
    if (table.has(requestId)) {
      this.stats.dedupeHits++;
      return table.get(requestId) as R;
    }
    this.stats.handlerRuns++;
    const reply = handler();
    table.set(requestId, reply);
    if (table.size > DEDUPE_ENTRIES_MAX) {
      const oldest = table.keys().next().value as number;
      table.delete(oldest);
    }
    return reply;
  }
}
