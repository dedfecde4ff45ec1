import { describe, expect, it } from 'vitest';
import { ageParts, formatBytes, formatClock, formatDistance } from './durations';

describe('durations for the wall screen', () => {
  it('formats countdowns as clocks, overdue ones with a minus', () => {
    expect(formatClock(75)).toBe('1:15');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatClock(-42.7)).toBe('-0:42');
    expect(formatClock(0)).toBe('0:00');
  });

  it('gives ages in their largest whole unit', () => {
    expect(ageParts(42)).toEqual({ count: 42, unit: 'seconds' });
    expect(ageParts(125)).toEqual({ count: 2, unit: 'minutes' });
    expect(ageParts(7200)).toEqual({ count: 2, unit: 'hours' });
    expect(ageParts(-3)).toEqual({ count: 0, unit: 'seconds' });
  });

  it('gives distances in metres, then kilometres', () => {
    expect(formatDistance(349.6)).toBe('350 m');
    expect(formatDistance(1234)).toBe('1.2 km');
  });
});

describe('formatBytes', () => {
  it('says sizes in the largest unit that keeps the number readable', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(35_000)).toBe('34 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(3.2 * 1024 ** 3)).toBe('3.2 GB');
  });
});
