import type { PoolTopology } from './pool-map.ts';

/**
 * Fault-domain levels (MAP-2): node (the default) or rank. Targets of one domain are contiguous
 * global indices, because g = (node·enginesPerNode + e)·targetsPerEngine + t.
 */
export type DomainLevel = 'node' | 'rank';

export function domainCount(map: PoolTopology, level: DomainLevel): number {
  return level === 'node' ? map.nodes : map.nodes * map.enginesPerNode;
}

export function targetsPerDomain(map: PoolTopology, level: DomainLevel): number {
  return level === 'node' ? map.enginesPerNode * map.targetsPerEngine : map.targetsPerEngine;
}

export function domainOfTarget(map: PoolTopology, target: number, level: DomainLevel): number {
  return Math.floor(target / targetsPerDomain(map, level));
}
