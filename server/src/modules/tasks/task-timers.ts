// The loop's clocks: a dispatched task nobody acknowledges in time is escalated to operators
// with officers suggested for re-dispatch; an open task past its SLA has the breach recorded.
// Each fires once per task (marked in the row, so a restart or a second node does not repeat it).
import type { Logger } from 'pino';
import type { AlertsService } from '../alerts/alerts-service';
import type { TasksRepository } from './tasks-repository';
import type { TasksService } from './tasks-service';

export class TaskTimers {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly repository: TasksRepository,
    private readonly tasks: TasksService,
    private readonly alerts: AlertsService,
    private readonly settings: { checkEveryMs: number; ackTimeoutSeconds: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.check(), this.settings.checkEveryMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One check at a time. */
  check(): Promise<void> {
    this.#running ??= this.#check()
      .catch((error: unknown) => this.log.error({ err: error }, 'task timer check failed'))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<void> {
    for (const due of await this.repository.dueForEscalation()) await this.escalate(due.id);
    for (const due of await this.repository.dueForSlaBreach()) await this.recordBreach(due.id);
  }

  private async escalate(id: string): Promise<void> {
    const suggestions = await this.tasks.recommend(id, 3);
    const task = await this.tasks.recordSystemEvent(id, 'escalated_at', 'escalated', {
      ackTimeoutSeconds: this.settings.ackTimeoutSeconds,
      suggestedOfficerIds: suggestions.map((officer) => officer.officerId),
    });
    if (!task) return;
    const names = task.assignees.map((assignee) => assignee.name).join(', ');
    await this.alerts.raise({
      kind: 'task-unacknowledged',
      severity: 'warning',
      officerId: task.assignees[0]?.officerId ?? null,
      deviceId: null,
      message: `Task ${task.code} not acknowledged by ${names || 'anyone'} within ${this.settings.ackTimeoutSeconds} s`,
      data: { taskId: task.id, taskCode: task.code, suggestions },
      location: task.location,
    });
  }

  private async recordBreach(id: string): Promise<void> {
    const task = await this.tasks.recordSystemEvent(id, 'sla_breached_at', 'sla-breached', {});
    if (!task) return;
    await this.alerts.raise({
      kind: 'sla-breach',
      severity: task.priority === 'urgent' ? 'critical' : 'warning',
      officerId: task.assignees[0]?.officerId ?? null,
      deviceId: null,
      message: `Task ${task.code} (${task.priority}) is past its SLA, ${task.slaDueAt}`,
      data: { taskId: task.id, taskCode: task.code, slaDueAt: task.slaDueAt },
      location: task.location,
    });
  }
}
