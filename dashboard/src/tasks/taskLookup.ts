// Tasks named by their code (what people read off a screen or a paper form) rather than their id,
// and the codes of tasks known only by id.
import type { Task } from '@fcc/shared';
import { useEffect, useState } from 'react';
import { fetchTask, fetchTasks } from '../api/endpoints';
import { useTasks } from '../store/tasks';

/** The task whose code is exactly this (ignoring case and spaces around it), or null. */
export async function findTaskByCode(code: string): Promise<Task | null> {
  const wanted = code.trim().toUpperCase();
  if (!wanted) return null;
  const found = await fetchTasks({ q: wanted, limit: 50 });
  return found.find((task) => task.code.toUpperCase() === wanted) ?? null;
}

/** Codes of tasks by id: from the live store when it holds them, else fetched once. */
const fetchedCodes = new Map<string, Promise<string>>();

export function useTaskCodes(ids: readonly string[]): Record<string, string> {
  const known = useTasks((state) => state.items);
  const [fetched, setFetched] = useState<Record<string, string>>({});
  const missing = ids.filter((id) => !known[id] && !fetched[id]).join(',');

  useEffect(() => {
    if (!missing) return;
    let live = true;
    for (const id of missing.split(',')) {
      let code = fetchedCodes.get(id);
      if (!code) {
        code = fetchTask(id).then((task) => task.code);
        // A failed look-up is tried again next time rather than remembered.
        code.catch(() => fetchedCodes.delete(id));
        fetchedCodes.set(id, code);
      }
      code.then(
        (value) => live && setFetched((previous) => ({ ...previous, [id]: value })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [missing]);

  return Object.fromEntries(ids.map((id) => [id, known[id]?.code ?? fetched[id] ?? id.slice(0, 8)]));
}
