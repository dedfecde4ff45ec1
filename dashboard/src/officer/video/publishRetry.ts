// What the phone does when a (re)publish is not answered with a session: try again while the
// cause may pass (no network, the server still counting the lost connection as live, a server
// hiccup), give up with the server's reason otherwise.
import { NO_RESPONSE } from '../../api/client';

export type RetryDecision = 'retry' | 'give-up';

export function afterPublishFailure(status: number): RetryDecision {
  // 409: the server still holds the dropped connection as the publisher until it has been
  // silent for its media timeout (3 s by default); after that the same stream is resumed.
  if (status === NO_RESPONSE || status === 409 || status === 429 || status >= 500) return 'retry';
  return 'give-up';
}

/** 1 s, 2 s, 3 s, then every 4 s: well inside the server's reconnect grace period (20 s by default). */
export function retryDelayMs(attempt: number): number {
  return Math.min(4_000, 1_000 * (attempt + 1));
}
