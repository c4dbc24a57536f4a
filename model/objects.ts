import {
  decodeOid,
  encodeOid,
  LIMITS,
  OBJ_CLASSES,
  OBJ_TYPE_VALUES,
  REDUNDANCY_CODES,
  type Oid,
  type RedundancyCode,
} from '../contract/index.ts';
import type { ContainerState, PoolState, SystemState } from './state.ts';
import { domainCount, type DomainLevel } from './topology.ts';

/**
 * Object ids and classes: OID validity (OBJ-5, step 1), the object-class check against a container
 * (OBJ-6, step 6) and OID generation (OBJ-4).
 *
 * Does NOT check: handles, permissions, halt or health (generateOid checks none of them, OBJ-4; the
 * object ops check them in ops/data-*.ts).
 */

const U64_MAX = (1n << 64n) - 1n;

/** The container's effective rd_lvl (PROP-1: 1 rank, 2 node). */
export function containerLevel(cont: ContainerState): DomainLevel {
  const level = cont.props['rd_lvl'];
  if (level !== 1 && level !== 2) throw new Error(`model invariant: container ${cont.id} has rd_lvl ${String(level)}`);
  return level;
}

/** The container's effective rd_fac (PROP-1, PROP-3: 0..4). */
export function containerRdFac(cont: ContainerState): number {
  const f = cont.props['rd_fac'];
  if (typeof f !== 'number' || !Number.isInteger(f) || f < 0 || f > 4) throw new Error(`model invariant: container ${cont.id} has rd_fac ${String(f)}`);
  return f;
}

export interface ValidOid {
  readonly key: string;
  readonly type: number;
  readonly code: RedundancyCode;
  readonly groups: number;
}

/** OBJ-5: supported type, known redundancy code, group count 1..65534; undefined = INVAL. */
export function validateOid(oid: Oid): ValidOid | undefined {
  if (typeof oid !== 'object' || oid === null || typeof oid.hi !== 'string' || typeof oid.lo !== 'string') return undefined;
  const fields = decodeOid(oid);
  if (!fields) return undefined;
  const code = REDUNDANCY_CODES.get(fields.code);
  if (!OBJ_TYPE_VALUES.includes(fields.type) || !code) return undefined;
  if (fields.groups < 1 || fields.groups > LIMITS.groupCountMax) return undefined;
  // Canonical decimal text, so the same OID written two ways is one object.
  return { key: `${BigInt(oid.hi)}.${BigInt(oid.lo)}`, type: fields.type, code, groups: fields.groups };
}

/**
 * OBJ-6: INVAL if the class tolerates fewer failures than the container's rd_fac, or its group size
 * exceeds the number of fault domains at the container's rd_lvl. Returns true when the class passes.
 */
export function classFitsContainer(system: SystemState, cont: ContainerState, code: RedundancyCode): boolean {
  if (code.toleratedFailures < containerRdFac(cont)) return false;
  return code.groupSize <= domainCount(system, containerLevel(cont));
}

export interface GenerateArgs {
  readonly objType: number;
  readonly class: string;
  readonly hi?: number;
  readonly lo: number | string;
}

/** OBJ-4 step 1: type, class, hi (32 bits, default 0) and lo (64 bits) syntax; undefined = INVAL. */
export function parseGenerateArgs(args: GenerateArgs): { type: number; cls: { code: RedundancyCode; groups: number }; hi: number; lo: bigint } | undefined {
  if (!OBJ_TYPE_VALUES.includes(args.objType)) return undefined;
  const cls = OBJ_CLASSES.get(args.class);
  if (!cls) return undefined;
  const code = REDUNDANCY_CODES.get(cls.code);
  if (!code) throw new Error(`model invariant: class ${cls.name} has unknown code ${cls.code}`);
  const hi = args.hi ?? 0;
  if (!Number.isInteger(hi) || hi < 0 || hi > LIMITS.uint32Max) return undefined;
  const lo = parseU64(args.lo);
  if (lo === undefined) return undefined;
  return { type: args.objType, cls: { code, groups: cls.groups }, hi, lo };
}

function parseU64(value: number | string): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value !== 'string' || !/^[0-9]{1,20}$/.test(value)) return undefined;
  const n = BigInt(value);
  return n <= U64_MAX ? n : undefined;
}

/**
 * OBJ-4 step 6: with D domains at the container's rd_lvl (whatever their state) and U UPIN targets,
 * a group size above D is INVAL, GX resolves to max(1, floor(U / group size)), and a fixed g with
 * g * group size > U is INVAL. rd_fac is not checked. Returns the OID, or undefined for INVAL.
 */
export function generateOid(
  system: SystemState,
  pool: PoolState,
  cont: ContainerState,
  parsed: NonNullable<ReturnType<typeof parseGenerateArgs>>,
): Oid | undefined {
  const { code, groups } = parsed.cls;
  if (code.groupSize > domainCount(system, containerLevel(cont))) return undefined;
  const upin = pool.targets.filter((s) => s === 'UPIN').length;
  let resolved = groups;
  if (groups === LIMITS.groupCountX) resolved = Math.max(1, Math.floor(upin / code.groupSize));
  else if (groups * code.groupSize > upin) return undefined;
  if (resolved < 1 || resolved > LIMITS.groupCountMax) throw new Error(`model invariant: resolved group count ${resolved}`);
  return encodeOid({ type: parsed.type, code: code.code, groups: resolved, hiUser: parsed.hi, lo: parsed.lo });
}
