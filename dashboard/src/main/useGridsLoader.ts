// Loads grid areas and cells into the store while the command centre is open;
// returns a function to try again after a failure.
import { useCallback, useEffect, useState } from 'react';
import { fetchGridAreas, fetchGridCells } from '../api/endpoints';
import { useGrids } from '../store/grids';

export function useGridsLoader(): () => void {
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const { loading, loaded, failed } = useGrids.getState();
    const controller = new AbortController();
    loading();
    Promise.all([fetchGridAreas(controller.signal), fetchGridCells(controller.signal)]).then(
      ([areas, cells]) => loaded(areas.features, cells.features),
      (error: unknown) => {
        if (!controller.signal.aborted) failed(error);
      },
    );
    // A reload (after an edit) keeps the cells on the map until the new ones arrive.
    return () => controller.abort();
  }, [attempt]);

  // The next account to sign in on this screen starts from its own data.
  useEffect(() => () => useGrids.getState().reset(), []);

  return useCallback(() => setAttempt((previous) => previous + 1), []);
}
