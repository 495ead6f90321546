/**
 * Digests: for every subscription, the newly published achievements that
 * match it above the threshold, each with its reason, de-duplicated against
 * everything already sent to the enterprise.
 *
 * Exactly once: a digest's id is derived from its cause (subscription + batch
 * or nightly run), and the digest, its outbox message and the enterprise's
 * ledger of sent achievements are written in one transaction that expects
 * the digest not to exist and the ledger to be at the version read. A re-run
 * after a crash finds the digest and writes nothing; two writers racing on
 * one enterprise cannot both send an achievement.
 */
import { z } from 'zod';
import {
  OUTBOX_COLLECTION,
  VersionConflictError,
  type Achievement,
  type Industry,
  type OutboxMessage,
} from '../domain/index.js';
import type { MatchEngine, MatchQuery } from '../engine/index.js';
import type { Store } from '../store/index.js';
import {
  SUBSCRIPTION_COLLECTION,
  openDemandsOf,
  subscriptionMatchFilters,
  type Subscription,
} from './subscriptions.js';
import { DIGEST_DEPTH, DIGEST_MIN_SIMILARITY } from './threshold.js';

export const DIGEST_COLLECTION = 'digests';
/** One document per enterprise: the achievements already sent to it. */
export const LEDGER_COLLECTION = 'digest_ledger';

export const digestEntrySchema = z.object({
  achievementId: z.string(),
  title: z.string(),
  industry: z.string(),
  institution: z.string().optional(),
  region: z.string().optional(),
  /** Cosine similarity of the achievement to the demand or query (what the threshold applies to). */
  similarity: z.number(),
  score: z.number(),
  /** The demand it serves; absent for a saved query. */
  demandId: z.string().optional(),
  demandTitle: z.string().optional(),
  sharedTerms: z.array(z.string()),
  reason: z.string(),
});
export type DigestEntry = z.infer<typeof digestEntrySchema>;

export const digestSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  enterpriseId: z.string(),
  /** `batch-2026Q4` or `run-2026-12-01`. */
  cause: z.string(),
  quarter: z.string().optional(),
  createdAt: z.string(),
  entries: z.array(digestEntrySchema),
});
export type Digest = z.infer<typeof digestSchema>;

interface Ledger {
  enterpriseId: string;
  sent: string[];
}

export interface DigestCause {
  id: string;
  quarter?: string;
}

export function digestId(subscriptionId: string, cause: string): string {
  return `digest:${subscriptionId}:${cause}`;
}

export interface DigestReport {
  subscriptions: number;
  digestsWritten: number;
  /** Digests this cause had already produced (a resumed run). */
  digestsExisting: number;
  entries: number;
}

export interface DigestOptions {
  cause: DigestCause;
  /** The achievements this cause made new (a batch, or the records changed since the last run). */
  candidates: ReadonlySet<string>;
  now: Date;
  minSimilarity?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Ranked candidates for one subscription above the threshold, best first, one entry per achievement. */
export async function digestEntriesFor(
  engine: MatchEngine,
  subscription: Subscription,
  options: Pick<DigestOptions, 'candidates' | 'now' | 'minSimilarity'>,
): Promise<DigestEntry[]> {
  const minSimilarity = options.minSimilarity ?? DIGEST_MIN_SIMILARITY;
  const queries: { query: MatchQuery; demandId?: string; demandTitle?: string }[] =
    subscription.kind === 'query'
      ? [{ query: { text: subscription.text ?? '' } }]
      : openDemandsOf(engine.store, subscription.enterpriseId, options.now).map((d) => ({
          query: { id: d.record.id },
          demandId: d.record.id,
          demandTitle: d.record.title,
        }));
  const best = new Map<string, DigestEntry>();
  for (const { query, demandId, demandTitle } of queries) {
    const response = await engine.matchDemand(query, {
      k: Math.min(DIGEST_DEPTH, Math.max(1, options.candidates.size)),
      filters: subscriptionMatchFilters(subscription),
      within: options.candidates,
    });
    for (const result of response.results) {
      const similarity = result.components.dense ?? 0;
      if (similarity < minSimilarity) continue;
      const held = best.get(result.id);
      if (held && held.similarity >= similarity) continue;
      const record = result.record as Achievement;
      best.set(result.id, {
        achievementId: result.id,
        title: record.title,
        industry: result.industry as Industry,
        ...(record.institution ? { institution: record.institution } : {}),
        ...(record.region ? { region: record.region } : {}),
        similarity: round(similarity),
        score: round(result.score),
        ...(demandId ? { demandId, demandTitle } : {}),
        sharedTerms: result.sharedTerms,
        reason: demandTitle ? `与需求「${demandTitle}」：${result.reason}` : result.reason,
      });
    }
  }
  return [...best.values()].sort((a, b) => b.similarity - a.similarity || (a.achievementId < b.achievementId ? -1 : 1));
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Writes one subscription's digest for a cause, unless it exists; returns whether it wrote one. */
async function writeDigest(
  engine: MatchEngine,
  subscription: Subscription,
  options: DigestOptions,
): Promise<{ written: boolean; existing: boolean; entries: number }> {
  const store: Store = engine.store;
  const id = digestId(subscription.id, options.cause.id);
  for (let attempt = 0; ; attempt += 1) {
    if (await store.getDoc(DIGEST_COLLECTION, id)) return { written: false, existing: true, entries: 0 };
    const ledger = await store.getDoc<Ledger>(LEDGER_COLLECTION, subscription.enterpriseId);
    const sent = new Set(ledger?.data.sent ?? []);
    const entries = (await digestEntriesFor(engine, subscription, options)).filter((e) => !sent.has(e.achievementId));
    if (entries.length === 0) return { written: false, existing: false, entries: 0 };
    const createdAt = options.now.toISOString();
    const digest: Digest = {
      id,
      subscriptionId: subscription.id,
      enterpriseId: subscription.enterpriseId,
      cause: options.cause.id,
      ...(options.cause.quarter ? { quarter: options.cause.quarter } : {}),
      createdAt,
      entries,
    };
    const message: OutboxMessage = {
      id,
      topic: 'digest',
      recipient: { kind: 'enterprise', id: subscription.enterpriseId },
      payload: digest,
      createdAt,
      state: 'pending',
      attempts: [],
    };
    try {
      await store.transact([
        { op: 'put', collection: DIGEST_COLLECTION, id, data: digest, expectVersion: 0 },
        { op: 'put', collection: OUTBOX_COLLECTION, id, data: message, expectVersion: 0 },
        {
          op: 'put',
          collection: LEDGER_COLLECTION,
          id: subscription.enterpriseId,
          data: { enterpriseId: subscription.enterpriseId, sent: [...sent, ...entries.map((e) => e.achievementId)] },
          expectVersion: ledger?.version ?? 0,
        },
      ]);
      return { written: true, existing: false, entries: entries.length };
    } catch (error) {
      // Another writer sent to this enterprise meanwhile: read again and recompute.
      if (error instanceof VersionConflictError && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Enterprises evaluated at once. Each enterprise's subscriptions run one after
 * the other (they share its ledger); different enterprises overlap so that their
 * transactions coalesce into few store writes: the embedded store rewrites its
 * whole file per write, and one write per digest cost ~0.2 s each at 10k records.
 */
export const DIGEST_CONCURRENCY = 32;

/** Evaluates every subscription for one cause. Safe to re-run: existing digests are kept as they are. */
export async function computeDigests(engine: MatchEngine, options: DigestOptions): Promise<DigestReport> {
  const subscriptions = (await engine.store.listDocs<Subscription>(SUBSCRIPTION_COLLECTION)).map((d) => d.data);
  const report: DigestReport = {
    subscriptions: subscriptions.length,
    digestsWritten: 0,
    digestsExisting: 0,
    entries: 0,
  };
  if (options.candidates.size === 0) return report;
  const byEnterprise = new Map<string, Subscription[]>();
  for (const subscription of subscriptions) {
    const group = byEnterprise.get(subscription.enterpriseId) ?? [];
    group.push(subscription);
    byEnterprise.set(subscription.enterpriseId, group);
  }
  const groups = [...byEnterprise.values()];
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < groups.length; i = next++) {
      for (const subscription of groups[i]!) {
        const outcome = await writeDigest(engine, subscription, options);
        if (outcome.written) report.digestsWritten += 1;
        if (outcome.existing) report.digestsExisting += 1;
        report.entries += outcome.entries;
        done += 1;
        options.onProgress?.(done, subscriptions.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DIGEST_CONCURRENCY, groups.length) }, worker));
  return report;
}

export async function listDigests(store: Store, enterpriseId: string): Promise<Digest[]> {
  const docs = await store.listDocs<Digest>(DIGEST_COLLECTION, {
    where: { enterpriseId },
    orderBy: { field: 'createdAt', direction: 'desc' },
  });
  return docs.map((d) => d.data);
}
