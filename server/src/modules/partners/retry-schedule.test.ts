import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('waits 10 s, 30 s, 2 min, 10 min, then an hour for a 10 s base', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((failed) => retryDelayMs(failed, 10) / 1000);
    expect(delays).toEqual([10, 30, 120, 600, 3600, 3600, 3600]);
  });

  it('scales with a fractional base (tests use milliseconds)', () => {
    expect(retryDelayMs(1, 0.05)).toBe(50);
    expect(retryDelayMs(2, 0.05)).toBe(150);
  });
});
