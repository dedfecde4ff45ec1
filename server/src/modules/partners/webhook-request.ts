// One attempt at delivering an event to a partner's URL: a signed JSON POST with a time limit.
// Any 2xx is a delivery; everything else (another status, a refused connection, a timeout) is
// a failed attempt described for the delivery log.
import type { WebhookEvent } from '@fcc/shared';
import { webhookSignature } from './webhook-signature';

export interface WebhookTarget {
  deliveryId: string;
  url: string;
  secret: string;
}

export type AttemptOutcome =
  { delivered: true; statusCode: number } | { delivered: false; statusCode: number | null; error: string };

export async function attemptDelivery(
  target: WebhookTarget,
  event: WebhookEvent,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      body,
      // A redirect is not a delivery: the partner should register the final URL.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'fcc-webhooks/1',
        'x-fcc-event': event.type,
        'x-fcc-delivery': target.deliveryId,
        'x-fcc-timestamp': timestamp,
        'x-fcc-signature': webhookSignature(target.secret, timestamp, body),
      },
    });
    // The answer's body is not used; dropping it frees the connection.
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) {
      return { delivered: true, statusCode: response.status };
    }
    return { delivered: false, statusCode: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { delivered: false, statusCode: null, error: describeFailure(error, timeoutMs) };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
