import { describe, expect, it } from 'vitest';
import { cameraWedge, offsetPoint } from './cameraWedge';

const CAMERA = { lon: 111.6708, lat: 40.8183 };

/** Great-circle distance in metres (haversine), independent of the code under test. */
function metresBetween([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

/** Initial bearing from one point to another, degrees clockwise from north in [0, 360). */
function bearingBetween([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const y = Math.sin((lon2 - lon1) * rad) * Math.cos(lat2 * rad);
  const x =
    Math.cos(lat1 * rad) * Math.sin(lat2 * rad) -
    Math.sin(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos((lon2 - lon1) * rad);
  return (((Math.atan2(y, x) / rad) % 360) + 360) % 360;
}

/** Twice the signed area of a ring in lon/lat: positive when counter-clockwise. */
function signedArea(ring: [number, number][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    sum += (x0 - CAMERA.lon) * (y1 - CAMERA.lat) - (x1 - CAMERA.lon) * (y0 - CAMERA.lat);
  }
  return sum;
}

const angleGap = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

describe('cameraWedge', () => {
  it('starts and ends at the camera, with every arc vertex at the range and within the view', () => {
    const ring = cameraWedge({ ...CAMERA, bearing: 90, fov: 60, rangeMetres: 80 });
    expect(ring[0]).toEqual([CAMERA.lon, CAMERA.lat]);
    expect(ring.at(-1)).toEqual([CAMERA.lon, CAMERA.lat]);
    const arc = ring.slice(1, -1);
    expect(arc.length).toBeGreaterThanOrEqual(3);
    for (const vertex of arc) {
      expect(metresBetween([CAMERA.lon, CAMERA.lat], vertex)).toBeCloseTo(80, 0);
      expect(angleGap(bearingBetween([CAMERA.lon, CAMERA.lat], vertex), 90)).toBeLessThanOrEqual(30.01);
    }
    // The edges are the view's edges: 60° and 120° for a camera looking east with 60°.
    const edges = [arc[0]!, arc.at(-1)!].map((vertex) => bearingBetween([CAMERA.lon, CAMERA.lat], vertex));
    expect(edges.map((bearing) => Math.round(bearing)).sort()).toEqual([120, 60].sort());
  });

  it('points where the camera looks: its middle vertex lies on the bearing', () => {
    for (const bearing of [0, 45, 90, 180, 270, 359]) {
      const arc = cameraWedge({ ...CAMERA, bearing, fov: 40, rangeMetres: 150 }).slice(1, -1);
      const middle = arc[(arc.length - 1) / 2]!;
      expect(angleGap(bearingBetween([CAMERA.lon, CAMERA.lat], middle), bearing)).toBeLessThan(0.01);
    }
    // Looking north (bearing 0) the wedge is above the camera; looking east, to its right.
    const north = cameraWedge({ ...CAMERA, bearing: 0, fov: 40, rangeMetres: 150 });
    expect(Math.min(...north.slice(1, -1).map(([, lat]) => lat))).toBeGreaterThan(CAMERA.lat);
    const east = cameraWedge({ ...CAMERA, bearing: 90, fov: 40, rangeMetres: 150 });
    expect(Math.min(...east.slice(1, -1).map(([lon]) => lon))).toBeGreaterThan(CAMERA.lon);
  });

  it('spans north across 0° for a camera looking just west of north', () => {
    const arc = cameraWedge({ ...CAMERA, bearing: 350, fov: 40, rangeMetres: 100 }).slice(1, -1);
    const bearings = arc.map((vertex) => bearingBetween([CAMERA.lon, CAMERA.lat], vertex));
    expect(Math.round(bearings[0]!)).toBe(10); // the right edge, past north
    expect(Math.round(bearings.at(-1)!)).toBe(330);
    expect(arc.some(([lon]) => lon > CAMERA.lon) && arc.some(([lon]) => lon < CAMERA.lon)).toBe(true);
  });

  it('winds counter-clockwise, as GeoJSON asks of an outer ring', () => {
    for (const fov of [20, 60, 180, 300, 360]) {
      expect(signedArea(cameraWedge({ ...CAMERA, bearing: 200, fov, rangeMetres: 80 }))).toBeGreaterThan(0);
    }
  });

  it('draws a 360° camera as a closed disc around it, without the camera as a vertex', () => {
    const ring = cameraWedge({ ...CAMERA, bearing: 0, fov: 360, rangeMetres: 50 });
    expect(ring[0]).toEqual(ring.at(-1));
    expect(ring).not.toContainEqual([CAMERA.lon, CAMERA.lat]);
    for (const vertex of ring) expect(metresBetween([CAMERA.lon, CAMERA.lat], vertex)).toBeCloseTo(50, 0);
    expect(ring.length).toBeGreaterThan(60); // round, not a polygon with a few corners
  });

  it('covers the area of a circular sector', () => {
    // A 90° wedge of 100 m: π·100²/4 ≈ 7,854 m². Shoelace in local metres.
    const ring = cameraWedge({ ...CAMERA, bearing: 30, fov: 90, rangeMetres: 100 });
    const metres = ring.map(([lon, lat]) => [
      (lon - CAMERA.lon) * 111_320 * Math.cos((CAMERA.lat * Math.PI) / 180),
      (lat - CAMERA.lat) * 110_574,
    ]);
    let twice = 0;
    for (let i = 0; i + 1 < metres.length; i++) {
      twice += metres[i]![0]! * metres[i + 1]![1]! - metres[i + 1]![0]! * metres[i]![1]!;
    }
    expect(twice / 2).toBeGreaterThan(7_854 * 0.98);
    expect(twice / 2).toBeLessThan(7_854 * 1.01);
  });
});

describe('offsetPoint', () => {
  it('moves the given distance in the given direction', () => {
    const east = offsetPoint(CAMERA.lon, CAMERA.lat, 90, 1000);
    expect(metresBetween([CAMERA.lon, CAMERA.lat], east)).toBeCloseTo(1000, -1);
    expect(east[1]).toBeCloseTo(CAMERA.lat, 4);
    expect(east[0]).toBeGreaterThan(CAMERA.lon);
    const south = offsetPoint(CAMERA.lon, CAMERA.lat, 180, 1000);
    expect(south[0]).toBeCloseTo(CAMERA.lon, 9);
    expect(south[1]).toBeLessThan(CAMERA.lat);
  });
});
