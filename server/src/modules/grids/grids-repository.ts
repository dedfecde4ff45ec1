// Grid areas and cells in PostGIS; GeoJSON is built by the database.
import { eq, inArray, sql } from 'drizzle-orm';
import type { GridAreaCollection, GridCellCollection, GridFile, PolygonGeometry } from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { gridAreas, gridCells } from '../../db/schema';

/** Rows per INSERT when cells arrive in bulk (4 parameters each; PostgreSQL allows 65,535). */
const CELLS_PER_INSERT = 1000;

export interface NewCell {
  areaId: string;
  code: string;
  name: string;
  geometry: PolygonGeometry;
}

export class GridsRepository {
  constructor(private readonly db: Database) {}

  async areasGeoJson(): Promise<GridAreaCollection> {
    const result = await this.db.execute<{ collection: GridAreaCollection }>(sql`
      SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
        json_build_object(
          'type', 'Feature', 'id', a.code,
          'geometry', ST_AsGeoJSON(coalesce(a.geom, 'MULTIPOLYGON EMPTY'::geometry), 7)::json,
          'properties', json_build_object('id', a.id, 'code', a.code, 'name', a.name)
        ) ORDER BY a.code), '[]'::json)) AS collection
      FROM grid_areas a WHERE a.geom IS NOT NULL`);
    return result.rows[0]!.collection;
  }

  async cellsGeoJson(): Promise<GridCellCollection> {
    const result = await this.db.execute<{ collection: GridCellCollection }>(sql`
      SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
        json_build_object(
          'type', 'Feature', 'id', c.code,
          'geometry', ST_AsGeoJSON(c.geom, 7)::json,
          'properties', json_build_object(
            'id', c.id, 'code', c.code, 'name', c.name, 'areaId', c.area_id, 'areaCode', a.code)
        ) ORDER BY c.code), '[]'::json)) AS collection
      FROM grid_cells c JOIN grid_areas a ON a.id = c.area_id`);
    return result.rows[0]!.collection;
  }

  /** Every cell with its area, in the import format: 7 decimals (about 1 cm), outer rings anticlockwise (RFC 7946). */
  async gridFile(): Promise<GridFile> {
    const result = await this.db.execute<{ file: GridFile }>(sql`
      SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
        json_build_object(
          'type', 'Feature',
          'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(c.geom), 7)::json,
          'properties', json_build_object(
            'areaCode', a.code, 'areaName', a.name, 'code', c.code, 'name', c.name)
        ) ORDER BY a.code, c.code), '[]'::json)) AS file
      FROM grid_cells c JOIN grid_areas a ON a.id = c.area_id`);
    return result.rows[0]!.file;
  }

  async findArea(
    executor: Executor,
    id: string,
  ): Promise<{ id: string; code: string; name: string } | undefined> {
    const [row] = await executor
      .select({ id: gridAreas.id, code: gridAreas.code, name: gridAreas.name })
      .from(gridAreas)
      .where(eq(gridAreas.id, id));
    return row;
  }

  /** Area ids by code, for the codes that exist. */
  async areaIdsByCode(executor: Executor, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await executor
      .select({ id: gridAreas.id, code: gridAreas.code })
      .from(gridAreas)
      .where(inArray(gridAreas.code, codes));
    return new Map(rows.map((row) => [row.code, row.id]));
  }

  async insertArea(executor: Executor, area: { code: string; name: string }): Promise<{ id: string }> {
    const [row] = await executor.insert(gridAreas).values(area).returning({ id: gridAreas.id });
    return row!;
  }

  /** Why PostGIS finds a polygon invalid, or null when it is valid. */
  async invalidityReason(executor: Executor, geometry: PolygonGeometry): Promise<string | null> {
    const result = await executor.execute<{ reason: string | null }>(sql`
      SELECT CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason
      FROM (SELECT ST_GeomFromGeoJSON(${JSON.stringify(geometry)}) AS g) AS input`);
    return result.rows[0]?.reason ?? null;
  }

  async insertCell(
    executor: Executor,
    cell: { areaId: string; code: string; name: string; geometry: PolygonGeometry },
  ): Promise<{ id: string }> {
    const [row] = await executor
      .insert(gridCells)
      .values({ areaId: cell.areaId, code: cell.code, name: cell.name, geom: cell.geometry })
      .returning({ id: gridCells.id });
    return row!;
  }

  /** Inserts the cells and returns their ids in the order given. */
  async insertCells(executor: Executor, cells: NewCell[]): Promise<string[]> {
    const idsByCode = new Map<string, string>();
    for (let start = 0; start < cells.length; start += CELLS_PER_INSERT) {
      const rows = await executor
        .insert(gridCells)
        .values(
          cells
            .slice(start, start + CELLS_PER_INSERT)
            .map((cell) => ({ areaId: cell.areaId, code: cell.code, name: cell.name, geom: cell.geometry })),
        )
        .returning({ id: gridCells.id, code: gridCells.code });
      for (const row of rows) idsByCode.set(row.code, row.id);
    }
    return cells.map((cell) => idsByCode.get(cell.code)!);
  }

  async updateCell(
    executor: Executor,
    id: string,
    changes: { code?: string; name?: string; areaId?: string; geometry?: PolygonGeometry },
  ): Promise<{ id: string; areaId: string } | undefined> {
    const [row] = await executor
      .update(gridCells)
      .set({
        ...(changes.code !== undefined && { code: changes.code }),
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.areaId !== undefined && { areaId: changes.areaId }),
        ...(changes.geometry !== undefined && { geom: changes.geometry }),
        updatedAt: sql`now()`,
      })
      .where(eq(gridCells.id, id))
      .returning({ id: gridCells.id, areaId: gridCells.areaId });
    return row;
  }

  async deleteCell(executor: Executor, id: string): Promise<{ areaId: string } | undefined> {
    const [row] = await executor
      .delete(gridCells)
      .where(eq(gridCells.id, id))
      .returning({ areaId: gridCells.areaId });
    return row;
  }

  /** An area's outline is the union of its cells. */
  async refreshAreaGeometry(executor: Executor, areaId: string): Promise<void> {
    await executor.execute(sql`
      UPDATE grid_areas SET updated_at = now(), geom = (
        SELECT ST_Multi(ST_Union(geom)) FROM grid_cells WHERE area_id = ${areaId})
      WHERE id = ${areaId}`);
  }

  async findCell(executor: Executor, id: string): Promise<{ code: string; areaId: string } | undefined> {
    const [row] = await executor
      .select({ code: gridCells.code, areaId: gridCells.areaId })
      .from(gridCells)
      .where(eq(gridCells.id, id));
    return row;
  }
}
