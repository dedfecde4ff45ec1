// Positions and latest positions in PostGIS. Inserts are one statement per batch (unnest of
// column arrays); the grid cell of each fix is resolved there with the cells' GiST index.
import { POSITION_FLAGS, type LivePosition } from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';
import type { ValidFix } from './fix-validation';
import type { TimedPoint } from './outlier-filter';

/** A validated fix as stored: its flags instead of its place in the batch. */
export type FixRow = Omit<ValidFix, 'index'> & { flags: number };

export interface StoredFix {
  timeMs: number;
  gridCellId: string | null;
}

/** A client inside a transaction, or the pool for single statements. */
type Queryable = Pick<pg.PoolClient, 'query'>;

const LIVE_COLUMNS = `
  l.officer_id AS "officerId", l.device_id AS "deviceId",
  ${isoTimestamp('l.fix_time')} AS "fixTime",
  ST_Y(l.geom) AS lat, ST_X(l.geom) AS lon, l.accuracy, l.speed, l.heading, l.battery,
  l.grid_cell_id AS "gridCellId", c.area_id AS "areaId"`;

export class PositionsRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** Stores the fixes not stored before; returns those newly stored, with their grid cell. */
  async insertFixes(
    client: Queryable,
    device: { id: string; officerId: string | null },
    fixes: readonly FixRow[],
  ): Promise<StoredFix[]> {
    const column = <K extends keyof FixRow>(key: K) => fixes.map((fix) => fix[key]);
    const { rows } = await client.query<{ timeMs: string; gridCellId: string | null }>(
      `WITH input AS (
         SELECT t.*, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) AS geom
         FROM unnest($3::float8[], $4::float8[], $5::float8[], $6::real[], $7::real[], $8::real[],
                     $9::real[], $10::real[], $11::int2[])
           AS t(time_ms, lat, lon, accuracy, speed, heading, altitude, battery, flags)
       )
       INSERT INTO positions (device_id, officer_id, fix_time, geom, accuracy, speed, heading,
                              altitude, battery, flags, grid_cell_id)
       SELECT $1, $2, to_timestamp(i.time_ms / 1000.0), i.geom, i.accuracy, i.speed, i.heading,
              i.altitude, i.battery, i.flags,
              (SELECT c.id FROM grid_cells c WHERE ST_Intersects(c.geom, i.geom) ORDER BY c.code LIMIT 1)
       FROM input i
       ON CONFLICT (device_id, fix_time) DO NOTHING
       RETURNING (extract(epoch FROM fix_time) * 1000)::float8 AS "timeMs", grid_cell_id AS "gridCellId"`,
      [
        device.id,
        device.officerId,
        column('timeMs'),
        column('lat'),
        column('lon'),
        column('accuracy'),
        column('speed'),
        column('heading'),
        column('altitude'),
        column('battery'),
        column('flags'),
      ],
    );
    return rows.map((row) => ({ timeMs: Math.round(Number(row.timeMs)), gridCellId: row.gridCellId }));
  }

  /** The newest good (not outlier) fix of a device older than a time, for the outlier filter. */
  async previousGoodFix(deviceId: string, beforeMs: number): Promise<TimedPoint | undefined> {
    const { rows } = await this.pool.query<{ timeMs: number; lat: number; lon: number }>(
      `SELECT (extract(epoch FROM fix_time) * 1000)::float8 AS "timeMs", ST_Y(geom) AS lat, ST_X(geom) AS lon
       FROM positions
       WHERE device_id = $1 AND fix_time < to_timestamp($2 / 1000.0) AND flags & ${POSITION_FLAGS.outlier} = 0
       ORDER BY fix_time DESC LIMIT 1`,
      [deviceId, beforeMs],
    );
    const row = rows[0];
    return row && { timeMs: Number(row.timeMs), lat: row.lat, lon: row.lon };
  }

  /**
   * Makes a fix the officer's latest position unless a newer one is already there. Returns
   * the new latest position and the grid cell before it, or undefined when not newer.
   */
  async advanceLatest(
    client: Queryable,
    device: { id: string; officerId: string },
    fix: FixRow,
    gridCellId: string | null,
  ): Promise<
    { position: LivePosition; previousCellId: string | null; previousAreaId: string | null } | undefined
  > {
    const { rows } = await client.query<
      LivePosition & { previousCellId: string | null; previousAreaId: string | null }
    >(
      `WITH previous AS (
         SELECT p.grid_cell_id, pc.area_id FROM latest_positions p
         LEFT JOIN grid_cells pc ON pc.id = p.grid_cell_id
         WHERE p.officer_id = $1
       ), upserted AS (
         INSERT INTO latest_positions AS lp (officer_id, device_id, fix_time, geom, accuracy, speed, heading,
                                             battery, grid_cell_id)
         VALUES ($1, $2, to_timestamp($3 / 1000.0), ST_SetSRID(ST_MakePoint($5, $4), 4326), $6, $7, $8, $9, $10)
         ON CONFLICT (officer_id) DO UPDATE SET
           device_id = EXCLUDED.device_id, fix_time = EXCLUDED.fix_time, geom = EXCLUDED.geom,
           accuracy = EXCLUDED.accuracy, speed = EXCLUDED.speed, heading = EXCLUDED.heading,
           battery = coalesce(EXCLUDED.battery, lp.battery), grid_cell_id = EXCLUDED.grid_cell_id
         WHERE lp.fix_time < EXCLUDED.fix_time
         RETURNING *
       )
       SELECT ${LIVE_COLUMNS},
              (SELECT grid_cell_id FROM previous) AS "previousCellId",
              (SELECT area_id FROM previous) AS "previousAreaId"
       FROM upserted l LEFT JOIN grid_cells c ON c.id = l.grid_cell_id`,
      [
        device.officerId,
        device.id,
        fix.timeMs,
        fix.lat,
        fix.lon,
        fix.accuracy,
        fix.speed,
        fix.heading,
        fix.battery,
        gridCellId,
      ],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { previousCellId, previousAreaId, ...position } = row;
    return { position, previousCellId, previousAreaId };
  }

  /** Latest positions for a dashboard joining a room. */
  async latest(
    filter: { areaId?: string; cellId?: string; officerId?: string } = {},
  ): Promise<LivePosition[]> {
    const { rows } = await this.pool.query<LivePosition>(
      `SELECT ${LIVE_COLUMNS}
       FROM latest_positions l LEFT JOIN grid_cells c ON c.id = l.grid_cell_id
       WHERE ($1::uuid IS NULL OR c.area_id = $1)
         AND ($2::uuid IS NULL OR l.grid_cell_id = $2)
         AND ($3::uuid IS NULL OR l.officer_id = $3)
       ORDER BY l.officer_id`,
      [filter.areaId ?? null, filter.cellId ?? null, filter.officerId ?? null],
    );
    return rows;
  }
}
