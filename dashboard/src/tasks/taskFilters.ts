// The task board's filters and order, applied to the tasks the dashboard holds (the open ones
// plus any closed or cancelled ones loaded for a history view).
import { OPEN_TASK_STATES, type Task, type TaskPriority, type TaskState } from '@fcc/shared';

export type StateFilter = 'open' | TaskState;

export interface TaskFilters {
  state: StateFilter;
  areaId: string | null;
  category: string | null;
  priority: TaskPriority | null;
  search: string;
}

export const NO_FILTERS: TaskFilters = {
  state: 'open',
  areaId: null,
  category: null,
  priority: null,
  search: '',
};

const OPEN: ReadonlySet<string> = new Set(OPEN_TASK_STATES);
const PRIORITY_RANK: Record<TaskPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export function matchesFilters(
  task: Task,
  filters: TaskFilters,
  officerNames?: (id: string) => string,
): boolean {
  if (filters.state === 'open' ? !OPEN.has(task.state) : task.state !== filters.state) return false;
  if (filters.areaId && (task.areaId ?? task.nearestAreaId) !== filters.areaId) return false;
  if (filters.category && task.category !== filters.category) return false;
  if (filters.priority && task.priority !== filters.priority) return false;
  const search = filters.search.trim().toLowerCase();
  if (search) {
    const haystack = [
      task.code,
      task.description,
      task.address,
      task.gridCellCode ?? '',
      ...task.assignees.map((assignee) => `${assignee.name} ${assignee.badgeNo}`),
      ...(officerNames ? task.assignees.map((assignee) => officerNames(assignee.officerId)) : []),
    ]
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(search)) return false;
  }
  return true;
}

/**
 * What needs the operator first: SLA breached or escalated, then priority, then the least
 * time left, then the oldest.
 */
export function compareForBoard(a: Task, b: Task): number {
  const alarm = (task: Task) => (task.slaBreachedAt || task.escalatedAt ? 0 : 1);
  return (
    alarm(a) - alarm(b) ||
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (a.slaDueAt ?? '9999').localeCompare(b.slaDueAt ?? '9999') ||
    a.createdAt.localeCompare(b.createdAt)
  );
}

export function boardTasks(tasks: Iterable<Task>, filters: TaskFilters): Task[] {
  return [...tasks].filter((task) => matchesFilters(task, filters)).sort(compareForBoard);
}

/** Open tasks per state, for the counts above the board. */
export function countByState(tasks: Iterable<Task>): Partial<Record<TaskState, number>> {
  const counts: Partial<Record<TaskState, number>> = {};
  for (const task of tasks) if (OPEN.has(task.state)) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
}

/** The SLA seconds left at `now` (negative: overdue), or null when the task has no SLA or is done. */
export function slaSecondsLeft(task: Task, now: number): number | null {
  if (!task.slaDueAt || !OPEN.has(task.state)) return null;
  return (Date.parse(task.slaDueAt) - now) / 1000;
}
