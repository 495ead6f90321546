/**
 * 订阅: an enterprise subscribes its open demands, or a saved query with
 * filters, to new publications. Stored in the `subscriptions` collection.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import {
  COOPERATION_MODES,
  INDUSTRIES,
  MATURITY_LEVELS,
  NotFoundError,
  type Demand,
  type Stored,
} from '../domain/index.js';
import type { MatchFilters } from '../match/filters.js';
import type { Store } from '../store/index.js';

export const SUBSCRIPTION_COLLECTION = 'subscriptions';

export const subscriptionFiltersSchema = z.strictObject({
  industry: z.array(z.enum(INDUSTRIES)).optional(),
  region: z.array(z.string().min(1)).optional(),
  maturity: z.array(z.enum(MATURITY_LEVELS)).optional(),
  fiscalFunded: z.boolean().optional(),
  cooperation: z.array(z.enum(COOPERATION_MODES)).optional(),
});

export const newSubscriptionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('demands'),
    enterpriseId: z.string().min(1).optional(),
    filters: subscriptionFiltersSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('query'),
    enterpriseId: z.string().min(1).optional(),
    text: z.string().trim().min(1, 'must not be empty').max(2000),
    filters: subscriptionFiltersSchema.optional(),
  }),
]);
export type NewSubscription = z.infer<typeof newSubscriptionSchema>;

export const subscriptionSchema = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  /** demands: the enterprise's open demands at each evaluation; query: a saved free-text query. */
  kind: z.enum(['demands', 'query']),
  text: z.string().optional(),
  filters: subscriptionFiltersSchema.optional(),
  createdAt: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export async function createSubscription(
  store: Store,
  enterpriseId: string,
  input: NewSubscription,
  now: Date,
  id: string = `sub-${crypto.randomBytes(6).toString('hex')}`,
): Promise<Subscription> {
  const subscription: Subscription = {
    id,
    enterpriseId,
    kind: input.kind,
    ...(input.kind === 'query' ? { text: input.text } : {}),
    ...(input.filters ? { filters: input.filters } : {}),
    createdAt: now.toISOString(),
  };
  await store.transact([{ op: 'put', collection: SUBSCRIPTION_COLLECTION, id, data: subscription, expectVersion: 0 }]);
  return subscription;
}

export async function getSubscription(store: Store, id: string): Promise<Subscription> {
  const doc = await store.getDoc<Subscription>(SUBSCRIPTION_COLLECTION, id);
  if (!doc) throw new NotFoundError(`no subscription with id ${id}`);
  return doc.data;
}

export async function listSubscriptions(store: Store, enterpriseId?: string): Promise<Subscription[]> {
  const docs = await store.listDocs<Subscription>(
    SUBSCRIPTION_COLLECTION,
    enterpriseId ? { where: { enterpriseId } } : {},
  );
  return docs.map((d) => d.data);
}

export async function deleteSubscription(store: Store, id: string): Promise<void> {
  const doc = await store.getDoc(SUBSCRIPTION_COLLECTION, id);
  if (!doc) throw new NotFoundError(`no subscription with id ${id}`);
  await store.transact([{ op: 'delete', collection: SUBSCRIPTION_COLLECTION, id, expectVersion: doc.version }]);
}

export function subscriptionMatchFilters(subscription: Subscription): MatchFilters {
  return { ...(subscription.filters ?? {}) };
}

/**
 * Open: not closed and not past its deadline. (The recommendations route in
 * serve/ keeps the same rule; the core cannot import it from there.)
 */
export function isOpenDemand(demand: Demand, now: Date): boolean {
  if (demand.status === 'closed') return false;
  if (!demand.deadline) return true;
  const today = new Date(now);
  today.setUTCHours(0, 0, 0, 0);
  return Date.parse(demand.deadline) >= today.getTime();
}

export function openDemandsOf(store: Store, enterpriseId: string, now: Date): Stored<Demand>[] {
  return store
    .all('demand')
    .filter((s) => s.record.enterpriseId === enterpriseId && isOpenDemand(s.record, now))
    .sort((a, b) => (a.record.id < b.record.id ? -1 : 1));
}
