import { describe, expect, it } from 'vitest';
import { boundsOf, generationExtent, gridSquares, numberedCells } from './grid-generation';

describe('gridSquares', () => {
  it('runs row by row from the north-west, neighbours sharing their edges exactly', () => {
    const squares = gridSquares([111.7, 40.8, 111.73, 40.82], 2, 3);
    expect(squares.map(({ row, column }) => [row, column])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    const [northWest, northMiddle] = [squares[0]!, squares[1]!].map((square) => boundsOf(square.polygon));
    expect(northWest).toEqual([111.7, 40.81, 111.71, 40.82]);
    expect(northMiddle![0]).toBe(northWest![2]);
    expect(boundsOf(squares[5]!.polygon)).toEqual([111.72, 40.8, 111.73, 40.81]);
  });

  it('rounds corners to 7 decimals, as the export writes them', () => {
    const [first] = gridSquares([0, 0, 1, 1], 3, 3);
    expect(boundsOf(first!.polygon)).toEqual([0, 0.6666667, 0.3333333, 1]);
  });
});

describe('numberedCells', () => {
  it('pads every number to the width of the largest', () => {
    const cells = numberedCells('A', 'North', 12);
    expect(cells[0]).toEqual({ code: 'A-01', name: 'North 01' });
    expect(cells[11]).toEqual({ code: 'A-12', name: 'North 12' });
    expect(numberedCells('B', 'B', 9).at(-1)!.code).toBe('B-9');
    expect(numberedCells('C', 'C', 100)[0]!.code).toBe('C-001');
  });
});

describe('generationExtent', () => {
  const base = { area: { code: 'A', name: 'A' }, rows: 2, columns: 2 };

  it('takes a polygon as its bounding box, clipped to the polygon', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [1, 1, 12],
          [3, 1, 12],
          [1, 2, 12],
          [1, 1, 12],
        ],
      ],
    };
    const extent = generationExtent({ ...base, polygon });
    expect(extent.bbox).toEqual([1, 1, 3, 2]);
    expect(extent.clipTo!.coordinates[0]![0]).toEqual([1, 1]); // altitude dropped: cells are 2D
  });

  it('refuses squares under about a metre wide', () => {
    expect(() => generationExtent({ ...base, bbox: [1, 1, 1.00001, 2] })).toThrow(/smaller than/);
  });
});
