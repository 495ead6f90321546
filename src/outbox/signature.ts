/**
 * How a receiver knows a delivery is ours and fresh: HMAC-SHA256 over
 * `<timestamp>.<body>` with the recipient's secret, sent as
 * `X-Kjcg-Signature: sha256=<hex>` beside `X-Kjcg-Timestamp`. The timestamp is
 * inside the MAC so an old delivery cannot be replayed as new.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-kjcg-signature';
export const TIMESTAMP_HEADER = 'x-kjcg-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const TOPIC_HEADER = 'x-kjcg-topic';

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', Buffer.from(secret, 'hex')).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver runs: constant-time comparison of the signature it got with the one it computes. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
