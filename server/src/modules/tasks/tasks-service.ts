// The task loop. Every step locks the task row, checks the step is allowed from the state it
// finds, writes the state and one event, and commits; only then are dashboards, the officers'
// devices and partners told. Two people stepping on one task at once queue on the lock, and
// the second finds the state the first left: a deterministic 409, never a duplicated event.
import type {
  Recommendation,
  Task,
  TaskActionBody,
  TaskDetail,
  TaskEvent,
  TaskListQuery,
  TaskPriority,
  TaskSource,
  TaskState,
} from '@fcc/shared';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { isUniqueViolation } from '../../db/pg-errors';
import { withTransaction } from '../../db/transaction';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import type { AlertsService } from '../alerts/alerts-service';
import type { LiveHub } from '../positions/live-hub';
import { SYSTEM_ACTOR, type TaskActor } from './task-actor';
import { OFFICER_STEPS, transitionFor, type TaskStep } from './task-transitions';
import type { TaskCategoriesRepository } from './task-categories-repository';
import type { LockedTask, TasksRepository } from './tasks-repository';
import type { RecommendationsRepository } from './recommendations-repository';

export interface NewTaskInput {
  source: TaskSource;
  sourceRef?: string | null;
  category: string;
  priority: TaskPriority;
  description: string;
  address?: string;
  photos?: readonly string[];
  location: { lat: number; lon: number };
  inspectionTargetId?: string | null;
  spotCheckDrawId?: string | null;
}

/** Where task events go beyond dashboards and devices (partners' webhooks). */
export interface TaskEventSink {
  publish(type: string, data: unknown): Promise<void> | void;
}

type Client = pg.PoolClient;

export class TasksService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tasks: TasksRepository,
    private readonly categories: TaskCategoriesRepository,
    private readonly recommendations: RecommendationsRepository,
    private readonly hub: LiveHub,
    private readonly alerts: AlertsService,
    private readonly settings: Config['dispatch'],
    private readonly log: Logger,
    private readonly sink: TaskEventSink | undefined = undefined,
  ) {}

  async create(actor: TaskActor, input: NewTaskInput): Promise<Task> {
    const category = await this.categories.find(input.category);
    if (!category) {
      const known = (await this.categories.codes()).join(', ');
      throw new BadRequestError(`Unknown task category "${input.category}"; known categories: ${known}.`);
    }
    const { task, event } = await this.inTransaction(async (client) => {
      const { id } = await this.tasks.insert(client, {
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        category: input.category,
        priority: input.priority,
        description: input.description,
        address: input.address ?? '',
        photos: input.photos ?? [],
        location: input.location,
        createdBy: actor.userId,
        slaMinutes: category.slaMinutes[input.priority] ?? this.settings.slaMinutes[input.priority],
        inspectionTargetId: input.inspectionTargetId ?? null,
        spotCheckDrawId: input.spotCheckDrawId ?? null,
      });
      const event = await this.tasks.insertEvent(client, {
        taskId: id,
        ...eventActor(actor),
        type: 'created',
        fromState: null,
        toState: 'created',
        data: { source: input.source, ...(input.sourceRef ? { sourceRef: input.sourceRef } : {}) },
      });
      return { task: (await this.tasks.find(id, client))!, event };
    });
    this.announce(task, event, []);
    if (category.autoDispatch) await this.autoDispatch(task);
    return task;
  }

  /** A report from a source system: the same external id twice gives the same task. */
  async report(
    actor: TaskActor,
    source: string,
    input: Omit<NewTaskInput, 'source'> & { sourceRef: string },
  ) {
    const sourceRef = `${source}:${input.sourceRef}`;
    const reportedBefore = async () => {
      const id = await this.tasks.findBySourceRef('report', sourceRef);
      return id === undefined ? undefined : { task: (await this.tasks.find(id))!, created: false };
    };
    const existing = await reportedBefore();
    if (existing) return existing;
    try {
      return { task: await this.create(actor, { ...input, source: 'report', sourceRef }), created: true };
    } catch (error) {
      // The same report sent twice at once: the other request created it.
      if (isUniqueViolation(error)) return (await reportedBefore())!;
      throw error;
    }
  }

  /**
   * An officer's SOS: a critical alert at once, and an urgent task at the officer's position
   * (sent with the SOS, else the last fix) for the operators to dispatch help to.
   */
  async sos(
    actor: TaskActor,
    who: { id: string; deviceId: string | null },
    location: { lat: number; lon: number } | null,
    note?: string,
  ): Promise<{ task: Task | null }> {
    const officer = { ...who, name: (await this.tasks.officerName(who.id)) ?? 'Unknown officer' };
    const task = location
      ? await this.create(actor, {
          source: 'sos',
          category: 'sos',
          priority: 'urgent',
          description: `SOS: ${officer.name}${note ? ` — ${note}` : ''}`,
          location,
        })
      : null;
    await this.alerts.raise({
      kind: 'sos',
      severity: 'critical',
      officerId: officer.id,
      deviceId: officer.deviceId,
      message: `SOS from ${officer.name}${location ? '' : ' (position unknown)'}`,
      data: { officerName: officer.name, taskId: task?.id ?? null, note: note ?? null },
      location,
    });
    return { task };
  }

  async get(id: string): Promise<TaskDetail> {
    const task = await this.tasks.find(id);
    if (!task) throw new NotFoundError(`No task with id ${id}.`);
    return { ...task, events: await this.tasks.events(id) };
  }

  /** A task as an officer's own account sees it: only one the officer is or was sent to. */
  async getOwn(id: string, officerId: string | null): Promise<TaskDetail> {
    const task = await this.get(id);
    if (!officerId || !(await this.tasks.wasAssigned(id, officerId))) {
      throw new ForbiddenError('This task was never assigned to you; officers see their own tasks only.');
    }
    return task;
  }

  list(query: TaskListQuery): Promise<Task[]> {
    return this.tasks.list(query);
  }

  openTasksOf(officerId: string): Promise<Task[]> {
    return this.tasks.openTasksOf(officerId);
  }

  async recommend(id: string, limit = 5): Promise<Recommendation[]> {
    const task = await this.tasks.find(id);
    if (!task) throw new NotFoundError(`No task with id ${id}.`);
    return this.recommendations.recommend({
      location: task.location,
      areaId: task.areaId ?? task.nearestAreaId,
      cellId: task.gridCellId,
      limit,
      staleAfterSeconds: this.settings.staleFixSeconds,
      excludeOfficerIds: task.assignees.map((assignee) => assignee.officerId),
    });
  }

  /** Sends a new task to officers (`dispatch`), or moves it to others (`reassign`). */
  async dispatch(
    actor: TaskActor,
    id: string,
    step: 'dispatch' | 'reassign',
    officerIds: readonly string[],
    note?: string,
  ): Promise<Task> {
    if (!actor.isStaff) throw new ForbiddenError('Only the command centre dispatches tasks.');
    let released: string[] = [];
    const { task, event } = await this.inTransaction(async (client) => {
      const locked = await this.lockOrThrow(client, id);
      const transition = transitionFor(step, locked.state);
      const known = await this.tasks.existingOfficers(client, officerIds);
      const unknown = officerIds.filter((officerId) => !known.includes(officerId));
      if (unknown.length > 0) throw new BadRequestError(`No officer with id ${unknown.join(', ')}.`);
      released = await this.tasks.release(client, id, officerIds);
      await this.tasks.assign(client, id, officerIds);
      await this.tasks.setState(client, id, transition.to, {
        ackDueSeconds: this.settings.ackTimeoutSeconds,
      });
      await this.tasks.setOfficerStatus(client, officerIds, 'busy');
      await this.tasks.setOfficerStatus(
        client,
        await this.tasks.officersFreeAfter(client, id, released),
        'available',
      );
      const event = await this.tasks.insertEvent(client, {
        taskId: id,
        ...eventActor(actor),
        type: transition.event,
        fromState: locked.state,
        toState: transition.to,
        data: {
          officerIds,
          ...(released.length ? { releasedOfficerIds: released } : {}),
          ...(note ? { note } : {}),
        },
      });
      return { task: (await this.tasks.find(id, client))!, event };
    });
    this.announce(task, event, released);
    return task;
  }

  /** A step of the loop after dispatch: acknowledge … resolve by the officer, close/reopen/cancel by staff. */
  async act(
    actor: TaskActor,
    id: string,
    step: Exclude<TaskStep, 'dispatch' | 'reassign'>,
    body: TaskActionBody,
  ) {
    if (step === 'cancel' && !body.reason?.trim()) {
      throw new BadRequestError('Cancelling a task needs a reason.');
    }
    if (!OFFICER_STEPS.has(step) && !actor.isStaff) {
      throw new ForbiddenError(`Only the command centre may ${step} a task.`);
    }
    let released: string[] = [];
    const { task, event } = await this.inTransaction(async (client) => {
      const locked = await this.lockOrThrow(client, id);
      if (OFFICER_STEPS.has(step)) this.ensureAssigned(actor, locked);
      if (step === 'acknowledge' && this.isLateAcknowledgement(actor, locked)) {
        // A second assignee acknowledging a task already under way: recorded, state unchanged.
        await this.tasks.markAcknowledged(client, id, actor.officerId!);
        const event = await this.tasks.insertEvent(client, {
          taskId: id,
          ...eventActor(actor),
          type: 'acknowledged',
          fromState: locked.state,
          toState: locked.state,
        });
        return { task: (await this.tasks.find(id, client))!, event };
      }
      const transition = transitionFor(step, locked.state);
      if (step === 'acknowledge' && actor.officerId)
        await this.tasks.markAcknowledged(client, id, actor.officerId);
      await this.tasks.setState(client, id, transition.to, {
        ackDueSeconds: step === 'reopen' ? this.settings.ackTimeoutSeconds : null,
        closed: transition.to === 'closed' || transition.to === 'cancelled',
        clearClosed: step === 'reopen',
      });
      if (step === 'reopen') {
        await this.tasks.assign(client, id, locked.assigneeIds);
        await this.tasks.setOfficerStatus(client, locked.assigneeIds, 'busy');
      }
      if (transition.to === 'resolved' || transition.to === 'cancelled') {
        await this.tasks.setOfficerStatus(
          client,
          await this.tasks.officersFreeAfter(client, id, locked.assigneeIds),
          'available',
        );
      }
      if (transition.to === 'cancelled') released = await this.tasks.release(client, id);
      const event = await this.tasks.insertEvent(client, {
        taskId: id,
        ...eventActor(actor),
        type: transition.event,
        fromState: locked.state,
        toState: transition.to,
        data: eventData(body),
      });
      return { task: (await this.tasks.find(id, client))!, event };
    });
    this.announce(task, event, released);
    return task;
  }

  /** Records a timer firing (escalation, SLA breach) on the task's timeline and tells everyone. */
  async recordSystemEvent(
    id: string,
    timer: 'escalated_at' | 'sla_breached_at',
    type: string,
    data: Record<string, unknown>,
  ): Promise<Task | undefined> {
    const result = await this.inTransaction(async (client) => {
      const locked = await this.tasks.lock(client, id);
      if (!locked || !(await this.tasks.markFired(client, id, timer))) return undefined;
      const event = await this.tasks.insertEvent(client, {
        taskId: id,
        ...eventActor(SYSTEM_ACTOR),
        type,
        fromState: locked.state,
        toState: locked.state,
        data,
      });
      return { task: (await this.tasks.find(id, client))!, event };
    });
    if (result) this.announce(result.task, result.event, []);
    return result?.task;
  }

  /** Records a step that is not a state change (a QR check-in) on the task's timeline. */
  async recordOfficerEvent(
    actor: TaskActor,
    id: string,
    type: string,
    data: Record<string, unknown>,
    allowedStates: readonly TaskState[],
  ): Promise<TaskEvent> {
    const { task, event } = await this.inTransaction(async (client) => {
      const locked = await this.lockOrThrow(client, id);
      this.ensureAssigned(actor, locked);
      if (!allowedStates.includes(locked.state)) {
        throw new ConflictError(`Cannot ${type} on this task: it is ${locked.state.replace('_', ' ')}.`);
      }
      const event = await this.tasks.insertEvent(client, {
        taskId: id,
        ...eventActor(actor),
        type,
        fromState: locked.state,
        toState: locked.state,
        data,
      });
      return { task: (await this.tasks.find(id, client))!, event };
    });
    this.announce(task, event, []);
    return event;
  }

  private async autoDispatch(task: Task): Promise<void> {
    try {
      const [best] = await this.recommend(task.id, 1);
      if (best) await this.dispatch(SYSTEM_ACTOR, task.id, 'dispatch', [best.officerId], 'auto-dispatch');
    } catch (error) {
      this.log.warn({ err: error, taskId: task.id }, 'auto-dispatch failed; the task waits for an operator');
    }
  }

  private ensureAssigned(actor: TaskActor, locked: LockedTask): void {
    if (actor.isStaff) return;
    if (!actor.officerId) throw new ForbiddenError('This device or account is not linked to an officer.');
    if (!locked.assigneeIds.includes(actor.officerId)) {
      throw new ConflictError(
        locked.state === 'created'
          ? 'This task has not been dispatched to you.'
          : 'This task is no longer assigned to you; it was reassigned or cancelled.',
      );
    }
  }

  private isLateAcknowledgement(actor: TaskActor, locked: LockedTask): boolean {
    return (
      !!actor.officerId &&
      ['acknowledged', 'en_route', 'on_scene'].includes(locked.state) &&
      !locked.acknowledgedIds.includes(actor.officerId)
    );
  }

  private async lockOrThrow(client: Client, id: string): Promise<LockedTask> {
    const locked = await this.tasks.lock(client, id);
    if (!locked) throw new NotFoundError(`No task with id ${id}.`);
    return locked;
  }

  /** After commit: dashboards, the officers concerned (assigned and released), partners. */
  private announce(task: Task, event: TaskEvent, releasedOfficerIds: readonly string[]): void {
    const officerIds = [...task.assignees.map((assignee) => assignee.officerId), ...releasedOfficerIds];
    this.hub.emit('task', { task, event }, officerIds);
    if (event.type === 'escalated' || event.type === 'sla-breached') return; // alerts carry those
    Promise.resolve(this.sink?.publish(`task.${event.type}`, { task, event })).catch((error: unknown) =>
      this.log.error(
        { err: error, taskId: task.id },
        'task event stored, but publishing it to partners failed',
      ),
    );
  }

  private inTransaction<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }
}

function eventActor(actor: TaskActor) {
  return { actor: actor.label, actorUserId: actor.userId, actorOfficerId: actor.officerId };
}

function eventData(body: TaskActionBody): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (body.note) data.note = body.note;
  if (body.reason) data.reason = body.reason;
  if (body.photos?.length) data.photos = body.photos;
  if (body.recordingIds?.length) data.recordingIds = body.recordingIds;
  return data;
}
