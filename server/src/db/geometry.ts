// PostGIS geometry columns for drizzle: written from GeoJSON, read back as GeoJSON
// by the repositories (ST_AsGeoJSON), so the wire format never sees WKB.
import { customType } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';

type GeometryKind = 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';

export const geometry = (name: string, kind: GeometryKind) =>
  customType<{ data: object; driverData: string | SQL }>({
    dataType: () => `geometry(${kind},4326)`,
    toDriver: (geoJson) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geoJson)}), 4326)`,
  })(name);
