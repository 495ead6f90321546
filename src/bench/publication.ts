/**
 * Publication at scale: publish one quarter's batch of approved achievements
 * into the engine under test (the 9,999 demo records in a full run) and
 * compute every subscription's digest, through the same publishQuarter the
 * CLI and the HTTP service run: the one-write flip, settling the records,
 * matching each subscription against the batch only, and writing each digest
 * with its outbox message in one transaction.
 */
import { quarterOf } from '../publication/batches.js';
import { publishQuarter } from '../publication/publish.js';
import type { StoreChange } from '../store/index.js';
import { createSubscription } from '../publication/index.js';
import type { BenchContext } from './context.js';
import { check, type Section } from './report.js';

export interface PublicationPlan {
  batch: number;
  subscriptions: number;
  /** Subscriptions per enterprise (they share a ledger, so they are evaluated in turn). */
  perEnterprise: number;
}

const BENCH_QUARTER = '2099Q4';

export async function publicationSection(context: BenchContext, plan: PublicationPlan): Promise<Section> {
  const started = performance.now();
  const engine = context.setup.engine;
  const achievements = engine.store.all('achievement');
  const step = Math.max(1, Math.floor(achievements.length / plan.batch));
  const chosen = achievements.filter((_, i) => i % step === 0).slice(0, plan.batch);
  // Untimed set-up: the batch's records approved, the subscriptions stored.
  const changes = chosen.map((stored): StoreChange => {
    const { publishedQuarter: _quarter, ...record } = stored.record;
    return {
      kind: 'achievement',
      op: 'put',
      stored: { record: { ...record, publicationStatus: 'approved' }, meta: stored.meta },
    };
  });
  await engine.store.apply(changes);
  const queries = context.queries.full;
  const now = new Date();
  await Promise.all(
    Array.from({ length: plan.subscriptions }, (_, i) =>
      createSubscription(
        engine.store,
        `bench-ent-${Math.floor(i / plan.perEnterprise)}`,
        { kind: 'query', text: queries[i % queries.length]!.text },
        now,
        `bench-sub-${i}`,
      ),
    ),
  );

  const publishStart = performance.now();
  const report = await publishQuarter(engine, BENCH_QUARTER, { now: () => new Date(), publishedBy: 'bench' });
  const seconds = (performance.now() - publishStart) / 1000;
  const enterprises = Math.ceil(plan.subscriptions / plan.perEnterprise);
  return {
    id: 'publication',
    title: 'Publication: a quarterly batch and every digest',
    method: [
      `${engine.store.count('achievement')} achievements in the engine under test; ${report.recordsPublished} of them (every ${step}th) approved for ${BENCH_QUARTER}; ${plan.subscriptions} subscriptions of ${enterprises} enterprises (${plan.perEnterprise} each), each a saved query with the text of one of the ${queries.length} dev demands.`,
      'Timed: publishQuarter as `npm run cli -- publish` runs it, without the delivery pass (no webhooks registered): the batch document (the one write that makes the batch public), the records rewritten as published, then for every subscription a match restricted to the batch, the threshold, de-duplication against the enterprise ledger, and the digest + outbox message + ledger transaction.',
      "Query vectors come from the embedding cache (a saved query's text is embedded once, when first evaluated); the first evaluation of a new query adds one embedding (~15 ms on a free core).",
    ],
    tables: [
      {
        title: 'Publishing one batch',
        columns: ['figure', 'value'],
        rows: [
          { label: 'records published', values: [report.recordsPublished] },
          { label: 'subscriptions evaluated', values: [report.subscriptionsEvaluated] },
          { label: 'digests written', values: [report.digestsWritten] },
          { label: 'digest entries', values: [report.digestEntries] },
          { label: 'seconds: publish + all digests', values: [seconds] },
          { label: 'ms per subscription', values: [(seconds * 1000) / Math.max(1, report.subscriptionsEvaluated)] },
        ],
        digits: [2],
      },
    ],
    targets: [
      check(
        `publish a ${report.recordsPublished}-record batch and compute ${report.subscriptionsEvaluated} subscriptions' digests (${engine.store.count('achievement')} achievements)`,
        seconds,
        's',
        { max: 60 },
      ),
    ],
    notes: [
      `Quarter of the run: ${quarterOf(now)}; the bench publishes a far-future quarter so it never collides with data.`,
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
