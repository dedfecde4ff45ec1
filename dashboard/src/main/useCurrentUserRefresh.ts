// Re-reads the signed-in account on entry: after a reload the stored copy may be
// stale (renamed, role changed), and a revoked token is caught at once (401).
import { useEffect } from 'react';
import { ApiError } from '../api/client';
import { fetchCurrentUser } from '../api/endpoints';
import { selectSetUser, useSession } from '../store/session';

export function useCurrentUserRefresh(): void {
  const setUser = useSession(selectSetUser);

  useEffect(() => {
    const controller = new AbortController();
    fetchCurrentUser(controller.signal).then(setUser, (error: unknown) => {
      // A 401 has already signed us out (api/client); anything else keeps the stored user.
      if (!controller.signal.aborted && !(error instanceof ApiError && error.status === 401)) {
        console.warn('Could not refresh the signed-in user', error);
      }
    });
    return () => controller.abort();
  }, [setUser]);
}
