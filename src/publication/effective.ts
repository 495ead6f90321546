/**
 * A record's publication as readers see it: its own status, except that an
 * approved record in a published batch is published (with the batch's quarter
 * and date) even before the record itself has been rewritten.
 */
import type { Achievement, Demand, PublicationStatus } from '../domain/index.js';
import type { PublishedView } from './batches.js';

export interface Publication {
  status: PublicationStatus;
  quarter?: string;
  publishedAt?: string;
}

export function publicationOf(record: Achievement | Demand, view: PublishedView): Publication {
  const fields = record as Partial<Achievement>;
  const own = record.publicationStatus ?? (fields.publishedQuarter ? 'published' : 'draft');
  if (own === 'approved') {
    const batch = view.batchOf(record.id);
    if (batch) return { status: 'published', quarter: batch.quarter, publishedAt: batch.publishedAt };
  }
  return {
    status: own,
    quarter: own === 'published' ? fields.publishedQuarter : undefined,
    publishedAt: own === 'published' ? record.publishedAt : undefined,
  };
}

export function isPublished(record: Achievement | Demand, view: PublishedView): boolean {
  return publicationOf(record, view).status === 'published';
}
