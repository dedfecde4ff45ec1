// Stops: the officer stayed within R metres of where the stay began for at least M minutes.
// The run's centroid is the anchor (robust to GPS jitter); the stop is reported there.
import { haversineMetres } from './distance';
import type { TrackPoints } from './track-points';

export interface Stop {
  lat: number;
  lon: number;
  arrivedAtMs: number;
  leftAtMs: number;
}

export function detectStops(
  points: TrackPoints,
  { radiusMetres, minDurationMs }: { radiusMetres: number; minDurationMs: number },
): Stop[] {
  const stops: Stop[] = [];
  let start = 0;
  let sumLat = 0;
  let sumLon = 0;
  const close = (end: number) => {
    // The run is points[start..end-1].
    const count = end - start;
    if (count >= 2 && points.t[end - 1]! - points.t[start]! >= minDurationMs) {
      stops.push({
        lat: sumLat / count,
        lon: sumLon / count,
        arrivedAtMs: points.t[start]!,
        leftAtMs: points.t[end - 1]!,
      });
    }
  };
  for (let i = 0; i < points.length; i += 1) {
    const lat = points.lat[i]!;
    const lon = points.lon[i]!;
    const count = i - start;
    if (count > 0 && haversineMetres(sumLat / count, sumLon / count, lat, lon) > radiusMetres) {
      close(i);
      start = i;
      sumLat = 0;
      sumLon = 0;
    }
    sumLat += lat;
    sumLon += lon;
  }
  close(points.length);
  return stops;
}
