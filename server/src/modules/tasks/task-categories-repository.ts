// Task categories: their names, whether they are dispatched automatically, and their own SLA
// per priority (minutes; a priority not set uses the configured default).
import type { TaskPriority } from '@fcc/shared';
import type pg from 'pg';

export interface TaskCategory {
  code: string;
  name: string;
  autoDispatch: boolean;
  slaMinutes: Partial<Record<TaskPriority, number>>;
}

export class TaskCategoriesRepository {
  constructor(private readonly pool: pg.Pool) {}

  async find(code: string): Promise<TaskCategory | undefined> {
    const { rows } = await this.pool.query<TaskCategory>(
      `SELECT code, name, auto_dispatch AS "autoDispatch", sla_minutes AS "slaMinutes"
       FROM task_categories WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  async list(): Promise<TaskCategory[]> {
    const { rows } = await this.pool.query<TaskCategory>(
      `SELECT code, name, auto_dispatch AS "autoDispatch", sla_minutes AS "slaMinutes"
       FROM task_categories ORDER BY code`,
    );
    return rows;
  }

  async codes(): Promise<string[]> {
    return (await this.list()).map((category) => category.code);
  }

  async update(code: string, changes: { autoDispatch?: boolean; slaMinutes?: TaskCategory['slaMinutes'] }) {
    const { rowCount } = await this.pool.query(
      `UPDATE task_categories SET auto_dispatch = coalesce($2, auto_dispatch),
                                  sla_minutes = coalesce($3::jsonb, sla_minutes)
       WHERE code = $1`,
      [code, changes.autoDispatch ?? null, changes.slaMinutes ? JSON.stringify(changes.slaMinutes) : null],
    );
    return rowCount === 1;
  }
}
