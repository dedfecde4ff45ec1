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
