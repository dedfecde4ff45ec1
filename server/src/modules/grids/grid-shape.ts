// Checks on a polygon's rings that need no database: ring length, closure and
// coordinate ranges. They run first so that PostGIS only parses polygons it can read.
import type { GridFileFeature, PolygonGeometry } from '@fcc/shared';

type Ring = PolygonGeometry['coordinates'][number];

/** What is wrong with the rings of a polygon, in words; empty when PostGIS can read it. */
export function polygonShapeProblems(polygon: PolygonGeometry): string[] {
  return polygon.coordinates.flatMap((ring, index) =>
    ringProblems(ring, index === 0 ? 'outer ring' : `hole ${index}`),
  );
}

function ringProblems(ring: Ring, label: string): string[] {
  const problems: string[] = [];
  const outOfRange = ring.find(([lon, lat]) => !(Math.abs(lon!) <= 180 && Math.abs(lat!) <= 90));
  if (outOfRange) {
    problems.push(`coordinate [${outOfRange.join(', ')}] of the ${label} is not a [lon, lat] in degrees`);
  }
  if (ring.length < 4) {
    problems.push(`the ${label} has ${ring.length} positions; a closed ring needs at least 4`);
  } else if (!samePoint(ring[0]!, ring[ring.length - 1]!)) {
    problems.push(`the polygon's ${label} is not closed (first point ≠ last)`);
  }
  return problems;
}

function samePoint(a: number[], b: number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/**
 * The one polygon of a file feature, flattened to [lon, lat] (the cell column is 2D),
 * or why the feature is not one polygon.
 */
export function singlePolygon(
  geometry: GridFileFeature['geometry'],
): { polygon: PolygonGeometry } | { problem: string } {
  if (geometry.type === 'Polygon') return { polygon: flatPolygon(geometry.coordinates) };
  if (geometry.coordinates.length !== 1) {
    return {
      problem: `the MultiPolygon holds ${geometry.coordinates.length} polygons; a grid cell is exactly one`,
    };
  }
  return { polygon: flatPolygon(geometry.coordinates[0]!) };
}

export function flatPolygon(rings: Ring[]): PolygonGeometry {
  return { type: 'Polygon', coordinates: rings.map((ring) => ring.map(([lon, lat]) => [lon!, lat!])) };
}
