// Geometry shared by the generator: distance on the Earth, the town's flat metric frame, plane vectors.
import type { LonLat } from '@fcc/shared';
import type { DemoTown } from './types';

/** A point or vector in the plane: metres east and north in the town frame, or lattice units. */
export type Xy = [x: number, y: number];

const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/** Great-circle distance on the mean Earth sphere. */
export function haversineMetres(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** About 1 cm: enough for a street map, and keeps the seeded JSON short. */
export const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export interface Frame {
  bounds: DemoTown['bounds'];
  /** Metres east and north of the town's south-west corner, to [lon, lat]. */
  toLonLat(x: number, y: number): LonLat;
}

/** A flat metric frame: at town scale the error is far below a metre. */
export function townFrame(centre: LonLat, side: number): Frame {
  const perLon = METRES_PER_DEGREE * Math.cos((centre[1] * Math.PI) / 180);
  const west = centre[0] - side / 2 / perLon;
  const south = centre[1] - side / 2 / METRES_PER_DEGREE;
  // The same expression for every point keeps shared corners bit-identical, so cells tile exactly.
  const lon = (x: number) => round7(west + x / perLon);
  const lat = (y: number) => round7(south + y / METRES_PER_DEGREE);
  return { bounds: [lon(0), lat(0), lon(side), lat(side)], toLonLat: (x, y) => [lon(x), lat(y)] };
}

export const cross = (a: Xy, b: Xy) => a[0] * b[1] - a[1] * b[0];
