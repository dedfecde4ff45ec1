// Geometry shared by the generator: distance on the Earth, the town's flat metric frame, plane vectors.
import { METRES_PER_DEGREE, round7, type LonLat } from '@fcc/shared';
import type { DemoTown } from './types';

export { haversineMetres, METRES_PER_DEGREE, round7 } from '@fcc/shared';

/** A point or vector in the plane: metres east and north in the town frame, or lattice units. */
export type Xy = [x: number, y: number];

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
