// The data model. Generated into migrations/ by drizzle-kit (`npm run db:generate`);
// PostGIS indexes, partitioning and the audit triggers are hand-written migrations.
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { DEVICE_KINDS, OFFICER_STATUSES, ROLES, STREET_KINDS } from '@fcc/shared';
import { geometry } from './geometry';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum('role', ROLES);
export const deviceKindEnum = pgEnum('device_kind', DEVICE_KINDS);
export const officerStatusEnum = pgEnum('officer_status', OFFICER_STATUSES);
export const streetKindEnum = pgEnum('street_kind', STREET_KINDS);

// ── grid areas (片区) and cells (网格) ───────────────────────────────────────
export const gridAreas = pgTable('grid_areas', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** Kept equal to the union of the area's cells by the grids service. */
  geom: geometry('geom', 'MultiPolygon'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const gridCells = pgTable(
  'grid_cells',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => gridAreas.id, { onDelete: 'restrict' }),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    geom: geometry('geom', 'Polygon').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('grid_cells_area_idx').on(table.areaId)],
);

export const streets = pgTable('streets', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: streetKindEnum('kind').notNull(),
  geom: geometry('geom', 'LineString').notNull(),
});

// ── people and their devices ──────────────────────────────────────────────────
export const officers = pgTable('officers', {
  id: uuid('id').primaryKey().defaultRandom(),
  badgeNo: text('badge_no').notNull().unique(),
  name: text('name').notNull(),
  phone: text('phone'),
  areaId: uuid('area_id').references(() => gridAreas.id, { onDelete: 'set null' }),
  status: officerStatusEnum('status').notNull().default('off_duty'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: roleEnum('role').notNull(),
  officerId: uuid('officer_id').references(() => officers.id, { onDelete: 'set null' }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the bearer token; the token itself is never stored. */
    tokenHash: bytea('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: deviceKindEnum('kind').notNull(),
    name: text('name').notNull(),
    uniqueId: text('unique_id').notNull().unique(),
    officerId: uuid('officer_id').references(() => officers.id, { onDelete: 'set null' }),
    /** One API token per device: SHA-256 of it, null when none or revoked. */
    tokenHash: bytea('token_hash').unique(),
    tokenIssuedAt: timestamp('token_issued_at', { withTimezone: true }),
    /** For fixed cameras: where it stands and what it pulls. */
    location: geometry('location', 'Point'),
    streamUrl: text('stream_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('devices_officer_idx').on(table.officerId)],
);

// ── positions (partitioned by fix time in a hand-written migration) ───────────
export const positions = pgTable(
  'positions',
  {
    deviceId: uuid('device_id').notNull(),
    fixTime: timestamp('fix_time', { withTimezone: true, precision: 3 }).notNull(),
    serverTime: timestamp('server_time', { withTimezone: true }).notNull().defaultNow(),
    officerId: uuid('officer_id'),
    geom: geometry('geom', 'Point').notNull(),
    accuracy: real('accuracy'),
    speed: real('speed'),
    heading: real('heading'),
    altitude: real('altitude'),
    battery: real('battery'),
    gridCellId: uuid('grid_cell_id'),
    /** Bit flags (e.g. outlier); see the positions module. */
    flags: smallint('flags').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.deviceId, table.fixTime] })],
);

export const latestPositions = pgTable('latest_positions', {
  officerId: uuid('officer_id')
    .primaryKey()
    .references(() => officers.id, { onDelete: 'cascade' }),
  deviceId: uuid('device_id').notNull(),
  fixTime: timestamp('fix_time', { withTimezone: true, precision: 3 }).notNull(),
  geom: geometry('geom', 'Point').notNull(),
  accuracy: real('accuracy'),
  speed: real('speed'),
  heading: real('heading'),
  battery: real('battery'),
  gridCellId: uuid('grid_cell_id'),
});

// ── tasks ─────────────────────────────────────────────────────────────────────
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    source: text('source').notNull(),
    category: text('category').notNull(),
    priority: text('priority').notNull(),
    state: text('state').notNull(),
    description: text('description').notNull().default(''),
    location: geometry('location', 'Point').notNull(),
    gridCellId: uuid('grid_cell_id').references(() => gridCells.id, { onDelete: 'set null' }),
    areaId: uuid('area_id').references(() => gridAreas.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [index('tasks_state_idx').on(table.state), index('tasks_area_idx').on(table.areaId)],
);

export const taskAssignments = pgTable(
  'task_assignments',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    officerId: uuid('officer_id')
      .notNull()
      .references(() => officers.id, { onDelete: 'cascade' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.taskId, table.officerId] })],
);

export const taskEvents = pgTable(
  'task_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorOfficerId: uuid('actor_officer_id').references(() => officers.id, {
      onDelete: 'set null',
    }),
    data: jsonb('data').notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('task_events_task_idx').on(table.taskId, table.at)],
);

// ── media ─────────────────────────────────────────────────────────────────────
export const streams = pgTable(
  'streams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'restrict' }),
    officerId: uuid('officer_id').references(() => officers.id, { onDelete: 'set null' }),
    ingest: text('ingest').notNull(),
    state: text('state').notNull(),
    videoCodec: text('video_codec'),
    audioCodec: text('audio_codec'),
    width: integer('width'),
    height: integer('height'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (table) => [index('streams_device_idx').on(table.deviceId, table.startedAt)],
);

export const recordings = pgTable(
  'recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    streamId: uuid('stream_id').references(() => streams.id, { onDelete: 'restrict' }),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'restrict' }),
    officerId: uuid('officer_id').references(() => officers.id, { onDelete: 'restrict' }),
    source: text('source').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    stage: text('stage'),
    purpose: text('purpose'),
    marked: boolean('marked').notNull().default(false),
    legalHold: boolean('legal_hold').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    index('recordings_officer_time_idx').on(table.officerId, table.startedAt),
    index('recordings_device_time_idx').on(table.deviceId, table.startedAt),
  ],
);

export const recordingSegments = pgTable(
  'recording_segments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordingId: uuid('recording_id')
      .notNull()
      .references(() => recordings.id, { onDelete: 'restrict' }),
    seq: integer('seq').notNull(),
    path: text('path').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }).notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: bytea('sha256').notNull(),
    /** SHA-256 over the previous segment's chainHash and this segment's entry. */
    chainHash: bytea('chain_hash').notNull(),
    gapBefore: boolean('gap_before').notNull().default(false),
  },
  (table) => [uniqueIndex('recording_segments_seq_idx').on(table.recordingId, table.seq)],
);

// ── alerts ────────────────────────────────────────────────────────────────────
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    officerId: uuid('officer_id').references(() => officers.id, { onDelete: 'set null' }),
    deviceId: uuid('device_id').references(() => devices.id, { onDelete: 'set null' }),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    data: jsonb('data').notNull().default({}),
    location: geometry('location', 'Point'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    /** When the condition ended by itself (e.g. a silent device reported again). */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (table) => [
    index('alerts_open_idx').on(table.acknowledgedAt, table.raisedAt),
    index('alerts_officer_kind_idx').on(table.officerId, table.kind, table.resolvedAt),
  ],
);

// ── audit log (append-only; triggers in a hand-written migration refuse edits) ─
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorDeviceId: uuid('actor_device_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').notNull().default({}),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (table) => [
    index('audit_log_action_idx').on(table.action, table.id),
    index('audit_log_target_idx').on(table.targetType, table.targetId, table.id),
  ],
);

export const schema = {
  gridAreas,
  gridCells,
  streets,
  officers,
  users,
  sessions,
  devices,
  positions,
  latestPositions,
  tasks,
  taskAssignments,
  taskEvents,
  streams,
  recordings,
  recordingSegments,
  alerts,
  auditLog,
};
