// Where a replay has no video: the parts of the range that no segment covers. Segments of one
// recording follow each other, but recordings of one officer can overlap (two devices) or leave
// time between them, and a publisher drop leaves time missing inside a recording.

export interface Interval {
  fromMs: number;
  toMs: number;
}

/** Gaps shorter than this are the milliseconds between one segment's end and the next's start. */
export const MIN_GAP_MS = 500;

export function videoGaps(range: Interval, covered: readonly Interval[]): Interval[] {
  const sorted = covered
    .map((interval) => ({
      fromMs: Math.max(interval.fromMs, range.fromMs),
      toMs: Math.min(interval.toMs, range.toMs),
    }))
    .filter((interval) => interval.toMs > interval.fromMs)
    .sort((a, b) => a.fromMs - b.fromMs);
  const gaps: Interval[] = [];
  let cursor = range.fromMs;
  for (const interval of sorted) {
    if (interval.fromMs - cursor >= MIN_GAP_MS) gaps.push({ fromMs: cursor, toMs: interval.fromMs });
    cursor = Math.max(cursor, interval.toMs);
  }
  if (range.toMs - cursor >= MIN_GAP_MS) gaps.push({ fromMs: cursor, toMs: range.toMs });
  return gaps;
}
