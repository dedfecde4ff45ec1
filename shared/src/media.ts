// Live video: stream rows as dashboards see them, live stats, and the socket events that
// ask a device to start or stop streaming and announce talkback. SDP itself travels over
// WHIP/WHEP (HTTP, application/sdp), not in these shapes.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

export const STREAM_STATES = ['live', 'reconnecting', 'ended'] as const;
export const StreamState = Type.Enum(STREAM_STATES);
export type StreamState = Static<typeof StreamState>;

/** How the media arrived: WHIP from a device, RTMP push, RTSP pull, or an operator's talkback. */
export const STREAM_INGESTS = ['whip', 'rtmp', 'rtsp', 'talkback'] as const;
export const StreamIngest = Type.Enum(STREAM_INGESTS);
export type StreamIngest = Static<typeof StreamIngest>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const Stream = Type.Object({
  id: Id,
  deviceId: Id,
  officerId: Nullable(Id),
  /** The operator who asked for it (on demand) or speaks in it (talkback). */
  userId: Nullable(Id),
  ingest: StreamIngest,
  state: StreamState,
  onDemand: Type.Boolean(),
  videoCodec: Nullable(Type.String({ description: 'VP8 or H264' })),
  audioCodec: Nullable(Type.String({ description: 'opus' })),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  bitrateKbps: Nullable(
    Type.Integer({ description: 'Average over the stream so far (or its whole life once ended)' }),
  ),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  endReason: Nullable(Type.String()),
  viewers: Type.Integer({ description: 'Viewers connected now (0 once ended)' }),
});
export type Stream = Static<typeof Stream>;

export const StreamList = Type.Array(Stream);
export type StreamList = Static<typeof StreamList>;

/** Pushed every few seconds per live stream on `/live` as `stream:stats-updated`. */
export const StreamStats = Type.Object({
  streamId: Id,
  at: Type.String({ format: 'date-time' }),
  bitrateKbps: Type.Number({ description: 'Received from the publisher over the last interval' }),
  packetsPerSecond: Type.Number(),
  packetsLost: Nullable(Type.Integer({ description: 'Lost on the publisher leg during the interval' })),
  lossPercent: Nullable(Type.Number()),
  rttMs: Nullable(Type.Number({ description: 'Publisher leg round-trip time, when known' })),
  viewers: Type.Integer(),
  keyframeRequests: Type.Integer({
    description: 'Keyframes asked of the publisher since the stream started',
  }),
});
export type StreamStats = Static<typeof StreamStats>;

export const StreamRequestBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 200, description: 'Shown on the device' })),
  },
  { additionalProperties: false },
);
export type StreamRequestBody = Static<typeof StreamRequestBody>;

export const StreamRequestResult = Type.Object({
  deviceId: Id,
  /** Device sockets the request reached. */
  delivered: Type.Integer(),
  /** A stream already live for the device (nothing needed to be asked), else null. */
  streamId: Nullable(Id),
});
export type StreamRequestResult = Static<typeof StreamRequestResult>;

export const DeviceMediaSettings = Type.Object(
  {
    recordContinuously: Type.Boolean({
      description: 'Keep streaming (and recording) when nobody watches; on-demand streams otherwise stop',
    }),
  },
  { additionalProperties: false },
);
export type DeviceMediaSettings = Static<typeof DeviceMediaSettings>;

/** Server → device on `/device`: publish the camera now (WHIP to `whipUrl`). */
export interface StreamStartRequest {
  whipUrl: string;
  reason: string | null;
  requestedBy: string;
}

/** Server → device on `/device`: stop publishing (nobody watches any more, or the stream was ended). */
export interface StreamStopRequest {
  streamId: string;
  reason: string;
}

/** Server → device on `/device`: an operator speaks; receive it by WHEP at `whepUrl`. */
export interface TalkbackStarted {
  streamId: string;
  whepUrl: string;
  speaker: string;
}

export interface TalkbackEnded {
  streamId: string;
}

/** An RTMP stream key, answered once when issued (only its hash is kept). */
export const StreamKeyIssued = Type.Object({
  deviceId: Id,
  streamKey: Type.String({ description: 'Shown once; issuing again replaces it' }),
  /** Where the camera pushes: the key is the last path segment. */
  rtmpUrl: Type.String({ description: 'rtmp://<this server>:<RTMP_PORT>/live/<stream key>' }),
  issuedAt: Type.String({ format: 'date-time' }),
});
export type StreamKeyIssued = Static<typeof StreamKeyIssued>;

const CameraLocation = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
const CameraBearing = Type.Number({
  minimum: 0,
  exclusiveMaximum: 360,
  description: 'Where the camera looks: degrees clockwise from north (0 north, 90 east)',
});
const CameraFov = Type.Number({
  minimum: 10,
  maximum: 360,
  description: 'Horizontal field of view in degrees (360: a dome camera that sees all round)',
});
const CameraRange = Type.Number({
  minimum: 5,
  maximum: 2000,
  description: 'How far the camera usefully sees, in metres (the length of its wedge on the map)',
});
/** What a camera registered without them is given. */
export const CAMERA_DEFAULT_FOV = 60;
export const CAMERA_DEFAULT_RANGE_METRES = 80;

/** A fixed (road, street) camera the server pulls by RTSP while someone watches or it records. */
export const FixedCameraBody = Type.Object(
  {
    rtspUrl: Type.String({
      pattern: '^rtsps?://',
      maxLength: 1000,
      description: 'rtsp://[user:password@]host[:port]/path; H.264 video (audio, if any, becomes Opus)',
    }),
    location: CameraLocation,
    bearing: Type.Optional(CameraBearing),
    fov: Type.Optional(CameraFov),
    rangeMetres: Type.Optional(CameraRange),
  },
  { additionalProperties: false },
);
export type FixedCameraBody = Static<typeof FixedCameraBody>;

/** Where a registered camera stands and looks; only the fields sent change (at least one). */
export const CameraPlacementBody = Type.Object(
  {
    location: Type.Optional(CameraLocation),
    /** null: the direction is not known (the map then draws no wedge). */
    bearing: Type.Optional(
      // One JSON type list rather than a union, so that a bad number is refused with its bound
      // ("must be < 360") instead of every branch of a union.
      Type.Unsafe<number | null>({ ...CameraBearing, type: ['number', 'null'] }),
    ),
    fov: Type.Optional(CameraFov),
    rangeMetres: Type.Optional(CameraRange),
  },
  { additionalProperties: false },
);
export type CameraPlacementBody = Static<typeof CameraPlacementBody>;

export const CAMERA_PULL_STATES = ['idle', 'connecting', 'pulling', 'retrying'] as const;

export const FixedCamera = Type.Object({
  deviceId: Id,
  name: Type.String(),
  /** The URL with any password masked. */
  rtspUrl: Type.String(),
  location: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  /** Degrees clockwise from north; null while not set. */
  bearing: Nullable(Type.Number()),
  fov: Type.Number({ description: 'Horizontal field of view, degrees' }),
  rangeMetres: Type.Number(),
  pull: Type.Object({
    state: Type.Enum(CAMERA_PULL_STATES),
    /** Why the last attempt failed (e.g. "Connection refused"), null while it works. */
    reason: Nullable(Type.String()),
    streamId: Nullable(Id),
  }),
});
export type FixedCamera = Static<typeof FixedCamera>;
export const FixedCameraList = Type.Array(FixedCamera);
