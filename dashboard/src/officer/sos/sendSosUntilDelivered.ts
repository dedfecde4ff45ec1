// An SOS must not be lost to a dead zone: it is sent again every few seconds until the server
// has it, with the newest position each time.
import type { SosBody, SosResult } from '@fcc/shared';
import { ApiError, NO_RESPONSE } from '../../api/client';

const RETRY_EVERY_MS = 3_000;

export async function sendSosUntilDelivered(
  send: (body: SosBody) => Promise<SosResult>,
  body: () => SosBody,
  onRetry: (error: unknown) => void,
  signal: AbortSignal,
): Promise<SosResult> {
  for (;;) {
    try {
      return await send(body());
    } catch (error) {
      // A 4xx other than a timeout will not change by trying again (no officer on the device).
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429)
        throw error;
      if (signal.aborted) throw error;
      onRetry(error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
      if (signal.aborted) throw new ApiError(NO_RESPONSE, 'SOS abandoned');
    }
  }
}
