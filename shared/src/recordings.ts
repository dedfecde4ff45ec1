// Full-process recordings (执法全过程记录) as the API shows them: the recording, its segment
// index with hashes and chain, integrity verification and the playback manifest.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const RECORDING_CONTAINERS = ['webm', 'matroska'] as const;

export const Recording = Type.Object({
  id: Id,
  streamId: Nullable(Id),
  deviceId: Id,
  officerId: Nullable(Id),
  source: Type.String({ description: 'live (recorded at ingest from a stream)' }),
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
  stage: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
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

export const PlaylistQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Start here (default: the beginning)' }),
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
});
export type RecordingPlaylist = Static<typeof RecordingPlaylist>;
