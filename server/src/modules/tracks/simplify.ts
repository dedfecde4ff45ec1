// Douglas–Peucker line simplification for drawing a track at a map zoom. Iterative with an
// explicit stack, so a day at 1 Hz (86,400 points) cannot overflow the call stack.
import type { TrackPoints } from './track-points';

/** Metres per degree of latitude on the mean-radius sphere (and of longitude at the equator). */
const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;
/** Web Mercator metres per pixel at zoom 0 on the equator for 512-px tiles (156,543.03 / 2). */
const METRES_PER_PIXEL_Z0 = 156_543.03 / 2;

/**
 * About one screen pixel, in metres, at a map zoom and latitude: closer points cannot be told
 * apart on screen. MapLibre styles use 512-px tiles, so zoom z draws 512·2^z pixels around the
 * world (half the metres per pixel of the classic 256-px scheme). No zoom means "keep every
 * point" (0), for exports and analysis.
 */
export function toleranceForZoom(zoom: number | undefined, latitude: number): number {
  if (zoom === undefined) return 0;
  return (METRES_PER_PIXEL_Z0 * Math.cos((latitude * Math.PI) / 180)) / 2 ** zoom;
}

/**
 * Douglas–Peucker runs on windows of at most this many fixes (about an hour at 1 Hz), whose
 * ends are always kept. On a beat walked round and round, each pass over a whole day would
 * peel off only one loop, so a day costs passes × loops; windows bound that, for at most one
 * extra point per window.
 */
const WINDOW = 4096;

/**
 * Indices of the points to keep, ascending; first and last are always kept, and a tolerance
 * of 0 (or less) keeps every point. Distances are in metres on an equirectangular projection
 * centred on the track (good to well under 1 % across a city).
 *
 * A point's distance is measured to the segment, not to the infinite line through its ends,
 * so a patrol that doubles back on itself keeps its turning point.
 */
export function simplify(points: TrackPoints, toleranceMetres: number): Uint32Array {
  const n = points.length;
  if (n <= 2 || !(toleranceMetres > 0)) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i += 1) all[i] = i;
    return all;
  }
  const { x, y } = project(points);
  const keep = new Uint8Array(n);
  const tolerance2 = toleranceMetres * toleranceMetres;
  const stack: number[] = [];
  for (let start = 0; start < n - 1; start += WINDOW) {
    keep[start] = 1;
    stack.push(start, Math.min(start + WINDOW, n - 1));
  }
  keep[n - 1] = 1;
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const x1 = x[first]!;
    const y1 = y[first]!;
    const dx = x[last]! - x1;
    const dy = y[last]! - y1;
    const length2 = dx * dx + dy * dy;
    let farthest = -1;
    let farthest2 = tolerance2;
    for (let i = first + 1; i < last; i += 1) {
      const px = x[i]! - x1;
      const py = y[i]! - y1;
      const along = length2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
      const ex = px - along * dx;
      const ey = py - along * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 > farthest2) {
        farthest2 = d2;
        farthest = i;
      }
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    if (farthest - first > 1) stack.push(first, farthest);
    if (last - farthest > 1) stack.push(farthest, last);
  }
  let kept = 0;
  for (let i = 0; i < n; i += 1) kept += keep[i]!;
  const indices = new Uint32Array(kept);
  for (let i = 0, k = 0; i < n; i += 1) if (keep[i]) indices[k++] = i;
  return indices;
}

/**
 * Metres east and north of the first point. The scale of longitude is taken at the middle of
 * the track's latitude span, and longitude differences are wrapped so a track crossing the
 * antimeridian stays continuous.
 */
function project(points: TrackPoints): { x: Float64Array; y: Float64Array } {
  const n = points.length;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const lat = points.lat[i]!;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  const xScale = METRES_PER_DEGREE * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const lon0 = points.lon[0]!;
  const lat0 = points.lat[0]!;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let dLon = points.lon[i]! - lon0;
    if (dLon > 180) dLon -= 360;
    else if (dLon < -180) dLon += 360;
    x[i] = dLon * xScale;
    y[i] = (points.lat[i]! - lat0) * METRES_PER_DEGREE;
  }
  return { x, y };
}
