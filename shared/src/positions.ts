// GPS fixes: what devices send (socket.io, HTTP batch), what the server acks, and what
// dashboards receive live. The OsmAnd/Traccar protocol is parsed into the same Fix.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

export const MAX_FIXES_PER_BATCH = 500;

export const Fix = Type.Object(
  {
    fixTime: Type.String({
      format: 'date-time',
      description: 'When the receiver took the fix (ISO 8601 with a time zone). Idempotency key per device.',
    }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'metres' })),
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000, description: 'm/s' })),
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360, description: 'degrees from north' })),
    altitude: Type.Optional(Type.Number({ minimum: -1_000, maximum: 20_000, description: 'metres' })),
    battery: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'percent' })),
  },
  { additionalProperties: false },
);
export type Fix = Static<typeof Fix>;

/** Body of POST /api/device/positions and payload of the socket event `positions`. */
export const FixBatch = Type.Object(
  {
    fixes: Type.Array(Type.Unknown(), {
      minItems: 1,
      maxItems: MAX_FIXES_PER_BATCH,
      description: 'Each item is a Fix; an invalid one is rejected alone and listed in the ack.',
    }),
  },
  { additionalProperties: false },
);
export type FixBatch = Static<typeof FixBatch>;

export const FixRejection = Type.Object({
  index: Type.Integer({ description: 'Position of the fix in the batch' }),
  reason: Type.String(),
});
export type FixRejection = Static<typeof FixRejection>;

/** Sent only after the accepted fixes are committed. */
export const FixBatchAck = Type.Object({
  stored: Type.Integer({ description: 'Fixes newly stored' }),
  duplicates: Type.Integer({ description: 'Fixes already stored earlier (same device and fix time)' }),
  outliers: Type.Integer({ description: 'Stored but flagged: an impossible speed from the previous fix' }),
  rejected: Type.Array(FixRejection),
});
export type FixBatchAck = Static<typeof FixBatchAck>;

/** Bit flags of a stored position. */
export const POSITION_FLAGS = {
  outlier: 1,
} as const;

/** One officer's latest position, as dashboards see it. */
export const LivePosition = Type.Object({
  officerId: Id,
  deviceId: Id,
  fixTime: Type.String({ format: 'date-time' }),
  lat: Type.Number(),
  lon: Type.Number(),
  accuracy: Type.Union([Type.Number(), Type.Null()]),
  speed: Type.Union([Type.Number(), Type.Null()]),
  heading: Type.Union([Type.Number(), Type.Null()]),
  battery: Type.Union([Type.Number(), Type.Null()]),
  gridCellId: Type.Union([Id, Type.Null()]),
  areaId: Type.Union([Id, Type.Null()]),
});
export type LivePosition = Static<typeof LivePosition>;

/** Rooms a dashboard can join on the `/live` namespace. */
export const LiveSubscription = Type.Union([
  Type.Object({ scope: Type.Literal('all') }, { additionalProperties: false }),
  Type.Object({ scope: Type.Literal('area'), id: Id }, { additionalProperties: false }),
  Type.Object({ scope: Type.Literal('cell'), id: Id }, { additionalProperties: false }),
  Type.Object({ scope: Type.Literal('officer'), id: Id }, { additionalProperties: false }),
]);
export type LiveSubscription = Static<typeof LiveSubscription>;

export const MAX_TRACK_RANGE_DAYS = 31;

export const TrackQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    zoom: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 24,
        description: 'Map zoom the track is drawn at; long tracks are simplified for it. Omit for every fix.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TrackQuery = Static<typeof TrackQuery>;

export const TrackStop = Type.Object({
  lat: Type.Number(),
  lon: Type.Number(),
  arrivedAt: Type.String({ format: 'date-time' }),
  leftAt: Type.String({ format: 'date-time' }),
  durationSeconds: Type.Number(),
});
export type TrackStop = Static<typeof TrackStop>;

export const Track = Type.Object({
  officerId: Id,
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  fixCount: Type.Integer({ description: 'Fixes in the range, outliers excluded' }),
  distanceMetres: Type.Number(),
  line: Type.Object({
    type: Type.Literal('LineString'),
    coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: '[lon, lat]' }),
  }),
  times: Type.Array(Type.Number(), { description: 'Fix time (ms since epoch) of each line vertex' }),
  stops: Type.Array(TrackStop),
});
export type Track = Static<typeof Track>;

export const GridPresenceQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type GridPresenceQuery = Static<typeof GridPresenceQuery>;

export const OfficerPresence = Type.Object({
  officerId: Id,
  name: Type.String(),
  badgeNo: Type.String(),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  fixCount: Type.Integer(),
});
export type OfficerPresence = Static<typeof OfficerPresence>;
