// A fix implying an impossible speed from the one before it is an outlier: kept, flagged,
// and neither drawn live nor used as the latest position.
import { haversineMetres } from '../tracks/distance';

export interface TimedPoint {
  timeMs: number;
  lat: number;
  lon: number;
}

/**
 * Marks outliers in fixes sorted by time. Each fix is compared with the last good one before
 * it (`previous` is the newest good stored fix older than the first). Fixes less than a second
 * apart are compared over one second, so GPS jitter between close fixes does not trip it.
 */
export function markOutliers(
  previous: TimedPoint | undefined,
  fixes: readonly TimedPoint[],
  maxSpeedMetresPerSecond: number,
): boolean[] {
  let lastGood = previous;
  return fixes.map((fix) => {
    if (!lastGood) {
      lastGood = fix;
      return false;
    }
    const seconds = Math.max(1, Math.abs(fix.timeMs - lastGood.timeMs) / 1000);
    const speed = haversineMetres(lastGood.lat, lastGood.lon, fix.lat, fix.lon) / seconds;
    if (speed > maxSpeedMetresPerSecond) return true;
    lastGood = fix;
    return false;
  });
}
