// PostGIS questions about polygons that are not stored yet: are they valid, do they
// overlap each other or the stored cells, and how does a grid clip to a boundary.
// Polygons travel as one JSON array parameter, each with a key the caller chose.
import { sql } from 'drizzle-orm';
import type { PolygonGeometry } from '@fcc/shared';
import type { Executor, Transaction } from '../../db/client';
import { COORDINATE_PRECISION } from './grid-generation';

export interface KeyedPolygon {
  key: number;
  polygon: PolygonGeometry;
}

/** The polygons as rows (key, geom); materialized so each is parsed once. */
const candidates = (polygons: KeyedPolygon[]) => sql`
  SELECT (item->>'key')::int AS key, ST_SetSRID(ST_GeomFromGeoJSON(item->'polygon'), 4326) AS geom
  FROM jsonb_array_elements(${JSON.stringify(polygons)}::jsonb) AS item`;

/** Square metres of the shared interior of a and b (on the spheroid), when interiors meet at all. */
const overlapArea = (a: string, b: string) =>
  sql.raw(`CASE WHEN ST_Relate(${a}, ${b}, '2********')
    THEN ST_Area(ST_Intersection(${a}, ${b})::geography) ELSE 0 END`);

export class GridGeometryRepository {
  /** Why PostGIS finds each invalid polygon invalid (e.g. "Self-intersection[…]"), by key. */
  async invalidityReasons(executor: Executor, polygons: KeyedPolygon[]): Promise<Map<number, string>> {
    if (polygons.length === 0) return new Map();
    const result = await executor.execute<{ key: number; reason: string }>(sql`
      WITH candidate AS MATERIALIZED (${candidates(polygons)})
      SELECT key, ST_IsValidReason(geom) AS reason FROM candidate WHERE NOT ST_IsValid(geom)`);
    return new Map(result.rows.map((row) => [row.key, row.reason]));
  }

  /**
   * Pairs of the given polygons whose overlap exceeds minAreaM2; `first` is the smaller key.
   * They go through an indexed temporary table: comparing every pair takes 20 s for 10,000.
   */
  async overlapsAmong(
    tx: Transaction,
    polygons: KeyedPolygon[],
    minAreaM2: number,
  ): Promise<{ first: number; second: number; areaM2: number }[]> {
    if (polygons.length < 2) return [];
    await tx.execute(sql`CREATE TEMPORARY TABLE grid_candidate (key int, geom geometry) ON COMMIT DROP`);
    await tx.execute(sql`INSERT INTO grid_candidate ${candidates(polygons)}`);
    await tx.execute(sql`CREATE INDEX ON grid_candidate USING gist (geom)`);
    await tx.execute(sql`ANALYZE grid_candidate`);
    const result = await tx.execute<{ first: number; second: number; area_m2: number }>(sql`
      SELECT first, second, area_m2 FROM (
        SELECT a.key AS first, b.key AS second, ${overlapArea('a.geom', 'b.geom')} AS area_m2
        FROM grid_candidate a JOIN grid_candidate b ON a.key < b.key AND a.geom && b.geom
      ) AS pair
      WHERE area_m2 > ${minAreaM2}
      ORDER BY second, first`);
    await tx.execute(sql`DROP TABLE grid_candidate`);
    return result.rows.map((row) => ({ first: row.first, second: row.second, areaM2: row.area_m2 }));
  }

  /** Stored cells each polygon overlaps by more than minAreaM2, ignoring the cell being changed. */
  async overlapsWithCells(
    executor: Executor,
    polygons: KeyedPolygon[],
    minAreaM2: number,
    exceptCellId: string | null = null,
  ): Promise<{ key: number; cellCode: string; areaM2: number }[]> {
    if (polygons.length === 0) return [];
    const result = await executor.execute<{ key: number; cell_code: string; area_m2: number }>(sql`
      WITH candidate AS MATERIALIZED (${candidates(polygons)})
      SELECT key, cell_code, area_m2 FROM (
        SELECT candidate.key, cell.code AS cell_code, ${overlapArea('candidate.geom', 'cell.geom')} AS area_m2
        FROM candidate JOIN grid_cells cell ON cell.geom && candidate.geom
        WHERE cell.id IS DISTINCT FROM ${exceptCellId}::uuid
      ) AS pair
      WHERE area_m2 > ${minAreaM2}
      ORDER BY key, cell_code`);
    return result.rows.map((row) => ({ key: row.key, cellCode: row.cell_code, areaM2: row.area_m2 }));
  }

  async existingCellCodes(executor: Executor, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const result = await executor.execute<{ code: string }>(sql`
      SELECT code FROM grid_cells
      WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`);
    return new Set(result.rows.map((row) => row.code));
  }

  /**
   * Each square clipped to the boundary, in row-major order. Squares outside it vanish; a square
   * the boundary cuts in two gives two pieces. A piece under minFraction of its square joins the
   * kept piece it shares the longest border with, or stays alone when it borders none. Results
   * are snapped to COORDINATE_PRECISION so that neighbours share their vertices exactly.
   */
  async clipSquares(
    executor: Executor,
    squares: { row: number; column: number; polygon: PolygonGeometry }[],
    boundary: PolygonGeometry,
    minFraction: number,
  ): Promise<PolygonGeometry[]> {
    const gridSize = sql`${COORDINATE_PRECISION}::float8`;
    const result = await executor.execute<{ polygon: PolygonGeometry }>(sql`
      WITH square AS MATERIALIZED (
        SELECT (item->>'row')::int AS grid_row, (item->>'column')::int AS grid_column,
               ST_SetSRID(ST_GeomFromGeoJSON(item->'polygon'), 4326) AS geom
        FROM jsonb_array_elements(${JSON.stringify(squares)}::jsonb) AS item
      ), boundary AS (
        SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(boundary)}), 4326) AS geom
      ), piece AS MATERIALIZED (
        -- A single polygon dumps with an empty path.
        SELECT square.grid_row, square.grid_column, coalesce(part.path[1], 1) AS part, part.geom,
               ST_Area(part.geom) / ST_Area(square.geom) AS fraction
        FROM square
        CROSS JOIN boundary
        CROSS JOIN LATERAL ST_Dump(
          ST_CollectionExtract(ST_Intersection(square.geom, boundary.geom, ${gridSize}), 3)) AS part
        WHERE square.geom && boundary.geom
      ), sliver_home AS (
        SELECT DISTINCT ON (sliver.grid_row, sliver.grid_column, sliver.part)
               sliver.grid_row, sliver.grid_column, sliver.part,
               kept.grid_row AS home_row, kept.grid_column AS home_column, kept.part AS home_part
        FROM piece sliver
        JOIN piece kept ON kept.fraction >= ${minFraction} AND kept.geom && sliver.geom
        CROSS JOIN LATERAL (
          SELECT ST_Length(ST_CollectionExtract(ST_Intersection(sliver.geom, kept.geom), 2)) AS length
        ) AS border
        WHERE sliver.fraction < ${minFraction} AND border.length > 0
        ORDER BY sliver.grid_row, sliver.grid_column, sliver.part, border.length DESC,
                 kept.grid_row, kept.grid_column, kept.part
      ), member AS (
        SELECT coalesce(home.home_row, piece.grid_row) AS grid_row,
               coalesce(home.home_column, piece.grid_column) AS grid_column,
               coalesce(home.home_part, piece.part) AS part,
               piece.geom
        FROM piece LEFT JOIN sliver_home home USING (grid_row, grid_column, part)
      ), cell AS (
        SELECT grid_row, grid_column, part, ST_Union(geom, ${gridSize}) AS geom
        FROM member GROUP BY grid_row, grid_column, part
      )
      SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(single.geom), 7)::json AS polygon
      FROM cell CROSS JOIN LATERAL ST_Dump(cell.geom) AS single
      ORDER BY cell.grid_row, cell.grid_column, cell.part, single.path`);
    return result.rows.map((row) => row.polygon);
  }
}
