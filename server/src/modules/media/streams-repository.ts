// Stream rows (one per publish, resumed across a reconnect) and per-device media settings.
// The columns added by migration 0007 are not in the drizzle schema: plain SQL.
import type { Stream, StreamIngest, StreamState } from '@fcc/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { isoTimestamp } from '../../db/iso-timestamp';

/** A stream row without the live viewer count, which only the relay knows. */
export type StreamRow = Omit<Stream, 'viewers'>;

const STREAM_COLUMNS = sql.raw(`s.id, s.device_id AS "deviceId", s.officer_id AS "officerId",
  s.user_id AS "userId", s.ingest, s.state, s.on_demand AS "onDemand",
  s.video_codec AS "videoCodec", s.audio_codec AS "audioCodec", s.width, s.height,
  s.bitrate_kbps AS "bitrateKbps", ${isoTimestamp('s.started_at')} AS "startedAt",
  ${isoTimestamp('s.ended_at')} AS "endedAt", s.end_reason AS "endReason"`);

export interface NewStream {
  /** Given when the relay was made before the row (its id); else the database picks one. */
  id?: string;
  deviceId: string;
  officerId: string | null;
  userId: string | null;
  ingest: StreamIngest;
  onDemand: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
}

export class StreamsRepository {
  constructor(private readonly db: Database) {}

  async insert(stream: NewStream): Promise<StreamRow> {
    const { rows } = await this.db.execute<StreamRow>(sql`
      WITH s AS (
        INSERT INTO streams (id, device_id, officer_id, user_id, ingest, state, on_demand, video_codec, audio_codec)
        VALUES (COALESCE(${stream.id ?? null}::uuid, gen_random_uuid()), ${stream.deviceId}, ${stream.officerId}, ${stream.userId}, ${stream.ingest}, 'live',
                ${stream.onDemand}, ${stream.videoCodec}, ${stream.audioCodec})
        RETURNING *
      ) SELECT ${STREAM_COLUMNS} FROM s`);
    return rows[0]!;
  }

  async setState(id: string, state: Exclude<StreamState, 'ended'>): Promise<StreamRow | undefined> {
    return this.update(id, sql`state = ${state}`);
  }

  async setResolution(id: string, width: number, height: number): Promise<StreamRow | undefined> {
    return this.update(id, sql`width = ${width}, height = ${height}`);
  }

  async setBitrate(id: string, bitrateKbps: number): Promise<StreamRow | undefined> {
    return this.update(id, sql`bitrate_kbps = ${bitrateKbps}`);
  }

  /** Ends the stream unless it has ended already (the first reason stays). */
  async end(id: string, reason: string, bitrateKbps: number | null): Promise<StreamRow | undefined> {
    const { rows } = await this.db.execute<StreamRow>(sql`
      WITH s AS (
        UPDATE streams SET state = 'ended', ended_at = now(), end_reason = ${reason},
          bitrate_kbps = COALESCE(${bitrateKbps}, bitrate_kbps)
        WHERE id = ${id} AND state <> 'ended' RETURNING *
      ) SELECT ${STREAM_COLUMNS} FROM s`);
    return rows[0];
  }

  /** Streams left open by a server that stopped without ending them (crash, kill). */
  async endAllOpen(reason: string): Promise<number> {
    const result = await this.db.execute(
      sql`UPDATE streams SET state = 'ended', ended_at = now(), end_reason = ${reason} WHERE state <> 'ended'`,
    );
    return result.rowCount ?? 0;
  }

  async find(id: string): Promise<StreamRow | undefined> {
    const { rows } = await this.db.execute<StreamRow>(
      sql`SELECT ${STREAM_COLUMNS} FROM streams s WHERE s.id = ${id}`,
    );
    return rows[0];
  }

  async listOpen(filter: { officerId?: string }): Promise<StreamRow[]> {
    const { rows } = await this.db.execute<StreamRow>(sql`
      SELECT ${STREAM_COLUMNS} FROM streams s
      WHERE s.state <> 'ended' ${filter.officerId ? sql`AND s.officer_id = ${filter.officerId}` : sql``}
      ORDER BY s.started_at, s.id`);
    return rows;
  }

  async recordsContinuously(deviceId: string): Promise<boolean> {
    const { rows } = await this.db.execute<{ record: boolean }>(
      sql`SELECT record_continuously AS record FROM device_media_settings WHERE device_id = ${deviceId}`,
    );
    return rows[0]?.record ?? false;
  }

  async setRecordContinuously(deviceId: string, record: boolean): Promise<void> {
    await this.db.execute(sql`
      INSERT INTO device_media_settings (device_id, record_continuously) VALUES (${deviceId}, ${record})
      ON CONFLICT (device_id) DO UPDATE SET record_continuously = EXCLUDED.record_continuously, updated_at = now()`);
  }

  private async update(id: string, assignments: ReturnType<typeof sql>): Promise<StreamRow | undefined> {
    const { rows } = await this.db.execute<StreamRow>(sql`
      WITH s AS (UPDATE streams SET ${assignments} WHERE id = ${id} RETURNING *)
      SELECT ${STREAM_COLUMNS} FROM s`);
    return rows[0];
  }
}
