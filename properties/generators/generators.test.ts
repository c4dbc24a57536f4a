import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COND, isAimedFault, type Op } from '../../contract/index.ts';
import { steer } from '../feedback.ts';
import { specRuleIds } from '../spec-rules.ts';
import { swarmArb } from '../swarm.ts';
import { aceShapes } from './acls.ts';
import { caseArb, countDomains, neverGenerated, type DomainCounts } from './index.ts';
import { condName, DOMAINS } from './domains.ts';
import { specOfOid } from './objects.ts';

/**
 * The generators' own laws: classification names declared values only; shapes read back as drawn;
 * cases start with their setup and use the hot keys; feedback is deterministic and steers toward
 * what is missing. (That every declared value is generated is asserted over the fixed-seed lockstep
 * property in properties/lockstep.test.ts.)
 */
const cases = fc.sample(caseArb(swarmArb(), { maxOps: 60 }), { seed: 7, numRuns: 40 });

describe('generators', () => {
  it('classification names only declared domain values', () => {
    const counts: DomainCounts = {};
    for (const c of cases) countDomains(c.ops, counts);
    const declared = new Set(DOMAINS.flatMap((d) => d.values.map((v) => `${d.name}=${v}`)));
    const undeclared = Object.keys(counts).filter((k) => !declared.has(k));
    expect(undeclared).toEqual([]);
    expect(neverGenerated(counts).length).toBeLessThan(declared.size);
  });

  it('ACE shapes and condition names read back as written', () => {
    expect(aceShapes('AU:S:bob@:rw')).toEqual({ type: 'mixed', principal: 'named-user', perms: 'read-write' });
    expect(aceShapes('L:GF:lab@:')).toEqual({ type: 'alarm-only', principal: 'named-group', perms: 'none' });
    expect(aceShapes('A::OWNER@:rwcdtTaAo')).toEqual({ type: 'allow', principal: 'OWNER@', perms: 'full' });
    expect(condName(COND.PER_AKEY | COND.DKEY_UPDATE)).toBe('DKEY_UPDATE|PER_AKEY');
    expect(condName(0)).toBe('none');
  });

  it('every case starts with system.create and its data ops keep to the generators\' objects', () => {
    for (const c of cases) {
      expect(c.ops[0].type).toBe('system.create');
      for (const o of c.ops) {
        const literal: Op = isAimedFault(o) ? o.fallback : o;
        if ('oid' in literal && literal.type !== 'obj.update') continue;
        if (literal.type === 'obj.update' && literal.oid.lo !== '0' && literal.oid.hi !== '0') expect(specOfOid(literal.oid)).toBeDefined();
      }
    }
  });

  it('feedback is deterministic and boosts the ACL categories when ACL rules are unreached', () => {
    const rules = Object.fromEntries(specRuleIds().filter((id) => !id.startsWith('ACL-')).map((id) => [id, 100]));
    const coverage = { rules, states: {}, opKinds: {}, pairs: {} };
    const boost = steer(coverage, specRuleIds());
    expect(boost).toEqual(steer(coverage, specRuleIds()));
    expect(boost).toContain('aclBlock');
  });
});
