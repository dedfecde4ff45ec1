// The geometry of drawing and editing one grid cell on the map: the corners an administrator
// places and drags, and the closed GeoJSON polygon the server receives. Pure, no map involved.
import type { PolygonGeometry } from '@fcc/shared';
import type { LonLat } from '../map/geometry';

/** A polygon needs three corners; fewer is a line or a point. */
export const MIN_VERTICES = 3;

/** Seven decimals are about 1 cm, the precision the server stores and exports. */
const round = (degrees: number) => Math.round(degrees * 1e7) / 1e7;

/** The corners of a stored ring: the closing repeat of the first corner and any repeated corner dropped. */
export function ringVertices(ring: readonly (readonly number[])[]): LonLat[] {
  const vertices: LonLat[] = [];
  for (const [lon, lat] of ring) {
    if (lon === undefined || lat === undefined) continue;
    const previous = vertices.at(-1);
    if (previous && previous[0] === lon && previous[1] === lat) continue;
    vertices.push([lon, lat]);
  }
  const [first] = vertices;
  const last = vertices.at(-1);
  if (vertices.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) vertices.pop();
  return vertices;
}

/** The ring closed as GeoJSON wants it: the first corner repeated at the end. */
export function closedRing(vertices: readonly LonLat[]): LonLat[] {
  const [first] = vertices;
  return first ? [...vertices, first] : [];
}

/**
 * The cell's polygon from its corners (rounded to the server's precision), keeping the holes a
 * stored cell may have; null while there are too few corners for a polygon.
 */
export function cellPolygon(
  vertices: readonly LonLat[],
  holes: readonly (readonly LonLat[])[] = [],
): PolygonGeometry | null {
  const outer = ringVertices(vertices.map(([lon, lat]) => [round(lon), round(lat)]));
  if (outer.length < MIN_VERTICES) return null;
  return { type: 'Polygon', coordinates: [closedRing(outer), ...holes.map((hole) => [...hole])] };
}

/** The middle of each side: `result[i]` lies between corner i and the next one (the last side closes the ring). */
export function midpoints(vertices: readonly LonLat[]): LonLat[] {
  if (vertices.length < 2) return [];
  return vertices.map(([lon, lat], index) => {
    const [nextLon, nextLat] = vertices[(index + 1) % vertices.length]!;
    return [(lon + nextLon) / 2, (lat + nextLat) / 2];
  });
}

/** A new corner on side `side` (between corner `side` and the next); it becomes corner `side + 1`. */
export function insertVertex(vertices: readonly LonLat[], side: number, position: LonLat): LonLat[] {
  if (side < 0 || side >= vertices.length) return [...vertices];
  return [...vertices.slice(0, side + 1), position, ...vertices.slice(side + 1)];
}

/** Without corner `index`, unless that would leave fewer than three (then unchanged). */
export function removeVertex(vertices: readonly LonLat[], index: number): LonLat[] {
  if (vertices.length <= MIN_VERTICES || index < 0 || index >= vertices.length) return [...vertices];
  return vertices.filter((_, at) => at !== index);
}

export function moveVertex(vertices: readonly LonLat[], index: number, position: LonLat): LonLat[] {
  if (index < 0 || index >= vertices.length) return [...vertices];
  return vertices.map((vertex, at) => (at === index ? position : vertex));
}

/** Whether a point lies inside a ring (even-odd rule; a point on the border may go either way). */
export function pointInRing([x, y]: LonLat, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The first of the cells whose polygon (outside its holes) contains the point. */
export function cellAt<T extends { geometry: { coordinates: number[][][] } }>(
  point: LonLat,
  cells: Iterable<T>,
): T | null {
  for (const cell of cells) {
    const [outer, ...holes] = cell.geometry.coordinates;
    if (outer && pointInRing(point, outer) && !holes.some((hole) => pointInRing(point, hole))) return cell;
  }
  return null;
}

/**
 * A code for a new cell of the area: one more than the highest number its cells have, padded like
 * them ("XC-09" after "XC-08"; "XC-1" in an empty area).
 */
export function nextCellCode(areaCode: string, codes: Iterable<string>): string {
  const prefix = `${areaCode}-`;
  let highest = 0;
  let width = 1;
  for (const code of codes) {
    if (!code.startsWith(prefix)) continue;
    const digits = code.slice(prefix.length);
    if (!/^\d+$/.test(digits)) continue;
    highest = Math.max(highest, Number(digits));
    width = Math.max(width, digits.length);
  }
  return prefix + String(highest + 1).padStart(width, '0');
}

export interface ScreenPoint {
  x: number;
  y: number;
}

/** The index of the point nearest to `cursor` within `radius` pixels, or null when none is that close. */
export function nearestWithin(
  points: readonly ScreenPoint[],
  cursor: ScreenPoint,
  radius: number,
): number | null {
  let best: number | null = null;
  let bestDistance = radius;
  points.forEach((point, index) => {
    const distance = Math.hypot(point.x - cursor.x, point.y - cursor.y);
    if (distance <= bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
