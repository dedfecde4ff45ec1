// What the dashboard needs to draw the base map with no tile server.
import { Type, type Static } from 'typebox';
import { Feature, FeatureCollection, LineStringGeometry } from './geojson';

export const STREET_KINDS = ['main', 'street', 'lane'] as const;
export const StreetKind = Type.Enum(STREET_KINDS);
export type StreetKind = (typeof STREET_KINDS)[number];

export const StreetProperties = Type.Object({ name: Type.String(), kind: StreetKind });
export const StreetCollection = FeatureCollection(Feature(LineStringGeometry, StreetProperties));
export type StreetCollection = Static<typeof StreetCollection>;

/** Public, unauthenticated: what the login screen and the map need before sign-in. */
export const ClientConfig = Type.Object({
  mapStyleUrl: Type.String({ description: 'MapLibre style URL; the local style by default' }),
  mapCentre: Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat]' }),
  mapZoom: Type.Number(),
  townName: Type.String(),
});
export type ClientConfig = Static<typeof ClientConfig>;
