// The officer's open tasks, as the `/device` socket reports them: all of them on every connect,
// then each change. A task leaves the list when it is closed, cancelled or no longer theirs.
// The list is kept on the phone, so that an app reopened in a dead zone still shows the work.
import type { Task } from '@fcc/shared';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface OfficerTasksState {
  items: Record<string, Task>;
  /** Tasks announced (sound, vibration) on this phone, so each is announced once. */
  announced: Record<string, true>;
  replaceAll: (tasks: readonly Task[]) => void;
  /** A task as it is now (from a socket change, or the answer to a step). */
  changed: (task: Task, officerId: string) => void;
  markAnnounced: (ids: readonly string[]) => void;
  reset: () => void;
}

/** Whether the task still belongs on the officer's list. */
export function isOpenFor(task: Task, officerId: string): boolean {
  return (
    task.state !== 'closed' &&
    task.state !== 'cancelled' &&
    task.assignees.some((assignee) => assignee.officerId === officerId)
  );
}

export function applyChange(
  items: Record<string, Task>,
  task: Task,
  officerId: string,
): Record<string, Task> {
  if (isOpenFor(task, officerId)) return { ...items, [task.id]: task };
  if (!(task.id in items)) return items;
  const rest = { ...items };
  delete rest[task.id];
  return rest;
}

/** Tasks waiting for this officer's acknowledgement that have not been announced yet. */
export function toAnnounce(
  items: Record<string, Task>,
  announced: Record<string, true>,
  officerId: string,
): Task[] {
  return Object.values(items).filter(
    (task) =>
      !announced[task.id] &&
      task.assignees.some((assignee) => assignee.officerId === officerId && assignee.acknowledgedAt === null),
  );
}

const PRIORITY_ORDER = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

/** Most urgent first, then oldest first. */
export function sortTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort(
    (a, b) =>
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.createdAt.localeCompare(b.createdAt),
  );
}

export const useOfficerTasks = create<OfficerTasksState>()(
  persist(
    (set) => ({
      items: {},
      announced: {},
      replaceAll: (tasks) => set({ items: Object.fromEntries(tasks.map((task) => [task.id, task])) }),
      changed: (task, officerId) => set((state) => ({ items: applyChange(state.items, task, officerId) })),
      markAnnounced: (ids) =>
        set((state) => ({
          announced: { ...state.announced, ...Object.fromEntries(ids.map((id) => [id, true])) },
        })),
      reset: () => set({ items: {}, announced: {} }),
    }),
    {
      name: 'fcc.officer.tasks',
      storage: createJSONStorage(() => localStorage),
      partialize: ({ items, announced }) => ({ items, announced }),
    },
  ),
);
