// Small planar geometry for placing labels and fitting the camera; at the size
// of a town, treating lon/lat as a plane is accurate enough for both.
export type LonLat = [number, number];
/** [[west, south], [east, north]], the shape MapLibre's fitBounds takes. */
export type Bounds = [LonLat, LonLat];
type Coordinates = number[] | Coordinates[];

function isPosition(coordinates: Coordinates): coordinates is number[] {
  return typeof coordinates[0] === 'number';
}

function eachPosition(coordinates: Coordinates, visit: (lon: number, lat: number) => void): void {
  if (isPosition(coordinates)) {
    const [lon, lat] = coordinates;
    if (lon !== undefined && lat !== undefined) visit(lon, lat);
    return;
  }
  for (const nested of coordinates) eachPosition(nested, visit);
}

/** The box around every position of the given geometries, or null when there are none. */
export function boundsOf(geometries: Iterable<{ coordinates: Coordinates }>): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    eachPosition(geometry.coordinates, (lon, lat) => {
      west = Math.min(west, lon);
      south = Math.min(south, lat);
      east = Math.max(east, lon);
      north = Math.max(north, lat);
    });
  }
  return west <= east
    ? [
        [west, south],
        [east, north],
      ]
    : null;
}

/** Where to put a polygon's label: the centroid of its outer ring (the box centre if degenerate). */
export function labelPoint(polygon: number[][][]): LonLat | null {
  const ring = polygon[0] ?? [];
  // Relative to the first vertex: products of raw lon/lat values cancel badly in floating point.
  const [originLon = 0, originLat = 0] = ring[0] ?? [];
  let twiceArea = 0;
  let lonSum = 0;
  let latSum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [lon0 = 0, lat0 = 0] = ring[i] ?? [];
    const [lon1 = 0, lat1 = 0] = ring[i + 1] ?? [];
    const x0 = lon0 - originLon;
    const y0 = lat0 - originLat;
    const x1 = lon1 - originLon;
    const y1 = lat1 - originLat;
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    lonSum += (x0 + x1) * cross;
    latSum += (y0 + y1) * cross;
  }
  if (Math.abs(twiceArea) > 1e-18) {
    return [originLon + lonSum / (3 * twiceArea), originLat + latSum / (3 * twiceArea)];
  }
  const box = boundsOf([{ coordinates: ring }]);
  return box ? [(box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2] : null;
}
