import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const body = '{"id":"e1","type":"alert.raised"}';

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" (vector from openssl dgst -hmac)', () => {
    expect(webhookSignature('whsec_test', '1700000000', body)).toBe(
      'sha256=d68d42225a7eebd399694116f70bcfa3fea994f10a6a4ecbbb78c802705f52eb',
    );
  });

  it('verifies only the same secret, timestamp and body', () => {
    const signature = webhookSignature('whsec_test', '1700000000', body);
    expect(verifyWebhookSignature('whsec_test', '1700000000', body, signature)).toBe(true);
    expect(verifyWebhookSignature('whsec_other', '1700000000', body, signature)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', '1700000001', body, signature)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', '1700000000', body + ' ', signature)).toBe(false);
    expect(verifyWebhookSignature('whsec_test', '1700000000', body, 'sha256=00')).toBe(false);
  });
});
