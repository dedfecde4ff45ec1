import { describe, expect, it } from 'vitest';
import { polygonShapeProblems, singlePolygon } from './grid-shape';

const square: number[][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

describe('polygonShapeProblems', () => {
  it('accepts a closed ring of four or more positions', () => {
    expect(polygonShapeProblems({ type: 'Polygon', coordinates: [square] })).toEqual([]);
  });

  it('names every problem, and the ring it is in', () => {
    const problems = polygonShapeProblems({
      type: 'Polygon',
      coordinates: [
        square.slice(0, 4),
        [
          [0.2, 0.2],
          [0.4, 0.2],
          [0.2, 95],
        ],
      ],
    });
    expect(problems).toEqual([
      "the polygon's outer ring is not closed (first point ≠ last)",
      'coordinate [0.2, 95] of the hole 1 is not a [lon, lat] in degrees',
      'the hole 1 has 3 positions; a closed ring needs at least 4',
    ]);
  });
});

describe('singlePolygon', () => {
  it('unwraps a MultiPolygon of one polygon and refuses one of two', () => {
    expect(singlePolygon({ type: 'MultiPolygon', coordinates: [[square]] })).toEqual({
      polygon: { type: 'Polygon', coordinates: [square] },
    });
    expect(singlePolygon({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toEqual({
      problem: 'the MultiPolygon holds 2 polygons; a grid cell is exactly one',
    });
  });
});
