/** A real RecordStore holding a few demands and achievements, for the introductions core (no model needed). */
import path from 'node:path';
import type { Achievement, Demand, Industry, Stored } from '../../src/domain/index.js';
import { DEFAULT_DECLINE_REASONS } from '../../src/domain/index.js';
import type { Actor, IntroductionSettings } from '../../src/introductions/index.js';
import { RecordStore } from '../../src/store/index.js';

export const SETTINGS: IntroductionSettings = {
  expiryDays: 30,
  reasons: DEFAULT_DECLINE_REASONS.map((r) => ({ ...r })),
};

export const ADMIN: Actor = { keyId: 'key_admin', role: 'admin' };
export const BROKER: Actor = { keyId: 'key_broker', role: 'broker' };
/** Scoped to the 长春 sub-market. */
export const BROKER_CC: Actor = { keyId: 'key_broker_cc', role: 'broker', scope: 'SM-CC' };
/** Scoped to the county node 农安县. */
export const BROKER_NONGAN: Actor = { keyId: 'key_broker_na', role: 'broker', scope: '220122' };
export const ENTERPRISE_A: Actor = { keyId: 'key_ent_a', role: 'enterprise', enterpriseId: 'ent-a' };
export const ENTERPRISE_B: Actor = { keyId: 'key_ent_b', role: 'enterprise', enterpriseId: 'ent-b' };

const META_AT = '2026-01-05T00:00:00.000Z';

function meta(industry: Industry, createdAt = META_AT) {
  return { createdAt, updatedAt: createdAt, industry, industrySource: 'given' as const, industryConfidence: 1 };
}

export function demand(id: string, fields: Partial<Demand> = {}, createdAt?: string): Stored<Demand> {
  const record: Demand = {
    id,
    title: `需求${id}`,
    industry: '汽车制造',
    enterpriseId: 'ent-a',
    region: '长春市',
    ...fields,
  };
  return { record, meta: meta(record.industry ?? '汽车制造', createdAt) };
}

export function achievement(id: string, industry: Industry = '汽车制造'): Stored<Achievement> {
  return { record: { id, title: `成果${id}`, industry, region: '吉林省吉林市' }, meta: meta(industry) };
}

/** Demands: D1 长春市 (ent-a), D2 农安县 (ent-a), D3 延吉市 (ent-b), D4 unplaced (ent-b); achievements X1..X6. */
export async function openFixtureStore(dir: string): Promise<RecordStore> {
  const store = await RecordStore.open(path.join(dir, 'store.json'));
  await store.apply([
    { kind: 'demand', op: 'put', stored: demand('D1') },
    { kind: 'demand', op: 'put', stored: demand('D2', { region: '农安县', industry: '现代农业' }) },
    {
      kind: 'demand',
      op: 'put',
      stored: demand('D3', { region: '延吉市', enterpriseId: 'ent-b', industry: '医药健康' }),
    },
    { kind: 'demand', op: 'put', stored: demand('D4', { region: '火星基地', enterpriseId: 'ent-b' }) },
    ...['X1', 'X2', 'X3', 'X4', 'X5', 'X6'].map((id) => ({
      kind: 'achievement' as const,
      op: 'put' as const,
      stored: achievement(id),
    })),
  ]);
  return store;
}
