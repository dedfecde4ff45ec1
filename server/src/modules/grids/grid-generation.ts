// Planning a regular grid: the extent it covers, its squares, and the codes and names of its cells.
import { MAX_GENERATED_CELLS, type GridBbox, type GridGenerateBody, type PolygonGeometry } from '@fcc/shared';
import { BadRequestError } from '../../http/errors';
import { flatPolygon, polygonShapeProblems } from './grid-shape';

/** 7 decimals (about 1 cm), as cells are exported, so generated cells round-trip exactly. */
const COORDINATE_SCALE = 1e7;
/** Degrees: the grid PostGIS snaps clipped cells to. */
export const COORDINATE_PRECISION = 1 / COORDINATE_SCALE;
/** About 1 m: narrower squares come from a mistyped bbox, not from a useful grid. */
const MIN_SQUARE_SIDE_DEGREES = 1e-5;

export interface GridExtent {
  bbox: GridBbox;
  /** Clip the squares to this polygon; null for a plain rectangle. */
  clipTo: PolygonGeometry | null;
}

export interface GridSquare {
  /** 0 is the northernmost row. */
  row: number;
  /** 0 is the westernmost column. */
  column: number;
  polygon: PolygonGeometry;
}

/** What the request asks to cover, or a 400 saying what is wrong with it. */
export function generationExtent(body: GridGenerateBody): GridExtent {
  const cells = body.rows * body.columns;
  if (cells > MAX_GENERATED_CELLS) {
    throw new BadRequestError(
      `rows × columns is ${cells}; at most ${MAX_GENERATED_CELLS} cells can be generated at once.`,
    );
  }
  if (body.bbox && body.polygon) throw new BadRequestError('Give either bbox or polygon, not both.');
  if (!body.bbox && !body.polygon) {
    throw new BadRequestError('Give the extent to cover: bbox [west, south, east, north] or polygon.');
  }
  const extent = body.polygon ? polygonExtent(body.polygon) : { bbox: body.bbox!, clipTo: null };
  ensureUsableSquares(extent.bbox, body.rows, body.columns);
  return extent;
}

function polygonExtent(polygon: PolygonGeometry): GridExtent {
  const problems = polygonShapeProblems(polygon);
  if (problems.length > 0) throw new BadRequestError(`The polygon cannot be used: ${problems.join('; ')}.`);
  const flat = flatPolygon(polygon.coordinates);
  return { bbox: boundsOf(flat), clipTo: flat };
}

export function boundsOf(polygon: PolygonGeometry): GridBbox {
  const outer = polygon.coordinates[0]!;
  const lons = outer.map(([lon]) => lon!);
  const lats = outer.map(([, lat]) => lat!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function ensureUsableSquares([west, south, east, north]: GridBbox, rows: number, columns: number): void {
  if (west >= east) {
    throw new BadRequestError(
      `bbox west (${west}) must be less than east (${east}); grids across the antimeridian are not supported.`,
    );
  }
  if (south >= north) throw new BadRequestError(`bbox south (${south}) must be less than north (${north}).`);
  if ((east - west) / columns < MIN_SQUARE_SIDE_DEGREES || (north - south) / rows < MIN_SQUARE_SIDE_DEGREES) {
    throw new BadRequestError(
      `The squares would be smaller than ${MIN_SQUARE_SIDE_DEGREES}° (about 1 m) on a side; check the extent.`,
    );
  }
}

/** The squares row by row from the north-west; neighbours share their edge coordinates exactly. */
export function gridSquares(
  [west, south, east, north]: GridBbox,
  rows: number,
  columns: number,
): GridSquare[] {
  const lonAt = (column: number) => roundToPrecision(west + ((east - west) * column) / columns);
  const latAt = (row: number) => roundToPrecision(north - ((north - south) * row) / rows);
  const squares: GridSquare[] = [];
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const [w, e, n, s] = [lonAt(column), lonAt(column + 1), latAt(row), latAt(row + 1)];
      const ring = [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ];
      squares.push({ row, column, polygon: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return squares;
}

function roundToPrecision(degrees: number): number {
  return Math.round(degrees * COORDINATE_SCALE) / COORDINATE_SCALE;
}

/** `A-01` … `A-12`: numbered from 1, zero-padded to the width of the largest number. */
export function numberedCells(
  areaCode: string,
  namePrefix: string,
  count: number,
): { code: string; name: string }[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(width, '0');
    return { code: `${areaCode}-${number}`, name: `${namePrefix} ${number}` };
  });
}
