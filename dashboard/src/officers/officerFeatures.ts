// Officers as GeoJSON points for the map: one feature per officer with a known position,
// carrying what the layers style by (status, heading, label). Built once per frame at most.
import type { LivePosition, Officer } from '@fcc/shared';
import { mapStatusOf, MAP_STATUSES, type MapStatus, type StatusContext } from './officerStatus';

export interface OfficerFeatureProperties {
  id: string;
  status: MapStatus;
  /** Degrees from north, or -1 when the device reports none (then no arrow is drawn). */
  heading: number;
  label: string;
  /** Lower draws on top: SOS above all, then the rest by how much they need attention. */
  rank: number;
}

export interface OfficerFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: OfficerFeatureProperties;
}

const RANK: Record<MapStatus, number> = Object.fromEntries(
  MAP_STATUSES.map((status, i) => [status, i]),
) as Record<MapStatus, number>;

export function officerFeatures(
  positions: Readonly<Record<string, LivePosition>>,
  officers: Readonly<Record<string, Officer>>,
  context: StatusContext,
): OfficerFeature[] {
  const features: OfficerFeature[] = [];
  let index = 0;
  for (const officerId in positions) {
    const position = positions[officerId]!;
    const officer = officers[officerId];
    const status = mapStatusOf(officer, position, context, officerId);
    features.push({
      type: 'Feature',
      // Numeric ids let MapLibre keep feature state across setData; the index is stable enough
      // within one build and nothing relies on it across builds.
      id: index++,
      geometry: { type: 'Point', coordinates: [position.lon, position.lat] },
      properties: {
        id: officerId,
        status,
        heading: position.heading ?? -1,
        label: officer ? `${officer.badgeNo} ${officer.name}` : officerId.slice(0, 8),
        rank: RANK[status],
      },
    });
  }
  return features;
}

/** How many officers are in each status: for the legend, which shows the whole fleet at a glance. */
export function countByStatus(features: readonly OfficerFeature[]): Record<MapStatus, number> {
  const counts = Object.fromEntries(MAP_STATUSES.map((status) => [status, 0])) as Record<MapStatus, number>;
  for (const feature of features) counts[feature.properties.status] += 1;
  return counts;
}

export interface HeadingArrowFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  properties: { id: string };
}

/** The arrow in screen pixels from the officer's position: ahead of the dot, 11 px wide. */
const ARROW_TIP_PX = 19;
const ARROW_BASE_PX = 10.5;
const ARROW_HALF_WIDTH_PX = 5.5;
const METRES_PER_DEGREE = 111_320;

/** Metres per screen pixel at a zoom and latitude (Web Mercator, 512 px tiles). */
export function metresPerPixel(zoom: number, lat: number): number {
  return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/**
 * Heading arrows as small triangles on the ground, sized for `zoom`: a fill layer draws them with
 * no symbol placement, which for thousands of rotated icons cost MapLibre ~80 ms a frame.
 */
export function headingArrows(features: readonly OfficerFeature[], zoom: number): HeadingArrowFeature[] {
  const arrows: HeadingArrowFeature[] = [];
  for (const feature of features) {
    const heading = feature.properties.heading;
    if (heading < 0) continue;
    const [lon, lat] = feature.geometry.coordinates;
    const scale = metresPerPixel(zoom, lat);
    const sin = Math.sin((heading * Math.PI) / 180);
    const cos = Math.cos((heading * Math.PI) / 180);
    const degLat = scale / METRES_PER_DEGREE;
    const degLon = scale / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
    // `ahead` along the heading (clockwise from north), `side` to its right, in pixels.
    const at = (ahead: number, side: number): [number, number] => [
      lon + (ahead * sin + side * cos) * degLon,
      lat + (ahead * cos - side * sin) * degLat,
    ];
    const tip = at(ARROW_TIP_PX, 0);
    arrows.push({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [tip, at(ARROW_BASE_PX, ARROW_HALF_WIDTH_PX), at(ARROW_BASE_PX, -ARROW_HALF_WIDTH_PX), tip],
        ],
      },
      properties: { id: feature.properties.id },
    });
  }
  return arrows;
}
