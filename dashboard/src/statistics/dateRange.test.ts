import { describe, expect, it } from 'vitest';
import { addDays, bureauDay, lastDays, rangeQuery } from './dateRange';

describe('statistics date range', () => {
  it('counts days in UTC+8', () => {
    expect(bureauDay(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(bureauDay(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('includes the last day in the range asked for', () => {
    expect(rangeQuery('2026-02-27', '2026-02-28')).toEqual({
      from: '2026-02-27T00:00:00+08:00',
      to: '2026-03-01T00:00:00+08:00',
    });
  });

  it('goes back whole days from today', () => {
    expect(lastDays(7, Date.parse('2026-03-02T01:00:00Z'))).toEqual({
      fromDay: '2026-02-24',
      toDay: '2026-03-02',
    });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
