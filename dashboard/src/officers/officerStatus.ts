// What an officer's marker says at a glance, from the roster, the last fix, open tasks and
// open SOS alerts. Order matters: an SOS hides everything else, and a silent officer is a
// concern even while on a task.
import type { Alert, LivePosition, Officer, Task } from '@fcc/shared';

export const MAP_STATUSES = ['sos', 'outOfContact', 'onTask', 'available', 'offDuty'] as const;
export type MapStatus = (typeof MAP_STATUSES)[number];

/** Matches the server's SILENT_AFTER_MINUTES default: beyond this a fix no longer says where someone is. */
export const OUT_OF_CONTACT_AFTER_MS = 5 * 60_000;

/** Task states in which the assignees are busy with it. */
const WORKING_STATES: ReadonlySet<string> = new Set(['dispatched', 'acknowledged', 'en_route', 'on_scene']);

export interface StatusContext {
  /** Officers with an SOS not yet dealt with (open alert, or its task still open). */
  sos: ReadonlySet<string>;
  /** Officer id → the open task they work on (the most urgent if several). */
  currentTask: ReadonlyMap<string, Task>;
  now: number;
}

export function mapStatusOf(
  officer: Officer | undefined,
  position: LivePosition | undefined,
  context: StatusContext,
  officerId: string,
): MapStatus {
  if (context.sos.has(officerId)) return 'sos';
  const offDuty = officer?.status === 'off_duty';
  const silent =
    officer?.status === 'out_of_contact' ||
    !position ||
    context.now - Date.parse(position.fixTime) > OUT_OF_CONTACT_AFTER_MS;
  if (silent && !offDuty) return 'outOfContact';
  if (context.currentTask.has(officerId) || officer?.status === 'busy') return 'onTask';
  if (offDuty) return 'offDuty';
  return 'available';
}

const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

/** Each officer's current task: among open tasks assigned to them, the most urgent, then oldest. */
export function currentTasks(tasks: Iterable<Task>): Map<string, Task> {
  const byOfficer = new Map<string, Task>();
  for (const task of tasks) {
    if (!WORKING_STATES.has(task.state)) continue;
    for (const { officerId } of task.assignees) {
      const held = byOfficer.get(officerId);
      if (!held || compareUrgency(task, held) < 0) byOfficer.set(officerId, task);
    }
  }
  return byOfficer;
}

function compareUrgency(a: Task, b: Task): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.createdAt.localeCompare(b.createdAt);
}

/**
 * Officers in an SOS: an unacknowledged SOS alert, or an acknowledged one whose SOS task is
 * still open (acknowledging the alarm is not the same as the officer being safe).
 */
export function sosOfficers(alerts: Iterable<Alert>, tasks: Readonly<Record<string, Task>>): Set<string> {
  const officers = new Set<string>();
  for (const alert of alerts) {
    if (alert.kind !== 'sos' || !alert.officerId || alert.resolvedAt !== null) continue;
    const taskId = typeof alert.data.taskId === 'string' ? alert.data.taskId : null;
    const task = taskId ? tasks[taskId] : undefined;
    const taskOpen = task !== undefined && task.state !== 'closed' && task.state !== 'cancelled';
    if (alert.acknowledgedAt === null || taskOpen) officers.add(alert.officerId);
  }
  return officers;
}
