// Stops: where an officer stayed within a radius for at least a minimum time.
import type { TrackPoints } from './track-points';

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

export interface Stop {
  /** Centroid of the fixes in the stop. */
  lat: number;
  lon: number;
  /** Time of the first and last fix in the stop. */
  arrivedAtMs: number;
  leftAtMs: number;
}

export interface StopOptions {
  radiusMetres: number;
  minDurationMs: number;
}

/**
 * Finds stops in one pass. A run of consecutive fixes grows while each new fix lies within
 * `radiusMetres` of the run's running centroid; the first fix outside ends the run and starts
 * the next. The centroid, not the run's first fix, is the anchor: with the first fix as anchor
 * a jittery first fix (5–10 m off) shrinks the radius on one side and splits a stop in two.
 *
 * Because the centroid moves as the run grows, a run can begin with a few fixes of the walk
 * in, up to twice the radius before the stop; those farther than the radius from the final
 * centroid are trimmed off both ends before the duration is checked. A stop then includes the
 * walk through its radius on either side, as any radius rule does.
 *
 * Each fix is visited once by the scan and at most once more when its run is trimmed or
 * averaged, so the time is linear in the number of fixes. Within a stop's radius the earth is
 * flat: distances are equirectangular (exact to millimetres at 100 m), which is several times
 * cheaper than haversine over a day of fixes.
 */
export function detectStops(points: TrackPoints, { radiusMetres, minDurationMs }: StopOptions): Stop[] {
  const { lat, lon, t, length } = points;
  const stops: Stop[] = [];
  const radius2 = radiusMetres * radiusMetres;
  /** Squared metres from (cLat, cLon) to fix i; `lonMetres` is metres per degree of longitude there. */
  const distance2 = (cLat: number, cLon: number, lonMetres: number, i: number) => {
    const dx = (lon[i]! - cLon) * lonMetres;
    const dy = (lat[i]! - cLat) * METRES_PER_DEGREE;
    return dx * dx + dy * dy;
  };
  const lonMetresAt = (latitude: number) => METRES_PER_DEGREE * Math.cos((latitude * Math.PI) / 180);

  /** Reports points[start..end-1] if, trimmed, it is long enough to be a stop. */
  const close = (start: number, end: number, sumLat: number, sumLon: number) => {
    let first = start;
    let last = end - 1;
    // Trimming only shortens a run, so a run too short untrimmed is not worth trimming.
    if (last <= first || t[last]! - t[first]! < minDurationMs) return;
    const centreLat = lat[start]! + sumLat / (end - start);
    const centreLon = lon[start]! + sumLon / (end - start);
    const lonMetres = lonMetresAt(centreLat);
    const outside = (i: number) => distance2(centreLat, centreLon, lonMetres, i) > radius2;
    while (first < last && outside(first)) first += 1;
    while (last > first && outside(last)) last -= 1;
    if (last <= first || t[last]! - t[first]! < minDurationMs) return;
    let stopLat = 0;
    let stopLon = 0;
    for (let i = first; i <= last; i += 1) {
      stopLat += lat[i]! - lat[first]!;
      stopLon += lon[i]! - lon[first]!;
    }
    const count = last - first + 1;
    stops.push({
      lat: lat[first]! + stopLat / count,
      lon: lon[first]! + stopLon / count,
      arrivedAtMs: t[first]!,
      leftAtMs: t[last]!,
    });
  };

  // Sums are of offsets from the run's first fix: exact for a fix repeated, and no precision
  // lost adding thousands of values near 40 or 111.
  let start = 0;
  let sumLat = 0;
  let sumLon = 0;
  let lonMetres = length > 0 ? lonMetresAt(lat[0]!) : 0;
  for (let i = 0; i < length; i += 1) {
    const count = i - start;
    if (
      count > 0 &&
      distance2(lat[start]! + sumLat / count, lon[start]! + sumLon / count, lonMetres, i) > radius2
    ) {
      close(start, i, sumLat, sumLon);
      start = i;
      sumLat = 0;
      sumLon = 0;
      lonMetres = lonMetresAt(lat[i]!);
    }
    sumLat += lat[i]! - lat[start]!;
    sumLon += lon[i]! - lon[start]!;
  }
  close(start, length, sumLat, sumLon);
  return stops;
}
