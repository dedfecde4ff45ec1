// Runs an admin action: busy while it runs, the server's words when it fails, a note when done.
import { useCallback, useState } from 'react';
import { useErrorText } from '../common/useErrorText';

export function useAction() {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<string | void>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        const note = await action();
        if (note) setDone(note);
        return true;
      } catch (cause) {
        setError(errorText(cause));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [errorText],
  );
  return { busy, error, done, run, setError };
}

export function ActionStatus({ error, done }: { error: string | null; done: string | null }) {
  if (error)
    return (
      <p className="form-error" role="alert" data-testid="admin-error">
        {error}
      </p>
    );
  if (done)
    return (
      <p className="admin-done" role="status" data-testid="admin-done">
        {done}
      </p>
    );
  return null;
}
