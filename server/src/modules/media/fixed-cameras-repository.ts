// Fixed cameras pulled by RTSP: their URL, where they stand and where they look (devices of kind
// 'fixed_camera').
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';

export type FixedCameraRow = {
  deviceId: string;
  name: string;
  officerId: string | null;
  rtspUrl: string;
  location: { lat: number; lon: number };
  bearing: number | null;
  fov: number;
  rangeMetres: number;
  recordContinuously: boolean;
};

export type CameraPlacement = Pick<FixedCameraRow, 'location' | 'bearing' | 'fov' | 'rangeMetres'>;

/** Omitted fields keep what the camera has (or the column's default for a new one). */
export type CameraPlacementChange = Partial<CameraPlacement>;

const COLUMNS = sql.raw(`c.device_id AS "deviceId", d.name, d.officer_id AS "officerId",
  c.rtsp_url AS "rtspUrl", json_build_object('lat', ST_Y(c.location), 'lon', ST_X(c.location)) AS location,
  c.bearing, c.fov, c.range_metres AS "rangeMetres",
  COALESCE(m.record_continuously, false) AS "recordContinuously"`);
const FROM = sql.raw(`fixed_cameras c JOIN devices d ON d.id = c.device_id
  LEFT JOIN device_media_settings m ON m.device_id = c.device_id`);

export class FixedCamerasRepository {
  constructor(private readonly db: Database) {}

  async upsert(
    executor: Executor,
    deviceId: string,
    rtspUrl: string,
    location: { lat: number; lon: number },
    view: Omit<CameraPlacementChange, 'location'> = {},
  ): Promise<void> {
    // A value left out keeps the stored one, or takes the column's default for a new camera.
    const valueOr = (value: number | null | undefined) =>
      value === undefined ? sql`DEFAULT` : sql`${value}`;
    await executor.execute(sql`
      INSERT INTO fixed_cameras (device_id, rtsp_url, location, bearing, fov, range_metres)
      VALUES (${deviceId}, ${rtspUrl}, ST_SetSRID(ST_MakePoint(${location.lon}, ${location.lat}), 4326),
        ${valueOr(view.bearing)}, ${valueOr(view.fov)}, ${valueOr(view.rangeMetres)})
      ON CONFLICT (device_id) DO UPDATE
        SET rtsp_url = EXCLUDED.rtsp_url, location = EXCLUDED.location,
          bearing = ${view.bearing === undefined ? sql`fixed_cameras.bearing` : sql`EXCLUDED.bearing`},
          fov = ${view.fov === undefined ? sql`fixed_cameras.fov` : sql`EXCLUDED.fov`},
          range_metres = ${view.rangeMetres === undefined ? sql`fixed_cameras.range_metres` : sql`EXCLUDED.range_metres`},
          updated_at = now()`);
  }

  /** The placement before a change, with the row locked until the transaction ends; undefined when not registered. */
  async placementForUpdate(executor: Executor, deviceId: string): Promise<CameraPlacement | undefined> {
    const { rows } = await executor.execute<CameraPlacement>(sql`
      SELECT json_build_object('lat', ST_Y(location), 'lon', ST_X(location)) AS location,
        bearing, fov, range_metres AS "rangeMetres"
      FROM fixed_cameras WHERE device_id = ${deviceId} FOR UPDATE`);
    return rows[0];
  }

  async setPlacement(executor: Executor, deviceId: string, change: CameraPlacementChange): Promise<void> {
    const sets = [
      change.location &&
        sql`location = ST_SetSRID(ST_MakePoint(${change.location.lon}, ${change.location.lat}), 4326)`,
      change.bearing !== undefined && sql`bearing = ${change.bearing}`,
      change.fov !== undefined && sql`fov = ${change.fov}`,
      change.rangeMetres !== undefined && sql`range_metres = ${change.rangeMetres}`,
      sql`updated_at = now()`,
    ].filter((set) => set !== false && set !== undefined);
    await executor.execute(
      sql`UPDATE fixed_cameras SET ${sql.join(sets, sql`, `)} WHERE device_id = ${deviceId}`,
    );
  }

  async remove(executor: Executor, deviceId: string): Promise<boolean> {
    const result = await executor.execute(sql`DELETE FROM fixed_cameras WHERE device_id = ${deviceId}`);
    return (result.rowCount ?? 0) > 0;
  }

  async find(deviceId: string): Promise<FixedCameraRow | undefined> {
    const { rows } = await this.db.execute<FixedCameraRow>(
      sql`SELECT ${COLUMNS} FROM ${FROM} WHERE c.device_id = ${deviceId}`,
    );
    return rows[0];
  }

  async list(): Promise<FixedCameraRow[]> {
    const { rows } = await this.db.execute<FixedCameraRow>(
      sql`SELECT ${COLUMNS} FROM ${FROM} ORDER BY d.name`,
    );
    return rows;
  }
}
