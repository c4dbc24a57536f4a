import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domainCount, domainOfTarget, targetsPerDomain, type DomainLevel } from './fault-domain.ts';
import { JumpMapPlacer } from './jump-map-placer.ts';
import { groupTargets, type LayoutRequest, type ObjectLayout } from './layout.ts';
import { applyStep, levelArb, mapStepArb, oidArb, requestArb, topologyArb } from './layout-arbitraries.ts';
import { referenceLayout } from './layout-reference.ts';
import { applyToTargets, createPoolMap, rebuildPoolMap, targetCount, type PoolMap, type PoolTopology } from './pool-map.ts';
import { isInService } from './target-state.ts';

/** A topology with a level and a request whose group size fits the domain count. */
const fittingCase = fc
  .tuple(topologyArb, levelArb)
  .chain(([topo, level]) => fc.tuple(fc.constant(topo), fc.constant(level), requestArb(level, domainCount(topo, level))));

function groupDomains(topo: PoolTopology, layout: ObjectLayout, g: number, level: DomainLevel): number[] {
  return groupTargets(layout, g).map((x) => domainOfTarget(topo, x, level));
}

function excludeAll(map: PoolMap, targets: number[]): PoolMap {
  const update = applyToTargets(map, 'exclude', targets);
  if (!update.ok) throw new Error('exclude is never BUSY (MAP-5)');
  return update.map;
}

describe('jump-map layout properties', () => {
  it('is deterministic: fresh placers, a warm placer and the reference agree', () => {
    fc.assert(
      fc.property(fittingCase, ([topo, , request]) => {
        const map = createPoolMap(topo);
        const a = new JumpMapPlacer().layout(map, request);
        const warm = new JumpMapPlacer();
        warm.layout(map, request);
        const b = warm.layout(map, request);
        expect(b).toEqual(a);
        expect(referenceLayout(map, request)).toEqual(a);
        // On an all-UPIN map nothing is remapped and the layout is the base layout.
        expect(a.remappedShards).toEqual([]);
        expect(a.shardTargets).toEqual(a.baseTargets);
        expect(a.shardTargets).toHaveLength(request.groupSize * request.groupCount);
      }),
      { seed: 0x1a70_0001, numRuns: 300 },
    );
  });

  it('puts the shards of each group in distinct fault domains when domains >= group size', () => {
    fc.assert(
      fc.property(fittingCase, ([topo, level, request]) => {
        const layout = new JumpMapPlacer().layout(createPoolMap(topo), request);
        for (let g = 0; g < request.groupCount; g++) {
          const domains = groupDomains(topo, layout, g, level);
          expect(new Set(domains).size).toBe(request.groupSize);
        }
      }),
      { seed: 0x1a70_0002, numRuns: 500 },
    );
  });

  it('uses no target twice within an object until every target is used', () => {
    fc.assert(
      fc.property(fittingCase, ([topo, , request]) => {
        const layout = new JumpMapPlacer().layout(createPoolMap(topo), request);
        const T = targetCount(topo);
        const firstRound = layout.baseTargets.slice(0, T);
        expect(new Set(firstRound).size).toBe(firstRound.length);
      }),
      { seed: 0x1a70_0003, numRuns: 500 },
    );
  });

  it('still uses distinct targets per group when domains < group size and targets allow', () => {
    const topo = { nodes: 2, enginesPerNode: 2, targetsPerEngine: 4 };
    fc.assert(
      fc.property(oidArb, fc.integer({ min: 3, max: 8 }), (oid, groupSize) => {
        const layout = new JumpMapPlacer().layout(createPoolMap(topo), { oid, groupSize, groupCount: 2 });
        for (let g = 0; g < 2; g++) expect(new Set(groupTargets(layout, g)).size).toBe(groupSize);
      }),
      { seed: 0x1a70_0004, numRuns: 200 },
    );
  });

  it('excluding targets moves the shards that were on them and, in their groups, only fallback shards', () => {
    fc.assert(
      fc.property(
        fittingCase,
        fc.array(mapStepArb, { maxLength: 6 }),
        fc.uniqueArray(fc.nat(400), { minLength: 1, maxLength: 6 }),
        ([topo, , request], history, excludedRaw) => {
          const map = history.reduce(applyStep, createPoolMap(topo));
          const T = targetCount(topo);
          const excluded = [...new Set(excludedRaw.map((x) => x % T))];
          const after = excludeAll(map, excluded);
          const placer = new JumpMapPlacer();
          const before = placer.layout(map, request);
          const moved = placer.layout(after, request); // incremental path
          const cold = new JumpMapPlacer().layout(after, request);
          expect(moved).toEqual(cold);
          const leftService = new Set(excluded.filter((x) => isInService(map.states[x])));
          const gs = request.groupSize;
          for (let s = 0; s < before.shardTargets.length; s++) {
            const was = before.shardTargets[s];
            if (leftService.has(was)) expect(moved.shardTargets[s]).not.toBe(was);
            else if (moved.shardTargets[s] !== was) {
              // A fallback shard may move only because another shard of its group moved (it keeps
              // apart from them, layout.ts "Remap"); a shard on its base target never does.
              expect(was).not.toBe(before.baseTargets[s]);
              const groupStart = s - (s % gs);
              const others = (l: ObjectLayout) => l.shardTargets.slice(groupStart, groupStart + gs).filter((_, j) => j !== s - groupStart);
              expect(others(before)).not.toEqual(others(moved));
            }
            if (moved.shardTargets[s] >= 0) expect(isInService(after.states[moved.shardTargets[s]])).toBe(true);
          }
        },
      ),
      { seed: 0x1a70_0005, numRuns: 300 },
    );
  });

  it('keeps the shards of a group on distinct targets, and domains, while enough of them serve', () => {
    // The fallback keeps apart from the group's other shards (layout.ts, "Remap"): with as many
    // in-service targets outside the group's base as it has shards off their base, no two share a
    // target; with as many domains holding an in-service target as the group has shards, no two
    // share a domain.
    let crowded = 0;
    let apartDomains = 0;
    fc.assert(
      fc.property(
        fittingCase,
        fc.array(mapStepArb, { maxLength: 8 }),
        fc.uniqueArray(fc.nat(400), { maxLength: 10 }),
        ([topo, level, request], history, excludedRaw) => {
          const T = targetCount(topo);
          const map = excludeAll(history.reduce(applyStep, createPoolMap(topo)), [...new Set(excludedRaw.map((x) => x % T))]);
          const layout = new JumpMapPlacer().layout(map, request);
          expect(layout).toEqual(referenceLayout(map, request));
          const domainsServing = new Set<number>();
          for (let x = 0; x < T; x++) if (isInService(map.states[x])) domainsServing.add(domainOfTarget(topo, x, level));
          for (let g = 0; g < request.groupCount; g++) {
            if (domainsServing.size >= request.groupSize && new Set(groupDomains(topo, layout, g, level)).size === request.groupSize) apartDomains++;
            if (domainsServing.size >= request.groupSize && new Set(groupDomains(topo, { ...layout, shardTargets: layout.baseTargets }, g, level)).size === request.groupSize) {
              expect(new Set(groupDomains(topo, layout, g, level)).size).toBe(request.groupSize);
            }
            const base = layout.baseTargets.slice(g * request.groupSize, (g + 1) * request.groupSize);
            const offBase = base.filter((x) => !isInService(map.states[x])).length;
            let spare = 0;
            for (let x = 0; x < T; x++) if (isInService(map.states[x]) && !base.includes(x)) spare++;
            if (new Set(base).size < base.length || spare < offBase) continue;
            if (offBase >= 2) crowded++;
            const placed = groupTargets(layout, g);
            expect(placed.every((x) => x >= 0)).toBe(true);
            expect(new Set(placed).size).toBe(placed.length);
          }
        },
      ),
      { seed: 0x1a70_0011, numRuns: 400 },
    );
    // Groups with two or more shards off their base were drawn: the case the rule is for.
    expect(crowded).toBeGreaterThan(20);
    expect(apartDomains).toBeGreaterThan(20);
  });

  it('reintegrating every target (back to UPIN) restores the original layout', () => {
    fc.assert(
      fc.property(fittingCase, fc.array(mapStepArb, { maxLength: 8 }), ([topo, , request], history) => {
        const placer = new JumpMapPlacer();
        const original = placer.layout(createPoolMap(topo), request);
        let map = createPoolMap(topo);
        for (const step of history) {
          map = applyStep(map, step);
          placer.layout(map, request);
        }
        // Settle: rebuild, reintegrate every rank, rebuild again: every target UPIN (MAP-5, MAP-8).
        map = applyStep(map, { op: 'rebuild', rank: 0 });
        const ranks = topo.nodes * topo.enginesPerNode;
        for (let r = 0; r < ranks; r++) map = applyStep(map, { op: 'reintegrate', rank: r });
        map = applyStep(map, { op: 'rebuild', rank: 0 });
        expect(map.states.every((s) => s === 'UPIN')).toBe(true);
        expect(placer.layout(map, request)).toEqual(original);
      }),
      { seed: 0x1a70_0006, numRuns: 300 },
    );
  });

  it('keeps groups in distinct domains after a whole domain is excluded, when domains > group size', () => {
    const cases = fittingCase.filter(([topo, level, request]) => domainCount(topo, level) > request.groupSize);
    fc.assert(
      fc.property(cases, fc.nat(1000), ([topo, level, request], domainRaw) => {
        const d = domainRaw % domainCount(topo, level);
        const Td = targetsPerDomain(topo, level);
        const map = excludeAll(createPoolMap(topo), Array.from({ length: Td }, (_, k) => d * Td + k));
        const layout = new JumpMapPlacer().layout(map, request);
        for (let g = 0; g < request.groupCount; g++) {
          const domains = groupDomains(topo, layout, g, level);
          expect(domains.includes(d)).toBe(false);
          expect(new Set(domains).size).toBe(request.groupSize);
        }
      }),
      { seed: 0x1a70_0007, numRuns: 300 },
    );
  });

  it('keeps groups in distinct domains under scattered exclusions when domains >= 2·group size and no domain is fully out', () => {
    const topo = { nodes: 8, enginesPerNode: 2, targetsPerEngine: 2 };
    fc.assert(
      fc.property(oidArb, fc.integer({ min: 1, max: 4 }), fc.uniqueArray(fc.nat(31), { maxLength: 12 }), (oid, groupSize, excludedRaw) => {
        // Keep at least one target of each node in service: drop the node's last target from the list.
        const excluded = excludedRaw.filter((x) => x % 4 !== 3);
        const map = excluded.length > 0 ? excludeAll(createPoolMap(topo), excluded) : createPoolMap(topo);
        const request: LayoutRequest = { oid, groupSize, groupCount: 3 };
        const layout = new JumpMapPlacer().layout(map, request);
        for (let g = 0; g < 3; g++) {
          expect(new Set(groupDomains(topo, layout, g, 'node')).size).toBe(groupSize);
          expect(new Set(groupTargets(layout, g)).size).toBe(groupSize);
        }
      }),
      { seed: 0x1a70_0008, numRuns: 300 },
    );
  });

  it('reports remapped shards exactly where the placed target differs from the base', () => {
    fc.assert(
      fc.property(fittingCase, fc.array(mapStepArb, { maxLength: 6 }), ([topo, , request], history) => {
        const map = history.reduce(applyStep, createPoolMap(topo));
        const layout = new JumpMapPlacer().layout(map, request);
        const expected = layout.baseTargets.flatMap((x, s) => (layout.shardTargets[s] !== x ? [s] : []));
        expect(layout.remappedShards).toEqual(expected);
        // A shard stays on its base target exactly when that target is in service (UPIN or DRAIN).
        layout.baseTargets.forEach((x, s) => expect(layout.shardTargets[s] === x).toBe(isInService(map.states[x])));
      }),
      { seed: 0x1a70_0009, numRuns: 300 },
    );
  });
});

describe('optimized placer vs slow reference', () => {
  it('agree on random maps, failure sequences and objects, through cache hits, increments, gaps and eviction', () => {
    fc.assert(
      fc.property(
        topologyArb,
        levelArb,
        fc.array(fc.tuple(oidArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(mapStepArb, fc.boolean()), { maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        (topo, level, objects, steps, cacheEntriesMax) => {
          const placer = new JumpMapPlacer({ cacheEntriesMax });
          let map = createPoolMap(topo);
          const requests: LayoutRequest[] = objects.map(([oid, groupSize, groupCount]) => ({ oid, groupSize, groupCount, level }));
          const check = () => {
            for (const request of requests) expect(placer.layout(map, request)).toEqual(referenceLayout(map, request));
          };
          check();
          for (const [step, look] of steps) {
            map = applyStep(map, step);
            // Skipping some steps leaves cache entries more than one epoch behind.
            if (look) check();
          }
          check();
          expect(placer.cachedObjects).toBeLessThanOrEqual(cacheEntriesMax);
        },
      ),
      { seed: 0x1a70_000a, numRuns: 250 },
    );
  });

  it('agree when the same placer alternates between two maps of one pool and sees a new topology', () => {
    const topo = { nodes: 4, enginesPerNode: 2, targetsPerEngine: 3 };
    const healthy = createPoolMap(topo);
    const degraded = excludeAll(healthy, [0, 1, 2, 3, 4, 5, 13]);
    const bigger = createPoolMap({ nodes: 5, enginesPerNode: 2, targetsPerEngine: 3 });
    const placer = new JumpMapPlacer();
    for (let i = 0; i < 60; i++) {
      const map = i % 3 === 0 ? healthy : i % 3 === 1 ? degraded : i % 2 === 0 ? bigger : degraded;
      const request: LayoutRequest = { oid: { hi: String(i % 7), lo: String(i * 31) }, groupSize: 3, groupCount: 2 };
      expect(placer.layout(map, request)).toEqual(referenceLayout(map, request));
    }
  });
});

describe('layout API', () => {
  it('groupTargets returns one group and rejects groups out of range', () => {
    const map = createPoolMap({ nodes: 6, enginesPerNode: 1, targetsPerEngine: 2 });
    const layout = new JumpMapPlacer().layout(map, { oid: { hi: '0', lo: '42' }, groupSize: 3, groupCount: 2 });
    expect(groupTargets(layout, 1)).toEqual(layout.shardTargets.slice(3, 6));
    expect(() => groupTargets(layout, 2)).toThrow(RangeError);
  });
  it('rejects malformed requests (the engine validates user input first)', () => {
    const map = createPoolMap({ nodes: 2, enginesPerNode: 1, targetsPerEngine: 1 });
    const placer = new JumpMapPlacer();
    expect(() => placer.layout(map, { oid: { hi: 'x', lo: '0' }, groupSize: 1, groupCount: 1 })).toThrow(RangeError);
    expect(() => placer.layout(map, { oid: { hi: '0', lo: '0' }, groupSize: 0, groupCount: 1 })).toThrow(RangeError);
    expect(() => placer.layout(map, { oid: { hi: '0', lo: '0' }, groupSize: 1, groupCount: 65_535 })).toThrow(RangeError);
  });
  it('marks a shard -1 when no target of its sequence is in service', () => {
    const topo = { nodes: 2, enginesPerNode: 1, targetsPerEngine: 1 };
    const down = excludeAll(createPoolMap(topo), [0, 1]);
    const layout = new JumpMapPlacer().layout(down, { oid: { hi: '0', lo: '7' }, groupSize: 2, groupCount: 1 });
    expect(layout.shardTargets).toEqual([-1, -1]);
    expect(layout.remappedShards).toEqual([0, 1]);
    const rebuilt = rebuildPoolMap(down);
    expect(rebuilt.ok).toBe(true);
  });
});
