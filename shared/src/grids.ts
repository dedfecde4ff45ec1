// Grid areas (片区) and the grid cells (网格) they are divided into.
import { Type, type Static } from 'typebox';
import { Feature, FeatureCollection, MultiPolygonGeometry, PolygonGeometry } from './geojson';
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

export const GridAreaCreateBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type GridAreaCreateBody = Static<typeof GridAreaCreateBody>;

export const GridCellCreateBody = Type.Object(
  {
    areaId: Id,
    code: Type.String({ minLength: 1, maxLength: 48, pattern: '^[A-Za-z0-9-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    geometry: PolygonGeometry,
  },
  { additionalProperties: false },
);
export type GridCellCreateBody = Static<typeof GridCellCreateBody>;

export const GridCellUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    geometry: Type.Optional(PolygonGeometry),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type GridCellUpdateBody = Static<typeof GridCellUpdateBody>;
