/**
 * How the engine names what it keeps per object: akeys in a container's metadata (`akeyId`) and the
 * VOS objects that hold object data on a target (`unitKey`: one per group replica, as DAOS keys VOS
 * objects by oid plus shard; EC positions add `.s<position>`, ec/layout.ts positionUnit).
 */

/** Key of one akey in Container.akeys. */
export function akeyId(oidKey: string, dkey: string, akey: string): string {
  return `${oidKey}\u0000${dkey}\u0000${akey}`;
}

/** The VOS object of one group of an object (replicated classes), and the prefix of an EC group's positions. */
export function unitKey(oidKey: string, group: number): string {
  return `${oidKey}.g${group}`;
}
