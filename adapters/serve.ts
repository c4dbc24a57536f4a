import { createInterface } from 'node:readline';
import type { SystemCapabilities, SystemUnderTest } from '../contract/index.ts';
import { encodeOutcome, PROTOCOL_VERSION, type FromAdapter, type ToAdapter } from './protocol.ts';

/**
 * The adapter side of docs/adapter-protocol.md for a system written in TypeScript: says hello, then
 * answers one message per line on stdin until `bye` or the end of stdin. An exception of the system
 * is answered as `threw` (a divergence for the harness, as in-process); anything else is a bug of
 * this loop and ends the process with a message on stderr (a SystemError for the harness).
 */
export interface AdapterDefinition {
  readonly name: string;
  readonly capabilities: SystemCapabilities;
  readonly create: (engineSeed: number) => SystemUnderTest;
}

export function serveAdapter(definition: AdapterDefinition): void {
  const write = (message: FromAdapter | Record<string, unknown>): void => {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  };
  write({ type: 'hello', protocol: PROTOCOL_VERSION, name: definition.name, capabilities: definition.capabilities });
  let system: SystemUnderTest | null = null;
  // Requests are answered strictly in order: each is handled to the end before the next line.
  const queue: string[] = [];
  let busy = false;
  const handle = async (line: string): Promise<void> => {
    const message = JSON.parse(line) as ToAdapter;
    switch (message.type) {
      case 'start':
        system = definition.create(message.engineSeed);
        return write({ type: 'started' });
      case 'op':
        if (!system) throw new Error('op before start');
        try {
          return write({ type: 'outcome', outcome: encodeOutcome(await system.apply(message.op)) });
        } catch (e) {
          return write({ type: 'threw', message: e instanceof Error ? e.message : String(e) });
        }
      case 'invariants':
        if (!system) throw new Error('invariants before start');
        try {
          await system.checkInvariants(message.scope);
          return write({ type: 'invariants', broken: null });
        } catch (e) {
          return write({ type: 'invariants', broken: e instanceof Error ? e.message : String(e) });
        }
      case 'bye':
        process.exit(0);
    }
  };
  const drain = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    for (let line = queue.shift(); line !== undefined; line = queue.shift()) await handle(line);
    busy = false;
  };
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      queue.push(line);
      drain().catch((e: unknown) => {
        process.stderr.write(`adapter ${definition.name}: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(3);
      });
    })
    .on('close', () => process.exit(0));
}
