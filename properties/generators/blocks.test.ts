import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAimedFault, OBJ_CLASSES, REDUNDANCY_CODES, type Op, type TraceOp } from '../../contract/index.ts';
import { poolAclConnectBlockArb } from './access-blocks.ts';
import { overlappingTxBlockArb } from './tx-blocks.ts';
import type { GenContext } from './context.ts';
import { oidOf, REPLICATED_OBJECTS, specOfOid } from './objects.ts';
import { rebuildChainBlockArb } from './rebuild-blocks.ts';

/**
 * The shapes the interaction blocks promise (their doc comments), checked on sampled blocks: what
 * makes a block able to expose its bug is the order and the aim of its ops, so that is asserted.
 */
const CTX: GenContext = { targets: 24, ranks: 6, nodes: 6, enginesPerNode: 1, targetsPerEngine: 4, hot: [] };

function literal(o: TraceOp): Op {
  return isAimedFault(o) ? o.fallback : o;
}

describe('rebuildChainBlockArb', () => {
  const blocks = fc.sample(rebuildChainBlockArb(CTX), { seed: 11, numRuns: 200 });

  it('writes, hits the written group, rebuilds, then reads back what it wrote', () => {
    for (const block of blocks) {
      const kinds = block.map((o) => (isAimedFault(o) ? `aim:${o.fault}` : o.type));
      const firstWrite = kinds.indexOf('obj.update');
      const firstHit = kinds.findIndex((k) => k.startsWith('aim:'));
      const rebuild = kinds.indexOf('pool.rebuild');
      const lastRead = kinds.lastIndexOf('obj.fetch');
      expect(kinds.slice(0, 2)).toEqual(['cont.create', 'cont.open']);
      expect(firstWrite).toBeGreaterThan(1);
      expect(firstHit).toBeGreaterThan(firstWrite);
      expect(rebuild).toBeGreaterThan(firstHit);
      expect(lastRead).toBeGreaterThan(rebuild);
      const update = block[firstWrite] as Extract<Op, { type: 'obj.update' }>;
      for (const o of block) {
        if (isAimedFault(o)) expect([o.oid, o.dkey]).toEqual([update.oid, update.dkey]);
      }
      // The first read asks for the akey the first write wrote, and one request per akey (KV-1).
      const fetch = block.find((o) => !isAimedFault(o) && o.type === 'obj.fetch') as Extract<Op, { type: 'obj.fetch' }>;
      expect(fetch.requests[0].akey).toBe(update.iods[0].akey);
      expect(new Set(fetch.requests.map((r) => r.akey)).size).toBe(fetch.requests.length);
    }
  });

  it('gives its container an rd_fac from 1 to what the object survives, so a loss is a divergence', () => {
    for (const block of blocks) {
      const create = literal(block[0]) as Extract<Op, { type: 'cont.create' }>;
      const update = block.find((o) => !isAimedFault(o) && o.type === 'obj.update') as Extract<Op, { type: 'obj.update' }>;
      const cls = OBJ_CLASSES.get(specOfOid(update.oid)!.cls)!;
      const survives = REDUNDANCY_CODES.get(cls.code)!.toleratedFailures;
      const rdFac = create.props!.find(([name]) => name === 'rd_fac')![1] as number;
      expect(rdFac).toBeGreaterThanOrEqual(1);
      expect(rdFac).toBeLessThanOrEqual(survives);
    }
  });

  it('draws degraded writes to the sibling akey, second hits and snapshot reads', () => {
    const akeysWritten = blocks.map((b) => new Set(b.flatMap((o) => (!isAimedFault(o) && o.type === 'obj.update' ? o.iods.map((i) => i.akey) : []))).size);
    expect(akeysWritten.some((n) => n === 2)).toBe(true);
    expect(blocks.some((b) => b.filter(isAimedFault).length === 2)).toBe(true);
    expect(blocks.some((b) => b.some((o) => !isAimedFault(o) && o.type === 'tx.openSnapshot'))).toBe(true);
    // A transaction that read before the hit reads again after the rebuild.
    const txReads = (b: TraceOp[]) => b.filter((o) => !isAimedFault(o) && o.type === 'obj.fetch' && o.tx !== undefined).length;
    expect(blocks.some((b) => b.some((o) => !isAimedFault(o) && o.type === 'tx.open') && txReads(b) >= 2)).toBe(true);
  });
});

describe('poolAclConnectBlockArb', () => {
  it('connects, RO then RW, as the principal its ACE names (as the user or through a group)', () => {
    for (const block of fc.sample(poolAclConnectBlockArb, { seed: 5, numRuns: 100 })) {
      const change = block[0] as Extract<Op, { type: 'pool.updateAcl' | 'pool.overwriteAcl' }>;
      const connects = block.filter((o): o is Extract<Op, { type: 'pool.connect' }> => o.type === 'pool.connect');
      expect(connects.map((c) => c.mode)).toEqual(['RO', 'RW']);
      const principal = connects[0].principal as { user: string; groups: string[] };
      const ace = change.aces[change.aces.length - 1];
      const [, flags, who] = ace.split(':');
      expect(flags === 'G' ? principal.groups : [principal.user]).toContain(who);
    }
  });
});

describe('overlappingTxBlockArb', () => {
  it('the older transaction reads, a standalone write and the younger one\'s read come between, then the older one writes and commits', () => {
    const spec = REPLICATED_OBJECTS[0];
    const ctx: GenContext = { ...CTX, hot: [{ spec, oid: oidOf(spec, CTX.targets), k: 0, dkey: 'd0', akey: 'a0' }] };
    for (const block of fc.sample(overlappingTxBlockArb(ctx), { seed: 3, numRuns: 100 })) {
      const kinds = block.map((o) => o.type);
      const [olderOpen, youngerOpen] = [kinds.indexOf('tx.open'), kinds.lastIndexOf('tx.open')];
      expect(youngerOpen).toBeGreaterThan(olderOpen);
      // The older transaction's read fixes its start point before the younger one opens.
      expect(block[olderOpen + 1]).toMatchObject({ type: kinds[olderOpen + 1], tx: -1 });
      expect(['obj.fetch']).toContain(kinds[olderOpen + 1]);
      const between = block.slice(olderOpen + 2, youngerOpen);
      expect(between.every((o) => !('tx' in o))).toBe(true);
      // The older one (-2 once the younger is open) writes after the younger one read, then commits.
      const olderWrite = block.findIndex((o, i) => i > youngerOpen && 'tx' in o && o.tx === -2);
      expect(olderWrite).toBeGreaterThan(youngerOpen + 1);
      expect(block.findIndex((o) => o.type === 'tx.commit' && o.th === -2)).toBeGreaterThan(olderWrite);
    }
  });
});
