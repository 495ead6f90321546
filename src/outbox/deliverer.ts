/**
 * The outbox deliverer: POSTs each pending message to its recipient's webhook
 * and records every attempt on the message. At least once: a message is marked
 * delivered only after the receiver answered 2xx, so a crash between the two
 * re-sends it, with the same Idempotency-Key (the message id) for the
 * receiver to drop. Failures are retried with exponential backoff; after
 * MAX_ATTEMPTS the message is undeliverable (kept, with its attempts).
 * A message whose recipient has no webhook waits, untouched, until one is
 * registered (digests stay readable over the API meanwhile).
 */
import { OUTBOX_COLLECTION, VersionConflictError, type OutboxAttempt, type OutboxMessage } from '../domain/index.js';
import { type CollectionStore, isShared, type SharedStore, type Store, type StoredDoc } from '../store/index.js';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, TOPIC_HEADER, sign } from './signature.js';
import { getWebhook } from './webhooks.js';

export const MAX_ATTEMPTS = 8;
/** First retry after 30 s, then 1, 2, 4 … minutes, at most 6 hours apart. */
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 6 * 3600_000;
export const DELIVERY_TIMEOUT_MS = 10_000;

export interface DeliveryOptions {
  now?: () => Date;
  timeoutMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Messages per pass, oldest first. */
  limit?: number;
}

export interface DeliveryReport {
  attempted: number;
  succeeded: number;
  failed: number;
  /** Messages waiting for their recipient to register a webhook. */
  waiting: number;
}

export function backoffMs(attempts: number, base = BASE_DELAY_MS): number {
  return Math.min(MAX_DELAY_MS, base * 2 ** Math.max(0, attempts - 1));
}

/** The JSON body a receiver gets. */
export function deliveryBody(message: OutboxMessage): string {
  return JSON.stringify({
    id: message.id,
    topic: message.topic,
    recipient: message.recipient,
    createdAt: message.createdAt,
    payload: message.payload,
  });
}

async function due(store: CollectionStore, now: Date, limit: number): Promise<StoredDoc<OutboxMessage>[]> {
  const order = { orderBy: { field: 'createdAt' } } as const;
  const pending = await store.listDocs<OutboxMessage>(OUTBOX_COLLECTION, { where: { state: 'pending' }, ...order });
  const retrying = (
    await store.listDocs<OutboxMessage>(OUTBOX_COLLECTION, { where: { state: 'failed' }, ...order })
  ).filter((doc) => !doc.data.nextAttemptAt || Date.parse(doc.data.nextAttemptAt) <= now.getTime());
  return [...pending, ...retrying].slice(0, limit);
}

async function post(
  url: string,
  secret: string,
  message: OutboxMessage,
  at: Date,
  timeoutMs: number,
): Promise<OutboxAttempt> {
  const body = deliveryBody(message);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [SIGNATURE_HEADER]: sign(secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [IDEMPOTENCY_HEADER]: message.id,
        [TOPIC_HEADER]: message.topic,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { at: at.toISOString(), ok: response.ok, status: response.status };
  } catch (error) {
    return { at: at.toISOString(), ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The message after an attempt: delivered, retried later, or given up. */
export function afterAttempt(
  message: OutboxMessage,
  attempt: OutboxAttempt,
  options: Required<Pick<DeliveryOptions, 'maxAttempts' | 'baseDelayMs'>>,
): OutboxMessage {
  const attempts = [...message.attempts, attempt];
  const { nextAttemptAt: _next, ...rest } = message;
  if (attempt.ok) return { ...rest, attempts, state: 'delivered' };
  if (attempts.length >= options.maxAttempts) return { ...rest, attempts, state: 'undeliverable' };
  return {
    ...rest,
    attempts,
    state: 'failed',
    nextAttemptAt: new Date(Date.parse(attempt.at) + backoffMs(attempts.length, options.baseDelayMs)).toISOString(),
  };
}

// One pass at a time per store in this process: the background loop and a publish may both ask.
const passes = new WeakMap<CollectionStore, Promise<DeliveryReport>>();

/** One delivery pass over the messages due now. */
export function deliverPending(store: CollectionStore, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const previous = passes.get(store) ?? Promise.resolve(undefined);
  const pass = previous.catch(() => undefined).then(() => runPass(store, options));
  passes.set(store, pass);
  return pass;
}

async function runPass(store: CollectionStore, options: DeliveryOptions): Promise<DeliveryReport> {
  // Several replicas on one store: one pass at a time among them, or two would send the same message.
  const release = isShared(store as Store)
    ? await (store as Store & SharedStore).tryLock('outbox')
    : async () => undefined;
  if (!release) return { attempted: 0, succeeded: 0, failed: 0, waiting: 0 };
  try {
    return await deliverDue(store, options);
  } finally {
    await release();
  }
}

async function deliverDue(store: CollectionStore, options: DeliveryOptions): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date());
  const settings = {
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    baseDelayMs: options.baseDelayMs ?? BASE_DELAY_MS,
  };
  const report: DeliveryReport = { attempted: 0, succeeded: 0, failed: 0, waiting: 0 };
  for (const doc of await due(store, now(), options.limit ?? 500)) {
    const webhook = await getWebhook(store, doc.data.recipient);
    if (!webhook) {
      report.waiting += 1;
      continue;
    }
    const attempt = await post(webhook.url, webhook.secret, doc.data, now(), options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    report.attempted += 1;
    if (attempt.ok) report.succeeded += 1;
    else report.failed += 1;
    try {
      await store.transact([
        {
          op: 'put',
          collection: OUTBOX_COLLECTION,
          id: doc.id,
          data: afterAttempt(doc.data, attempt, settings),
          expectVersion: doc.version,
        },
      ]);
    } catch (error) {
      // Changed meanwhile (e.g. by another process): its own record of attempts stands.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  return report;
}

export interface RunningDeliverer {
  stop(): Promise<void>;
}

/** The background loop started with the service: a pass every `intervalMs`, until stopped. */
export function startDeliverer(
  store: CollectionStore,
  options: DeliveryOptions & {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    onReport?: (r: DeliveryReport) => void;
  } = {},
): RunningDeliverer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    current = deliverPending(store, options)
      .then((report) => {
        if (report.attempted > 0) options.onReport?.(report);
      })
      .catch((error) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 5000);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
