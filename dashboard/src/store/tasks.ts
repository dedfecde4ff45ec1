// Tasks by id: the open ones loaded at start, every change the live socket reports, and the
// timelines of the tasks someone opened (extended live by the events that come with changes).
import { OPEN_TASK_STATES, type Task, type TaskChange, type TaskDetail, type TaskEvent } from '@fcc/shared';
import { create } from 'zustand';

interface TasksState {
  items: Record<string, Task>;
  /** The highest event id seen per task: an answer older than what the socket said is ignored. */
  versions: Record<string, number>;
  events: Record<string, TaskEvent[]>;
  /** A list or an action's answer: it carries no event id, so it never replaces a versioned copy. */
  loaded: (tasks: Task[]) => void;
  detailLoaded: (detail: TaskDetail) => void;
  changed: (change: TaskChange) => void;
  reset: () => void;
}

export const useTasks = create<TasksState>()((set) => ({
  items: {},
  versions: {},
  events: {},
  loaded: (tasks) =>
    set((state) => {
      const items = { ...state.items };
      for (const task of tasks) if (state.versions[task.id] === undefined) items[task.id] = task;
      return { items };
    }),
  detailLoaded: ({ events, ...task }) =>
    set((state) => {
      const version = Math.max(0, ...events.map((event) => event.id));
      const merged = mergeEvents(state.events[task.id] ?? [], events);
      if ((state.versions[task.id] ?? -1) > version) {
        return { events: { ...state.events, [task.id]: merged } };
      }
      return {
        items: { ...state.items, [task.id]: task },
        versions: { ...state.versions, [task.id]: version },
        events: { ...state.events, [task.id]: merged },
      };
    }),
  changed: ({ task, event }) =>
    set((state) => {
      // Only timelines already open grow; others are fetched whole when opened.
      const held = state.events[task.id];
      const events = held ? { ...state.events, [task.id]: mergeEvents(held, [event]) } : state.events;
      if ((state.versions[task.id] ?? -1) > event.id) return { events };
      return {
        items: { ...state.items, [task.id]: task },
        versions: { ...state.versions, [task.id]: event.id },
        events,
      };
    }),
  reset: () => set({ items: {}, versions: {}, events: {} }),
}));

export function mergeEvents(held: TaskEvent[], incoming: TaskEvent[]): TaskEvent[] {
  const byId = new Map(held.map((event) => [event.id, event]));
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

const OPEN: ReadonlySet<string> = new Set(OPEN_TASK_STATES);
export const isOpenTask = (task: Task) => OPEN.has(task.state);

export const selectTasks = (state: TasksState) => state.items;
export const selectTask = (id: string | null) => (state: TasksState) => (id ? state.items[id] : undefined);
export const selectEvents = (id: string | null) => (state: TasksState) => (id ? state.events[id] : undefined);
