// Replay (回放): one document with everything a player needs to replay an officer's (or a
// device's) time range: the recordings and their segments, where video is missing, the track
// fix by fix, and the task events of that time.
import { Type, type Static } from 'typebox';
import { Recording } from './recordings';
import { Id } from './roles';
import { LatLon, TaskEvent, TaskPriority } from './tasks';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** A replay covers at most a long shift: every fix of it is sent, for exact interpolation. */
export const MAX_REPLAY_RANGE_HOURS = 24;
/** A task or case replay starts this much before and ends this much after what it covers. */
export const REPLAY_MARGIN_MINUTES = 5;

export const ReplayQuery = Type.Object(
  {
    officerId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    taskId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Replay a task: its officer and its time, created → closed',
      }),
    ),
    caseId: Type.Optional(
      Type.String({ format: 'uuid', description: "Replay a case: its recordings' officer and time" }),
    ),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type ReplayQuery = Static<typeof ReplayQuery>;

export const ReplaySegment = Type.Object({
  seq: Type.Integer(),
  startedAt: DateTime,
  endedAt: DateTime,
  bytes: Type.Integer(),
  gapBefore: Type.Boolean(),
  url: Type.String({ description: 'The segment file (bearer token; HTTP Range; audited)' }),
});
export type ReplaySegment = Static<typeof ReplaySegment>;

export const ReplayRecording = Type.Object({
  ...Recording.properties,
  mimeType: Type.String({ description: 'e.g. video/webm; codecs="vp8,opus"' }),
  segments: Type.Array(ReplaySegment),
});
export type ReplayRecording = Static<typeof ReplayRecording>;

/** A stretch of the range with no video (no recording, or a publisher drop inside one). */
export const ReplayGap = Type.Object({ from: DateTime, to: DateTime });
export type ReplayGap = Static<typeof ReplayGap>;

/** Every good fix (outliers left out), oldest first, as parallel arrays. */
export const ReplayTrack = Type.Object({
  fixCount: Type.Integer(),
  times: Type.Array(Type.Number(), { description: 'fix times, epoch milliseconds' }),
  coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: '[lon, lat]' }),
});
export type ReplayTrack = Static<typeof ReplayTrack>;

export const ReplayTaskEvent = Type.Object({
  ...TaskEvent.properties,
  taskId: Id,
  taskCode: Type.String(),
  category: Type.String(),
  priority: TaskPriority,
  location: LatLon,
});
export type ReplayTaskEvent = Static<typeof ReplayTaskEvent>;

export const Replay = Type.Object({
  officerId: Nullable(Id),
  officerName: Nullable(Type.String()),
  deviceId: Nullable(Id),
  taskId: Nullable(Id),
  caseId: Nullable(Id),
  from: DateTime,
  to: DateTime,
  /** Recordings overlapping the range, oldest first; segments outside it are left out. */
  recordings: Type.Array(ReplayRecording),
  gaps: Type.Array(ReplayGap),
  track: ReplayTrack,
  /** Events of tasks the officer was ever assigned to, in the range, in time order. */
  taskEvents: Type.Array(ReplayTaskEvent),
});
export type Replay = Static<typeof Replay>;
