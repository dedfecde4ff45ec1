import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';

const take = (seed: number, stream = '', n = 5) => {
  const rng = seededRandom(seed, stream);
  return Array.from({ length: n }, () => rng.next());
};

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    expect(take(42)).toEqual(take(42));
    expect(take(42, 'streets')).toEqual(take(42, 'streets'));
  });

  it('gives different sequences for different seeds or streams', () => {
    expect(take(1)).not.toEqual(take(2));
    expect(take(1, 'streets')).not.toEqual(take(1, 'officers'));
  });

  it('is uniform enough in [0, 1)', () => {
    const values = take(7, '', 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const tenths = new Array<number>(10).fill(0);
    for (const v of values) tenths[Math.floor(v * 10)]! += 1;
    for (const count of tenths) expect(count).toBeGreaterThan(1_800);
  });

  it('int includes both ends and nothing outside', () => {
    const rng = seededRandom(3);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('shuffle returns a permutation and leaves its input alone', () => {
    const input = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8]);
    const shuffled = seededRandom(5).shuffle(input);
    expect([...shuffled].sort()).toEqual([...input]);
    expect(shuffled).not.toEqual(input);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => seededRandom(1).pick([])).toThrow(RangeError);
  });
});
