// What a replay reads besides recordings and tracks: who an officer or device is, what a task or
// case covers (to resolve it to an officer and a time range), and the task events of an officer.
import type pg from 'pg';
import type { ReplayTaskEvent } from '@fcc/shared';
import { isoTimestamp } from '../../db/iso-timestamp';

export interface TaskSpan {
  createdAt: string;
  closedAt: string | null;
  /** Officers ever assigned, first assigned first. */
  officerIds: string[];
}

export interface CaseSpan {
  startedAt: string | null;
  endedAt: string | null;
  /** Officers of the case's recordings, in the order they first recorded. */
  officerIds: string[];
}

export class ReplayRepository {
  constructor(private readonly pool: pg.Pool) {}

  async officerName(officerId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM officers WHERE id = $1', [
      officerId,
    ]);
    return rows[0]?.name;
  }

  async deviceOfficer(deviceId: string): Promise<{ officerId: string | null } | undefined> {
    const { rows } = await this.pool.query<{ officerId: string | null }>(
      'SELECT officer_id AS "officerId" FROM devices WHERE id = $1',
      [deviceId],
    );
    return rows[0];
  }

  async taskSpan(taskId: string): Promise<TaskSpan | undefined> {
    const { rows } = await this.pool.query<TaskSpan>(
      `SELECT ${isoTimestamp('t.created_at')} AS "createdAt", ${isoTimestamp('t.closed_at')} AS "closedAt",
              coalesce((SELECT array_agg(a.officer_id::text ORDER BY a.assigned_at)
                        FROM task_assignments a WHERE a.task_id = t.id), '{}') AS "officerIds"
       FROM tasks t WHERE t.id = $1`,
      [taskId],
    );
    return rows[0];
  }

  async caseSpan(caseId: string): Promise<CaseSpan | undefined> {
    const { rows } = await this.pool.query<CaseSpan>(
      `SELECT ${isoTimestamp('min(r.started_at)')} AS "startedAt",
              ${isoTimestamp('max(coalesce(r.ended_at, now()))')} AS "endedAt",
              coalesce(array_agg(r.officer_id::text ORDER BY r.started_at)
                       FILTER (WHERE r.officer_id IS NOT NULL), '{}') AS "officerIds"
       FROM cases c
       LEFT JOIN case_recordings cr ON cr.case_id = c.id
       LEFT JOIN recordings r ON r.id = cr.recording_id
       WHERE c.id = $1
       GROUP BY c.id`,
      [caseId],
    );
    const row = rows[0];
    return row && { ...row, officerIds: [...new Set(row.officerIds)] };
  }

  /** Events in the range of every task the officer was ever assigned to, or took a step in. */
  async taskEvents(officerId: string, fromMs: number, toMs: number): Promise<ReplayTaskEvent[]> {
    const { rows } = await this.pool.query<ReplayTaskEvent>(
      `SELECT e.id::int AS id, e.type, e.from_state AS "fromState", e.to_state AS "toState", e.actor,
              e.actor_user_id AS "actorUserId", e.actor_officer_id AS "actorOfficerId", e.data,
              ${isoTimestamp('e.at')} AS at,
              t.id AS "taskId", t.code AS "taskCode", t.category, t.priority,
              json_build_object('lat', ST_Y(t.location), 'lon', ST_X(t.location)) AS location
       FROM task_events e JOIN tasks t ON t.id = e.task_id
       WHERE e.at >= to_timestamp($2 / 1000.0) AND e.at < to_timestamp($3 / 1000.0)
         AND (e.actor_officer_id = $1
              OR e.task_id IN (SELECT a.task_id FROM task_assignments a WHERE a.officer_id = $1))
       ORDER BY e.at, e.id`,
      [officerId, fromMs, toMs],
    );
    return rows;
  }
}
