import type { Op, Outcome, SystemUnderTest } from '../contract/index.ts';
import { ModelAsSystem } from '../properties/model-sut.ts';

/**
 * Deliberately broken systems, so the chaos runner's failure paths (shrinking, saving, dedup,
 * repro) can be exercised while the engine is unfinished. Hidden from the usage text; never a
 * default. Each wraps the model (which conforms to itself) and corrupts one kind of outcome.
 */

/**
 * After any engine restart, obj.listDkeys forgets the alphabetically last dkey when it would list
 * two or more: a plausible "index not reloaded after restart" bug that needs a restart, two updates
 * of distinct dkeys and a listing to show, so shrinking has real work to do.
 */
export class ForgetsDkeyAfterRestart implements SystemUnderTest {
  private readonly inner = new ModelAsSystem();
  private restarted = false;

  apply(op: Op): Outcome<never> {
    const outcome = this.inner.apply(op) as Outcome<unknown>;
    if (op.type === 'fault.restartEngine' && outcome.ok) this.restarted = true;
    if (op.type === 'obj.listDkeys' && outcome.ok && this.restarted) {
      const keys = [...(outcome.value as string[])].sort();
      if (keys.length >= 2) return { ok: true, value: keys.slice(0, -1) } as unknown as Outcome<never>;
    }
    return outcome as Outcome<never>;
  }

  checkInvariants(): void {}
}

/** Never returns from apply() once the trace reaches an obj.punch: a hang, for the watchdog. */
export class HangsOnPunch implements SystemUnderTest {
  private readonly inner = new ModelAsSystem();
  apply(op: Op): Outcome<never> {
    if (op.type === 'obj.punch') for (;;) { /* spin: the parent's case timeout must kill us */ }
    return this.inner.apply(op);
  }
  checkInvariants(): void {}
}

/** Kills its own process on the first fault.failNode: a crash that reproduces on retry. */
export class CrashesOnNodeFailure implements SystemUnderTest {
  private readonly inner = new ModelAsSystem();
  apply(op: Op): Outcome<never> {
    if (op.type === 'fault.failNode') process.kill(process.pid, 'SIGKILL');
    return this.inner.apply(op);
  }
  checkInvariants(): void {}
}

/**
 * By name, registered (hidden) in properties/systems.ts, the one registry of --system values. Typed
 * here rather than with its SyncSystemFactory (the same shape): that module imports this one, so
 * importing it back would close an import cycle.
 */
export const TEST_SYSTEMS: Readonly<Record<string, (engineSeed: number) => SystemUnderTest>> = {
  'test-buggy-model': () => new ForgetsDkeyAfterRestart(),
  'test-hang-model': () => new HangsOnPunch(),
  'test-crash-model': () => new CrashesOnNodeFailure(),
};
