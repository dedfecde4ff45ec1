// Task categories: their names, whether they are dispatched automatically, and their own SLA
// per priority (minutes; a priority not set uses the configured default).
import type { TaskCategoryUpdateBody, TaskPriority } from '@fcc/shared';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Executor } from '../../db/client';

export type StoredTaskCategory = {
  code: string;
  name: string;
  autoDispatch: boolean;
  slaMinutes: Partial<Record<TaskPriority, number>>;
};

const COLUMNS = 'code, name, auto_dispatch AS "autoDispatch", sla_minutes AS "slaMinutes"';

export class TaskCategoriesRepository {
  constructor(private readonly pool: pg.Pool) {}

  async find(code: string): Promise<StoredTaskCategory | undefined> {
    const { rows } = await this.pool.query<StoredTaskCategory>(
      `SELECT ${COLUMNS} FROM task_categories WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  async list(): Promise<StoredTaskCategory[]> {
    const { rows } = await this.pool.query<StoredTaskCategory>(
      `SELECT ${COLUMNS} FROM task_categories ORDER BY code`,
    );
    return rows;
  }

  async codes(): Promise<string[]> {
    return (await this.list()).map((category) => category.code);
  }

  /** Applies the changes; an SLA of null removes the category's own value for that priority. */
  async update(
    executor: Executor,
    code: string,
    changes: TaskCategoryUpdateBody,
  ): Promise<StoredTaskCategory | undefined> {
    const slaMinutes = changes.slaMinutes ? JSON.stringify(changes.slaMinutes) : null;
    const { rows } = await executor.execute<StoredTaskCategory>(sql`
      UPDATE task_categories
      SET auto_dispatch = coalesce(${changes.autoDispatch ?? null}::boolean, auto_dispatch),
          sla_minutes = jsonb_strip_nulls(sla_minutes || coalesce(${slaMinutes}::jsonb, '{}'::jsonb))
      WHERE code = ${code}
      RETURNING ${sql.raw(COLUMNS)}`);
    return rows[0];
  }
}
