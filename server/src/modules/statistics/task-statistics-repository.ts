// Task statistics in SQL, from the tasks and their events: counts per day and per area, the
// time from creation to the first acknowledgement, the first arrival and the close (percentiles
// and histogram buckets), and SLA breaches per category and area.
import {
  STATISTICS_TIME_ZONE,
  type DurationKind,
  type SlaBreachRow,
  type TasksPerArea,
  type TasksPerDay,
} from '@fcc/shared';
import type pg from 'pg';

export interface TaskScope {
  fromMs: number;
  toMs: number;
  areaId: string | null;
}

/** Upper edges of the histogram buckets, in seconds: 1, 2, 5, 10, 15, 30 min, 1, 2, 4, 8 h. */
export const DURATION_BUCKET_EDGES = [60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800] as const;

export interface DurationSummaryRow {
  kind: DurationKind;
  count: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
}

export interface DurationBucketRow {
  kind: DurationKind;
  /** 0: below the first edge; i: from edge i-1 up to edge i; edges.length: the last edge and up. */
  bucket: number;
  count: number;
}

export interface TaskTotals {
  tasks: number;
  closed: number;
  cancelled: number;
  withSla: number;
  slaBreaches: number;
}

const TZ = `'${STATISTICS_TIME_ZONE}'`;

/**
 * The tasks in scope: created in [from, to), in the area if one is asked for. A task breached
 * its SLA when the timer marked it, or when it was closed (or is still open) after it was due;
 * a cancelled task counts only if the timer had marked it.
 */
const SCOPED = `scoped AS (
  SELECT t.*, (t.sla_breached_at IS NOT NULL
               OR (t.sla_due_at IS NOT NULL AND t.state <> 'cancelled' AND coalesce(t.closed_at, now()) > t.sla_due_at)) AS breached
  FROM tasks t
  WHERE t.created_at >= to_timestamp($1 / 1000.0) AND t.created_at < to_timestamp($2 / 1000.0)
    AND ($3::uuid IS NULL OR t.area_id = $3::uuid))`;

const COUNTS = `count(*)::int AS tasks,
  count(*) FILTER (WHERE state = 'closed')::int AS closed,
  count(*) FILTER (WHERE breached)::int AS "slaBreaches"`;

const firstEvent = (type: string) =>
  `(SELECT extract(epoch FROM min(e.at) - t.created_at) FROM task_events e WHERE e.task_id = t.id AND e.type = '${type}')`;

/** One row per task and kind of duration, in seconds (never below zero). */
const DURATIONS = `durations AS (
  SELECT kind, greatest(0, seconds)::float8 AS seconds FROM (
    SELECT 'toAcknowledge' AS kind, ${firstEvent('acknowledged')} AS seconds FROM scoped t
    UNION ALL SELECT 'toArrive', ${firstEvent('arrived')} FROM scoped t
    UNION ALL SELECT 'toClose', CASE WHEN t.state = 'closed' THEN extract(epoch FROM t.closed_at - t.created_at) END FROM scoped t
  ) d WHERE seconds IS NOT NULL)`;

const percentile = (fraction: number) =>
  `round((percentile_cont(${fraction}) WITHIN GROUP (ORDER BY seconds))::numeric, 1)::float8`;

export class TaskStatisticsRepository {
  constructor(private readonly pool: pg.Pool) {}

  private params(scope: TaskScope): unknown[] {
    return [scope.fromMs, scope.toMs, scope.areaId];
  }

  async totals(scope: TaskScope): Promise<TaskTotals> {
    const { rows } = await this.pool.query<TaskTotals>(
      `WITH ${SCOPED}
       SELECT ${COUNTS}, count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
              count(sla_due_at)::int AS "withSla"
       FROM scoped`,
      this.params(scope),
    );
    return rows[0]!;
  }

  /** Every day of the range in the bureau's time zone, days without tasks included. */
  async perDay(scope: TaskScope): Promise<TasksPerDay[]> {
    const { rows } = await this.pool.query<TasksPerDay>(
      `WITH ${SCOPED},
       counted AS (SELECT (created_at AT TIME ZONE ${TZ})::date AS day, ${COUNTS} FROM scoped GROUP BY 1)
       SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(c.tasks, 0) AS tasks,
              coalesce(c.closed, 0) AS closed, coalesce(c."slaBreaches", 0) AS "slaBreaches"
       FROM generate_series((to_timestamp($1 / 1000.0) AT TIME ZONE ${TZ})::date,
                            (to_timestamp(($2 - 1) / 1000.0) AT TIME ZONE ${TZ})::date, interval '1 day') AS d(day)
       LEFT JOIN counted c ON c.day = d.day::date
       ORDER BY d.day`,
      this.params(scope),
    );
    return rows;
  }

  /** Every area (or the one asked for), plus a row for tasks outside every area if there are any. */
  async perArea(scope: TaskScope): Promise<TasksPerArea[]> {
    const { rows } = await this.pool.query<TasksPerArea>(
      `WITH ${SCOPED},
       counted AS (SELECT area_id, ${COUNTS} FROM scoped GROUP BY area_id)
       SELECT a.id AS "areaId", a.name AS "areaName", coalesce(c.tasks, 0) AS tasks,
              coalesce(c.closed, 0) AS closed, coalesce(c."slaBreaches", 0) AS "slaBreaches"
       FROM grid_areas a LEFT JOIN counted c ON c.area_id = a.id
       WHERE $3::uuid IS NULL OR a.id = $3::uuid
       UNION ALL
       SELECT NULL, NULL, tasks, closed, "slaBreaches" FROM counted WHERE area_id IS NULL
       ORDER BY "areaName" NULLS LAST`,
      this.params(scope),
    );
    return rows;
  }

  async durationSummaries(scope: TaskScope): Promise<DurationSummaryRow[]> {
    const { rows } = await this.pool.query<DurationSummaryRow>(
      `WITH ${SCOPED}, ${DURATIONS}
       SELECT kind, count(*)::int AS count, ${percentile(0.5)} AS p50, ${percentile(0.9)} AS p90,
              round(max(seconds)::numeric, 1)::float8 AS max
       FROM durations GROUP BY kind`,
      this.params(scope),
    );
    return rows;
  }

  async durationBuckets(scope: TaskScope): Promise<DurationBucketRow[]> {
    const { rows } = await this.pool.query<DurationBucketRow>(
      `WITH ${SCOPED}, ${DURATIONS}
       SELECT kind, width_bucket(seconds, $4::float8[]) AS bucket, count(*)::int AS count
       FROM durations GROUP BY 1, 2`,
      [...this.params(scope), DURATION_BUCKET_EDGES],
    );
    return rows;
  }

  /** Per category and area, among tasks that had an SLA; the worst first. */
  async slaBreaches(scope: TaskScope): Promise<SlaBreachRow[]> {
    const { rows } = await this.pool.query<SlaBreachRow>(
      `WITH ${SCOPED}
       SELECT s.category, min(tc.name) AS "categoryName", s.area_id AS "areaId", min(a.name) AS "areaName",
              count(*)::int AS "withSla", count(*) FILTER (WHERE s.breached)::int AS breaches,
              round(count(*) FILTER (WHERE s.breached)::numeric / count(*), 3)::float8 AS "breachRate"
       FROM scoped s
       LEFT JOIN task_categories tc ON tc.code = s.category
       LEFT JOIN grid_areas a ON a.id = s.area_id
       WHERE s.sla_due_at IS NOT NULL
       GROUP BY s.category, s.area_id
       ORDER BY breaches DESC, "breachRate" DESC, s.category, min(a.name) NULLS LAST`,
      this.params(scope),
    );
    return rows;
  }

  async areaExists(areaId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM grid_areas WHERE id = $1', [areaId]);
    return rowCount === 1;
  }
}
