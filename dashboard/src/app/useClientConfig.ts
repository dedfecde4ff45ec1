// Loads the public client configuration (town name, map style) once at start.
import type { ClientConfig } from '@fcc/shared';
import { useCallback, useEffect, useState } from 'react';
import { fetchClientConfig } from '../api/endpoints';

interface ClientConfigState {
  config: ClientConfig | null;
  error: unknown;
  retry: () => void;
}

export function useClientConfig(): ClientConfigState {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchClientConfig(controller.signal).then(setConfig, (failure: unknown) => {
      if (!controller.signal.aborted) setError(failure);
    });
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => {
    setError(null);
    setAttempt((previous) => previous + 1);
  }, []);

  return { config, error, retry };
}
