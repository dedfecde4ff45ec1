// Task categories as the server lists them (the administrator may add auto-dispatch or an SLA
// of their own); fetched once per page. Names come from the translations when there is one,
// else from the server.
import type { TaskCategory } from '@fcc/shared';
import { useEffect, useState } from 'react';
import { fetchTaskCategories } from '../api/endpoints';

/** Raised only by an officer's device, never picked in the new-task form. */
export const SOS_CATEGORY = 'sos';

let loading: Promise<TaskCategory[]> | undefined;

export function useTaskCategories(): TaskCategory[] {
  const [categories, setCategories] = useState<TaskCategory[]>([]);
  useEffect(() => {
    let mounted = true;
    loading ??= fetchTaskCategories().catch((error: unknown) => {
      loading = undefined; // try again on the next mount
      throw error;
    });
    loading.then((list) => mounted && setCategories(list)).catch(() => undefined);
    return () => {
      mounted = false;
    };
  }, []);
  return categories;
}
