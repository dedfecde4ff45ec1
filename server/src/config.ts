// The one validated configuration object, built from the environment at start.
// This is the only place in the server that reads process.env.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { DEFAULT_CASE_FILE_MAX_BYTES } from '@fcc/shared';

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
);

export const ConfigSchema = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  logLevel: LogLevel,
  dataDir: Type.String({ minLength: 1 }),
  /** Null: run the embedded PostGIS cluster under dataDir. */
  databaseUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** Null: generate one on first start and print it. */
  adminPassword: Type.Union([Type.String({ minLength: 10 }), Type.Null()]),
  sessionHours: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 30 }),
  loginAttemptsPerMinute: Type.Integer({ minimum: 1 }),
  bodyLimitBytes: Type.Integer({ minimum: 1024 }),
  mapStyleUrl: Type.String({ minLength: 1 }),
  demoTown: Type.Object({
    centre: Type.Tuple([
      Type.Number({ minimum: -180, maximum: 180 }),
      Type.Number({ minimum: -85, maximum: 85 }),
    ]),
    areaKm2: Type.Number({ exclusiveMinimum: 0, maximum: 400 }),
    name: Type.String({ minLength: 1 }),
  }),
  dashboardDir: Type.String({ minLength: 1 }),
  positions: Type.Object({
    /** OsmAnd/Traccar Client listener; null disables it. */
    osmandPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()]),
    /** A fix implying more than this speed from the previous one is flagged as an outlier. */
    maxSpeedKmh: Type.Number({ exclusiveMinimum: 0 }),
    /** Fixes dated further ahead than this (device clock wrong) are rejected. */
    maxFutureSeconds: Type.Number({ minimum: 0 }),
    /** Fix batches a device may send per minute, over every ingest path. */
    batchesPerMinute: Type.Integer({ minimum: 1 }),
    /** How often dashboards get a batch of position updates. */
    liveIntervalMs: Type.Integer({ minimum: 10, maximum: 10_000 }),
    /** An on-duty officer whose device sends no fix for this long raises an alert. */
    silentAfterMinutes: Type.Number({ exclusiveMinimum: 0 }),
    /** Whole months of positions older than this are dropped; null keeps everything. */
    retentionMonths: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    stopRadiusMetres: Type.Number({ exclusiveMinimum: 0 }),
    stopMinMinutes: Type.Number({ exclusiveMinimum: 0 }),
  }),
  dispatch: Type.Object({
    /** A dispatched task nobody acknowledges within this raises an escalation alert. */
    ackTimeoutSeconds: Type.Integer({ minimum: 1 }),
    /** Officers whose last fix is older are not recommended. */
    staleFixSeconds: Type.Integer({ minimum: 1 }),
    /** Default SLA (created → closed) per priority, unless the category sets its own. */
    slaMinutes: Type.Object({
      urgent: Type.Number({ exclusiveMinimum: 0 }),
      high: Type.Number({ exclusiveMinimum: 0 }),
      normal: Type.Number({ exclusiveMinimum: 0 }),
      low: Type.Number({ exclusiveMinimum: 0 }),
    }),
    /** How often task timers (acknowledgement, SLA) are checked. */
    timerCheckMs: Type.Integer({ minimum: 10 }),
    /** A QR check-in counts when the officer's last fix is within this of the target. */
    checkInToleranceMetres: Type.Number({ exclusiveMinimum: 0 }),
  }),
  webhooks: Type.Object({
    /** Requests per delivery before it is marked failed. */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 50 }),
    /** First retry delay; later ones grow from it (×3, ×12, ×60, ×360). Fractions allowed for tests. */
    retryBaseSeconds: Type.Number({ exclusiveMinimum: 0 }),
    timeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
  }),
  media: Type.Object({
    /** Host addresses offered to peers besides the machine's interfaces (127.0.0.1, a NAT's public address). */
    iceAdditionalHostAddresses: Type.Array(Type.String({ minLength: 1 })),
    /** UDP port range for WebRTC; null lets the OS pick. */
    icePortRange: Type.Union([
      Type.Tuple([
        Type.Integer({ minimum: 1, maximum: 65535 }),
        Type.Integer({ minimum: 1, maximum: 65535 }),
      ]),
      Type.Null(),
    ]),
    /** A publisher that sends nothing for this long is "reconnecting". */
    mediaTimeoutMs: Type.Integer({ minimum: 200 }),
    connectTimeoutMs: Type.Integer({ minimum: 200 }),
    /** A viewer that sends no RTCP for this long is dropped (it closed without DELETE or crashed). */
    viewerTimeoutMs: Type.Integer({ minimum: 500 }),
    /** A reconnecting publisher that does not come back within this ends its stream. */
    reconnectGraceSeconds: Type.Number({ exclusiveMinimum: 0 }),
    /** An on-demand stream nobody watches for this long is stopped (unless the device records continuously). */
    idleStopSeconds: Type.Number({ exclusiveMinimum: 0 }),
    /** Keyframe requests to one publisher are at least this far apart. */
    pliMinIntervalMs: Type.Integer({ minimum: 0 }),
    /** Largest GOP kept for new viewers; a longer one is not cached (viewers then wait for a keyframe). */
    gopCacheBytes: Type.Integer({ minimum: 64 * 1024 }),
    /** Longest GOP kept; a publisher with longer ones (browsers) is asked for a keyframe when a viewer joins. */
    gopCacheMaxMs: Type.Integer({ minimum: 100 }),
    statsIntervalMs: Type.Integer({ minimum: 100 }),
    /** Relay worker threads streams are spread over; 0 relays in the server's own thread. */
    workers: Type.Integer({ minimum: 0, maximum: 64 }),
    /** ffmpeg for RTMP/RTSP ingest: FFMPEG_PATH, else the one @ffmpeg-installer/ffmpeg ships. */
    ffmpegPath: Type.String({ minLength: 1 }),
    /** RTMP listener for body cameras that push RTMP; null disables it. */
    rtmpPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()]),
    rtmpHost: Type.String({ minLength: 1 }),
  }),
  recordings: Type.Object({
    /** Segment files live here, one folder per recording (DATA_DIR/recordings). */
    dir: Type.String({ minLength: 1 }),
    /** Target segment length; a segment ends at the first keyframe after it (the publisher is asked for one). */
    segmentSeconds: Type.Number({ minimum: 1, maximum: 600 }),
    /** ffmpeg to run (FFMPEG_PATH); null: the static one from @ffmpeg-installer/ffmpeg. */
    ffmpegPath: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** Recordings are kept this long after they end (public-security rules: at least 6 months). */
    retentionDays: Type.Number({ minimum: 0 }),
    /** Kept this much longer again before the media is deleted; nothing younger than both is ever deleted. */
    retentionGraceDays: Type.Number({ minimum: 0 }),
    /** How often the retention job runs; null: only when an administrator runs it. */
    retentionCheckMinutes: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
    /** The Ed25519 key that signs evidence packages (PEM, created on first use). */
    evidenceKeyFile: Type.String({ minLength: 1 }),
    /** Evidence packages are built here and removed once sent. */
    exportsDir: Type.String({ minLength: 1 }),
    /** ffprobe for uploaded files (FFPROBE_PATH); null: the static one from @ffprobe-installer/ffprobe. */
    ffprobePath: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
    /** Device uploads in progress (tus) live here until finished and indexed. */
    uploadsDir: Type.String({ minLength: 1 }),
    /** Largest file a device may upload. */
    uploadMaxBytes: Type.Integer({ minimum: 1 }),
    /** An upload's start time may be at most this far ahead of the server's clock. */
    uploadMaxFutureSeconds: Type.Number({ minimum: 0 }),
    /** Longest recording an upload may declare (and ffprobe find). */
    uploadMaxHours: Type.Number({ exclusiveMinimum: 0 }),
    /** An unfinished upload with no new bytes for this long is removed (the device starts again). */
    uploadAbandonedHours: Type.Number({ exclusiveMinimum: 0 }),
    /** How often the integrity job re-hashes a few recordings; null: only on request. */
    verifyEveryMinutes: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
    /** Recordings the integrity job re-hashes per run (oldest check first). */
    verifyBatch: Type.Integer({ minimum: 1 }),
    /** A recording is due for the integrity job again this long after its last check. */
    verifyAgainDays: Type.Number({ minimum: 0 }),
  }),
  cases: Type.Object({
    /** Photos and documents of cases, named by their SHA-256 (DATA_DIR/case-files). */
    filesDir: Type.String({ minLength: 1 }),
    /** Largest photo or document that may be added to a case. */
    fileMaxBytes: Type.Integer({ minimum: 1 }),
  }),
});
export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const repoRoot = path.resolve(import.meta.dirname, '../..');

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(repoRoot, 'data'));
  const candidate = {
    host: env.HOST ?? '127.0.0.1',
    port: toNumber(env.PORT, 'PORT') ?? 8080,
    logLevel: env.LOG_LEVEL ?? 'info',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    sessionHours: toNumber(env.SESSION_HOURS, 'SESSION_HOURS') ?? 12,
    loginAttemptsPerMinute: toNumber(env.LOGIN_ATTEMPTS_PER_MINUTE, 'LOGIN_ATTEMPTS_PER_MINUTE') ?? 10,
    bodyLimitBytes: toNumber(env.BODY_LIMIT_BYTES, 'BODY_LIMIT_BYTES') ?? 1024 * 1024,
    mapStyleUrl: env.MAP_STYLE_URL || '/api/map/style.json',
    demoTown: {
      centre: parseCentre(env.DEMO_TOWN_CENTRE) ?? [111.6708, 40.8183],
      areaKm2: toNumber(env.DEMO_TOWN_KM2, 'DEMO_TOWN_KM2') ?? 9,
      name: env.DEMO_TOWN_NAME ?? '示范县城',
    },
    dashboardDir: path.resolve(env.DASHBOARD_DIR ?? path.join(repoRoot, 'dashboard/dist')),
    positions: {
      osmandPort: env.OSMAND_PORT === 'off' ? null : (toNumber(env.OSMAND_PORT, 'OSMAND_PORT') ?? 5055),
      maxSpeedKmh: toNumber(env.MAX_SPEED_KMH, 'MAX_SPEED_KMH') ?? 200,
      maxFutureSeconds: toNumber(env.MAX_FUTURE_SECONDS, 'MAX_FUTURE_SECONDS') ?? 300,
      batchesPerMinute: toNumber(env.DEVICE_BATCHES_PER_MINUTE, 'DEVICE_BATCHES_PER_MINUTE') ?? 600,
      liveIntervalMs: toNumber(env.LIVE_INTERVAL_MS, 'LIVE_INTERVAL_MS') ?? 500,
      silentAfterMinutes: toNumber(env.SILENT_AFTER_MINUTES, 'SILENT_AFTER_MINUTES') ?? 5,
      retentionMonths: toNumber(env.POSITIONS_RETENTION_MONTHS, 'POSITIONS_RETENTION_MONTHS') ?? null,
      stopRadiusMetres: toNumber(env.STOP_RADIUS_METRES, 'STOP_RADIUS_METRES') ?? 30,
      stopMinMinutes: toNumber(env.STOP_MIN_MINUTES, 'STOP_MIN_MINUTES') ?? 3,
    },
    dispatch: {
      ackTimeoutSeconds: toNumber(env.TASK_ACK_TIMEOUT_SECONDS, 'TASK_ACK_TIMEOUT_SECONDS') ?? 120,
      staleFixSeconds: toNumber(env.STALE_FIX_SECONDS, 'STALE_FIX_SECONDS') ?? 300,
      slaMinutes: {
        urgent: toNumber(env.SLA_URGENT_MINUTES, 'SLA_URGENT_MINUTES') ?? 10,
        high: toNumber(env.SLA_HIGH_MINUTES, 'SLA_HIGH_MINUTES') ?? 30,
        normal: toNumber(env.SLA_NORMAL_MINUTES, 'SLA_NORMAL_MINUTES') ?? 120,
        low: toNumber(env.SLA_LOW_MINUTES, 'SLA_LOW_MINUTES') ?? 480,
      },
      timerCheckMs: toNumber(env.TASK_TIMER_CHECK_MS, 'TASK_TIMER_CHECK_MS') ?? 5000,
      checkInToleranceMetres: toNumber(env.CHECK_IN_TOLERANCE_METRES, 'CHECK_IN_TOLERANCE_METRES') ?? 100,
    },
    webhooks: {
      maxAttempts: toNumber(env.WEBHOOK_MAX_ATTEMPTS, 'WEBHOOK_MAX_ATTEMPTS') ?? 8,
      retryBaseSeconds: toNumber(env.WEBHOOK_RETRY_BASE_SECONDS, 'WEBHOOK_RETRY_BASE_SECONDS') ?? 10,
      timeoutMs: toNumber(env.WEBHOOK_TIMEOUT_MS, 'WEBHOOK_TIMEOUT_MS') ?? 5000,
    },
    media: {
      iceAdditionalHostAddresses: (env.MEDIA_ICE_HOSTS ?? '127.0.0.1')
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
      icePortRange: parsePortRange(env.MEDIA_UDP_PORTS),
      mediaTimeoutMs: toNumber(env.MEDIA_TIMEOUT_MS, 'MEDIA_TIMEOUT_MS') ?? 3000,
      connectTimeoutMs: toNumber(env.MEDIA_CONNECT_TIMEOUT_MS, 'MEDIA_CONNECT_TIMEOUT_MS') ?? 15_000,
      viewerTimeoutMs: toNumber(env.MEDIA_VIEWER_TIMEOUT_MS, 'MEDIA_VIEWER_TIMEOUT_MS') ?? 6000,
      reconnectGraceSeconds:
        toNumber(env.MEDIA_RECONNECT_GRACE_SECONDS, 'MEDIA_RECONNECT_GRACE_SECONDS') ?? 20,
      idleStopSeconds: toNumber(env.MEDIA_IDLE_STOP_SECONDS, 'MEDIA_IDLE_STOP_SECONDS') ?? 30,
      pliMinIntervalMs: toNumber(env.MEDIA_PLI_MIN_INTERVAL_MS, 'MEDIA_PLI_MIN_INTERVAL_MS') ?? 1000,
      gopCacheBytes: toNumber(env.MEDIA_GOP_CACHE_BYTES, 'MEDIA_GOP_CACHE_BYTES') ?? 4 * 1024 * 1024,
      gopCacheMaxMs: toNumber(env.MEDIA_GOP_CACHE_MAX_MS, 'MEDIA_GOP_CACHE_MAX_MS') ?? 5000,
      statsIntervalMs: toNumber(env.MEDIA_STATS_INTERVAL_MS, 'MEDIA_STATS_INTERVAL_MS') ?? 2000,
      workers: toNumber(env.MEDIA_WORKERS, 'MEDIA_WORKERS') ?? 0,
      ffmpegPath: env.FFMPEG_PATH || bundledFfmpeg(),
      rtmpPort: env.RTMP_PORT === 'off' ? null : (toNumber(env.RTMP_PORT, 'RTMP_PORT') ?? 1935),
      rtmpHost: env.RTMP_HOST ?? env.HOST ?? '127.0.0.1',
    },
    recordings: {
      dir: path.join(dataDir, 'recordings'),
      segmentSeconds: toNumber(env.RECORDING_SEGMENT_SECONDS, 'RECORDING_SEGMENT_SECONDS') ?? 10,
      ffmpegPath: env.FFMPEG_PATH || null,
      retentionDays: toNumber(env.RECORDING_RETENTION_DAYS, 'RECORDING_RETENTION_DAYS') ?? 183,
      retentionGraceDays: toNumber(env.RECORDING_RETENTION_GRACE_DAYS, 'RECORDING_RETENTION_GRACE_DAYS') ?? 7,
      retentionCheckMinutes:
        env.RECORDING_RETENTION_CHECK_MINUTES === 'off'
          ? null
          : (toNumber(env.RECORDING_RETENTION_CHECK_MINUTES, 'RECORDING_RETENTION_CHECK_MINUTES') ?? 60),
      evidenceKeyFile: path.join(dataDir, 'keys', 'evidence-ed25519.pem'),
      exportsDir: path.join(dataDir, 'exports'),
      ffprobePath: env.FFPROBE_PATH || null,
      uploadsDir: path.join(dataDir, 'uploads'),
      uploadMaxBytes: toNumber(env.UPLOAD_MAX_BYTES, 'UPLOAD_MAX_BYTES') ?? 4 * 1024 ** 3,
      uploadMaxFutureSeconds: toNumber(env.MAX_FUTURE_SECONDS, 'MAX_FUTURE_SECONDS') ?? 300,
      uploadMaxHours: toNumber(env.UPLOAD_MAX_HOURS, 'UPLOAD_MAX_HOURS') ?? 12,
      uploadAbandonedHours: toNumber(env.UPLOAD_ABANDONED_HOURS, 'UPLOAD_ABANDONED_HOURS') ?? 24,
      verifyEveryMinutes:
        env.RECORDING_VERIFY_EVERY_MINUTES === 'off'
          ? null
          : (toNumber(env.RECORDING_VERIFY_EVERY_MINUTES, 'RECORDING_VERIFY_EVERY_MINUTES') ?? 10),
      verifyBatch: toNumber(env.RECORDING_VERIFY_BATCH, 'RECORDING_VERIFY_BATCH') ?? 5,
      verifyAgainDays: toNumber(env.RECORDING_VERIFY_AGAIN_DAYS, 'RECORDING_VERIFY_AGAIN_DAYS') ?? 7,
    },
    cases: {
      filesDir: path.join(dataDir, 'case-files'),
      fileMaxBytes: toNumber(env.CASE_FILE_MAX_BYTES, 'CASE_FILE_MAX_BYTES') ?? DEFAULT_CASE_FILE_MAX_BYTES,
    },
  };
  const firstError = Value.Errors(ConfigSchema, candidate)[0];
  if (firstError) {
    throw new ConfigError(
      `Invalid configuration at ${firstError.instancePath || '/'}: ${firstError.message}`,
    );
  }
  return candidate as Config;
}

/** The static ffmpeg inside @ffmpeg-installer/ffmpeg (architecture decision 3). */
function bundledFfmpeg(): string {
  return (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

function toNumber(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigError(`${name} must be a number, got "${raw}"`);
  return value;
}

function parsePortRange(raw: string | undefined): [number, number] | null {
  if (!raw) return null;
  const match = /^(\d+)-(\d+)$/.exec(raw.trim());
  if (!match || Number(match[1]) > Number(match[2])) {
    throw new ConfigError(`MEDIA_UDP_PORTS must be "min-max", got "${raw}"`);
  }
  return [Number(match[1]), Number(match[2])];
}

function parseCentre(raw: string | undefined): [number, number] | undefined {
  if (!raw) return undefined;
  const parts = raw.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 2 || parts.some((part) => !Number.isFinite(part))) {
    throw new ConfigError(`DEMO_TOWN_CENTRE must be "lon,lat", got "${raw}"`);
  }
  return [parts[0]!, parts[1]!];
}
