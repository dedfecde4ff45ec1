// The GeoJSON shapes the API serves (RFC 7946; coordinates are [lon, lat]).
import { Type, type Static, type TSchema } from 'typebox';

export const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
export const LineStringGeometry = Type.Object({
  type: Type.Literal('LineString'),
  coordinates: Type.Array(Position, { minItems: 2 }),
});
export const PolygonGeometry = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Position, { minItems: 4 }), { minItems: 1 }),
});
export const MultiPolygonGeometry = Type.Object({
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Position, { minItems: 4 }), { minItems: 1 })),
});
export const PointGeometry = Type.Object({ type: Type.Literal('Point'), coordinates: Position });

export const Feature = <G extends TSchema, P extends TSchema>(geometry: G, properties: P) =>
  Type.Object({
    type: Type.Literal('Feature'),
    id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    geometry,
    properties,
  });

export const FeatureCollection = <F extends TSchema>(feature: F) =>
  Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(feature) });

export type LonLat = [number, number];
export type PolygonGeometry = Static<typeof PolygonGeometry>;
export type LineStringGeometry = Static<typeof LineStringGeometry>;
