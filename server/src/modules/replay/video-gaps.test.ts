import { describe, expect, it } from 'vitest';
import { videoGaps } from './video-gaps';

const range = { fromMs: 0, toMs: 100_000 };

describe('videoGaps', () => {
  it('is the whole range when nothing was recorded', () => {
    expect(videoGaps(range, [])).toEqual([{ fromMs: 0, toMs: 100_000 }]);
  });

  it('leaves out contiguous segments and the milliseconds between them', () => {
    expect(
      videoGaps(range, [
        { fromMs: 0, toMs: 10_000 },
        { fromMs: 10_040, toMs: 20_000 },
      ]),
    ).toEqual([{ fromMs: 20_000, toMs: 100_000 }]);
  });

  it('finds the time between recordings and before and after them, merging overlaps', () => {
    expect(
      videoGaps(range, [
        { fromMs: 50_000, toMs: 70_000 },
        { fromMs: 10_000, toMs: 30_000 },
        { fromMs: 20_000, toMs: 40_000 },
      ]),
    ).toEqual([
      { fromMs: 0, toMs: 10_000 },
      { fromMs: 40_000, toMs: 50_000 },
      { fromMs: 70_000, toMs: 100_000 },
    ]);
  });

  it('clips segments reaching outside the range', () => {
    expect(videoGaps(range, [{ fromMs: -5_000, toMs: 200_000 }])).toEqual([]);
  });
});
