import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SystemError, type InvariantScope, type Op, type Outcome, type ResolvedSystem, type SystemUnderTest } from '../contract/index.ts';
import { checkCapabilities, isOutcomeShape, PROTOCOL_VERSION, reviveBytes, type FromAdapter, type ToAdapter } from './protocol.ts';

/**
 * The harness side of docs/adapter-protocol.md: starts an adapter process, awaits its hello, and
 * serves each trace as a `start` followed by ops, one request in flight at a time.
 *
 * Every way the plumbing can fail is a SystemError (the run stops with exit 2, nothing is saved):
 * the process exits, prints a line that is not a protocol message, answers with the wrong message,
 * speaks another protocol version, or takes longer than the reply limit. The limit is a guard of
 * the protocol (a hung adapter must not hang the harness), not a measure of the system.
 */
export const REPLY_LIMIT_MS_DEFAULT = 30_000;
/** The limit for the hello: an interpreter's start-up included. */
export const HELLO_LIMIT_MS_DEFAULT = 20_000;
const STDERR_LINES_KEPT = 5;

export interface AdapterOptions {
  readonly replyLimitMs?: number;
  readonly helloLimitMs?: number;
}

export async function startAdapter(spec: string, command: string, options: AdapterOptions = {}): Promise<ResolvedSystem> {
  const connection = new AdapterConnection(command, options);
  const hello = await connection.request(null, options.helloLimitMs ?? HELLO_LIMIT_MS_DEFAULT);
  if (hello.type !== 'hello') throw connection.fail(`expected a hello first, got '${hello.type}'`);
  if (hello.protocol !== PROTOCOL_VERSION) throw connection.fail(`speaks protocol ${JSON.stringify(hello.protocol)}, the harness speaks "${PROTOCOL_VERSION}"`);
  let capabilities;
  try {
    capabilities = checkCapabilities(hello.capabilities, `adapter '${command}' hello`);
  } catch (e) {
    connection.kill();
    throw e;
  }
  return {
    spec,
    capabilities,
    factory: async (engineSeed) => {
      const started = await connection.request({ type: 'start', engineSeed });
      if (started.type !== 'started') throw connection.fail(`answered start with '${started.type}'`);
      return new AdapterSystem(connection, capabilities.invariants);
    },
    close: () => connection.close(),
  };
}

/** One trace's view of the adapter: the process serves one system at a time. */
class AdapterSystem implements SystemUnderTest {
  constructor(private readonly connection: AdapterConnection, private readonly hasInvariants: boolean) {}

  async apply(op: Op): Promise<Outcome<never>> {
    const reply = await this.connection.request({ type: 'op', op });
    if (reply.type === 'threw') throw new Error(reply.message); // the implementation threw: a divergence
    if (reply.type !== 'outcome' || !isOutcomeShape(reply.outcome)) throw this.connection.fail(`answered op ${op.type} with ${JSON.stringify(reply).slice(0, 200)}`);
    return reply.outcome as Outcome<never>;
  }

  async checkInvariants(scope: InvariantScope = 'full'): Promise<void> {
    // An adapter that declared no invariants answers `broken: null` by definition: no round trip.
    if (!this.hasInvariants) return;
    const reply = await this.connection.request({ type: 'invariants', scope });
    if (reply.type !== 'invariants') throw this.connection.fail(`answered invariants with '${reply.type}'`);
    if (reply.broken !== null) throw new Error(reply.broken);
  }
}

class AdapterConnection {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly stderrTail: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private exited: string | null = null;
  private closing = false;

  constructor(private readonly command: string, private readonly options: AdapterOptions) {
    // detached: its own process group, so close() also stops what a shell wrapper started.
    this.child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.deliver(line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_LINES_KEPT) this.stderrTail.shift();
    });
    this.child.stdin!.on('error', () => { /* the exit handler reports it */ });
    this.child.on('error', (e) => this.onExit(`could not be started (${e.message})`));
    this.child.on('exit', (code, signal) => this.onExit(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    // An idle adapter does not keep the harness alive (a request in flight does, through its
    // timer); when the harness exits, the adapter reads the end of its stdin and exits too.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  }

  /** Sends a message (none for the hello) and awaits the next line. */
  async request(message: ToAdapter | null, limitMs = this.options.replyLimitMs ?? REPLY_LIMIT_MS_DEFAULT): Promise<FromAdapter> {
    if (this.exited !== null) throw this.died();
    if (message) this.child.stdin!.write(`${JSON.stringify(message)}\n`);
    const line = await this.nextLine(limitMs, message?.type ?? 'hello');
    let data: unknown;
    try {
      data = JSON.parse(line, reviveBytes);
    } catch {
      throw this.fail(`printed a line that is not JSON: ${JSON.stringify(line.slice(0, 120))}`);
    }
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
      throw this.fail(`printed a line that is not a protocol message: ${JSON.stringify(line.slice(0, 120))}`);
    }
    return data as FromAdapter;
  }

  private nextLine(limitMs: number, what: string): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(this.fail(`sent no reply to '${what}' within ${limitMs} ms`));
      }, limitMs);
      this.waiting = (line) => {
        clearTimeout(timer);
        this.waiting = null;
        if (line === null) reject(this.died());
        else resolve(line);
      };
    });
  }

  private deliver(line: string): void {
    if (this.waiting) this.waiting(line);
    else this.lines.push(line);
  }

  private onExit(how: string): void {
    if (this.exited !== null) return;
    this.exited = how;
    this.waiting?.(null);
  }

  private died(): SystemError {
    if (this.closing) return new SystemError(`adapter '${this.command}' was closed`);
    const tail = this.stderrTail.length ? ` (stderr: ${this.stderrTail[this.stderrTail.length - 1]})` : '';
    return new SystemError(`adapter '${this.command}' ${this.exited}${tail}`);
  }

  /** A protocol failure: the adapter is stopped, and the error names it. */
  fail(problem: string): SystemError {
    this.kill();
    return new SystemError(`adapter '${this.command}' ${problem}`);
  }

  kill(): void {
    this.closing = true;
    if (this.exited === null && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  async close(): Promise<void> {
    if (this.exited !== null) return;
    this.closing = true;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end(`${JSON.stringify({ type: 'bye' } satisfies ToAdapter)}\n`);
    const timer = setTimeout(() => this.kill(), 2000);
    await gone;
    clearTimeout(timer);
  }
}
