import { describe, expect, it } from 'vitest';
import { boundsOf, labelPoint } from './geometry';

const square = (west: number, south: number, size: number) => [
  [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ],
];

describe('boundsOf', () => {
  it('covers polygons and multipolygons together', () => {
    const bounds = boundsOf([
      { coordinates: square(111.6, 40.8, 0.01) },
      { coordinates: [square(111.62, 40.79, 0.01), square(111.58, 40.81, 0.005)] },
    ]);
    const [[west, south], [east, north]] = bounds ?? [
      [NaN, NaN],
      [NaN, NaN],
    ];
    expect(west).toBeCloseTo(111.58, 9);
    expect(south).toBeCloseTo(40.79, 9);
    expect(east).toBeCloseTo(111.63, 9);
    expect(north).toBeCloseTo(40.815, 9);
  });

  it('returns null when there is nothing to fit', () => {
    expect(boundsOf([])).toBeNull();
  });
});

describe('labelPoint', () => {
  it('puts the label at the centre of a square cell', () => {
    const [lon, lat] = labelPoint(square(111.6, 40.8, 0.01)) ?? [];
    expect(lon).toBeCloseTo(111.605, 9);
    expect(lat).toBeCloseTo(40.805, 9);
  });

  it('is weighted by area, not by vertex count', () => {
    // An L-shape whose many vertices crowd one corner.
    const lShape = [
      [
        [0, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0.9, 2],
        [0.8, 2],
        [0.7, 2],
        [0, 2],
        [0, 0],
      ],
    ];
    const [lon, lat] = labelPoint(lShape) ?? [];
    expect(lon).toBeCloseTo(5 / 6, 9);
    expect(lat).toBeCloseTo(5 / 6, 9);
  });

  it('falls back to the box centre for a degenerate ring', () => {
    expect(
      labelPoint([
        [
          [1, 1],
          [3, 1],
          [1, 1],
        ],
      ]),
    ).toEqual([2, 1]);
  });
});
