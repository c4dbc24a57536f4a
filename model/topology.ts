import type { SystemState, TargetStateName } from './state.ts';

/** MAP-2 numbering and fault domains, shared by the map, RF, halt and object-class rules. */

export type DomainLevel = 1 | 2; // rd_lvl: 1 = rank, 2 = node (PROP-1)

export function targetCount(system: SystemState): number {
  return system.nodes * system.enginesPerNode * system.targetsPerEngine;
}

export function rankCount(system: SystemState): number {
  return system.nodes * system.enginesPerNode;
}

export function rankOfTarget(system: SystemState, g: number): number {
  return Math.floor(g / system.targetsPerEngine);
}

export function nodeOfRank(system: SystemState, rank: number): number {
  return Math.floor(rank / system.enginesPerNode);
}

export function nodeOfTarget(system: SystemState, g: number): number {
  return nodeOfRank(system, rankOfTarget(system, g));
}

/** The fault domain of target g at level L (MAP-2: node is the default, rank the other level). */
export function domainOfTarget(system: SystemState, g: number, level: DomainLevel): number {
  return level === 1 ? rankOfTarget(system, g) : nodeOfTarget(system, g);
}

/** Number of fault domains at level L, whatever their state (OBJ-4, OBJ-6). */
export function domainCount(system: SystemState, level: DomainLevel): number {
  return level === 1 ? rankCount(system) : system.nodes;
}

/** Global indices of a rank's targets (MAP-2). */
export function targetsOfRank(system: SystemState, rank: number): number[] {
  const first = rank * system.targetsPerEngine;
  return Array.from({ length: system.targetsPerEngine }, (_, t) => first + t);
}

/** Section 19: alive when its engine runs and it has not failed since the engine last started. */
export function isTargetAlive(system: SystemState, g: number): boolean {
  return system.engineRunning[rankOfTarget(system, g)] === true && system.targetFailed[g] !== true;
}

/** MAP-3: a new pool has every target UPIN and map version 1. */
export function initialPoolMap(system: SystemState): { targets: TargetStateName[]; version: number; dead: boolean[] } {
  const n = targetCount(system);
  return { targets: new Array<TargetStateName>(n).fill('UPIN'), version: 1, dead: new Array<boolean>(n).fill(false) };
}
