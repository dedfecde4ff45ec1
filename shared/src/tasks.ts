// Tasks (任务) and their closed loop: reported → dispatched → acknowledged → en route → on scene
// → resolved → closed, every step a timestamped event naming who did it.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

export const TASK_STATES = [
  'created',
  'dispatched',
  'acknowledged',
  'en_route',
  'on_scene',
  'resolved',
  'closed',
  'cancelled',
] as const;
export const TaskState = Type.Enum(TASK_STATES);
export type TaskState = Static<typeof TaskState>;

/** States in which a task still needs someone. */
export const OPEN_TASK_STATES = TASK_STATES.filter((state) => state !== 'closed' && state !== 'cancelled');

export const TASK_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const TaskPriority = Type.Enum(TASK_PRIORITIES);
export type TaskPriority = Static<typeof TaskPriority>;

export const TASK_SOURCES = ['operator', 'report', 'sos', 'spot-check'] as const;
export const TaskSource = Type.Enum(TASK_SOURCES);
export type TaskSource = Static<typeof TaskSource>;

const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
export const LatLon = Type.Object({ lat: Latitude, lon: Longitude }, { additionalProperties: false });
export type LatLon = Static<typeof LatLon>;

const Photo = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'A photo reference (URL or upload id)',
});
const CategoryCode = Type.String({ minLength: 1, maxLength: 48, pattern: '^[a-z0-9-]+$' });

export const TaskCreateBody = Type.Object(
  {
    category: CategoryCode,
    priority: TaskPriority,
    description: Type.String({ maxLength: 2000, default: '' }),
    location: LatLon,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    photos: Type.Optional(Type.Array(Photo, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type TaskCreateBody = Static<typeof TaskCreateBody>;

export const ReportCreateBody = Type.Object(
  {
    externalId: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "The report's id in the source system; sending it again returns the same task",
    }),
    category: CategoryCode,
    priority: Type.Optional(TaskPriority),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    location: LatLon,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    photos: Type.Optional(Type.Array(Photo, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ReportCreateBody = Static<typeof ReportCreateBody>;

export const DispatchBody = Type.Object(
  {
    officerIds: Type.Array(Id, { minItems: 1, maxItems: 10, uniqueItems: true }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type DispatchBody = Static<typeof DispatchBody>;

export const TASK_ACTIONS = [
  'acknowledge',
  'en-route',
  'arrive',
  'resolve',
  'close',
  'reopen',
  'cancel',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const TaskActionBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Required to cancel' })),
    photos: Type.Optional(Type.Array(Photo, { maxItems: 20 })),
    recordingIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type TaskActionBody = Static<typeof TaskActionBody>;

/** Body of POST /api/device/sos: the officer's position (else their last fix) and a few words. */
export const SosBody = Type.Object(
  { location: Type.Optional(LatLon), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type SosBody = Static<typeof SosBody>;

export const SosResult = Type.Object({ taskId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) });
export type SosResult = Static<typeof SosResult>;

export const TaskEvent = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'created, dispatched, acknowledged, escalated, checked-in, …' }),
  fromState: Type.Union([TaskState, Type.Null()]),
  toState: Type.Union([TaskState, Type.Null()]),
  actor: Type.String({ description: 'Who did it: a user name, an officer, a partner, or "system"' }),
  actorUserId: Type.Union([Id, Type.Null()]),
  actorOfficerId: Type.Union([Id, Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
});
export type TaskEvent = Static<typeof TaskEvent>;

const Seconds = Type.Union([Type.Number(), Type.Null()]);
export const TaskTimings = Type.Object({
  toAcknowledgeSeconds: Seconds,
  toArriveSeconds: Seconds,
  toResolveSeconds: Seconds,
  toCloseSeconds: Type.Union([Type.Number(), Type.Null()], {
    description: 'The closed loop: created → closed by the operator',
  }),
});
export type TaskTimings = Static<typeof TaskTimings>;

export const TaskAssignee = Type.Object({
  officerId: Id,
  name: Type.String(),
  badgeNo: Type.String(),
  assignedAt: Type.String({ format: 'date-time' }),
  acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
export const Task = Type.Object({
  id: Id,
  code: Type.String({ description: 'Human-readable number, e.g. T20261123-0042' }),
  source: TaskSource,
  sourceRef: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  priority: TaskPriority,
  state: TaskState,
  description: Type.String(),
  address: Type.String(),
  photos: Type.Array(Type.String()),
  location: LatLon,
  gridCellId: Type.Union([Id, Type.Null()]),
  gridCellCode: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.Union([Id, Type.Null()]),
  outsideManagedArea: Type.Boolean({ description: 'The location is in no grid cell' }),
  nearestAreaId: Type.Union([Id, Type.Null()], { description: 'Suggested area when outside every cell' }),
  inspectionTargetId: Type.Union([Id, Type.Null()]),
  assignees: Type.Array(TaskAssignee),
  createdAt: Type.String({ format: 'date-time' }),
  ackDueAt: Timestamp,
  slaDueAt: Timestamp,
  slaSecondsRemaining: Type.Union([Type.Number(), Type.Null()], {
    description: 'Until the SLA is due (negative: overdue); null once closed or cancelled',
  }),
  slaBreachedAt: Timestamp,
  escalatedAt: Timestamp,
  closedAt: Timestamp,
  timings: TaskTimings,
});
export type Task = Static<typeof Task>;

export const TaskDetail = Type.Intersect([Task, Type.Object({ events: Type.Array(TaskEvent) })]);
export type TaskDetail = Static<typeof TaskDetail>;

export const TaskListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([TaskState, Type.Literal('open')])),
    areaId: Type.Optional(Id),
    category: Type.Optional(CategoryCode),
    officerId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Search code, description, address' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;

export const Recommendation = Type.Object({
  officerId: Id,
  name: Type.String(),
  badgeNo: Type.String(),
  responsible: Type.Boolean({ description: "The officer is responsible for the task's area or cell" }),
  distanceMetres: Type.Number(),
  lastFixAgeSeconds: Type.Number(),
});
export type Recommendation = Static<typeof Recommendation>;

/** What dashboards and the assigned officers' devices hear when a task changes. */
export const TaskChange = Type.Object({ task: Task, event: TaskEvent });
export type TaskChange = Static<typeof TaskChange>;

export const StatsQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    groupBy: Type.Enum(['category', 'area', 'officer', 'day'] as const),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

const Percentiles = Type.Object({ p50: Seconds, p90: Seconds });
export const StatsRow = Type.Object({
  key: Type.Union([Type.String(), Type.Null()], { description: 'Category, area id, officer id or day' }),
  label: Type.Union([Type.String(), Type.Null()]),
  tasks: Type.Integer(),
  closed: Type.Integer(),
  cancelled: Type.Integer(),
  slaBreaches: Type.Integer(),
  slaBreachRate: Type.Union([Type.Number(), Type.Null()], { description: 'Breaches / tasks with an SLA' }),
  toAcknowledge: Percentiles,
  toArrive: Percentiles,
  toClose: Percentiles,
});
export type StatsRow = Static<typeof StatsRow>;

const SlaMinutes = Type.Integer({ minimum: 1, maximum: 10080, description: 'Created → closed, in minutes' });
const SlaByPriority = Type.Object(
  {
    urgent: Type.Optional(SlaMinutes),
    high: Type.Optional(SlaMinutes),
    normal: Type.Optional(SlaMinutes),
    low: Type.Optional(SlaMinutes),
  },
  { additionalProperties: false },
);
const OrDefault = Type.Union([SlaMinutes, Type.Null()], { description: 'null: back to the default' });

export const TaskCategory = Type.Object({
  code: Type.String(),
  name: Type.String(),
  autoDispatch: Type.Boolean({
    description: 'New tasks go at once to the first recommended officer, without an operator',
  }),
  slaMinutes: Type.Object(
    { urgent: SlaMinutes, high: SlaMinutes, normal: SlaMinutes, low: SlaMinutes },
    { description: "The SLA in force per priority: the category's own, else the configured default" },
  ),
  ownSlaMinutes: SlaByPriority,
});
export type TaskCategory = Static<typeof TaskCategory>;

export const TaskCategoryUpdateBody = Type.Object(
  {
    autoDispatch: Type.Optional(Type.Boolean()),
    slaMinutes: Type.Optional(
      Type.Object(
        {
          urgent: Type.Optional(OrDefault),
          high: Type.Optional(OrDefault),
          normal: Type.Optional(OrDefault),
          low: Type.Optional(OrDefault),
        },
        { additionalProperties: false, description: 'Only the priorities named change' },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TaskCategoryUpdateBody = Static<typeof TaskCategoryUpdateBody>;
