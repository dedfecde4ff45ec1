// Statistics of enforcement activity for supervisors and administrators: tasks per day and per
// area, how long the loop takes (acknowledge, arrive, close), SLA breaches, and officers' distance
// travelled and time on duty. Every table also comes as CSV.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

/** The longest range one request may cover. */
export const MAX_STATISTICS_RANGE_DAYS = 366;

/** Days are counted in the bureau's time zone, so "a day" is the day its staff work. */
export const STATISTICS_TIME_ZONE = 'Asia/Shanghai';

/** The tables of the task statistics, each downloadable as CSV (`format=csv&table=`). */
export const TASK_STATISTICS_TABLES = ['per-day', 'per-area', 'durations', 'sla-breaches'] as const;
export type TaskStatisticsTable = (typeof TASK_STATISTICS_TABLES)[number];

export const StatisticsFormat = Type.Enum(['json', 'csv'] as const, {
  description: 'csv: a UTF-8 file with a byte-order mark and a header row (Excel opens it as is)',
});

export const TaskStatisticsQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    areaId: Type.Optional(Id),
    format: Type.Optional(StatisticsFormat),
    table: Type.Optional(Type.Enum(TASK_STATISTICS_TABLES, { description: 'Which table the CSV holds' })),
  },
  { additionalProperties: false },
);
export type TaskStatisticsQuery = Static<typeof TaskStatisticsQuery>;

export const OfficerStatisticsQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    areaId: Type.Optional(Id),
    format: Type.Optional(StatisticsFormat),
  },
  { additionalProperties: false },
);
export type OfficerStatisticsQuery = Static<typeof OfficerStatisticsQuery>;

const Count = Type.Integer({ minimum: 0 });
const SecondsOrNull = Type.Union([Type.Number(), Type.Null()]);

export const TasksPerDay = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD in the bureau time zone; every day of the range, zeros too' }),
  tasks: Count,
  closed: Count,
  slaBreaches: Count,
});
export type TasksPerDay = Static<typeof TasksPerDay>;

export const TasksPerArea = Type.Object({
  areaId: Type.Union([Id, Type.Null()], { description: 'null: outside every area' }),
  areaName: Type.Union([Type.String(), Type.Null()]),
  tasks: Count,
  closed: Count,
  slaBreaches: Count,
});
export type TasksPerArea = Static<typeof TasksPerArea>;

export const HistogramBucket = Type.Object({
  fromSeconds: Type.Number(),
  toSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'null: no upper bound' }),
  count: Count,
});
export type HistogramBucket = Static<typeof HistogramBucket>;

export const DURATION_KINDS = ['toAcknowledge', 'toArrive', 'toClose'] as const;
export type DurationKind = (typeof DURATION_KINDS)[number];

export const DurationDistribution = Type.Object({
  count: Count,
  p50: SecondsOrNull,
  p90: SecondsOrNull,
  max: SecondsOrNull,
  buckets: Type.Array(HistogramBucket),
});
export type DurationDistribution = Static<typeof DurationDistribution>;

export const SlaBreachRow = Type.Object({
  category: Type.String(),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.Union([Id, Type.Null()]),
  areaName: Type.Union([Type.String(), Type.Null()]),
  withSla: Count,
  breaches: Count,
  breachRate: Type.Union([Type.Number(), Type.Null()], { description: 'breaches / tasks with an SLA' }),
});
export type SlaBreachRow = Static<typeof SlaBreachRow>;

export const TaskStatistics = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  areaId: Type.Union([Id, Type.Null()]),
  timeZone: Type.String(),
  totals: Type.Object({ tasks: Count, closed: Count, cancelled: Count, withSla: Count, slaBreaches: Count }),
  perDay: Type.Array(TasksPerDay),
  perArea: Type.Array(TasksPerArea),
  durations: Type.Object({
    toAcknowledge: DurationDistribution,
    toArrive: DurationDistribution,
    toClose: DurationDistribution,
  }),
  slaBreaches: Type.Array(SlaBreachRow),
});
export type TaskStatistics = Static<typeof TaskStatistics>;

export const OfficerStatisticsRow = Type.Object({
  officerId: Id,
  badgeNo: Type.String(),
  name: Type.String(),
  areaId: Type.Union([Id, Type.Null()]),
  areaName: Type.Union([Type.String(), Type.Null()]),
  distanceMetres: Count,
  fixesUsed: Count,
  fixesIgnored: Type.Integer({ minimum: 0, description: 'Outliers and fixes with poor accuracy' }),
  onDutySeconds: Count,
  tasksAssigned: Count,
});
export type OfficerStatisticsRow = Static<typeof OfficerStatisticsRow>;

export const OfficerStatistics = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  areaId: Type.Union([Id, Type.Null()]),
  method: Type.Object({
    maxAccuracyMetres: Type.Number({ description: 'Fixes less accurate than this are ignored' }),
    windowSeconds: Type.Number({ description: 'Fixes are averaged per window of this length' }),
    description: Type.String(),
  }),
  officers: Type.Array(OfficerStatisticsRow),
});
export type OfficerStatistics = Static<typeof OfficerStatistics>;
