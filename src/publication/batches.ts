/**
 * Quarterly batches (按季度公布). A batch document is written once, when the
 * batch is published, and lists its records. Whether an approved record is
 * public depends on that one write alone (`publishedView`), so a reader sees
 * all of a batch or none of it; rewriting the records to `published`
 * afterwards ("settling") is bookkeeping that visibility does not wait for.
 */
import { z } from 'zod';
import { QUARTER_PATTERN, ValidationError } from '../domain/index.js';
import { CollectionReadCache, type CollectionStore } from '../store/index.js';

export const BATCH_COLLECTION = 'batches';

export const batchSchema = z.object({
  quarter: z.string().regex(QUARTER_PATTERN),
  state: z.literal('published'),
  /** The instant every record of the batch became public. */
  publishedAt: z.string(),
  /** Key id of the reviewer (or `cli`). */
  publishedBy: z.string(),
  /** The achievements it made public. */
  recordIds: z.array(z.string()),
  /** Demands reviewed in the same cycle, when any. */
  demandIds: z.array(z.string()).optional(),
});
export type Batch = z.infer<typeof batchSchema>;

export function checkQuarter(quarter: string): string {
  if (!QUARTER_PATTERN.test(quarter)) {
    throw new ValidationError(`quarter ${JSON.stringify(quarter)} must look like 2026Q4`, [
      { field: 'quarter', message: 'must look like 2026Q4' },
    ]);
  }
  return quarter;
}

/** The quarter a date falls in: 2026-11-30 → 2026Q4. */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

export function nextQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  return q === 4 ? `${year + 1}Q1` : `${year}Q${q + 1}`;
}

/** One snapshot of which records the published batches made public. */
export interface PublishedView {
  batchOf(recordId: string): { quarter: string; publishedAt: string } | undefined;
  /** Names this view by value: equal keys, equal views (a kept match list names the view it was ranked under). */
  readonly key: string;
}

/** Each store's view, kept until a batch changes. */
const viewCaches = new WeakMap<CollectionStore, CollectionReadCache<PublishedView>>();

/**
 * Reads the published batches once; a request uses one snapshot throughout. Every
 * catalogue read and match calls this, so the view (one entry per published record)
 * is read and built again only when a batch was written (here or by another replica).
 */
export async function publishedView(store: CollectionStore): Promise<PublishedView> {
  let cache = viewCaches.get(store);
  if (!cache) {
    cache = new CollectionReadCache(store, BATCH_COLLECTION, 1);
    viewCaches.set(store, cache);
  }
  return cache.get('published', async () => {
    // Taken before the read: a batch published meanwhile gives the next read a new key.
    const revision = store.collectionRevision(BATCH_COLLECTION);
    const docs = await store.listDocs<Batch>(BATCH_COLLECTION, { where: { state: 'published' } });
    const byRecord = new Map<string, { quarter: string; publishedAt: string }>();
    for (const doc of docs) {
      for (const id of [...doc.data.recordIds, ...(doc.data.demandIds ?? [])])
        byRecord.set(id, { quarter: doc.data.quarter, publishedAt: doc.data.publishedAt });
    }
    return { batchOf: (id) => byRecord.get(id), key: `published@${revision}` };
  });
}

export const EMPTY_VIEW: PublishedView = { batchOf: () => undefined, key: 'published@none' };
