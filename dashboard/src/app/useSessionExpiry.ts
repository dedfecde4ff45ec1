// Signs out when the token expires, rather than waiting for the next request to
// fail: an unattended screen must not look signed in with a dead session.
import { useEffect } from 'react';
import { selectClear, selectExpiresAt, useSession } from '../store/session';

// setTimeout takes at most a signed 32-bit delay (~24.8 days); sessions may be longer.
const MAX_DELAY_MS = 2 ** 31 - 1;

export function useSessionExpiry(): void {
  const expiresAt = useSession(selectExpiresAt);
  const clear = useSession(selectClear);

  useEffect(() => {
    if (!expiresAt) return;
    const expiry = Date.parse(expiresAt);
    if (Number.isNaN(expiry)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const left = expiry - Date.now();
      if (left <= 0) clear();
      else timer = setTimeout(check, Math.min(left, MAX_DELAY_MS));
    };
    check();
    return () => clearTimeout(timer);
  }, [expiresAt, clear]);
}
