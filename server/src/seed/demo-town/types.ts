// The demo town's public shapes: its options, and the areas, cells, streets and staff it generates.
import type { LonLat } from '@fcc/shared';

export interface DemoTownOptions {
  centre: LonLat;
  areaKm2: number;
  /** Grid cells (网格), laid out as the most square-celled rows × cols grid with exactly this many. */
  cellCount: number;
  /** Grid areas (片区): contiguous runs of cells whose sizes differ by at most one. */
  areaCount: number;
  officersPerArea: number;
  seed: number;
  townName?: string;
}

export interface DemoArea {
  code: string;
  name: string;
  /** MultiPolygon coordinates: the union of the area's cells, outer rings counter-clockwise. */
  polygon: LonLat[][][];
}
export interface DemoCell {
  code: string;
  name: string;
  areaCode: string;
  /** Polygon coordinates: one closed counter-clockwise ring. */
  polygon: LonLat[][];
}
export type StreetKind = 'main' | 'street' | 'lane';
export interface DemoStreet {
  name: string;
  kind: StreetKind;
  coordinates: LonLat[];
}
export interface DemoOfficer {
  badgeNo: string;
  name: string;
  areaCode: string;
}
export interface DemoDevice {
  uniqueId: string;
  kind: 'bodycam' | 'phone';
  name: string;
  officerBadgeNo: string;
}
export interface DemoTown {
  townName: string;
  bounds: [west: number, south: number, east: number, north: number];
  areas: DemoArea[];
  cells: DemoCell[];
  streets: DemoStreet[];
  officers: DemoOfficer[];
  devices: DemoDevice[];
}
