import { describe, expect, it } from 'vitest';
import { headingArrows, metresPerPixel, type OfficerFeature } from './officerFeatures';

const officer = (heading: number): OfficerFeature => ({
  type: 'Feature',
  id: 0,
  geometry: { type: 'Point', coordinates: [111.67, 40.82] },
  properties: { id: 'o1', status: 'available', heading, label: '001 Li', rank: 0 },
});

/** Metres east and north of the officer for a corner of the arrow. */
const offset = ([lon, lat]: [number, number]) => ({
  east: (lon - 111.67) * 111_320 * Math.cos((40.82 * Math.PI) / 180),
  north: (lat - 40.82) * 111_320,
});

describe('heading arrows', () => {
  it('points the way the officer is going, ahead of the dot, at the zoom it was made for', () => {
    const px = metresPerPixel(14, 40.82);
    const [east] = headingArrows([officer(90)], 14);
    const tipEast = offset(east!.geometry.coordinates[0]![0]!);
    expect(tipEast.east / px).toBeCloseTo(19, 5);
    expect(tipEast.north / px).toBeCloseTo(0, 5);

    const [north] = headingArrows([officer(0)], 16);
    const tipNorth = offset(north!.geometry.coordinates[0]![0]!);
    expect(tipNorth.north / metresPerPixel(16, 40.82)).toBeCloseTo(19, 5);
    // Four times smaller on the ground two zoom levels in, so the same size on screen.
    expect(tipNorth.north * 4).toBeCloseTo(tipEast.east, 5);
  });

  it('draws no arrow for an officer whose device reports no heading', () => {
    expect(headingArrows([officer(-1), officer(180)], 14).map((arrow) => arrow.properties.id)).toEqual([
      'o1',
    ]);
    expect(headingArrows([officer(-1)], 14)).toEqual([]);
  });
});
