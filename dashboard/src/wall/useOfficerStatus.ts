// An officer's map status (SOS, on task, …) for a tile, from the same rules as the map's dots.
import { useMemo } from 'react';
import { useNow } from '../common/useNow';
import { currentTasks, mapStatusOf, sosOfficers, type MapStatus } from '../officers/officerStatus';
import { useAlerts } from '../store/alerts';
import { selectOfficer, useOfficers } from '../store/officers';
import { selectPositionOf, usePositions } from '../store/positions';
import { useTasks } from '../store/tasks';

/** Out of contact turns on by the clock, not by an event: re-read now and then. */
const STATUS_CLOCK_MS = 10_000;

export function useOfficerStatus(officerId: string | null): MapStatus | null {
  const officer = useOfficers(selectOfficer(officerId));
  const position = usePositions(selectPositionOf(officerId));
  const tasks = useTasks((state) => state.items);
  const alerts = useAlerts((state) => state.items);
  const now = useNow(STATUS_CLOCK_MS);
  return useMemo(() => {
    if (!officerId) return null;
    return mapStatusOf(
      officer,
      position,
      {
        sos: sosOfficers(Object.values(alerts), tasks),
        currentTask: currentTasks(Object.values(tasks)),
        now,
      },
      officerId,
    );
  }, [officerId, officer, position, tasks, alerts, now]);
}
