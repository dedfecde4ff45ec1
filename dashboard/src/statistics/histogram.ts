// Where a percentile falls on a histogram whose buckets are drawn the same width although they
// span different lengths of time (1 min … 8 h): inside its bucket, linearly.
import type { HistogramBucket } from '@fcc/shared';

/** Position from 0 (left edge) to buckets.length (right edge); the open last bucket takes its middle. */
export function bucketPosition(seconds: number, buckets: readonly HistogramBucket[]): number {
  for (let index = 0; index < buckets.length; index += 1) {
    const { fromSeconds, toSeconds } = buckets[index]!;
    if (toSeconds === null) return index + 0.5;
    if (seconds < toSeconds) return index + Math.max(0, (seconds - fromSeconds) / (toSeconds - fromSeconds));
  }
  return buckets.length;
}

/** "<1m", "5–10m", "1–2h", "≥8h": short labels for bucket edges. */
export function bucketLabel(bucket: HistogramBucket): string {
  const short = (seconds: number) => (seconds < 3600 ? `${seconds / 60}m` : `${seconds / 3600}h`);
  if (bucket.toSeconds === null) return `≥${short(bucket.fromSeconds)}`;
  if (bucket.fromSeconds === 0) return `<${short(bucket.toSeconds)}`;
  const from = short(bucket.fromSeconds);
  const to = short(bucket.toSeconds);
  return from.slice(-1) === to.slice(-1) ? `${from.slice(0, -1)}–${to}` : `${from}–${to}`;
}

/** 95 → "1m 35s", 5400 → "1h 30m". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
