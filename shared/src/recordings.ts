// Full-process recordings (执法全过程记录) as the API shows them: the recording, its segment
// index with hashes and chain, integrity verification and the playback manifest.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const RECORDING_CONTAINERS = ['webm', 'matroska', 'mp4'] as const;

/**
 * live: recorded at ingest from a camera stream; talkback: an operator speaking to a device
 * (audio only); upload: a file the device recorded itself and uploaded (tus).
 */
export const RECORDING_SOURCES = ['live', 'talkback', 'upload'] as const;
export type RecordingSource = (typeof RECORDING_SOURCES)[number];

/** What ffprobe found in an uploaded file. */
export const RecordingMediaInfo = Type.Object({
  format: Type.String({ description: 'ffprobe format_name, e.g. mov,mp4,m4a,3gp,3g2,mj2' }),
  seconds: Type.Number(),
  videoCodec: Nullable(Type.String()),
  audioCodec: Nullable(Type.String()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
});
export type RecordingMediaInfo = Static<typeof RecordingMediaInfo>;

/** The enforcement stage a recording documents (现场检查, 调查取证, 证据保全, 听证, 送达, 其他). */
export const RECORDING_STAGES = [
  'inspection',
  'investigation',
  'preservation',
  'hearing',
  'service',
  'other',
] as const;
export type RecordingStage = (typeof RECORDING_STAGES)[number];

/** What a recording must say before it can be defended: who recorded, at which stage, what it proves. */
export const RECORDING_REQUIRED = ['recorder', 'stage', 'purpose'] as const;
export type RecordingRequired = (typeof RECORDING_REQUIRED)[number];

/** Where the recording was made, from the officer's own track: the good fix nearest its start. */
export const RecordingPlace = Type.Object({
  lat: Type.Number(),
  lon: Type.Number(),
  fixTime: DateTime,
  gridCellId: Nullable(Type.String({ format: 'uuid' })),
  gridCellCode: Nullable(Type.String()),
});
export type RecordingPlace = Static<typeof RecordingPlace>;

export const Recording = Type.Object({
  id: Id,
  streamId: Nullable(Id),
  deviceId: Id,
  officerId: Nullable(Id),
  source: Type.Enum(RECORDING_SOURCES),
  /** Talkback: the operator who spoke (the device and officer are the ones spoken to). */
  speakerUserId: Nullable(Id),
  /** Uploads: what ffprobe found in the file. */
  mediaInfo: Nullable(RecordingMediaInfo),
  container: Nullable(Type.Enum(RECORDING_CONTAINERS)),
  videoCodec: Nullable(Type.String()),
  audioCodec: Nullable(Type.String()),
  startedAt: DateTime,
  endedAt: Nullable(Type.String({ format: 'date-time', description: 'null while still recording' })),
  closeReason: Nullable(Type.String()),
  segmentCount: Type.Integer(),
  bytes: Type.Integer(),
  /** Sum of the segments' time ranges (gaps not counted). */
  seconds: Type.Number(),
  /** Publisher drops inside the recording (segments marked gapBefore). */
  gaps: Type.Integer(),
  stage: Nullable(Type.Enum(RECORDING_STAGES)),
  /** What the recording proves (证明内容); required before it can be attached to a case. */
  purpose: Nullable(Type.String()),
  taskIds: Type.Array(Id),
  caseId: Nullable(Id),
  place: Nullable(RecordingPlace),
  /** Marked important: never deleted by retention. */
  marked: Type.Boolean(),
  describedAt: Nullable(DateTime),
  /** Required metadata still missing (the "to complete" queue lists recordings where this is not empty). */
  missing: Type.Array(Type.Enum(RECORDING_REQUIRED)),
  /** Set when the retention job deleted the media; the index (hashes, chain) stays. */
  mediaDeletedAt: Nullable(DateTime),
});
export type Recording = Static<typeof Recording>;

export const RecordingList = Type.Array(Recording);
export type RecordingList = Static<typeof RecordingList>;

export const RecordingSegment = Type.Object({
  seq: Type.Integer(),
  startedAt: DateTime,
  endedAt: DateTime,
  bytes: Type.Integer(),
  sha256: Type.String({ description: 'hex' }),
  chainHash: Type.String({ description: 'hex: SHA-256 over the previous chain hash and this entry' }),
  gapBefore: Type.Boolean({ description: 'The publisher dropped before this segment (time missing)' }),
  repaired: Type.Boolean({ description: 'Remuxed after a crash left the file unfinished' }),
  note: Nullable(Type.String()),
  url: Type.String({ description: 'The segment file (HTTP Range supported)' }),
});
export type RecordingSegment = Static<typeof RecordingSegment>;

export const RecordingDetail = Type.Object({
  ...Recording.properties,
  chainHead: Nullable(Type.String({ description: "hex: the last segment's chain hash" })),
  segments: Type.Array(RecordingSegment),
});
export type RecordingDetail = Static<typeof RecordingDetail>;

export const RecordingQuery = Type.Object(
  {
    officerId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Recordings still running at or after' }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Recordings started before' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type RecordingQuery = Static<typeof RecordingQuery>;

/** A metadata edit: only the fields given change. */
export const RecordingDescribeBody = Type.Object(
  {
    stage: Type.Optional(Type.Enum(RECORDING_STAGES)),
    purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' })),
    /** Replaces the linked tasks. */
    taskIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
    /** Unmarking is for supervisors and administrators (it makes the recording deletable again). */
    marked: Type.Optional(Type.Boolean()),
    /** Who recorded, when the device had no officer assigned; supervisors and administrators only. */
    officerId: Type.Optional(Id),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RecordingDescribeBody = Static<typeof RecordingDescribeBody>;

export const ToCompleteQuery = Type.Object(
  {
    officerId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type ToCompleteQuery = Static<typeof ToCompleteQuery>;

/** One run of the retention job: what it deleted and what it kept back. */
export const RetentionRun = Type.Object({
  ranAt: DateTime,
  retentionDays: Type.Number(),
  graceDays: Type.Number(),
  deleted: Type.Array(
    Type.Object({
      recordingId: Id,
      officerId: Nullable(Id),
      startedAt: DateTime,
      endedAt: DateTime,
      segments: Type.Integer(),
      bytes: Type.Integer(),
    }),
  ),
});
export type RetentionRun = Static<typeof RetentionRun>;

export const BROKEN_LINK_PROBLEMS = [
  'segment-missing',
  'entry-altered',
  'file-missing',
  'file-altered',
  'chain-cut',
] as const;

export const RecordingVerification = Type.Object({
  recordingId: Id,
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Segments that checked out before the first broken link' }),
  segmentCount: Type.Integer(),
  firstBroken: Nullable(
    Type.Object({
      seq: Type.Integer(),
      problem: Type.Enum(BROKEN_LINK_PROBLEMS),
      detail: Type.String(),
    }),
  ),
  verifiedAt: DateTime,
});
export type RecordingVerification = Static<typeof RecordingVerification>;

/** An hour of 10 s segments: a player asks for the next page as it nears the end of this one. */
export const PLAYLIST_DEFAULT_ENTRIES = 360;

export const PlaylistQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Start here (default: the beginning)' }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 5000,
        default: PLAYLIST_DEFAULT_ENTRIES,
        description: 'At most this many entries; when `more` is true, ask again from the last `endedAt`',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PlaylistQuery = Static<typeof PlaylistQuery>;

/** What a player needs to play a recording across its segments from a moment on. */
export const RecordingPlaylist = Type.Object({
  recordingId: Id,
  mimeType: Type.String({ description: 'e.g. video/webm; codecs="vp8,opus"' }),
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      url: Type.String(),
      startedAt: DateTime,
      endedAt: DateTime,
      /** Seek this far into the segment before playing it (non-zero for the first entry only). */
      offsetSeconds: Type.Number(),
      gapBefore: Type.Boolean(),
    }),
  ),
  /** More segments follow the last entry (the list was cut at `limit`). */
  more: Type.Boolean(),
});
export type RecordingPlaylist = Static<typeof RecordingPlaylist>;

/** Export of an officer's or a device's time range as a signed evidence package (one of the two). */
export const RangeExportBody = Type.Object(
  {
    officerId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    from: DateTime,
    to: DateTime,
  },
  { additionalProperties: false },
);
export type RangeExportBody = Static<typeof RangeExportBody>;

/**
 * tus Upload-Metadata of a device upload (values are base64 on the wire, as tus sends them).
 * The device is the one whose token uploads; officerId defaults to the device's officer.
 */
export const UPLOAD_METADATA_KEYS = [
  'filename',
  'startedAt',
  'durationSeconds',
  'sha256',
  'officerId',
  'deviceId',
] as const;
