/**
 * Demo seeding for the publication cycle: the demo data arrives published,
 * so a first start turns this quarter's demo achievements that best match
 * the demo demands (at least DEMO_BATCH_SIZE of them) back into records
 * approved for this quarter's batch, gives them synthetic IP items with valid
 * application numbers, and subscribes every demo enterprise's open demands.
 * `publish <this quarter>` then publishes them and writes digests.
 */
import crypto from 'node:crypto';
import type { Achievement, AnyRecord } from '../domain/index.js';
import type { StoreChange } from '../store/index.js';
import type { MatchEngine } from '../engine/index.js';
import { checkDigit, type IpItem } from '../domain/index.js';
import { createSubscription, SUBSCRIPTION_COLLECTION } from './subscriptions.js';
import { quarterOf } from './batches.js';

export const DEMO_BATCH_SIZE = 60;
export const DEMO_ENTERPRISES = ['demo-ent-a', 'demo-ent-b', 'demo-ent-c', 'demo-ent-d'];
const PER_DEMAND = 3;

/** A synthetic but well-formed application number and IP item for a demo record (labelled 演示数据). */
function demoIpItem(record: Achievement, index: number): IpItem {
  const seed = crypto.createHash('sha256').update(record.id).digest();
  const utility = (record.ipType ?? '').startsWith('实用新型');
  const digits = `${2022 + (seed[0]! % 3)}${utility ? '2' : '1'}${String(seed.readUInt32BE(1) % 10_000_000).padStart(7, '0')}`;
  return {
    kind: utility ? '实用新型' : '发明专利',
    number: `CN${digits}.${checkDigit(digits)}`,
    title: record.title,
    holder: record.institution ?? '（演示数据）',
    applicationDate: `${digits.slice(0, 4)}-0${1 + (seed[5]! % 9)}-15`,
    legalStatus: index % 3 === 0 ? '申请中' : '有效',
  };
}

export async function seedPublicationDemo(
  engine: MatchEngine,
  now: Date,
): Promise<{ quarter: string; approved: number }> {
  const quarter = quarterOf(now);
  const inQuarter = (stored: { record: AnyRecord }) => (stored.record as Achievement).publishedQuarter === quarter;
  const chosen: string[] = [];
  for (const demand of engine.store.all('demand')) {
    const response = await engine.matchDemand({ id: demand.record.id }, { k: PER_DEMAND, visible: inQuarter });
    for (const r of response.results) if (!chosen.includes(r.id)) chosen.push(r.id);
  }
  for (const stored of engine.store.all('achievement')) {
    if (chosen.length >= DEMO_BATCH_SIZE) break;
    if (inQuarter(stored) && !chosen.includes(stored.record.id)) chosen.push(stored.record.id);
  }
  const stamp = now.toISOString();
  const changes = chosen.flatMap((id, i): StoreChange[] => {
    const stored = engine.store.get('achievement', id);
    if (!stored) return [];
    const { publishedQuarter: _quarter, ...rest } = stored.record;
    const ipItems = (stored.record.ipType ?? '').match(/专利/) ? [demoIpItem(stored.record, i)] : undefined;
    const record = {
      ...rest,
      publicationStatus: 'approved' as const,
      publicationBatch: quarter,
      ...(ipItems ? { ipItems } : {}),
    };
    return [{ kind: 'achievement', op: 'put', stored: { record, meta: { ...stored.meta, updatedAt: stamp } } }];
  });
  await engine.store.apply(changes);
  for (const enterpriseId of DEMO_ENTERPRISES) {
    const id = `sub-${enterpriseId}`;
    if (await engine.store.getDoc(SUBSCRIPTION_COLLECTION, id)) continue;
    await createSubscription(engine.store, enterpriseId, { kind: 'demands' }, now, id);
  }
  return { quarter, approved: changes.length };
}
