import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketPosition, formatSeconds } from './histogram';

const buckets = [
  { fromSeconds: 0, toSeconds: 60, count: 1 },
  { fromSeconds: 60, toSeconds: 120, count: 1 },
  { fromSeconds: 120, toSeconds: 300, count: 0 },
  { fromSeconds: 300, toSeconds: null, count: 2 },
];

describe('histogram', () => {
  it('places a value inside its bucket, linearly', () => {
    expect(bucketPosition(30, buckets)).toBe(0.5);
    expect(bucketPosition(60, buckets)).toBe(1);
    expect(bucketPosition(210, buckets)).toBe(2.5);
    expect(bucketPosition(9999, buckets)).toBe(3.5);
  });

  it('labels buckets shortly', () => {
    expect(buckets.map(bucketLabel)).toEqual(['<1m', '1–2m', '2–5m', '≥5m']);
    expect(bucketLabel({ fromSeconds: 1800, toSeconds: 3600, count: 0 })).toBe('30m–1h');
  });

  it('formats seconds', () => {
    expect([formatSeconds(null), formatSeconds(42), formatSeconds(95), formatSeconds(5400)]).toEqual([
      '–',
      '42s',
      '1m 35s',
      '1h 30m',
    ]);
  });
});
