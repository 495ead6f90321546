import { describe, expect, it } from 'vitest';
import { ValidationError, type OutboxMessage } from '../../src/domain/index.js';
import { afterAttempt, backoffMs, checkWebhookUrl, sign, verifySignature } from '../../src/outbox/index.js';

describe('webhook targets', () => {
  it('accepts http and https URLs', () => {
    expect(checkWebhookUrl('https://erp.example.com/hooks/kjcg')).toBe('https://erp.example.com/hooks/kjcg');
    expect(checkWebhookUrl('http://127.0.0.1:8080/x?y=1')).toBe('http://127.0.0.1:8080/x?y=1');
  });

  it('refuses other schemes, credentials in the URL, fragments and non-URLs, naming the url field', () => {
    for (const url of [
      'ftp://example.com/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@example.com/x',
      'https://token@example.com/',
      'https://example.com/#x',
      'example.com/hook',
      '',
    ]) {
      try {
        checkWebhookUrl(url);
        expect.unreachable(url);
      } catch (error) {
        expect(error, url).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).details.issues[0]?.field).toBe('url');
      }
    }
  });
});

describe('retries', () => {
  const message: OutboxMessage = {
    id: 'digest:s:batch-2026Q4',
    topic: 'digest',
    recipient: { kind: 'enterprise', id: 'e' },
    payload: {},
    createdAt: '2026-12-01T00:00:00.000Z',
    state: 'pending',
    attempts: [],
  };
  const settings = { maxAttempts: 3, baseDelayMs: 30_000 };

  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(40)).toBe(6 * 3600_000);
  });

  it('records every attempt: failed with the next try, delivered, or undeliverable after the last', () => {
    const failed = afterAttempt(message, { at: '2026-12-01T00:00:00.000Z', ok: false, status: 500 }, settings);
    expect(failed).toMatchObject({ state: 'failed', nextAttemptAt: '2026-12-01T00:00:30.000Z' });
    const again = afterAttempt(failed, { at: '2026-12-01T00:00:30.000Z', ok: false, error: 'timeout' }, settings);
    expect(again.nextAttemptAt).toBe('2026-12-01T00:01:30.000Z');
    const gaveUp = afterAttempt(again, { at: '2026-12-01T00:02:00.000Z', ok: false, status: 502 }, settings);
    expect(gaveUp.state).toBe('undeliverable');
    expect(gaveUp.attempts).toHaveLength(3);
    const delivered = afterAttempt(failed, { at: '2026-12-01T00:01:00.000Z', ok: true, status: 200 }, settings);
    expect(delivered).toMatchObject({ state: 'delivered' });
    expect(delivered.nextAttemptAt).toBeUndefined();
  });
});

describe('signatures', () => {
  it('verify with the secret, the timestamp and the exact body only', () => {
    const secret = 'ab'.repeat(32);
    const signature = sign(secret, '1796000000', '{"a":1}');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(secret, '1796000000', '{"a":1}', signature)).toBe(true);
    expect(verifySignature(secret, '1796000001', '{"a":1}', signature)).toBe(false);
    expect(verifySignature(secret, '1796000000', '{"a":2}', signature)).toBe(false);
    expect(verifySignature('cd'.repeat(32), '1796000000', '{"a":1}', signature)).toBe(false);
  });
});
