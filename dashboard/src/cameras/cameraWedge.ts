// The wedge a fixed camera sees, as a GeoJSON polygon: from the camera out to its range, between
// bearing − fov/2 and bearing + fov/2. Metres become degrees on a local sphere around the camera,
// which is exact enough for the few hundred metres a street camera covers.

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_METRES = 6_371_008.8;
/** Degrees of arc per vertex: smooth at any zoom a street camera is looked at. */
const ARC_STEP_DEGREES = 5;

export interface CameraView {
  lon: number;
  lat: number;
  /** Degrees clockwise from north. */
  bearing: number;
  /** Horizontal field of view, degrees (360: all round). */
  fov: number;
  rangeMetres: number;
}

/** The point `metres` away from (lon, lat) towards `bearing` (degrees clockwise from north). */
export function offsetPoint(lon: number, lat: number, bearing: number, metres: number): [number, number] {
  const radians = (bearing * Math.PI) / 180;
  const north = metres * Math.cos(radians);
  const east = metres * Math.sin(radians);
  const dLat = (north / EARTH_RADIUS_METRES) * (180 / Math.PI);
  const dLon = (east / (EARTH_RADIUS_METRES * Math.cos((lat * Math.PI) / 180))) * (180 / Math.PI);
  return [lon + dLon, lat + dLat];
}

/**
 * The outer ring of the camera's wedge, closed, counter-clockwise as GeoJSON wants: the camera,
 * then the arc from the right edge round to the left edge, then the camera again. A view of 360°
 * is a disc around the camera.
 */
export function cameraWedge(view: CameraView): [number, number][] {
  const fov = Math.min(360, Math.max(0, view.fov));
  const steps = Math.max(2, Math.ceil(fov / ARC_STEP_DEGREES));
  const right = view.bearing + fov / 2;
  const arc: [number, number][] = [];
  // Bearings grow clockwise, so walking them downwards draws the arc counter-clockwise.
  for (let i = 0; i <= steps; i++) {
    arc.push(offsetPoint(view.lon, view.lat, right - (fov * i) / steps, view.rangeMetres));
  }
  if (fov >= 360) {
    arc[arc.length - 1] = arc[0]!; // the same bearing, 360° on: closed exactly, not to rounding
    return arc;
  }
  const apex: [number, number] = [view.lon, view.lat];
  return [apex, ...arc, apex];
}
