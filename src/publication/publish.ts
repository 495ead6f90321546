/**
 * Publishing a quarter's batch, in steps that can each be re-run after a crash:
 * 1. assemble: the approved records meant for this quarter (or for none);
 * 2. flip: write the batch document (one write; from here on the batch is public);
 * 3. settle: rewrite its records as published (bookkeeping: visibility already holds);
 * 4. digests for every subscription, each written with its outbox message;
 * 5. one delivery pass.
 * Publishing a quarter that is already out resumes at step 3.
 */
import { ConflictError, VersionConflictError, type AnyRecord, type RecordKind } from '../domain/index.js';
import type { MatchEngine } from '../engine/index.js';
import { deliverPending, type DeliveryReport } from '../outbox/index.js';
import type { StoreChange as Change } from '../store/index.js';
import { computeDigests, type DigestReport } from './digests.js';
import { BATCH_COLLECTION, checkQuarter, type Batch } from './batches.js';

export type PublishProgress = (stage: string, done: number, total: number) => void;

export interface PublishReport {
  quarter: string;
  publishedAt: string;
  /** False when the batch was already out and this run resumed it. */
  newlyPublished: boolean;
  recordsPublished: number;
  demandsPublished: number;
  recordsSettled: number;
  subscriptionsEvaluated: number;
  digestsWritten: number;
  digestsExisting: number;
  digestEntries: number;
  deliveriesAttempted: number;
  deliveriesSucceeded: number;
}

export interface PublishOptions {
  now: () => Date;
  publishedBy: string;
  onProgress?: PublishProgress;
  /** Run one delivery pass at the end (the CLI does; the service's background loop would anyway). */
  deliver?: boolean;
  minSimilarity?: number;
}

/** Approved records waiting for this quarter: those meant for it, and those meant for no quarter in particular. */
export function approvedFor(engine: MatchEngine, kind: RecordKind, quarter: string): string[] {
  return engine.store
    .all(kind)
    .filter((s) => {
      const record = s.record as AnyRecord & { publicationBatch?: string };
      return record.publicationStatus === 'approved' && (record.publicationBatch ?? quarter) === quarter;
    })
    .map((s) => s.record.id)
    .sort();
}

async function flip(
  engine: MatchEngine,
  quarter: string,
  options: PublishOptions,
): Promise<{ batch: Batch; fresh: boolean }> {
  const existing = await engine.store.getDoc<Batch>(BATCH_COLLECTION, quarter);
  if (existing) return { batch: existing.data, fresh: false };
  const recordIds = approvedFor(engine, 'achievement', quarter);
  const demandIds = approvedFor(engine, 'demand', quarter);
  if (recordIds.length === 0) {
    throw new ConflictError(`no approved achievements wait for ${quarter}: approve some first`, { quarter });
  }
  const batch: Batch = {
    quarter,
    state: 'published',
    publishedAt: options.now().toISOString(),
    publishedBy: options.publishedBy,
    recordIds,
    ...(demandIds.length > 0 ? { demandIds } : {}),
  };
  try {
    await engine.store.transact([
      { op: 'put', collection: BATCH_COLLECTION, id: quarter, data: batch, expectVersion: 0 },
    ]);
    return { batch, fresh: true };
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    // Somebody published it a moment ago: resume theirs.
    const theirs = await engine.store.getDoc<Batch>(BATCH_COLLECTION, quarter);
    return { batch: theirs!.data, fresh: false };
  }
}

/** Rewrites the batch's still-approved records as published; returns how many it rewrote. */
async function settle(engine: MatchEngine, batch: Batch, now: Date): Promise<number> {
  const changes: Change[] = [];
  const members: [RecordKind, string[]][] = [
    ['achievement', batch.recordIds],
    ['demand', batch.demandIds ?? []],
  ];
  for (const [kind, ids] of members) {
    for (const id of ids) {
      const stored = engine.store.get(kind, id);
      if (stored?.record.publicationStatus !== 'approved') continue;
      const { publicationBatch: _batch, ...record } = stored.record as AnyRecord & { publicationBatch?: string };
      changes.push({
        kind,
        op: 'put',
        stored: {
          record: {
            ...record,
            publicationStatus: 'published',
            publishedQuarter: batch.quarter,
            publishedAt: batch.publishedAt,
          },
          meta: { ...stored.meta, updatedAt: now.toISOString() },
        },
      } as Change);
    }
  }
  if (changes.length > 0) await engine.store.apply(changes);
  return changes.length;
}

export async function publishQuarter(
  engine: MatchEngine,
  quarter: string,
  options: PublishOptions,
): Promise<PublishReport> {
  checkQuarter(quarter);
  const progress = options.onProgress;
  progress?.('publishing batch', 0, 1);
  const { batch, fresh } = await flip(engine, quarter, options);
  const settled = await settle(engine, batch, options.now());
  progress?.('publishing batch', 1, 1);

  const digests: DigestReport = await computeDigests(engine, {
    cause: { id: `batch-${quarter}`, quarter },
    candidates: new Set(batch.recordIds),
    now: options.now(),
    minSimilarity: options.minSimilarity,
    onProgress: (done, total) => progress?.('digests', done, total),
  });

  let deliveries: DeliveryReport = { attempted: 0, succeeded: 0, failed: 0, waiting: 0 };
  if (options.deliver) deliveries = await deliverPending(engine.store, { now: options.now });
  return {
    quarter,
    publishedAt: batch.publishedAt,
    newlyPublished: fresh,
    recordsPublished: batch.recordIds.length,
    demandsPublished: batch.demandIds?.length ?? 0,
    recordsSettled: settled,
    subscriptionsEvaluated: digests.subscriptions,
    digestsWritten: digests.digestsWritten,
    digestsExisting: digests.digestsExisting,
    digestEntries: digests.entries,
    deliveriesAttempted: deliveries.attempted,
    deliveriesSucceeded: deliveries.succeeded,
  };
}
