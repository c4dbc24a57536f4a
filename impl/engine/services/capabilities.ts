import type { AccessMode, Principal } from '../../../contract/index.ts';
import { evaluateAcl, PERM } from '../args/acl.ts';
import type { Container } from '../state/container.ts';
import { CAP, CAP_POOL_CREATE, CAP_POOL_DELETE, CAP_POOL_READ } from '../state/handles.ts';
import type { Pool } from '../state/pool.ts';

/**
 * What an ACL grants a principal, as the capability bits a handle holds: pool connect (ACL-12),
 * container open (ACL-13) and container destroy through a pool handle (CONT-4, rev. 2), which
 * applies the open's mode filter for the pool handle's mode. Evaluated when the operation runs
 * (ACL-14: a handle keeps what it got). Does NOT decide the order of checks (the services do).
 */

/** ACL-13's sides of the mode filter: an RW or EX open needs one capability of each. */
const READ_SIDE = CAP.READ_DATA | CAP.GET_PROP | CAP.GET_ACL;
const WRITE_SIDE = CAP.WRITE_DATA | CAP.SET_PROP | CAP.SET_ACL | CAP.SET_OWNER;

/** Permission letters to container capability bits (ACL-13). */
const CONT_CAP_OF_PERM: readonly (readonly [number, number])[] = [
  [PERM.r, CAP.READ_DATA], [PERM.w, CAP.WRITE_DATA], [PERM.t, CAP.GET_PROP], [PERM.T, CAP.SET_PROP],
  [PERM.a, CAP.GET_ACL], [PERM.A, CAP.SET_ACL], [PERM.o, CAP.SET_OWNER], [PERM.d, CAP.DELETE],
];

/** ACL-12: the capabilities of a pool connect in `mode`; 0 means NO_PERM. */
export function poolCaps(pool: Pool, principal: Principal, mode: AccessMode): number {
  const perms = evaluateAcl(pool.acl, principal, pool.owner, pool.ownerGroup);
  let caps = 0;
  if (perms & (PERM.r | PERM.t)) caps |= CAP_POOL_READ;
  if (perms & (PERM.w | PERM.c)) caps |= CAP_POOL_CREATE;
  if (perms & (PERM.w | PERM.d)) caps |= CAP_POOL_DELETE;
  if (mode === 'RO') caps &= CAP_POOL_READ;
  else if (!(caps & CAP_POOL_READ) || !(caps & (CAP_POOL_CREATE | CAP_POOL_DELETE))) caps = 0;
  return caps & CAP_POOL_READ ? caps : 0;
}

/** ACL-10 with step 5 for containers (the owner always has `a` and `A`), as capability bits, unfiltered. */
function containerCapsUnfiltered(cont: Container, principal: Principal): number {
  let perms = evaluateAcl(cont.acl, principal, cont.owner, cont.group);
  const isOwner = principal.user === cont.owner;
  if (isOwner) perms |= PERM.a | PERM.A;
  let caps = isOwner ? CAP.OPEN_EX : 0;
  for (const [perm, cap] of CONT_CAP_OF_PERM) if (perms & perm) caps |= cap;
  return caps;
}

/**
 * ACL-13's mode filter: RO keeps only the read side and needs one of it; RW and EX keep everything
 * but need one capability of the read side and one of `writeSide`. 0 means nothing survives.
 */
function filterByMode(caps: number, mode: AccessMode, writeSide: number): number {
  if (mode === 'RO') return caps & READ_SIDE;
  return caps & READ_SIDE && caps & writeSide ? caps : 0;
}

/** ACL-13: the capabilities of a container open in `mode`; 0 means NO_PERM. */
export function containerOpenCaps(cont: Container, principal: Principal, mode: AccessMode): number {
  const caps = filterByMode(containerCapsUnfiltered(cont, principal), mode, WRITE_SIDE);
  if (mode === 'EX' && !(caps & CAP.OPEN_EX)) return 0;
  return caps;
}

/**
 * CONT-4 (rev. 2, DAOS ds_sec_cont_can_delete): whether the container ACL's DELETE survives the
 * ACL-13 filter for the pool handle's mode. Through RO never; through RW or EX with one read-side
 * capability and one of the write side or DELETE (so `d` alone is not enough, `rd` is; the owner's
 * implicit `a` counts). No OPEN_EX condition: that belongs to opening EX (section 25).
 */
export function containerDeleteAllowed(cont: Container, principal: Principal, poolHandleMode: AccessMode): boolean {
  const caps = filterByMode(containerCapsUnfiltered(cont, principal), poolHandleMode, WRITE_SIDE | CAP.DELETE);
  return (caps & CAP.DELETE) !== 0;
}
