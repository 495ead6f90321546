/**
 * Webhook registrations, one per recipient (an enterprise, or a team for
 * 揭榜 invitations), in the `webhooks` collection. Each carries the secret the
 * deliverer signs with; it is shown once, when the webhook is registered.
 * Targets are checked here, at registration: http(s) only, and no user name or
 * password in the URL (it would be logged and stored in the clear).
 */
import crypto from 'node:crypto';
import { NotFoundError, ValidationError, type OutboxMessage } from '../domain/index.js';
import type { CollectionStore } from '../store/index.js';

export const WEBHOOK_COLLECTION = 'webhooks';

export type Recipient = OutboxMessage['recipient'];

export interface Webhook {
  recipient: Recipient;
  url: string;
  /** HMAC-SHA256 key, hex. */
  secret: string;
  createdAt: string;
}

export function webhookId(recipient: Recipient): string {
  return `${recipient.kind}:${recipient.id}`;
}

/** Throws a ValidationError naming `url` unless it is an http(s) URL without credentials. */
export function checkWebhookUrl(url: string): string {
  const fail = (message: string) => new ValidationError(`webhook url ${message}`, [{ field: 'url', message }]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('must be an absolute URL such as https://example.com/hooks/kjcg');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw fail('must use http or https');
  if (parsed.username || parsed.password) {
    throw fail('must not carry a user name or password; the signature header authenticates each delivery');
  }
  if (parsed.hash) throw fail('must not have a #fragment');
  return parsed.toString();
}

export async function registerWebhook(
  store: CollectionStore,
  recipient: Recipient,
  url: string,
  now: Date,
): Promise<Webhook> {
  const webhook: Webhook = {
    recipient,
    url: checkWebhookUrl(url),
    secret: crypto.randomBytes(32).toString('hex'),
    createdAt: now.toISOString(),
  };
  await store.transact([{ op: 'put', collection: WEBHOOK_COLLECTION, id: webhookId(recipient), data: webhook }]);
  return webhook;
}

export async function getWebhook(store: CollectionStore, recipient: Recipient): Promise<Webhook | undefined> {
  return (await store.getDoc<Webhook>(WEBHOOK_COLLECTION, webhookId(recipient)))?.data;
}

export async function removeWebhook(store: CollectionStore, recipient: Recipient): Promise<void> {
  const doc = await store.getDoc(WEBHOOK_COLLECTION, webhookId(recipient));
  if (!doc) throw new NotFoundError(`no webhook registered for ${webhookId(recipient)}`);
  await store.transact([{ op: 'delete', collection: WEBHOOK_COLLECTION, id: webhookId(recipient) }]);
}
