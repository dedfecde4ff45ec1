// Great-circle distances on the WGS 84 mean-radius sphere (good to ~0.5 % for tracks).
import type { TrackPoints } from './track-points';

const EARTH_RADIUS_METRES = 6_371_008.8;
const RADIANS = Math.PI / 180;

export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLon = (lon2 - lon1) * RADIANS;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Metres travelled along the track. Segments inside a stop (both ends within its time span)
 * are GPS jitter around a standing officer, not travel, and are left out.
 */
export function trackDistance(
  points: TrackPoints,
  stops: ReadonlyArray<{ arrivedAtMs: number; leftAtMs: number }> = [],
): number {
  let total = 0;
  let stop = 0;
  for (let i = 1; i < points.length; i += 1) {
    const from = points.t[i - 1]!;
    while (stop < stops.length && stops[stop]!.leftAtMs < from) stop += 1;
    const within = stops[stop];
    if (within && within.arrivedAtMs <= from && points.t[i]! <= within.leftAtMs) continue;
    total += haversineMetres(points.lat[i - 1]!, points.lon[i - 1]!, points.lat[i]!, points.lon[i]!);
  }
  return total;
}
