// The street network of the managed town (PostGIS lines).
import { sql } from 'drizzle-orm';
import type { LonLat, StreetCollection, StreetKind } from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { streets } from '../../db/schema';

export class StreetsRepository {
  constructor(private readonly db: Database) {}

  async geoJson(): Promise<StreetCollection> {
    const result = await this.db.execute<{ collection: StreetCollection }>(sql`
      SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
        json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 7)::json,
          'properties', json_build_object('name', name, 'kind', kind)) ORDER BY kind, name), '[]'::json)) AS collection
      FROM streets`);
    return result.rows[0]!.collection;
  }

  async insertMany(
    executor: Executor,
    rows: { name: string; kind: StreetKind; coordinates: LonLat[] }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await executor.insert(streets).values(
      rows.map((row) => ({
        name: row.name,
        kind: row.kind,
        geom: { type: 'LineString', coordinates: row.coordinates },
      })),
    );
  }
}
