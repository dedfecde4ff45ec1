// Recording rows and their segment index. A segment is appended in one transaction that locks
// the recording, links the entry to the chain head and moves the head, so the chain has one
// order even when segments of a run and the next finish close together.
import type pg from 'pg';
import {
  POSITION_FLAGS,
  type RecordingMediaInfo,
  type RecordingPlace,
  type RecordingQuery,
  type RecordingSource,
  type RecordingStage,
} from '@fcc/shared';
import { isoTimestamp } from '../../db/iso-timestamp';
import { withTransaction } from '../../db/transaction';
import type { Container } from './segment-run';
import { GENESIS, segmentChainHash, type ChainedSegment, type SegmentEntry } from './segment-chain';

export interface RecordingRow {
  id: string;
  streamId: string | null;
  deviceId: string;
  officerId: string | null;
  source: RecordingSource;
  speakerUserId: string | null;
  mediaInfo: RecordingMediaInfo | null;
  container: Container | 'mp4' | null;
  videoCodec: string | null;
  audioCodec: string | null;
  startedAt: string;
  endedAt: string | null;
  closeReason: string | null;
  segmentCount: number;
  chainHead: Buffer | null;
  bytes: number;
  seconds: number;
  gaps: number;
  stage: RecordingStage | null;
  purpose: string | null;
  run: number;
  runStartedAt: string | null;
  recorderPid: number | null;
  taskIds: string[];
  caseId: string | null;
  place: RecordingPlace | null;
  marked: boolean;
  describedAt: string | null;
  mediaDeletedAt: string | null;
  verifiedAt: string | null;
}

/**
 * The place of a recording, from the recorder's own track: the good fix nearest the start,
 * taken from five minutes before it to the end (a fix rarely lands on the start itself).
 */
const PLACE = `(SELECT json_build_object('lat', ST_Y(p.geom), 'lon', ST_X(p.geom),
    'fixTime', ${isoTimestamp('p.fix_time')}, 'gridCellId', p.grid_cell_id, 'gridCellCode', g.code)
  FROM positions p LEFT JOIN grid_cells g ON g.id = p.grid_cell_id
  WHERE p.officer_id = r.officer_id AND p.flags & ${POSITION_FLAGS.outlier} = 0
    AND p.fix_time >= r.started_at - interval '5 minutes' AND p.fix_time <= coalesce(r.ended_at, now())
  ORDER BY abs(extract(epoch FROM p.fix_time - r.started_at)), p.fix_time
  LIMIT 1)`;

const RECORDING_COLUMNS = `r.id, r.stream_id AS "streamId", r.device_id AS "deviceId",
  r.officer_id AS "officerId", r.source,
  (SELECT st.user_id FROM streams st WHERE st.id = r.stream_id AND r.source = 'talkback') AS "speakerUserId",
  r.media_info AS "mediaInfo", r.container, r.video_codec AS "videoCodec",
  r.audio_codec AS "audioCodec", ${isoTimestamp('r.started_at')} AS "startedAt",
  ${isoTimestamp('r.ended_at')} AS "endedAt", r.close_reason AS "closeReason",
  r.segment_count AS "segmentCount", r.chain_head AS "chainHead",
  coalesce((SELECT sum(s.bytes) FROM recording_segments s WHERE s.recording_id = r.id), 0)::float8 AS bytes,
  coalesce((SELECT sum(extract(epoch FROM s.ended_at - s.started_at)) FROM recording_segments s
            WHERE s.recording_id = r.id), 0)::float8 AS seconds,
  (SELECT count(*) FROM recording_segments s WHERE s.recording_id = r.id AND s.gap_before)::int AS gaps,
  r.stage, r.purpose, r.run, ${isoTimestamp('r.run_started_at')} AS "runStartedAt",
  r.recorder_pid AS "recorderPid",
  coalesce((SELECT array_agg(rt.task_id::text ORDER BY rt.task_id) FROM recording_tasks rt
            WHERE rt.recording_id = r.id), '{}') AS "taskIds",
  (SELECT cr.case_id FROM case_recordings cr WHERE cr.recording_id = r.id) AS "caseId",
  ${PLACE} AS place,
  r.marked, ${isoTimestamp('r.described_at')} AS "describedAt",
  ${isoTimestamp('r.media_deleted_at')} AS "mediaDeletedAt", ${isoTimestamp('r.verified_at')} AS "verifiedAt"`;

const SEGMENT_COLUMNS = `s.recording_id AS "recordingId", s.seq, s.path,
  ${isoTimestamp('s.started_at')} AS "startedAt", ${isoTimestamp('s.ended_at')} AS "endedAt",
  s.bytes::float8 AS bytes, s.sha256, s.chain_hash AS "chainHash", s.gap_before AS "gapBefore",
  s.repaired, s.note`;

export interface NewRecording {
  id: string;
  source: 'live' | 'talkback';
  streamId: string;
  deviceId: string;
  officerId: string | null;
  container: Container;
  videoCodec: string | null;
  audioCodec: string | null;
}

export type NewSegment = Omit<SegmentEntry, 'seq' | 'recordingId'>;

export interface NewUpload {
  id: string;
  deviceId: string;
  officerId: string | null;
  container: 'webm' | 'matroska' | 'mp4';
  mediaInfo: RecordingMediaInfo;
  closeReason: string;
  segment: NewSegment;
}

export class RecordingsRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** A stream's recording, created as the stream opens (a reconnect continues it in memory). */
  async openForStream(recording: NewRecording): Promise<RecordingRow> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO recordings (id, stream_id, device_id, officer_id, source, started_at, container, video_codec, audio_codec)
       VALUES ($1, $2, $3, $4, $8, now(), $5, $6, $7)
       RETURNING id`,
      [
        recording.id,
        recording.streamId,
        recording.deviceId,
        recording.officerId,
        recording.container,
        recording.videoCodec,
        recording.audioCodec,
        recording.source,
      ],
    );
    return (await this.find(rows[0]!.id))!;
  }

  /**
   * A file a device uploaded: the recording and its one segment, chained like any other, in one
   * transaction, closed at once. A second upload of the same file by the same device is refused
   * by the unique index (a unique violation for the caller to explain).
   */
  async insertUpload(upload: NewUpload): Promise<RecordingRow> {
    await withTransaction(this.pool, async (client) => {
      const entry: SegmentEntry = { ...upload.segment, recordingId: upload.id, seq: 0 };
      const chainHash = segmentChainHash(GENESIS, entry);
      await client.query(
        `INSERT INTO recordings (id, device_id, officer_id, source, started_at, ended_at, close_reason,
           container, video_codec, audio_codec, media_info, upload_sha256, segment_count, chain_head)
         VALUES ($1, $2, $3, 'upload', $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)`,
        [
          upload.id,
          upload.deviceId,
          upload.officerId,
          entry.startedAt,
          entry.endedAt,
          upload.closeReason,
          upload.container,
          upload.mediaInfo.videoCodec,
          upload.mediaInfo.audioCodec,
          upload.mediaInfo,
          entry.sha256,
          chainHash,
        ],
      );
      await client.query(
        `INSERT INTO recording_segments
           (recording_id, seq, path, started_at, ended_at, bytes, sha256, chain_hash, gap_before, repaired, note)
         VALUES ($1, 0, $2, $3, $4, $5, $6, $7, false, false, $8)`,
        [
          upload.id,
          entry.path,
          entry.startedAt,
          entry.endedAt,
          entry.bytes,
          entry.sha256,
          chainHash,
          entry.note,
        ],
      );
    });
    return (await this.find(upload.id))!;
  }

  async findUpload(deviceId: string, sha256: Buffer): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM recordings WHERE device_id = $1 AND upload_sha256 = $2`,
      [deviceId, sha256],
    );
    return rows[0]?.id;
  }

  /** Closed recordings with media, verified longest ago (never verified first). */
  async dueForVerification(limit: number, verifiedBefore: Date): Promise<RecordingRow[]> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r
       WHERE r.ended_at IS NOT NULL AND r.media_deleted_at IS NULL
         AND (r.verified_at IS NULL OR r.verified_at < $2)
       ORDER BY r.verified_at NULLS FIRST, r.id
       LIMIT $1`,
      [limit, verifiedBefore],
    );
    return rows;
  }

  async deviceExists(id: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM devices WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Tasks the officers held at some moment of [from, to) (for a range export's timelines). */
  async assignedTaskIds(officerIds: string[], from: string, to: string): Promise<string[]> {
    if (officerIds.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT DISTINCT a.task_id AS id FROM task_assignments a JOIN tasks t ON t.id = a.task_id
       WHERE a.officer_id = ANY($1::uuid[]) AND a.assigned_at < $3
         AND coalesce(a.released_at, t.closed_at, 'infinity') >= $2
       ORDER BY 1`,
      [officerIds, from, to],
    );
    return rows.map((row) => row.id);
  }

  async markVerified(id: string, at: Date): Promise<void> {
    await this.pool.query(`UPDATE recordings SET verified_at = $2 WHERE id = $1`, [id, at]);
  }

  /** A new ffmpeg run writes files r<run>-*; recovery after a crash starts from here. */
  async startRun(id: string, run: number, startedAt: Date, pid: number | null): Promise<void> {
    await this.pool.query(
      `UPDATE recordings SET run = $2, run_started_at = $3, recorder_pid = $4 WHERE id = $1`,
      [id, run, startedAt, pid],
    );
  }

  async appendSegment(recordingId: string, segment: NewSegment): Promise<ChainedSegment> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ count: number; head: Buffer | null }>(
        `SELECT segment_count AS count, chain_head AS head FROM recordings WHERE id = $1 FOR UPDATE`,
        [recordingId],
      );
      const current = rows[0];
      if (!current) throw new Error(`recording ${recordingId} does not exist`);
      const entry: SegmentEntry = { ...segment, recordingId, seq: current.count };
      const chainHash = segmentChainHash(current.head ?? GENESIS, entry);
      await client.query(
        `INSERT INTO recording_segments
           (recording_id, seq, path, started_at, ended_at, bytes, sha256, chain_hash, gap_before, repaired, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          recordingId,
          entry.seq,
          entry.path,
          entry.startedAt,
          entry.endedAt,
          entry.bytes,
          entry.sha256,
          chainHash,
          entry.gapBefore,
          entry.repaired,
          entry.note,
        ],
      );
      await client.query(`UPDATE recordings SET segment_count = $2, chain_head = $3 WHERE id = $1`, [
        recordingId,
        entry.seq + 1,
        chainHash,
      ]);
      return { ...entry, chainHash };
    });
  }

  /** Closes the recording unless it is closed already (the first reason stays). */
  async close(id: string, endedAt: Date | string, reason: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE recordings SET ended_at = $2, close_reason = $3, recorder_pid = NULL
       WHERE id = $1 AND ended_at IS NULL`,
      [id, endedAt, reason],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async listOpen(): Promise<RecordingRow[]> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.ended_at IS NULL ORDER BY r.started_at`,
    );
    return rows;
  }

  async find(id: string): Promise<RecordingRow | undefined> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.id = $1`,
      [id],
    );
    return rows[0];
  }

  async findByStream(streamId: string): Promise<RecordingRow | undefined> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.stream_id = $1`,
      [streamId],
    );
    return rows[0];
  }

  /** Recordings overlapping [from, to), newest first. */
  async list(filter: Omit<RecordingQuery, 'limit'> & { limit: number }): Promise<RecordingRow[]> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r
       WHERE ($1::uuid IS NULL OR r.officer_id = $1)
         AND ($2::uuid IS NULL OR r.device_id = $2)
         AND ($3::timestamptz IS NULL OR coalesce(r.ended_at, 'infinity') >= $3)
         AND ($4::timestamptz IS NULL OR r.started_at < $4)
       ORDER BY r.started_at DESC, r.id
       LIMIT $5`,
      [
        filter.officerId ?? null,
        filter.deviceId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.limit,
      ],
    );
    return rows;
  }

  /** Recordings still missing who recorded, the stage or what they prove, oldest first. */
  async toComplete(officerId: string | null, limit: number): Promise<RecordingRow[]> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r
       WHERE (r.officer_id IS NULL OR r.stage IS NULL OR r.purpose IS NULL)
         AND r.media_deleted_at IS NULL
         AND ($1::uuid IS NULL OR r.officer_id = $1)
       ORDER BY r.started_at DESC, r.id DESC
       LIMIT $2`,
      [officerId, limit],
    );
    return rows;
  }

  async findMany(ids: string[]): Promise<RecordingRow[]> {
    const { rows } = await this.pool.query<RecordingRow>(
      `SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.id = ANY($1::uuid[]) ORDER BY r.started_at, r.id`,
      [ids],
    );
    return rows;
  }

  async segments(recordingId: string): Promise<ChainedSegment[]> {
    const { rows } = await this.pool.query<ChainedSegment>(
      `SELECT ${SEGMENT_COLUMNS} FROM recording_segments s WHERE s.recording_id = $1 ORDER BY s.seq`,
      [recordingId],
    );
    return rows;
  }

  /** Up to `limit` segments that end after `fromMs` (all when null), in order. */
  async segmentsFrom(recordingId: string, fromMs: number | null, limit: number): Promise<ChainedSegment[]> {
    const { rows } = await this.pool.query<ChainedSegment>(
      `SELECT ${SEGMENT_COLUMNS} FROM recording_segments s
       WHERE s.recording_id = $1 AND ($2::float8 IS NULL OR s.ended_at > to_timestamp($2 / 1000.0))
       ORDER BY s.seq LIMIT $3`,
      [recordingId, fromMs, limit],
    );
    return rows;
  }

  async segment(recordingId: string, seq: number): Promise<ChainedSegment | undefined> {
    const { rows } = await this.pool.query<ChainedSegment>(
      `SELECT ${SEGMENT_COLUMNS} FROM recording_segments s WHERE s.recording_id = $1 AND s.seq = $2`,
      [recordingId, seq],
    );
    return rows[0];
  }
}
