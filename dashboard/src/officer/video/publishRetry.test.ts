import { describe, expect, it } from 'vitest';
import { NO_RESPONSE } from '../../api/client';
import { afterPublishFailure, retryDelayMs } from './publishRetry';

describe('publish retries', () => {
  it('retries while the cause may pass: no network, the lost publisher still counted, server trouble', () => {
    for (const status of [NO_RESPONSE, 409, 429, 500, 502, 503]) {
      expect(afterPublishFailure(status), String(status)).toBe('retry');
    }
  });

  it('gives up on answers that repeating cannot change', () => {
    for (const status of [400, 401, 403, 404, 415, 422]) {
      expect(afterPublishFailure(status), String(status)).toBe('give-up');
    }
  });

  it('waits a little longer each time, never more than 4 s', () => {
    expect([0, 1, 2, 3, 10].map(retryDelayMs)).toEqual([1_000, 2_000, 3_000, 4_000, 4_000]);
  });
});
