// Positions and latest positions in PostGIS. Inserts are one statement per group of batches
// (a JSON parameter); the grid cell of each fix is resolved there with the cells' GiST index.
import { POSITION_FLAGS, type LivePosition } from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';
import type { ValidFix } from './fix-validation';
import type { TimedPoint } from './outlier-filter';

/** A validated fix as stored: its flags instead of its place in the batch. */
export type FixRow = Omit<ValidFix, 'index'> & { flags: number };

/** One device's fixes, as one statement stores many devices' batches. */
export interface DeviceBatch {
  device: { id: string; officerId: string | null };
  rows: readonly FixRow[];
}

/** A fix not stored because it was stored before: its batch and place in the batch's rows. */
export interface SkippedFix {
  batch: number;
  fix: number;
}

/** A stored good fix offered as an officer's latest position. */
export type LatestFix = FixRow & { deviceId: string; officerId: string };

/** The grid cell containing a point: the first by code where cells touch. */
const GRID_CELL_OF = (point: string) =>
  `(SELECT c.id FROM grid_cells c WHERE ST_Intersects(c.geom, ${point}) ORDER BY c.code LIMIT 1)`;

export interface AdvancedPosition {
  position: LivePosition;
  previousCellId: string | null;
  previousAreaId: string | null;
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

  /**
   * Stores the fixes of any number of batches (devices) in one statement, skipping fixes stored
   * before. The group goes as one JSON parameter: serialised natively, it costs far less than
   * one text array per column. Returns where the skipped fixes are (usually nowhere).
   */
  async insertFixes(client: Queryable, batches: readonly DeviceBatch[]): Promise<SkippedFix[]> {
    const { rows } = await client.query<SkippedFix>(
      `WITH input AS (
         SELECT (b.batch_no - 1)::int AS batch, (f.fix_no - 1)::int AS fix, b.device_id, b.officer_id, f.*,
                ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326) AS geom
         FROM ROWS FROM (json_to_recordset($1::json) AS (device_id uuid, officer_id uuid, rows json))
                WITH ORDINALITY AS b(device_id, officer_id, rows, batch_no)
         CROSS JOIN LATERAL ROWS FROM (
                json_to_recordset(b.rows) AS ("timeMs" float8, lat float8, lon float8, accuracy real, speed real,
                                              heading real, altitude real, battery real, flags int2))
                WITH ORDINALITY AS f(time_ms, lat, lon, accuracy, speed, heading, altitude, battery, flags, fix_no)
       ), inserted AS (
         INSERT INTO positions (device_id, officer_id, fix_time, geom, accuracy, speed, heading,
                                altitude, battery, flags, grid_cell_id)
         SELECT i.device_id, i.officer_id, to_timestamp(i.time_ms / 1000.0), i.geom, i.accuracy, i.speed,
                i.heading, i.altitude, i.battery, i.flags, ${GRID_CELL_OF('i.geom')}
         FROM input i
         ON CONFLICT (device_id, fix_time) DO NOTHING
         RETURNING device_id, fix_time
       )
       SELECT i.batch, i.fix FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM inserted s
                         WHERE s.device_id = i.device_id AND s.fix_time = to_timestamp(i.time_ms / 1000.0))`,
      [
        JSON.stringify(
          batches.map(({ device, rows }) => ({ device_id: device.id, officer_id: device.officerId, rows })),
        ),
      ],
    );
    return rows;
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
   * Makes each fix its officer's latest position unless a newer one is already there (one fix
   * per officer). Returns the positions that advanced, each with the grid cell before it.
   */
  async advanceLatest(client: Queryable, fixes: readonly LatestFix[]): Promise<AdvancedPosition[]> {
    // A stable order, so that two concurrent writers lock the officers' rows in the same order.
    const sorted = [...fixes].sort((a, b) => (a.officerId < b.officerId ? -1 : 1));
    const column = <T>(pick: (fix: LatestFix) => T) => sorted.map(pick);
    const { rows } = await client.query<
      LivePosition & { previousCellId: string | null; previousAreaId: string | null }
    >(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::float8[], $4::float8[], $5::float8[], $6::real[],
                              $7::real[], $8::real[], $9::real[])
           AS t(officer_id, device_id, time_ms, lat, lon, accuracy, speed, heading, battery)
       ), previous AS (
         SELECT p.officer_id, p.grid_cell_id, pc.area_id FROM latest_positions p
         LEFT JOIN grid_cells pc ON pc.id = p.grid_cell_id
         WHERE p.officer_id IN (SELECT officer_id FROM input)
       ), upserted AS (
         INSERT INTO latest_positions AS lp (officer_id, device_id, fix_time, geom, accuracy, speed, heading,
                                             battery, grid_cell_id)
         SELECT officer_id, device_id, to_timestamp(time_ms / 1000.0), geom, accuracy, speed, heading, battery,
                ${GRID_CELL_OF('i.geom')}
         FROM (SELECT *, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom FROM input) i
         ON CONFLICT (officer_id) DO UPDATE SET
           device_id = EXCLUDED.device_id, fix_time = EXCLUDED.fix_time, geom = EXCLUDED.geom,
           accuracy = EXCLUDED.accuracy, speed = EXCLUDED.speed, heading = EXCLUDED.heading,
           battery = coalesce(EXCLUDED.battery, lp.battery), grid_cell_id = EXCLUDED.grid_cell_id
         WHERE lp.fix_time < EXCLUDED.fix_time
         RETURNING *
       )
       SELECT ${LIVE_COLUMNS},
              prev.grid_cell_id AS "previousCellId", prev.area_id AS "previousAreaId"
       FROM upserted l
       LEFT JOIN grid_cells c ON c.id = l.grid_cell_id
       LEFT JOIN previous prev ON prev.officer_id = l.officer_id`,
      [
        column((fix) => fix.officerId),
        column((fix) => fix.deviceId),
        column((fix) => fix.timeMs),
        column((fix) => fix.lat),
        column((fix) => fix.lon),
        column((fix) => fix.accuracy),
        column((fix) => fix.speed),
        column((fix) => fix.heading),
        column((fix) => fix.battery),
      ],
    );
    return rows.map(({ previousCellId, previousAreaId, ...position }) => ({
      position,
      previousCellId,
      previousAreaId,
    }));
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
