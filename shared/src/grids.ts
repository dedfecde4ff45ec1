// Grid areas (片区) and the grid cells (网格) they are divided into.
import { Type, type Static } from 'typebox';
import { Feature, FeatureCollection, MultiPolygonGeometry, PolygonGeometry, Position } from './geojson';
import { ErrorResponse } from './errors';
import { Id } from './roles';

export const GridAreaProperties = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
});
export const GridAreaFeature = Feature(MultiPolygonGeometry, GridAreaProperties);
export const GridAreaCollection = FeatureCollection(GridAreaFeature);
export type GridAreaCollection = Static<typeof GridAreaCollection>;

export const GridCellProperties = Type.Object({
  id: Id,
  code: Type.String({ description: 'Hierarchical code: the area code, a dash, the cell number' }),
  name: Type.String(),
  areaId: Id,
  areaCode: Type.String(),
});
export const GridCellFeature = Feature(PolygonGeometry, GridCellProperties);
export const GridCellCollection = FeatureCollection(GridCellFeature);
export type GridCellCollection = Static<typeof GridCellCollection>;
export type GridCellFeature = Static<typeof GridCellFeature>;

const GridAreaCode = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: '^[A-Za-z0-9]+$',
  description: 'Area code: letters and digits, e.g. "XC"',
});
const GridCellCode = Type.String({
  minLength: 1,
  maxLength: 48,
  pattern: '^[A-Za-z0-9-]+$',
  description: 'Cell code: the area code, a dash and the cell number, e.g. "XC-07"',
});
const GridName = Type.String({ minLength: 1, maxLength: 100 });

export const GridAreaCreateBody = Type.Object(
  { code: GridAreaCode, name: GridName },
  { additionalProperties: false },
);
export type GridAreaCreateBody = Static<typeof GridAreaCreateBody>;

export const GridCellCreateBody = Type.Object(
  {
    areaId: Id,
    code: GridCellCode,
    name: GridName,
    geometry: PolygonGeometry,
  },
  { additionalProperties: false },
);
export type GridCellCreateBody = Static<typeof GridCellCreateBody>;

export const GridCellUpdateBody = Type.Object(
  {
    code: Type.Optional(GridCellCode),
    name: Type.Optional(GridName),
    areaId: Type.Optional(Id),
    geometry: Type.Optional(PolygonGeometry),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      'The fields to change. Refused with 409 if the code is taken or the new shape would overlap another ' +
      'cell, 404 if the area does not exist; nothing is changed then.',
  },
);
export type GridCellUpdateBody = Static<typeof GridCellUpdateBody>;

// ── bulk generation ──────────────────────────────────────────────────────────

export const MAX_GRID_SIDE = 100;
export const MAX_GENERATED_CELLS = 2500;
/** A clipped piece smaller than this fraction of a full grid square is merged into a neighbour. */
export const MIN_CLIPPED_CELL_FRACTION = 0.1;

const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });

export const GridBbox = Type.Tuple([Longitude, Latitude, Longitude, Latitude], {
  description: '[west, south, east, north] in degrees (WGS 84)',
});
export type GridBbox = Static<typeof GridBbox>;

export const GridGenerateBody = Type.Object(
  {
    area: Type.Union(
      [
        Type.Object({ areaId: Id }, { additionalProperties: false, description: 'An existing area' }),
        Type.Object(
          { code: GridAreaCode, name: GridName },
          { additionalProperties: false, description: 'A new area, created together with its cells' },
        ),
      ],
      {
        description:
          'The area the cells belong to: { areaId } of an existing one, or { code, name } of a new one',
      },
    ),
    bbox: Type.Optional(GridBbox),
    polygon: Type.Optional(PolygonGeometry),
    rows: Type.Integer({ minimum: 1, maximum: MAX_GRID_SIDE, description: 'Squares from north to south' }),
    columns: Type.Integer({ minimum: 1, maximum: MAX_GRID_SIDE, description: 'Squares from west to east' }),
    namePrefix: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 80,
        description:
          'Cell names are the prefix and the cell number, e.g. "North 07"; the area name by default',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      `A regular rows × columns grid (at most ${MAX_GENERATED_CELLS} cells) over either a bbox or a polygon; ` +
      "give exactly one. Over a polygon the grid spans the polygon's bounding box, each square is clipped to " +
      'the polygon and squares outside it are dropped; a clipped piece smaller than ' +
      `${MIN_CLIPPED_CELL_FRACTION * 100} % of a full square is merged into the neighbouring cell it shares the ` +
      'longest border with (kept as its own cell when it borders none), so the cells cover the polygon exactly. ' +
      'Cells are coded `AREACODE-N`, numbered row by row from the north-west corner and zero-padded to one ' +
      'width (A-01 … A-12). Refused with 409 if a code is taken or a cell would overlap an existing cell.',
  },
);
export type GridGenerateBody = Static<typeof GridGenerateBody>;

export const GridGenerateResult = Type.Object({
  areaId: Id,
  cellIds: Type.Array(Id, { description: 'In code order' }),
  count: Type.Integer(),
});
export type GridGenerateResult = Static<typeof GridGenerateResult>;

// ── GeoJSON import and export ────────────────────────────────────────────────

export const MAX_IMPORTED_CELLS = 10_000;
/** Two cells may share borders; an overlap larger than this is refused. */
export const OVERLAP_TOLERANCE_M2 = 1;

// Ring lengths, closure and coordinate ranges are checked by the server so that every
// problem in a file is reported at once, with the feature it belongs to.
const Ring = Type.Array(Position);
export const GridFilePolygon = Type.Object(
  { type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1 }) },
  { additionalProperties: false },
);
export const GridFileMultiPolygon = Type.Object(
  { type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring, { minItems: 1 })) },
  { additionalProperties: false, description: 'Accepted when it holds exactly one polygon' },
);

export const GridFileProperties = Type.Object(
  {
    areaCode: GridAreaCode,
    areaName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Name of a new area (the first one given wins); ignored when the area exists',
      }),
    ),
    code: GridCellCode,
    name: GridName,
  },
  { additionalProperties: false },
);

export const GridFileFeature = Type.Object(
  {
    type: Type.Literal('Feature'),
    id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    geometry: Type.Union([GridFilePolygon, GridFileMultiPolygon]),
    properties: GridFileProperties,
  },
  { additionalProperties: false, description: 'One grid cell' },
);
export type GridFileFeature = Static<typeof GridFileFeature>;

export const GridFile = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(GridFileFeature, { maxItems: MAX_IMPORTED_CELLS }),
  },
  {
    additionalProperties: false,
    description:
      'Grid areas and cells as one GeoJSON FeatureCollection (RFC 7946, [lon, lat]): one Polygon feature per ' +
      'cell, its area in the properties. GET /api/grids/export writes it, POST /api/grids/import reads it.',
  },
);
export type GridFile = Static<typeof GridFile>;

export const GridImportResult = Type.Object({
  areasCreated: Type.Integer({ description: 'Areas named in the file that did not exist yet' }),
  cellsCreated: Type.Integer(),
});
export type GridImportResult = Static<typeof GridImportResult>;

export const GridImportProblem = Type.Object({
  feature: Type.Integer({ description: 'Index of the feature in `features`, from 0' }),
  code: Type.String({ description: "The feature's cell code" }),
  reason: Type.String(),
});
export type GridImportProblem = Static<typeof GridImportProblem>;

export const GridImportRejection = Type.Object(
  {
    ...ErrorResponse.properties,
    problems: Type.Optional(
      Type.Array(GridImportProblem, {
        description: 'Every problem found in the file; nothing is imported while any remain',
      }),
    ),
  },
  { description: 'The file was refused; `message` names the first problem' },
);
export type GridImportRejection = Static<typeof GridImportRejection>;
