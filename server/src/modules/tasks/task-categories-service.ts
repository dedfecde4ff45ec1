// Task categories as operators see them: the SLA in force per priority (the category's own or
// the configured default) and whether new tasks are dispatched automatically. Changing either
// is an administrator's decision, audited.
import type { TaskCategory, TaskCategoryUpdateBody, TaskPriority } from '@fcc/shared';
import { TASK_PRIORITIES } from '@fcc/shared';
import type { Database } from '../../db/client';
import { NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { StoredTaskCategory, TaskCategoriesRepository } from './task-categories-repository';

export class TaskCategoriesService {
  constructor(
    private readonly db: Database,
    private readonly categories: TaskCategoriesRepository,
    private readonly audit: AuditService,
    private readonly defaultSlaMinutes: Record<TaskPriority, number>,
  ) {}

  async list(): Promise<TaskCategory[]> {
    return (await this.categories.list()).map((category) => this.view(category));
  }

  async update(actor: AuditActor, code: string, changes: TaskCategoryUpdateBody): Promise<TaskCategory> {
    const updated = await this.db.transaction(async (tx) => {
      const category = await this.categories.update(tx, code, changes);
      if (!category) return undefined;
      await this.audit.record(tx, actor, {
        action: 'task-category.updated',
        targetType: 'task-category',
        targetId: code,
        details: { ...changes },
      });
      return category;
    });
    if (!updated) {
      const known = (await this.categories.codes()).join(', ');
      throw new NotFoundError(`No task category "${code}"; known categories: ${known}.`);
    }
    return this.view(updated);
  }

  private view(category: StoredTaskCategory): TaskCategory {
    const slaMinutes = Object.fromEntries(
      TASK_PRIORITIES.map((priority) => [
        priority,
        category.slaMinutes[priority] ?? this.defaultSlaMinutes[priority],
      ]),
    ) as TaskCategory['slaMinutes'];
    return { ...category, slaMinutes, ownSlaMinutes: category.slaMinutes };
  }
}
