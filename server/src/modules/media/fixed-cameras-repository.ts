// Fixed cameras pulled by RTSP: their URL and location (devices of kind 'fixed_camera').
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';

export type FixedCameraRow = {
  deviceId: string;
  name: string;
  officerId: string | null;
  rtspUrl: string;
  location: { lat: number; lon: number };
  recordContinuously: boolean;
};

const COLUMNS = sql.raw(`c.device_id AS "deviceId", d.name, d.officer_id AS "officerId",
  c.rtsp_url AS "rtspUrl", json_build_object('lat', ST_Y(c.location), 'lon', ST_X(c.location)) AS location,
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
  ): Promise<void> {
    await executor.execute(sql`
      INSERT INTO fixed_cameras (device_id, rtsp_url, location)
      VALUES (${deviceId}, ${rtspUrl}, ST_SetSRID(ST_MakePoint(${location.lon}, ${location.lat}), 4326))
      ON CONFLICT (device_id) DO UPDATE
        SET rtsp_url = EXCLUDED.rtsp_url, location = EXCLUDED.location, updated_at = now()`);
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
