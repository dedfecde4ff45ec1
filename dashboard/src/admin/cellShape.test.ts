import { describe, expect, it } from 'vitest';
import type { LonLat } from '../map/geometry';
import {
  cellAt,
  cellPolygon,
  closedRing,
  insertVertex,
  midpoints,
  moveVertex,
  nearestWithin,
  nextCellCode,
  removeVertex,
  ringVertices,
} from './cellShape';

const square: LonLat[] = [
  [111.6, 40.8],
  [111.61, 40.8],
  [111.61, 40.81],
  [111.6, 40.81],
];

describe('rings and polygons', () => {
  it('reads the corners of a stored ring without its closing repeat', () => {
    expect(ringVertices(closedRing(square))).toEqual(square);
  });

  it('drops a corner placed twice in a row (the second click of a double-click)', () => {
    expect(ringVertices([square[0]!, square[1]!, square[1]!, square[2]!, square[0]!])).toEqual(
      square.slice(0, 3),
    );
  });

  it('closes the ring and rounds to the server’s 7 decimals', () => {
    const polygon = cellPolygon([
      [111.600000012, 40.8],
      [111.61, 40.80000004],
      [111.61, 40.81],
    ]);
    expect(polygon).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [111.6, 40.8],
          [111.61, 40.8],
          [111.61, 40.81],
          [111.6, 40.8],
        ],
      ],
    });
  });

  it('is no polygon with fewer than three distinct corners', () => {
    expect(cellPolygon(square.slice(0, 2))).toBeNull();
    expect(cellPolygon([square[0]!, square[1]!, [111.61, 40.80000000001]])).toBeNull();
  });

  it('keeps the holes of a stored cell', () => {
    const hole = closedRing([
      [111.602, 40.802],
      [111.604, 40.802],
      [111.604, 40.804],
    ]);
    expect(cellPolygon(square, [hole])?.coordinates).toEqual([closedRing(square), hole]);
  });
});

describe('editing corners', () => {
  it('puts a midpoint on every side, the closing side included', () => {
    const middles = midpoints(square);
    expect(middles).toHaveLength(4);
    expect(middles[0]![0]).toBeCloseTo(111.605, 9);
    expect(middles[0]![1]).toBeCloseTo(40.8, 9);
    expect(middles[3]![0]).toBeCloseTo(111.6, 9); // from the last corner back to the first
    expect(middles[3]![1]).toBeCloseTo(40.805, 9);
    expect(midpoints(square.slice(0, 1))).toEqual([]);
  });

  it('inserts a corner after the side’s first corner, also on the closing side', () => {
    const inserted = insertVertex(square, 1, [111.62, 40.805]);
    expect(inserted).toEqual([square[0], square[1], [111.62, 40.805], square[2], square[3]]);
    expect(insertVertex(square, 3, [111.59, 40.805]).at(-1)).toEqual([111.59, 40.805]);
    expect(insertVertex(square, 4, [0, 0])).toEqual(square);
  });

  it('removes a corner but never goes below three', () => {
    const triangle = removeVertex(square, 2);
    expect(triangle).toEqual([square[0], square[1], square[3]]);
    expect(removeVertex(triangle, 0)).toEqual(triangle);
    expect(removeVertex(square, 7)).toEqual(square);
  });

  it('moves one corner and leaves the others', () => {
    expect(moveVertex(square, 2, [111.62, 40.82])).toEqual([
      square[0],
      square[1],
      [111.62, 40.82],
      square[3],
    ]);
    expect(moveVertex(square, -1, [0, 0])).toEqual(square);
  });

  it('does not change the array it was given', () => {
    const copy = structuredClone(square);
    insertVertex(square, 0, [1, 1]);
    removeVertex(square, 0);
    moveVertex(square, 0, [1, 1]);
    expect(square).toEqual(copy);
  });
});

describe('finding what is under the pointer', () => {
  const cell = (id: string, ring: LonLat[], holes: LonLat[][] = []) => ({
    id,
    geometry: { coordinates: [closedRing(ring), ...holes.map(closedRing)] },
  });
  const west = cell('west', square);
  const east = cell(
    'east',
    square.map(([lon, lat]) => [lon + 0.01, lat]),
    [
      [
        [111.613, 40.803],
        [111.617, 40.803],
        [111.617, 40.807],
        [111.613, 40.807],
      ],
    ],
  );

  it('finds the cell containing a point, and none outside or in a hole', () => {
    expect(cellAt([111.605, 40.805], [west, east])?.id).toBe('west');
    expect(cellAt([111.619, 40.809], [west, east])?.id).toBe('east');
    expect(cellAt([111.615, 40.805], [west, east])).toBeNull();
    expect(cellAt([111.63, 40.805], [west, east])).toBeNull();
  });

  it('picks the nearest handle within the radius', () => {
    const handles = [
      { x: 100, y: 100 },
      { x: 108, y: 100 },
    ];
    expect(nearestWithin(handles, { x: 105, y: 100 }, 8)).toBe(1);
    expect(nearestWithin(handles, { x: 100, y: 109 }, 8)).toBeNull();
  });
});

describe('the code of a new cell', () => {
  it('follows the highest number of the area, padded like it', () => {
    expect(nextCellCode('XC', ['XC-01', 'XC-08', 'XC-03', 'DC-12', 'XC-A'])).toBe('XC-09');
    expect(nextCellCode('XC', ['XC-09'])).toBe('XC-10');
    expect(nextCellCode('XC', [])).toBe('XC-1');
    expect(nextCellCode('150102001', ['150102001-027'])).toBe('150102001-028');
  });
});
