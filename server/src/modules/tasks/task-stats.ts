// How the loop performs: per category, area, officer or day, the number of tasks and the time
// from creation to the first acknowledgement, the first arrival and the close (p50/p90), and
// the share of tasks with an SLA that breached it. Computed from the task events.
import type { StatsRow } from '@fcc/shared';
import type pg from 'pg';

export type StatsGrouping = 'category' | 'area' | 'officer' | 'day';

const GROUPINGS: Record<StatsGrouping, { key: string; label: string; from: string }> = {
  category: {
    key: 't.category',
    label: 'tc.name',
    from: 'LEFT JOIN task_categories tc ON tc.code = t.category',
  },
  area: { key: 't.area_id::text', label: 'ga.name', from: 'LEFT JOIN grid_areas ga ON ga.id = t.area_id' },
  officer: {
    key: 'ta.officer_id::text',
    label: 'o.name',
    from: 'JOIN task_assignments ta ON ta.task_id = t.id JOIN officers o ON o.id = ta.officer_id',
  },
  day: {
    key: "to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')",
    label: "to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')",
    from: '',
  },
};

const firstEvent = (type: string) =>
  `(SELECT extract(epoch FROM min(e.at) - t.created_at) FROM task_events e WHERE e.task_id = t.id AND e.type = '${type}')`;

const percentiles = (column: string) => `json_build_object(
    'p50', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}))::numeric, 1)::float8,
    'p90', round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}))::numeric, 1)::float8)`;

export class TaskStats {
  constructor(private readonly pool: pg.Pool) {}

  async stats(query: { fromMs: number; toMs: number; groupBy: StatsGrouping }): Promise<StatsRow[]> {
    const grouping = GROUPINGS[query.groupBy];
    const { rows } = await this.pool.query<StatsRow>(
      `WITH timed AS (
         SELECT t.*, ${grouping.key} AS key, ${grouping.label} AS label,
                ${firstEvent('acknowledged')} AS to_ack, ${firstEvent('arrived')} AS to_arrive,
                CASE WHEN t.state = 'closed' THEN extract(epoch FROM t.closed_at - t.created_at) END AS to_close
         FROM tasks t ${grouping.from}
         WHERE t.created_at >= to_timestamp($1 / 1000.0) AND t.created_at < to_timestamp($2 / 1000.0)
       )
       SELECT key, min(label) AS label, count(*)::int AS tasks,
              count(*) FILTER (WHERE state = 'closed')::int AS closed,
              count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE sla_breached_at IS NOT NULL)::int AS "slaBreaches",
              CASE WHEN count(sla_due_at) = 0 THEN NULL
                   ELSE round(count(*) FILTER (WHERE sla_breached_at IS NOT NULL)::numeric / count(sla_due_at), 3)::float8
              END AS "slaBreachRate",
              ${percentiles('to_ack')} AS "toAcknowledge",
              ${percentiles('to_arrive')} AS "toArrive",
              ${percentiles('to_close')} AS "toClose"
       FROM timed GROUP BY key ORDER BY key`,
      [query.fromMs, query.toMs],
    );
    return rows;
  }
}
