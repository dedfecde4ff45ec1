// Tasks, their assignments and events in PostGIS. The wire shape (Task) is built by the query;
// changes run on a client inside the caller's transaction.
import type { Task, TaskEvent, TaskListQuery, TaskPriority, TaskSource, TaskState } from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';

type Queryable = Pick<pg.PoolClient, 'query'>;

const TASK_COLUMNS = `
  t.id, t.code, t.source, t.source_ref AS "sourceRef", t.category, t.priority, t.state, t.description,
  t.address, t.photos,
  json_build_object('lat', ST_Y(t.location), 'lon', ST_X(t.location)) AS location,
  t.grid_cell_id AS "gridCellId", gc.code AS "gridCellCode", t.area_id AS "areaId",
  t.outside_managed_area AS "outsideManagedArea", t.nearest_area_id AS "nearestAreaId",
  t.inspection_target_id AS "inspectionTargetId",
  coalesce((SELECT json_agg(json_build_object(
              'officerId', a.officer_id, 'name', o.name, 'badgeNo', o.badge_no,
              'assignedAt', ${isoTimestamp('a.assigned_at')},
              'acknowledgedAt', ${isoTimestamp('a.acknowledged_at')}) ORDER BY a.assigned_at, o.badge_no)
            FROM task_assignments a JOIN officers o ON o.id = a.officer_id
            WHERE a.task_id = t.id AND a.released_at IS NULL), '[]'::json) AS assignees,
  ${isoTimestamp('t.created_at')} AS "createdAt", ${isoTimestamp('t.ack_due_at')} AS "ackDueAt",
  ${isoTimestamp('t.sla_due_at')} AS "slaDueAt",
  CASE WHEN t.state IN ('closed', 'cancelled') OR t.sla_due_at IS NULL THEN NULL
       ELSE round(extract(epoch FROM t.sla_due_at - now()))::float8 END AS "slaSecondsRemaining",
  ${isoTimestamp('t.sla_breached_at')} AS "slaBreachedAt", ${isoTimestamp('t.escalated_at')} AS "escalatedAt",
  ${isoTimestamp('t.closed_at')} AS "closedAt",
  json_build_object(
    'toAcknowledgeSeconds', ${secondsUntilFirst("type = 'acknowledged'")},
    'toArriveSeconds', ${secondsUntilFirst("type = 'arrived'")},
    'toResolveSeconds', ${secondsUntilFirst("type = 'resolved'")},
    'toCloseSeconds', extract(epoch FROM t.closed_at - t.created_at)::float8) AS timings`;

function secondsUntilFirst(condition: string): string {
  return `(SELECT extract(epoch FROM min(e.at) - t.created_at)::float8 FROM task_events e
           WHERE e.task_id = t.id AND e.${condition})`;
}

const EVENT_COLUMNS = `
  e.id::int AS id, e.type, e.from_state AS "fromState", e.to_state AS "toState", e.actor,
  e.actor_user_id AS "actorUserId", e.actor_officer_id AS "actorOfficerId", e.data, ${isoTimestamp('e.at')} AS at`;

export interface NewTask {
  source: TaskSource;
  sourceRef: string | null;
  category: string;
  priority: TaskPriority;
  description: string;
  address: string;
  photos: readonly string[];
  location: { lat: number; lon: number };
  createdBy: string | null;
  slaMinutes: number | null;
  inspectionTargetId?: string | null;
  spotCheckDrawId?: string | null;
}

export interface NewTaskEvent {
  taskId: string;
  type: string;
  fromState: TaskState | null;
  toState: TaskState | null;
  actor: string;
  actorUserId: string | null;
  actorOfficerId: string | null;
  data?: Record<string, unknown>;
}

export interface LockedTask {
  id: string;
  state: TaskState;
  category: string;
  inspectionTargetId: string | null;
  assigneeIds: string[];
  acknowledgedIds: string[];
}

export class TasksRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** Inserts a task with its grid cell and area resolved from the location (or the nearest area). */
  async insert(client: Queryable, task: NewTask): Promise<{ id: string }> {
    const { rows } = await client.query<{ id: string }>(
      `WITH point AS (SELECT ST_SetSRID(ST_MakePoint($8, $7), 4326) AS geom),
       cell AS (
         SELECT c.id, c.area_id FROM grid_cells c, point p WHERE ST_Intersects(c.geom, p.geom)
         ORDER BY c.code LIMIT 1
       ),
       nearest AS (
         SELECT a.id FROM grid_areas a, point p WHERE a.geom IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cell)
         ORDER BY a.geom <-> p.geom LIMIT 1
       )
       INSERT INTO tasks (code, source, source_ref, category, priority, state, description, address, photos,
                          location, grid_cell_id, area_id, outside_managed_area, nearest_area_id, created_by,
                          sla_due_at, inspection_target_id, spot_check_draw_id)
       SELECT 'T' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-'
                  || lpad(nextval('task_code_seq')::text, 5, '0'),
              $1, $2, $3, $4, 'created', $5, $6, $9::jsonb, p.geom,
              (SELECT id FROM cell), (SELECT area_id FROM cell), NOT EXISTS (SELECT 1 FROM cell),
              (SELECT id FROM nearest), $10,
              CASE WHEN $11::int IS NULL THEN NULL ELSE now() + make_interval(mins => $11::int) END, $12, $13
       FROM point p
       RETURNING id`,
      [
        task.source,
        task.sourceRef,
        task.category,
        task.priority,
        task.description,
        task.address,
        task.location.lat,
        task.location.lon,
        JSON.stringify(task.photos),
        task.createdBy,
        task.slaMinutes,
        task.inspectionTargetId ?? null,
        task.spotCheckDrawId ?? null,
      ],
    );
    return rows[0]!;
  }

  /** The task (from a source system) with this reference, if it was reported before. */
  async findBySourceRef(source: TaskSource, sourceRef: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM tasks WHERE source = $1 AND source_ref = $2',
      [source, sourceRef],
    );
    return rows[0]?.id;
  }

  /** Locks the task row for the rest of the transaction: concurrent steps on it queue here. */
  async lock(client: Queryable, id: string): Promise<LockedTask | undefined> {
    const { rows } = await client.query<LockedTask>(
      `SELECT t.id, t.state, t.category, t.inspection_target_id AS "inspectionTargetId",
              coalesce(array_agg(a.officer_id) FILTER (WHERE a.officer_id IS NOT NULL), '{}') AS "assigneeIds",
              coalesce(array_agg(a.officer_id) FILTER (WHERE a.acknowledged_at IS NOT NULL), '{}') AS "acknowledgedIds"
       FROM (SELECT * FROM tasks WHERE id = $1 FOR UPDATE) t
       LEFT JOIN task_assignments a ON a.task_id = t.id AND a.released_at IS NULL
       GROUP BY t.id, t.state, t.category, t.inspection_target_id`,
      [id],
    );
    return rows[0];
  }

  async setState(
    client: Queryable,
    id: string,
    state: TaskState,
    changes: { ackDueSeconds?: number | null; closed?: boolean; clearClosed?: boolean } = {},
  ): Promise<void> {
    await client.query(
      `UPDATE tasks SET state = $2, updated_at = now(),
         ack_due_at = CASE WHEN $3::int IS NOT NULL THEN now() + make_interval(secs => $3::int)
                           WHEN $2 = 'dispatched' THEN ack_due_at ELSE NULL END,
         escalated_at = CASE WHEN $3::int IS NOT NULL THEN NULL ELSE escalated_at END,
         closed_at = CASE WHEN $4 THEN now() WHEN $5 THEN NULL ELSE closed_at END
       WHERE id = $1`,
      [id, state, changes.ackDueSeconds ?? null, changes.closed ?? false, changes.clearClosed ?? false],
    );
  }

  async assign(client: Queryable, taskId: string, officerIds: readonly string[]): Promise<void> {
    await client.query(
      `INSERT INTO task_assignments (task_id, officer_id)
       SELECT $1, unnest($2::uuid[])
       ON CONFLICT (task_id, officer_id) DO UPDATE SET assigned_at = now(), released_at = NULL, acknowledged_at = NULL`,
      [taskId, officerIds],
    );
  }

  /** Releases every current assignee not in `keep`; returns those released. */
  async release(client: Queryable, taskId: string, keep: readonly string[] = []): Promise<string[]> {
    const { rows } = await client.query<{ officer_id: string }>(
      `UPDATE task_assignments SET released_at = now()
       WHERE task_id = $1 AND released_at IS NULL AND NOT (officer_id = ANY($2::uuid[]))
       RETURNING officer_id`,
      [taskId, keep],
    );
    return rows.map((row) => row.officer_id);
  }

  async markAcknowledged(client: Queryable, taskId: string, officerId: string): Promise<void> {
    await client.query(
      `UPDATE task_assignments SET acknowledged_at = now()
       WHERE task_id = $1 AND officer_id = $2 AND released_at IS NULL AND acknowledged_at IS NULL`,
      [taskId, officerId],
    );
  }

  async insertEvent(client: Queryable, event: NewTaskEvent): Promise<TaskEvent> {
    const { rows } = await client.query<TaskEvent>(
      `WITH e AS (
         INSERT INTO task_events (task_id, type, from_state, to_state, actor, actor_user_id, actor_officer_id, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *
       )
       SELECT ${EVENT_COLUMNS} FROM e`,
      [
        event.taskId,
        event.type,
        event.fromState,
        event.toState,
        event.actor,
        event.actorUserId,
        event.actorOfficerId,
        JSON.stringify(event.data ?? {}),
      ],
    );
    return rows[0]!;
  }

  /** Officers who hold no other open task than this one (they become available again). */
  async officersFreeAfter(
    client: Queryable,
    taskId: string,
    officerIds: readonly string[],
  ): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT o.id FROM unnest($2::uuid[]) AS o(id)
       WHERE NOT EXISTS (
         SELECT 1 FROM task_assignments a JOIN tasks t ON t.id = a.task_id
         WHERE a.officer_id = o.id AND a.released_at IS NULL AND t.id <> $1
           AND t.state NOT IN ('created', 'resolved', 'closed', 'cancelled'))`,
      [taskId, officerIds],
    );
    return rows.map((row) => row.id);
  }

  async setOfficerStatus(
    client: Queryable,
    officerIds: readonly string[],
    status: 'available' | 'busy',
  ): Promise<void> {
    if (officerIds.length === 0) return;
    // Only officers on duty change between available and busy; off duty or out of contact stay so.
    await client.query(
      `UPDATE officers SET status = $2, updated_at = now()
       WHERE id = ANY($1::uuid[]) AND status IN ('available', 'busy')`,
      [officerIds, status],
    );
  }

  async existingOfficers(client: Queryable, officerIds: readonly string[]): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM officers WHERE id = ANY($1::uuid[])',
      [officerIds],
    );
    return rows.map((row) => row.id);
  }

  async officerName(officerId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM officers WHERE id = $1', [
      officerId,
    ]);
    return rows[0]?.name;
  }

  async find(id: string, executor: Queryable = this.pool): Promise<Task | undefined> {
    const { rows } = await executor.query<Task>(
      `SELECT ${TASK_COLUMNS} FROM tasks t LEFT JOIN grid_cells gc ON gc.id = t.grid_cell_id WHERE t.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Whether the task is or ever was assigned to the officer (reassigned away included). */
  async wasAssigned(taskId: string, officerId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM task_assignments WHERE task_id = $1 AND officer_id = $2 LIMIT 1',
      [taskId, officerId],
    );
    return rowCount === 1;
  }

  async events(taskId: string): Promise<TaskEvent[]> {
    const { rows } = await this.pool.query<TaskEvent>(
      `SELECT ${EVENT_COLUMNS} FROM task_events e WHERE e.task_id = $1 ORDER BY e.id`,
      [taskId],
    );
    return rows;
  }

  async list(query: TaskListQuery): Promise<Task[]> {
    const { rows } = await this.pool.query<Task>(
      `SELECT ${TASK_COLUMNS} FROM tasks t LEFT JOIN grid_cells gc ON gc.id = t.grid_cell_id
       WHERE ($1::text IS NULL OR ($1 = 'open' AND t.state NOT IN ('closed', 'cancelled')) OR t.state = $1)
         AND ($2::uuid IS NULL OR t.area_id = $2 OR t.nearest_area_id = $2)
         AND ($3::text IS NULL OR t.category = $3)
         AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignments a
                                         WHERE a.task_id = t.id AND a.officer_id = $4 AND a.released_at IS NULL))
         AND ($5::text IS NULL OR t.code ILIKE '%' || $5 || '%' OR t.description ILIKE '%' || $5 || '%'
              OR t.address ILIKE '%' || $5 || '%')
       ORDER BY t.created_at DESC LIMIT $6`,
      [
        query.state ?? null,
        query.areaId ?? null,
        query.category ?? null,
        query.officerId ?? null,
        query.q ?? null,
        query.limit ?? 100,
      ],
    );
    return rows;
  }

  /** Open tasks an officer is assigned to: what a device gets when it (re)connects. */
  async openTasksOf(officerId: string): Promise<Task[]> {
    return this.list({ state: 'open', officerId, limit: 100 });
  }

  /** Dispatched tasks nobody acknowledged in time and not yet escalated. */
  async dueForEscalation(): Promise<Array<{ id: string; code: string }>> {
    const { rows } = await this.pool.query<{ id: string; code: string }>(
      `SELECT id, code FROM tasks
       WHERE state = 'dispatched' AND escalated_at IS NULL AND ack_due_at < now() ORDER BY ack_due_at LIMIT 100`,
    );
    return rows;
  }

  /** Open tasks past their SLA whose breach is not recorded yet. */
  async dueForSlaBreach(): Promise<Array<{ id: string; code: string }>> {
    const { rows } = await this.pool.query<{ id: string; code: string }>(
      `SELECT id, code FROM tasks
       WHERE state NOT IN ('closed', 'cancelled') AND sla_breached_at IS NULL AND sla_due_at < now()
       ORDER BY sla_due_at LIMIT 100`,
    );
    return rows;
  }

  /** Marks a timer as fired, once: false when another node (or an earlier run) did already. */
  async markFired(
    client: Queryable,
    id: string,
    timer: 'escalated_at' | 'sla_breached_at',
  ): Promise<boolean> {
    const { rowCount } = await client.query(
      `UPDATE tasks SET ${timer} = now()
       WHERE id = $1 AND ${timer} IS NULL
         AND state ${timer === 'escalated_at' ? "= 'dispatched'" : "NOT IN ('closed', 'cancelled')"}`,
      [id],
    );
    return rowCount === 1;
  }
}
