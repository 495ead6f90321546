import { describe, expect, it } from 'vitest';
import type { Demand, Stored } from '../../src/domain/index.js';
import {
  can,
  demandVisibility,
  mayCreateDemands,
  mayReadDemand,
  mayReadRecommendations,
  mayWriteDemand,
  type Caller,
} from '../../src/serve/policy.js';

const admin: Caller = { kind: 'key', keyId: 'k1', role: 'admin' };
const broker: Caller = { kind: 'key', keyId: 'k2', role: 'broker' };
const entA: Caller = { kind: 'key', keyId: 'k3', role: 'enterprise', enterpriseId: 'ent-a' };
const anonymous: Caller = { kind: 'anonymous' };
const demandOf = (enterpriseId?: string): Demand => ({
  id: 'd',
  title: 't',
  ...(enterpriseId ? { enterpriseId } : {}),
});
const stored = (demand: Demand): Stored<Demand> => ({
  record: demand,
  meta: { createdAt: '', updatedAt: '', industry: '其他', industrySource: 'inferred', industryConfidence: 0 },
});

describe('roles', () => {
  it('gives admin everything and broker everything but the index reload', () => {
    expect(can(admin, 'reloadIndex')).toBe(true);
    expect(can(broker, 'reloadIndex')).toBe(false);
    for (const capability of [
      'readCatalogue',
      'writeCatalogue',
      'readAllDemands',
      'writeAllDemands',
      'match',
      'import',
    ] as const) {
      expect(can(broker, capability)).toBe(true);
    }
  });

  it('gives an enterprise the catalogue and matching, not catalogue writes or imports', () => {
    expect(can(entA, 'readCatalogue')).toBe(true);
    expect(can(entA, 'match')).toBe(true);
    expect(can(entA, 'writeCatalogue')).toBe(false);
    expect(can(entA, 'import')).toBe(false);
  });

  it('gives an anonymous caller the catalogue only', () => {
    expect(can(anonymous, 'readCatalogue')).toBe(true);
    expect(can(anonymous, 'match')).toBe(false);
    expect(mayCreateDemands(anonymous)).toBe(false);
  });
});

describe('demand ownership', () => {
  it('lets an enterprise read and write its own demands only, never an unowned one', () => {
    expect(mayReadDemand(entA, demandOf('ent-a'))).toBe(true);
    expect(mayWriteDemand(entA, demandOf('ent-a'))).toBe(true);
    expect(mayReadDemand(entA, demandOf('ent-b'))).toBe(false);
    expect(mayWriteDemand(entA, demandOf('ent-b'))).toBe(false);
    expect(mayReadDemand(entA, demandOf())).toBe(false);
    expect(mayReadDemand(broker, demandOf('ent-b'))).toBe(true);
  });

  it('filters what an enterprise sees and leaves brokers unfiltered', () => {
    const visible = demandVisibility(entA)!;
    expect(visible(stored(demandOf('ent-a')))).toBe(true);
    expect(visible(stored(demandOf('ent-b')))).toBe(false);
    expect(demandVisibility(broker)).toBeUndefined();
  });

  it('lets an enterprise read its own recommendations only', () => {
    expect(mayReadRecommendations(entA, 'ent-a')).toBe(true);
    expect(mayReadRecommendations(entA, 'ent-b')).toBe(false);
    expect(mayReadRecommendations(broker, 'ent-b')).toBe(true);
  });
});

describe('broker scope', () => {
  const scoped: Caller = { kind: 'key', keyId: 'k5', role: 'broker', scope: 'SM-CC' };
  const county: Caller = { kind: 'key', keyId: 'k6', role: 'broker', scope: '220122' };
  const at = (region?: string): Demand => ({ id: 'd', title: 't', ...(region ? { region } : {}) });

  it('lets a scoped broker read and write the demands placed inside its scope only', () => {
    expect(mayReadDemand(scoped, at('吉林省长春市'))).toBe(true);
    expect(mayReadDemand(scoped, at('农安县'))).toBe(true);
    expect(mayWriteDemand(scoped, at('长春市'))).toBe(true);
    expect(mayReadDemand(scoped, at('延边朝鲜族自治州'))).toBe(false);
    expect(mayWriteDemand(scoped, at('吉林市'))).toBe(false);
    // Unplaced text is in no scope.
    expect(mayReadDemand(scoped, at('火星基地'))).toBe(false);
    expect(mayReadDemand(scoped, at())).toBe(false);
    expect(mayReadDemand(county, at('农安县'))).toBe(true);
    expect(mayReadDemand(county, at('长春市'))).toBe(false);
  });

  it('filters lists and match results to the scope, and leaves unscoped brokers unfiltered', () => {
    const visible = demandVisibility(scoped)!;
    expect(visible(stored(at('长春市')))).toBe(true);
    expect(visible(stored(at('白城市')))).toBe(false);
    expect(demandVisibility(broker)).toBeUndefined();
  });
});
