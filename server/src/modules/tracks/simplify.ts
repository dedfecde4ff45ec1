// Douglas–Peucker on a local flat projection, iterative so 86,400 points cannot overflow the stack.
import type { TrackPoints } from './track-points';

const METRES_PER_DEGREE = 111_320;

/**
 * About one screen pixel at a zoom: Web Mercator metres per pixel for the 512-px tiles of
 * MapLibre styles (156543.03 / 2 per 256-px pixel at zoom 0).
 */
export function toleranceForZoom(zoom: number, latitude: number): number {
  return (78_271.517 * Math.cos((latitude * Math.PI) / 180)) / 2 ** zoom;
}

/** Indices of the points kept, ascending; first and last always kept. Tolerance 0 keeps all. */
export function simplify(points: TrackPoints, toleranceMetres: number): Uint32Array {
  const n = points.length;
  if (n <= 2 || toleranceMetres <= 0) return Uint32Array.from({ length: n }, (_, i) => i);
  const xScale = METRES_PER_DEGREE * Math.cos((points.lat[0]! * Math.PI) / 180);
  const x = (i: number) => points.lon[i]! * xScale;
  const y = (i: number) => points.lat[i]! * METRES_PER_DEGREE;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tolerance2 = toleranceMetres * toleranceMetres;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const [x1, y1, x2, y2] = [x(first), y(first), x(last), y(last)];
    const dx = x2 - x1;
    const dy = y2 - y1;
    const length2 = dx * dx + dy * dy;
    let farthest = -1;
    let farthest2 = tolerance2;
    for (let i = first + 1; i < last; i += 1) {
      const px = x(i) - x1;
      const py = y(i) - y1;
      // Distance to the segment (to its nearer end beyond the segment's span).
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
    stack.push(first, farthest, farthest, last);
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i += 1) if (keep[i]) kept.push(i);
  return Uint32Array.from(kept);
}
