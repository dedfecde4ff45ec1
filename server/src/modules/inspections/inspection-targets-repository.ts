// The registry of inspection targets, each placed in its grid cell and area when stored.
import type { InspectionTarget, InspectionTargetListQuery, InspectionTargetUpdateBody } from '@fcc/shared';
import type pg from 'pg';

const COLUMNS = `t.id, t.name, t.category, t.address,
  json_build_object('lat', ST_Y(t.location), 'lon', ST_X(t.location)) AS location,
  t.grid_cell_id AS "gridCellId", gc.code AS "gridCellCode", t.area_id AS "areaId", t.active,
  to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;
const FROM = 'inspection_targets t LEFT JOIN grid_cells gc ON gc.id = t.grid_cell_id';

export interface NewInspectionTarget {
  name: string;
  category: string;
  address: string;
  location: { lat: number; lon: number };
  qrToken: string;
}

/** A target as check-in needs it: where it is and its secret code. */
export interface TargetForCheckIn {
  id: string;
  name: string;
  qrToken: string;
}

export class InspectionTargetsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async insert(target: NewInspectionTarget): Promise<InspectionTarget> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH point AS (SELECT ST_SetSRID(ST_MakePoint($5, $4), 4326) AS geom),
       cell AS (SELECT c.id, c.area_id FROM grid_cells c, point p WHERE ST_Intersects(c.geom, p.geom)
                ORDER BY c.code LIMIT 1)
       INSERT INTO inspection_targets (name, category, address, location, grid_cell_id, area_id, qr_token)
       SELECT $1, $2, $3, p.geom, (SELECT id FROM cell), (SELECT area_id FROM cell), $6 FROM point p
       RETURNING id`,
      [
        target.name,
        target.category,
        target.address,
        target.location.lat,
        target.location.lon,
        target.qrToken,
      ],
    );
    return (await this.find(rows[0]!.id))!;
  }

  async find(id: string): Promise<InspectionTarget | undefined> {
    const { rows } = await this.pool.query<InspectionTarget>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1`,
      [id],
    );
    return rows[0];
  }

  async list(query: InspectionTargetListQuery): Promise<InspectionTarget[]> {
    const { rows } = await this.pool.query<InspectionTarget>(
      `SELECT ${COLUMNS} FROM ${FROM}
       WHERE ($1::text IS NULL OR t.category = $1) AND ($2::uuid IS NULL OR t.area_id = $2)
         AND ($3::boolean IS NULL OR t.active = $3)
       ORDER BY t.name, t.id`,
      [query.category ?? null, query.areaId ?? null, query.active ?? null],
    );
    return rows;
  }

  async update(id: string, changes: InspectionTargetUpdateBody): Promise<InspectionTarget | undefined> {
    const { rowCount } = await this.pool.query(
      `UPDATE inspection_targets SET name = coalesce($2, name), category = coalesce($3, category),
              address = coalesce($4, address), active = coalesce($5, active)
       WHERE id = $1`,
      [id, changes.name ?? null, changes.category ?? null, changes.address ?? null, changes.active ?? null],
    );
    return rowCount === 1 ? this.find(id) : undefined;
  }

  async qrTokenOf(id: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ qrToken: string }>(
      'SELECT qr_token AS "qrToken" FROM inspection_targets WHERE id = $1',
      [id],
    );
    return rows[0]?.qrToken;
  }

  async findByQrToken(qrToken: string): Promise<TargetForCheckIn | undefined> {
    const { rows } = await this.pool.query<TargetForCheckIn>(
      'SELECT id, name, qr_token AS "qrToken" FROM inspection_targets WHERE qr_token = $1',
      [qrToken],
    );
    return rows[0];
  }

  /** Metres from the target to a point, on the ellipsoid. */
  async distanceTo(targetId: string, point: { lat: number; lon: number }): Promise<number> {
    const { rows } = await this.pool.query<{ metres: number }>(
      `SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography)::float8 AS metres
       FROM inspection_targets WHERE id = $1`,
      [targetId, point.lat, point.lon],
    );
    return rows[0]!.metres;
  }
}
