// Full-process recording: every camera and talkback stream is recorded from its first packet (the media
// service tells this service of each stream; it attaches a StreamRecording to the relay), open
// recordings left by a crash are recovered at start, and people list, inspect, verify and play
// recordings: officers their own, supervisors and administrators all.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type {
  Recording,
  RecordingDetail,
  RecordingPlaylist,
  RecordingQuery,
  RecordingRequired,
  RecordingSegment,
  RecordingVerification,
} from '@fcc/shared';
import { PLAYLIST_DEFAULT_ENTRIES } from '@fcc/shared';
import type { Config } from '../../config';
import type { Executor } from '../../db/client';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { StreamRecorder } from '../media/media-service';
import type { StreamRelay } from '../media/stream-relay';
import type { StreamRow } from '../media/streams-repository';
import { resolveFfmpeg } from './ffmpeg-tools';
import { MediaAccessAudit } from './media-access-audit';
import { recoverOpenRecordings } from './recording-recovery';
import type { RecordingRow, RecordingsRepository } from './recordings-repository';
import type { RecordingIntegrity } from './recording-integrity';
import type { ChainedSegment } from './segment-chain';
import { containerFor } from './segment-run';
import { StreamRecording } from './stream-recording';

interface RecordingsEvents {
  /** A segment was indexed (recording id, seq). */
  segment: [string, number];
}

export interface SegmentFile {
  file: string;
  bytes: number;
  contentType: string;
}

const NO_OFFICER = '00000000-0000-0000-0000-000000000000';

export class RecordingsService extends EventEmitter<RecordingsEvents> implements StreamRecorder {
  private readonly active = new Map<string, StreamRecording>();
  private readonly ffmpeg: string;
  private readonly mediaAccess: MediaAccessAudit;

  constructor(
    private readonly repository: RecordingsRepository,
    private readonly audit: AuditService,
    private readonly db: Executor,
    private readonly config: Config['recordings'],
    private readonly log: Logger,
    private readonly integrity: RecordingIntegrity,
  ) {
    super();
    this.ffmpeg = resolveFfmpeg(config.ffmpegPath);
    this.mediaAccess = new MediaAccessAudit(audit, db);
  }

  /** Closes what a crashed predecessor left open, before new streams come in. */
  async start(): Promise<void> {
    await fs.mkdir(this.config.dir, { recursive: true });
    const recovered = await recoverOpenRecordings({
      repository: this.repository,
      ffmpeg: this.ffmpeg,
      root: this.config.dir,
      log: this.log,
    });
    if (recovered > 0)
      this.log.warn({ recovered }, 'recordings left open by the previous server process were closed');
  }

  async stop(): Promise<void> {
    await Promise.allSettled(
      [...this.active.keys()].map((id) => this.streamEnding(id, 'server shutting down')),
    );
  }

  // ── recording (called by the media service) ──

  streamOpened(stream: StreamRow, relay: StreamRelay): void {
    const id = randomUUID();
    const created = this.repository.openForStream({
      id,
      // An operator's talkback is part of the full process too: recorded (audio only) as its own
      // recording of the device and officer it was spoken to; the speaker is the stream's user.
      source: stream.ingest === 'talkback' ? 'talkback' : 'live',
      streamId: stream.id,
      deviceId: stream.deviceId,
      officerId: stream.officerId,
      container: containerFor(relay.codecs).container,
      videoCodec: relay.codecs.video?.name ?? null,
      audioCodec: relay.codecs.audio?.name ?? null,
    });
    const recording = new StreamRecording(id, relay, created, {
      repository: this.repository,
      ffmpeg: this.ffmpeg,
      root: this.config.dir,
      segmentSeconds: this.config.segmentSeconds,
      log: this.log,
      onSegment: (recordingId, seq) => this.emit('segment', recordingId, seq),
    });
    this.active.set(stream.id, recording);
    this.log.info({ recordingId: id, streamId: stream.id }, 'recording started');
  }

  async streamEnding(streamId: string, reason: string): Promise<void> {
    const recording = this.active.get(streamId);
    if (!recording) return;
    this.active.delete(streamId);
    await recording.close(`stream ended: ${reason}`);
  }

  /** For tests: the recording id of a stream being recorded. */
  recordingOf(streamId: string): string | undefined {
    return this.active.get(streamId)?.id;
  }

  // ── reading ──

  async list(principal: UserPrincipal, query: RecordingQuery): Promise<Recording[]> {
    const officerId =
      principal.user.role === 'officer' ? (principal.user.officerId ?? NO_OFFICER) : query.officerId;
    if (principal.user.role === 'officer' && query.officerId && query.officerId !== officerId) {
      throw new ForbiddenError('An officer may list only their own recordings.');
    }
    const rows = await this.repository.list({ ...query, officerId, limit: query.limit ?? 100 });
    return rows.map(toRecording);
  }

  async get(principal: UserPrincipal, id: string): Promise<RecordingDetail> {
    const row = await this.readable(principal, id);
    const segments = await this.repository.segments(id);
    return {
      ...toRecording(row),
      chainHead: row.chainHead?.toString('hex') ?? null,
      segments: segments.map((segment) => toSegment(segment)),
    };
  }

  /** Re-hashes every segment file and walks the chain; the first broken link is reported. */
  async verify(principal: UserPrincipal, id: string, ip: string | null): Promise<RecordingVerification> {
    const row = await this.readable(principal, id);
    const result = await this.integrity.check(row, 'request');
    const verification = { recordingId: id, ...result, verifiedAt: new Date().toISOString() };
    await this.audit.record(
      this.db,
      { principal, ip },
      {
        action: 'recording.verified',
        targetType: 'recording',
        targetId: id,
        details: { ok: result.ok, checked: result.checked, firstBroken: result.firstBroken },
      },
    );
    return verification;
  }

  /** A segment file to serve; the access is in the audit log before this resolves (see MediaAccessAudit). */
  async segmentFile(
    principal: UserPrincipal,
    id: string,
    seq: number,
    access: { ip: string | null; range: string | null; download: boolean },
  ): Promise<SegmentFile> {
    const row = await this.readable(principal, id);
    if (row.mediaDeletedAt)
      throw new NotFoundError(
        `The media of recording ${id} was deleted by retention at ${row.mediaDeletedAt}.`,
      );
    const segment = await this.repository.segment(id, seq);
    if (!segment) throw new NotFoundError(`Recording ${id} has no segment ${seq}.`);
    const file = this.resolve(segment.path);
    const stat = file ? await fs.stat(file).catch(() => null) : null;
    if (!file || !stat)
      throw new NotFoundError(`The file of segment ${seq} is missing; verify the recording.`);
    await this.mediaAccess.served(principal, access.ip, {
      recordingId: id,
      seq,
      range: access.range,
      bytes: stat.size,
      download: access.download,
    });
    return { file, bytes: stat.size, contentType: contentType(row) };
  }

  /**
   * The segments to play from `from` on: each entry is a file URL with its time range; the
   * first starts `offsetSeconds` in. Segments start with a keyframe, so a player can switch
   * from one file to the next (or append them to one MediaSource) without waiting.
   */
  async playlist(
    principal: UserPrincipal,
    id: string,
    from: string | undefined,
    ip: string | null,
    limit = PLAYLIST_DEFAULT_ENTRIES,
  ): Promise<RecordingPlaylist> {
    const row = await this.readable(principal, id);
    const fromMs = from ? Date.parse(from) : null;
    // One more than asked, to know whether more follow; only the page is read, not the whole index.
    const page = await this.repository.segmentsFrom(id, fromMs, limit + 1);
    const segments = page.slice(0, limit);
    await this.audit.record(
      this.db,
      { principal, ip },
      {
        action: 'recording.played',
        targetType: 'recording',
        targetId: id,
        details: { from: from ?? null },
      },
    );
    return {
      recordingId: id,
      mimeType: contentType(row),
      entries: segments.map((segment, index) => ({
        seq: segment.seq,
        url: segmentUrl(id, segment.seq),
        startedAt: segment.startedAt,
        endedAt: segment.endedAt,
        offsetSeconds:
          index === 0 && fromMs !== null ? Math.max(0, (fromMs - Date.parse(segment.startedAt)) / 1000) : 0,
        gapBefore: segment.gapBefore,
      })),
      more: page.length > limit,
    };
  }

  private async readable(principal: UserPrincipal, id: string): Promise<RecordingRow> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundError(`No recording ${id}.`);
    const { user } = principal;
    if (user.role === 'officer' && (user.officerId === null || row.officerId !== user.officerId)) {
      throw new ForbiddenError('An officer may see only their own recordings.');
    }
    return row;
  }

  /** A stored relative path inside the recordings folder; null for anything that leaves it. */
  private resolve(relative: string): string | null {
    const file = path.resolve(this.config.dir, relative);
    return file.startsWith(path.resolve(this.config.dir) + path.sep) ? file : null;
  }
}

export const segmentUrl = (recordingId: string, seq: number) =>
  `/api/recordings/${recordingId}/segments/${seq}/file`;

/** The MIME type with codecs of a recording's segment files. */
export function contentType(row: Pick<RecordingRow, 'videoCodec' | 'audioCodec' | 'container'>): string {
  if (row.container === 'mp4') return 'video/mp4';
  const video = row.videoCodec === 'H264' ? 'avc1.42e01f' : row.videoCodec === 'VP8' ? 'vp8' : null;
  const codecs = [video, row.audioCodec ? 'opus' : null].filter(Boolean).join(',');
  return `${row.container === 'matroska' ? 'video/x-matroska' : 'video/webm'}; codecs="${codecs}"`;
}

export function toRecording(row: RecordingRow): Recording {
  return {
    id: row.id,
    streamId: row.streamId,
    deviceId: row.deviceId,
    officerId: row.officerId,
    source: row.source,
    speakerUserId: row.speakerUserId,
    mediaInfo: row.mediaInfo,
    container: row.container,
    videoCodec: row.videoCodec,
    audioCodec: row.audioCodec,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    closeReason: row.closeReason,
    segmentCount: row.segmentCount,
    bytes: row.bytes,
    seconds: Math.round(row.seconds * 1000) / 1000,
    gaps: row.gaps,
    stage: row.stage,
    purpose: row.purpose,
    taskIds: row.taskIds,
    caseId: row.caseId,
    place: row.place,
    marked: row.marked,
    describedAt: row.describedAt,
    missing: missingMetadata(row),
    mediaDeletedAt: row.mediaDeletedAt,
  };
}

export function missingMetadata(
  row: Pick<RecordingRow, 'officerId' | 'stage' | 'purpose'>,
): RecordingRequired[] {
  const missing: RecordingRequired[] = [];
  if (row.officerId === null) missing.push('recorder');
  if (row.stage === null) missing.push('stage');
  if (row.purpose === null) missing.push('purpose');
  return missing;
}

function toSegment(segment: ChainedSegment): RecordingSegment {
  return {
    seq: segment.seq,
    startedAt: segment.startedAt,
    endedAt: segment.endedAt,
    bytes: segment.bytes,
    sha256: segment.sha256.toString('hex'),
    chainHash: segment.chainHash.toString('hex'),
    gapBefore: segment.gapBefore,
    repaired: segment.repaired,
    note: segment.note,
    url: segmentUrl(segment.recordingId, segment.seq),
  };
}
